package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.lang.reflect.Field;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.custodyledger.cli.Application;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The served OpenAPI document and the router agree: every documented operation is served, every served one documented. */
class OpenApiTest {
    @RegisterExtension
    static final RunningService service = new RunningService();

    /** Served operations documented under another one (`curl -T` sends PUT); the other's summary must say so. */
    private static final Map<String, String> ALIASES = Map.of("PUT /api/v1/footage", "POST /api/v1/footage");
    /**
     * Prefix routes whose rest is parsed by the handler (a tile index has any number of path
     * elements, which no OpenAPI template can say), and the operation that documents each.
     */
    private static final Map<String, String> PREFIX_ROUTES = Map.of("GET /tlog/tile/", "GET /tlog/tile/:L/:N",
            "GET /tlog/tile/entries/", "GET /tlog/tile/entries/:N", "HEAD /tlog/tile/", "HEAD /tlog/tile/:L/:N",
            "HEAD /tlog/tile/entries/", "HEAD /tlog/tile/entries/:N");

    private static JsonObject document() {
        HttpResponse<String> r = service.http().get("/api/v1/openapi.json");
        assertEquals(200, r.statusCode());
        JsonObject doc = new JsonObject(r.body());
        assertEquals("3.1.0", doc.getString("openapi"));
        return doc;
    }

    /** "METHOD /path" for each documented operation, path parameters as the router writes them (:id). */
    private static Set<String> documented(JsonObject paths) {
        Set<String> operations = new TreeSet<>();
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{([^}]+)}", ":$1"));
            }
        }
        return operations;
    }

    /** "METHOD /path" for each route with a path and methods (the catch-all and per-request handlers have neither). */
    private static Set<String> routed() throws ReflectiveOperationException {
        // No accessor exposes the router; the fields are read here rather than adding a test hook to main code.
        Field api = Application.class.getDeclaredField("api");
        api.setAccessible(true);
        Field server = ApiVerticle.class.getDeclaredField("server");
        server.setAccessible(true);
        Router router = (Router) ((HttpServer) server.get(api.get(service.app()))).requestHandler();
        Set<String> operations = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && route.methods() != null) {
                route.methods().forEach(m -> {
                    String operation = m.name() + " " + route.getPath();
                    operations.add(PREFIX_ROUTES.getOrDefault(operation, operation));
                });
            }
        }
        return operations;
    }

    @Test
    void everyDocumentedOperationIsServed() {
        JsonObject paths = document().getJsonObject("paths");
        assertTrue(paths.size() >= 10, paths.fieldNames().toString());
        Http http = service.http();
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                String concrete = path.replace("{index}", "0").replace("{id}", "f-00000000000000000000000000000000")
                        .replace("{holdId}", "h-00000000000000000000000000000000")
                        .replace("{auditId}", "a-0").replace("{L}", "0").replace("{N}", "000")
                        .replace("{caseNumber}", "NO-CASE").replace("{shareId}", "s-00000000000000000000000000000000")
                        .replace("{capability}", "A".repeat(43)).replace("{period}", "2026-Q3");
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(http.uri(concrete))
                        .method(method.toUpperCase(), HttpRequest.BodyPublishers.ofString("")));
                assertFalse(answer.body().contains("\"detail\":\"no resource at"),
                        method + " " + path + " is documented but not routed: " + answer.body());
            }
        }
    }

    @Test
    void theRouterAndTheDocumentNameTheSameOperations() throws Exception {
        JsonObject paths = document().getJsonObject("paths");
        Set<String> documented = documented(paths);
        Set<String> routed = routed();
        assertTrue(routed.size() >= 10, routed.toString());
        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documented);
        undocumented.removeAll(ALIASES.keySet());
        assertEquals(Set.of(), undocumented, "served but not in the OpenAPI document");
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routed);
        assertEquals(Set.of(), unrouted, "documented but not served");
        ALIASES.forEach((alias, operation) -> {
            assertTrue(routed.contains(alias), alias + " is no longer served: drop the alias");
            assertTrue(documented.contains(operation), operation);
            String[] methodAndPath = operation.split(" ", 2);
            String summary = paths.getJsonObject(methodAndPath[1]).getJsonObject(methodAndPath[0].toLowerCase(Locale.ROOT))
                    .getString("summary");
            assertTrue(summary.contains(alias.split(" ")[0] + " is accepted too"), alias + " undocumented: " + summary);
        });
    }
}
