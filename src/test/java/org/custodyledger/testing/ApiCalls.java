package org.custodyledger.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The requests the case and share tests make, named. */
public final class ApiCalls {
    private ApiCalls() {
    }

    public static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Uploads {@code body}; answers the footage id. */
    public static String upload(Http as, byte[] body, String query) {
        HttpResponse<String> r = as.send(HttpRequest.newBuilder(as.uri("/api/v1/footage?" + query))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("id");
    }

    public static HttpResponse<String> post(Http as, String path, JsonObject body) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    public static HttpResponse<String> delete(Http as, String path) {
        return as.send(HttpRequest.newBuilder(as.uri(path)).DELETE());
    }

    public static HttpResponse<byte[]> bytesOf(Http as, String path, String range) {
        HttpRequest.Builder req = HttpRequest.newBuilder(as.uri(path)).GET();
        if (range != null) {
            req.header("Range", range);
        }
        return as.sendBytes(req);
    }

    /** A footage's whole history (tests keep histories short). */
    public static List<JsonObject> history(Http as, String id) {
        HttpResponse<String> r = as.get("/api/v1/footage/" + id + "/history?limit=1000");
        assertEquals(200, r.statusCode(), r.body());
        List<JsonObject> events = new ArrayList<>();
        new JsonObject(r.body()).getJsonArray("items").forEach(o -> events.add((JsonObject) o));
        return events;
    }

    public static List<JsonObject> ofType(List<JsonObject> events, String type) {
        return events.stream().filter(e -> type.equals(e.getString("type"))).toList();
    }

    /** The problem's detail, after checking the status and media type. */
    public static String problem(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""), r.body());
        return new JsonObject(r.body()).getString("detail");
    }
}
