package org.custodyledger.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.custodyledger.merkle.MalformedTilePathException;
import org.custodyledger.merkle.TilePath;
import org.custodyledger.merkle.TilePaths;
import org.custodyledger.service.LedgerService;
import org.custodyledger.service.Role;
import org.custodyledger.service.ServiceException;
import org.custodyledger.service.TileReads;

/**
 * The log as c2sp.org/tlog-tiles serves it under {@code /tlog}, so standard tile clients
 * (Go's sumdb/tlog, sunlight, torchwood) and monitors can follow it: the checkpoint, hash
 * tiles (public, hashes only) and entry bundles (tokens only: the leaves name people).
 */
final class TlogHandlers {
    static final String PREFIX = "/tlog/";
    /** A full tile's bytes never change: any cache may keep them for good. */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** A full entry bundle never changes either, but it was fetched with a token: no shared cache may keep it. */
    private static final String IMMUTABLE_PRIVATE = "private, max-age=31536000, immutable";
    private static final String OCTETS = "application/octet-stream";

    private final LedgerService ledger;
    private final TileReads tiles;
    private final Access access;

    TlogHandlers(LedgerService ledger, TileReads tiles, Access access) {
        this.ledger = ledger;
        this.tiles = tiles;
        this.access = access;
    }

    /** Tile paths have a variable number of index elements: prefix routes, the rest parsed by {@link TilePaths}. */
    void mount(Router router) {
        // HEAD as GET (tools check a tile or the checkpoint with curl -I): the GET's headers, no body (Replies.end).
        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
            router.route(method, "/tlog/checkpoint").handler(Params.only()).handler(this::checkpoint);
            // Before the public route, which would match these paths too.
            router.route(method, "/tlog/tile/entries/*").handler(access.allow(Role.REVIEWER, Role.OVERSIGHT, Role.ADMIN))
                    .handler(Params.only())
                    .handler(ctx -> tile(ctx, true));
            router.route(method, "/tlog/tile/*").handler(Params.only()).handler(ctx -> tile(ctx, false));
        }
    }

    /** The same note as /api/v1/ledger/checkpoint (cosigned once witnesses are configured); mutable, so never cached unchecked. */
    private void checkpoint(RoutingContext ctx) {
        Replies.checkpoint(ctx, ledger.latestCheckpoint());
    }

    private void tile(RoutingContext ctx, boolean entries) {
        TilePath path;
        try {
            path = TilePaths.parse(ctx.request().path().substring(PREFIX.length()));
        } catch (MalformedTilePathException e) {
            // The spec's resources are static files: a path that names none is simply not there.
            ctx.fail(ServiceException.notFound(e.getMessage()));
            return;
        }
        if (path.entries() != entries) {
            ctx.fail(ServiceException.notFound("no tile at " + path.path()));
            return;
        }
        tiles.read(path)
                .onSuccess(tile -> {
                    ctx.response()
                            .putHeader("Content-Type", OCTETS)
                            // A partial tile is superseded by its full tile as the log grows: clients revalidate it.
                            .putHeader("Cache-Control", !tile.immutable() ? "no-cache" : entries ? IMMUTABLE_PRIVATE : IMMUTABLE);
                    Replies.end(ctx, Buffer.buffer(tile.bytes()));
                })
                .onFailure(ctx::fail);
    }
}
