package org.custodyledger.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.custodyledger.service.AccessAudit;
import org.custodyledger.service.AppendFailures;
import org.custodyledger.service.Actor;
import org.custodyledger.service.DatabaseFailures;
import org.custodyledger.service.LedgerMetrics;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become responses: domain kinds to statuses, 5xx logged once with
 * the request id, and every refusal (401/403) kept in the access audit.
 */
final class FailureHandler implements Handler<RoutingContext> {
    private static final Logger log = LoggerFactory.getLogger(FailureHandler.class);
    private final AccessAudit audit;
    private final LedgerMetrics metrics;

    FailureHandler(AccessAudit audit, LedgerMetrics metrics) {
        this.audit = audit;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        ServiceException refusedAppend = AppendFailures.asServiceException(failure);
        if (refusedAppend != null) {
            failure = refusedAppend;
        }
        if (failure instanceof AuthException ae) {
            Principal p = ae.principal();
            audit(ctx, ae.status(), p == null ? null : p.subject(),
                    p == null ? null : String.join(" ", p.roles().stream().map(Role::claim).toList()), ae.getMessage())
                    .onComplete(done -> {
                        if (ae.status() == 401) {
                            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                            Problems.send(ctx, 401, "Unauthorized", ae.getMessage());
                        } else {
                            Problems.send(ctx, 403, "Forbidden", ae.getMessage());
                        }
                    });
            return;
        }
        if (failure instanceof ServiceException se) {
            switch (se.kind()) {
                case FORBIDDEN -> {
                    Actor actor = ctx.get(Access.ACTOR);
                    audit(ctx, 403, actor == null ? null : actor.id(), actor == null ? null : actor.role().claim(),
                            se.getMessage()).onComplete(done -> Problems.send(ctx, 403, "Forbidden", se.getMessage()));
                }
                case GONE -> Problems.send(ctx, 410, "Gone", se.getMessage());
                case INVALID -> Problems.send(ctx, 400, "Bad Request", se.getMessage());
                case NOT_FOUND -> Problems.send(ctx, 404, "Not Found", se.getMessage());
                case CONFLICT -> Problems.send(ctx, 409, "Conflict", se.getMessage());
                case UNPROCESSABLE -> Problems.send(ctx, 422, "Unprocessable Content", se.getMessage());
                case TOO_LARGE -> Problems.send(ctx, 413, "Content Too Large", se.getMessage());
                case BUSY -> {
                    ctx.response().putHeader("Retry-After", "1");
                    Problems.send(ctx, 503, "Service Unavailable", se.getMessage());
                }
                case TIMEOUT -> {
                    // The client is not sending; do not wait for the rest of its body.
                    ctx.response().putHeader("Connection", "close");
                    Problems.send(ctx, 408, "Request Timeout", se.getMessage());
                }
                case STORAGE_FULL -> {
                    log.error("request {} {} {}: {}", ctx.get(RequestIds.KEY), ctx.request().method(), shownPath(ctx),
                            se.getMessage(), se.getCause());
                    Problems.send(ctx, 507, "Insufficient Storage", se.getMessage());
                }
                case UNAVAILABLE -> {
                    log.warn("request {} {} {}: {}", ctx.get(RequestIds.KEY), ctx.request().method(),
                            shownPath(ctx), se.getMessage(), se);
                    Problems.send(ctx, 503, "Service Unavailable", se.getMessage());
                }
            }
            return;
        }
        if (failure instanceof HttpClosedException || ctx.response().closed()) {
            // The client went away mid-request: nobody is left to answer, and nothing is wrong here.
            log.info("request {} {} {}: the client closed the connection", ctx.get(RequestIds.KEY), ctx.request().method(),
                    shownPath(ctx));
            return;
        }
        if (DatabaseFailures.lost(failure)) {
            log.warn("request {} {} {}: database unreachable: {}", ctx.get(RequestIds.KEY), ctx.request().method(),
                    shownPath(ctx), failure.toString());
            // An embedded PostgreSQL is restarted within seconds; an external one is the operator's to bring back.
            ctx.response().putHeader("Retry-After", "5");
            Problems.send(ctx, 503, "Service Unavailable", "the database is unavailable; try again later");
            return;
        }
        if (failure instanceof HttpException he) {
            status = he.getStatusCode();
            failure = he.getCause();
        }
        if (status >= 400 && status < 500) {
            String detail = failure != null && failure.getMessage() != null ? failure.getMessage() : defaultDetail(status);
            Problems.send(ctx, status, title(status), detail);
            return;
        }
        log.error("request {} {} {} failed", ctx.get(RequestIds.KEY), ctx.request().method(), shownPath(ctx),
                failure);
        Problems.send(ctx, 500, "Internal Server Error",
                "the server failed to handle this request; quote request id " + ctx.get(RequestIds.KEY));
    }

    /** Keeps the refusal in the access audit before it is answered; a failure to keep it is logged, not fatal. */
    private Future<Void> audit(RoutingContext ctx, int status, String actorId, String roles, String reason) {
        HttpServerRequest request = ctx.request();
        metrics.accessRefused(status, routeGroup(shownPath(ctx)));
        String remote = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return audit.record(new AccessAudit.Refusal(status, actorId, roles, request.method().name(), shownPath(ctx), reason,
                        remote, ctx.get(RequestIds.KEY)))
                .onFailure(err -> log.warn("could not keep a refused request ({} {} {}) in the access audit: {}", status,
                        request.method(), shownPath(ctx), err.toString()));
    }

    /** The path as logs and the audit keep it: without a share's capability. */
    private static String shownPath(RoutingContext ctx) {
        return LoggedPaths.of(ctx);
    }

    /** The resource family a refused path belongs to: a fixed set, whatever path a caller sends. */
    static String routeGroup(String path) {
        if (path.equals("/metrics")) {
            return "metrics";
        }
        if (!path.startsWith("/api/v1/")) {
            return "other";
        }
        String rest = path.substring("/api/v1/".length());
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        return switch (first) {
            case "footage", "ledger", "audit", "verify" -> first;
            default -> "other";
        };
    }

    private static String defaultDetail(int status) {
        return switch (status) {
            case 400 -> "the request is malformed: its path, query or headers could not be read";
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 413 -> "request body too large";
            default -> title(status);
        };
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 408 -> "Request Timeout";
            case 414 -> "URI Too Long";
            case 422 -> "Unprocessable Content";
            case 431 -> "Request Header Fields Too Large";
            default -> "Error " + status;
        };
    }
}
