package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.custodyledger.service.ServiceException;

/**
 * DEVELOPMENT ONLY: sign in to the workspace as anyone, in any role, with no identity provider.
 * It exists only while the service trusts the public sample token issuer — where anyone can mint
 * any role with `token` anyway — and no OpenID Connect provider is configured; otherwise 404.
 */
final class DevSignIn {
    static final String PATH = "/app/dev-sign-in";
    private static final String PAGE = readPage();
    private final StaffSessions sessions;
    private final Supplier<String> publicUrl;

    DevSignIn(StaffSessions sessions, Supplier<String> publicUrl) {
        this.sessions = sessions;
        this.publicUrl = publicUrl;
    }

    void page(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
                .end(PAGE);
    }

    /** The form's choice: subject (required), name, unit, roles (checkboxes), and where to go next. */
    void signIn(RoutingContext ctx) {
        refuseFromElsewhere(ctx);
        var form = ctx.request().formAttributes();
        JsonObject claims = new JsonObject().put("sub", trimmed(form.get("subject")))
                .put("name", trimmed(form.get("name"))).put("unit", trimmed(form.get("unit")))
                .put("roles", new JsonArray(List.copyOf(form.getAll("roles"))));
        Principal who;
        try {
            who = OidcSignIn.principal(claims);
        } catch (AuthException e) {
            throw ServiceException.invalid("subject is required: 1 to 256 characters without control characters");
        }
        sessions.signIn(ctx, who, null);
        ctx.response().putHeader("Location", ReturnPaths.safe(form.get("return"))).setStatusCode(303).end();
    }

    /**
     * Login CSRF: a form on another site could sign the victim's browser in as a person of the
     * attacker's choosing. The form must come from our own page: the browser says so in
     * Sec-Fetch-Site, or (older browsers) its Origin is this service's.
     */
    private void refuseFromElsewhere(RoutingContext ctx) {
        String site = ctx.request().getHeader(Access.SEC_FETCH_SITE);
        String origin = ctx.request().getHeader("Origin");
        boolean ours = site != null ? site.equals("same-origin") : publicUrl.get().equals(origin);
        if (!ours) {
            throw ServiceException.forbidden("the development sign-in takes its form only from its own page at "
                    + PATH + " (Sec-Fetch-Site: same-origin, or Origin: " + publicUrl.get() + ")");
        }
    }

    private static String trimmed(String s) {
        return s == null ? null : s.strip();
    }

    private static String readPage() {
        try (InputStream in = DevSignIn.class.getClassLoader().getResourceAsStream("workspace/dev-sign-in.html")) {
            if (in == null) {
                throw new IllegalStateException("workspace/dev-sign-in.html is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
