package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.custodyledger.service.TransparencyReports;

/**
 * The public transparency dashboard at {@code /}: no sign-in. The page is rendered here, from
 * the same reports the API serves, so its tables read without JavaScript; its script and style
 * (webroot/dashboard/) and the chart library (uPlot, from its WebJar) come from the jar —
 * nothing from elsewhere, as agencies run offline. Strict headers as the workspace's.
 */
final class PublicDashboard {
    static final String ASSETS = "/dashboard/";
    /** The one WebJar the page loads, by its exact version: nothing else in the jar's META-INF/resources is served. */
    static final String UPLOT = "/webjars/uplot/1.6.30/dist/";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final TransparencySource reports;

    PublicDashboard(TransparencySource reports) {
        this.reports = reports;
    }

    /** The page's reports: the API's own service, the list as the API answers it. */
    static TransparencySource of(TransparencyReports service) {
        return new TransparencySource() {
            @Override
            public Future<JsonObject> list() {
                return service.list().map(TransparencyHandlers::listed);
            }

            @Override
            public Future<JsonObject> report(String period) {
                return service.report(period).map(r -> new JsonObject(Buffer.buffer(r.json())));
            }
        };
    }

    void mount(Router router) {
        router.routeWithRegex("/|/dashboard/.*|/webjars/uplot/.*").handler(PublicDashboard::strictHeaders);
        // Not get(): a page, not an API operation (the OpenAPI document lists those), so other methods are refused here.
        router.route("/").handler(PublicDashboard::readOnly).handler(Params.only("period")).handler(this::page);
        router.route(ASSETS + "*").handler(StaticHandler.create("webroot/dashboard").setMaxAgeSeconds(300)
                .setDirectoryListing(false));
        router.route(UPLOT + "*").handler(StaticHandler.create("META-INF/resources/webjars/uplot/1.6.30/dist")
                .setMaxAgeSeconds(86400).setDirectoryListing(false));
    }

    private static void strictHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin");
        ctx.next();
    }

    private static void readOnly(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            Problems.send(ctx, 405, "Method Not Allowed", "the dashboard is read with GET");
            return;
        }
        ctx.next();
    }

    /** The chosen period's report (the newest quarter by default), rendered with the list of periods. */
    private void page(RoutingContext ctx) {
        String asked = ctx.request().getParam("period");
        reports.list().compose(list -> {
            String period = asked != null ? asked : newestQuarter(list.getJsonArray("reports", new JsonArray()));
            if (period == null) {
                return Future.succeededFuture(DashboardPage.render(list, null));
            }
            return reports.report(period).map(report -> DashboardPage.render(list, report));
        }).onSuccess(html -> ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                // A provisional period changes within a minute: a cache may keep the page no longer than the report.
                .putHeader("Cache-Control", "public, max-age=60")
                .end(html))
                .onFailure(ctx::fail);
    }

    private static String newestQuarter(JsonArray reports) {
        for (int i = 0; i < reports.size(); i++) {
            JsonObject r = reports.getJsonObject(i);
            if ("quarter".equals(r.getString("kind"))) {
                return r.getString("period");
            }
        }
        return null;
    }
}
