package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI document names real routes: each documented operation reaches a handler. */
class OpenApiTest {
    @Test
    void everyDocumentedOperationIsServed(@TempDir Path dataDir) throws Exception {
        try (Application app = Application.start(AppConfig.forTests(dataDir, TestDatabases.freshDatabase()))) {
            Http http = new Http(app.port());
            HttpResponse<String> r = http.get("/api/v1/openapi.json");
            assertEquals(200, r.statusCode());
            JsonObject doc = new JsonObject(r.body());
            assertEquals("3.1.0", doc.getString("openapi"));
            JsonObject paths = doc.getJsonObject("paths");
            assertTrue(paths.size() >= 10, paths.fieldNames().toString());
            for (String path : paths.fieldNames()) {
                for (String method : paths.getJsonObject(path).fieldNames()) {
                    String concrete = path.replace("{index}", "0").replace("{id}", "f-00000000000000000000000000000000")
                            .replace("{holdId}", "h-00000000000000000000000000000000")
                            .replace("{auditId}", "a-0");
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(http.uri(concrete))
                            .method(method.toUpperCase(), HttpRequest.BodyPublishers.ofString("")));
                    assertFalse(answer.body().contains("\"detail\":\"no resource at"),
                            method + " " + path + " is documented but not routed: " + answer.body());
                }
            }
        }
    }
}
