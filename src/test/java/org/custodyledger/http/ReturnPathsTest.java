package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where sign-in may send a person back to: a workspace page, never another site or the API. */
class ReturnPathsTest {
    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/app/", "/\\evil.example", "/app/\\evil", "/app//evil.example",
            "/app/%2e%2e/api/v1/footage", "/app/%2E%2E/api/v1/footage", "/app/..%2fapi", "/app/%2f%2fevil.example",
            "/app/../api/v1/footage", "https://evil.example/app/", "http://localhost/app/", "app/index.html",
            "/api/v1/footage", "/app", "/app/\tx", "/app/\nLocation: x", "/app/\u0000", "/app/\u007f", "/app/é", " /app/", ""})
    void anythingButAPlainWorkspacePathGoesHome(String requested) {
        assertEquals(ReturnPaths.HOME, ReturnPaths.safe(requested), requested);
    }

    @Test
    void aPlainWorkspacePathIsKept() {
        assertEquals("/app/", ReturnPaths.safe("/app/"));
        assertEquals("/app/footage.html?id=f-0123", ReturnPaths.safe("/app/footage.html?id=f-0123"));
        assertEquals(ReturnPaths.HOME, ReturnPaths.safe(null));
        assertEquals(ReturnPaths.HOME, ReturnPaths.safe("/app/" + "a".repeat(600)));
    }
}
