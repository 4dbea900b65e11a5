package org.custodyledger.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.report.ReportCsv;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;
import org.custodyledger.service.TransparencyReports;
import org.custodyledger.model.PublishedReport;

/**
 * The public transparency reports (docs/FORMATS.md §11): aggregate figures only, so readable
 * without a token; publishing is for oversight and admins. A report is sent as its canonical
 * bytes (what its published SHA-256 covers), or as CSV.
 */
final class TransparencyHandlers {
    static final String BASE = "/api/v1/transparency/reports";
    private final TransparencyReports reports;
    private final Access access;

    TransparencyHandlers(TransparencyReports reports, Access access) {
        this.reports = reports;
        this.access = access;
    }

    void mount(Router router) {
        router.get(BASE).handler(Params.only()).handler(this::list);
        router.get(BASE + "/:period").handler(Params.only("format")).handler(this::report);
        router.post(BASE).handler(Params.json()).handler(access.allow(Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only()).handler(this::publish);
    }

    private void list(RoutingContext ctx) {
        reports.list().onSuccess(list -> {
            ctx.response().putHeader("Cache-Control", "no-cache");
            Replies.json(ctx, listed(list));
        }).onFailure(ctx::fail);
    }

    /** The list's answer (also what the public dashboard's period selector is rendered from). */
    static JsonObject listed(List<TransparencyReports.Listed> list) {
        JsonArray items = new JsonArray();
        for (TransparencyReports.Listed l : list) {
            JsonObject item = new JsonObject().put("period", l.period().id()).put("kind", l.period().kind().label())
                    .put("status", l.closed() ? "closed" : "provisional");
            if (l.published() != null) {
                item.put("published", publication(l.published()));
            }
            items.add(item.put("href", BASE + "/" + l.period().id()));
        }
        return new JsonObject().put("reports", items);
    }

    private void report(RoutingContext ctx) {
        boolean csv = wantsCsv(ctx);
        reports.report(ctx.pathParam("period")).onSuccess(r -> {
            Buffer body;
            try {
                body = Buffer.buffer(csv ? ReportCsv.of(r.json()).getBytes(StandardCharsets.UTF_8) : r.json());
            } catch (CustodyFormatException e) {
                ctx.fail(e);
                return;
            }
            ctx.response()
                    .putHeader("Content-Type", csv ? "text/csv; charset=utf-8; header=present" : "application/json")
                    .putHeader("Vary", "Accept")
                    // A closed period's report never changes; the current one is recomputed at most every minute.
                    .putHeader("Cache-Control", r.closed() ? "public, max-age=3600" : "public, max-age=60");
            if (csv) {
                ctx.response().putHeader("Content-Disposition", "attachment; filename=\"transparency-" + r.period().id() + ".csv\"");
            }
            Replies.end(ctx, body);
        }).onFailure(ctx::fail);
    }

    /** CSV with {@code ?format=csv} or an Accept naming text/csv (and not JSON first); JSON otherwise. */
    private static boolean wantsCsv(RoutingContext ctx) {
        String format = ctx.request().getParam("format");
        if (format != null) {
            if (format.equals("csv")) {
                return true;
            }
            if (format.equals("json")) {
                return false;
            }
            throw ServiceException.invalid("format must be csv or json, got '" + format + "'");
        }
        List<String> accepted = ctx.parsedHeaders().accept().stream().map(a -> a.rawValue()).toList();
        return !accepted.isEmpty() && accepted.get(0).startsWith("text/csv");
    }

    private void publish(RoutingContext ctx) {
        JsonObject body = Params.jsonBody(ctx);
        Params.fields(body, "", List.of("period"));
        String period = Params.string(body, "period");
        if (period == null) {
            throw ServiceException.invalid("period is required, e.g. {\"period\":\"2026-Q3\"}");
        }
        reports.publish(period, Access.actor(ctx)).onSuccess(p -> {
            JsonObject reply = new JsonObject().put("period", p.period()).put("sha256", p.sha256()).put("index", p.index())
                    .put("report", new JsonObject(new String(p.report(), StandardCharsets.UTF_8)));
            ctx.response().putHeader("Location", BASE + "/" + p.period());
            Replies.json(ctx, 201, reply);
        }).onFailure(ctx::fail);
    }

    static JsonObject publication(PublishedReport p) {
        return new JsonObject().put("index", p.index()).put("sha256", p.sha256()).put("time", CustodyEvent.formatTime(p.publishedAt()));
    }
}
