package org.custodyledger.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.custodyledger.service.Cosigning;
import org.custodyledger.service.KeyHistoryJson;
import org.custodyledger.service.LedgerService;
import org.custodyledger.service.Role;

/** The ledger endpoints (README "API", src/main/resources/api/openapi.json): paths and fields are a contract with outside verifiers. */
final class LedgerHandlers {
    private final LedgerService ledger;
    private final Access access;

    LedgerHandlers(LedgerService ledger, Access access) {
        this.ledger = ledger;
        this.access = access;
    }

    /** Checkpoints, keys and proofs reveal only hashes: public. Entries carry event bodies: token required. */
    void mount(Router router) {
        router.get("/api/v1/ledger/checkpoint").handler(this::checkpoint);
        router.get("/api/v1/ledger/key").handler(this::keys);
        router.get("/api/v1/ledger/witnesses").handler(Params.only()).handler(this::witnesses);
        router.get("/api/v1/ledger/proof/inclusion").handler(Params.only("index", "treeSize")).handler(this::inclusion);
        router.get("/api/v1/ledger/proof/consistency").handler(Params.only("from", "to")).handler(this::consistency);
        router.get("/api/v1/ledger/entries/:index").handler(access.allow(Role.REVIEWER, Role.OVERSIGHT, Role.ADMIN))
                .handler(Params.only())
                .handler(this::entry);
    }

    private void checkpoint(RoutingContext ctx) {
        Replies.checkpoint(ctx, ledger.latestCheckpoint());
    }

    /** Every field is always present (null when unknown), so a monitor reads one shape with or without a policy. */
    private void witnesses(RoutingContext ctx) {
        ledger.witnesses()
                .onSuccess(o -> {
                    JsonArray witnesses = new JsonArray();
                    if (o != null) {
                        for (Cosigning.WitnessView w : o.witnesses()) {
                            witnesses.add(new JsonObject()
                                    .put("name", w.name())
                                    .put("vkey", w.vkey())
                                    .put("url", w.url())
                                    .put("state", w.state().label())
                                    .put("cosignedSize", w.cosignedSize())
                                    .put("cosignedAt", w.cosignedAt() == null ? null : Views.time(w.cosignedAt()))
                                    .put("lastError", w.lastError()));
                        }
                    }
                    ctx.response().putHeader("Cache-Control", "no-cache");
                    Replies.json(ctx, new JsonObject()
                            .put("quorum", o == null ? null : o.quorum())
                            .put("cosignedSize", o == null ? null : o.cosignedSize())
                            .put("quorumMet", o != null && o.quorumMet())
                            .put("witnesses", witnesses));
                })
                .onFailure(ctx::fail);
    }

    /**
     * The verifier-key lines as they always were (text/plain, current first, usable as a
     * {@code verify-bundle --key-file}); as JSON ({@code Accept: application/json} or
     * {@code ?format=json}) the same lines, the keys' history and the signed key handovers
     * (the first checkpoint under each new key, signed by it and by the key it replaced).
     */
    private void keys(RoutingContext ctx) {
        if (wantsJson(ctx)) {
            ledger.verifierKeys().compose(keys -> ledger.keyHistory().compose(history -> ledger.keyHandovers(history)
                            .map(handovers -> new JsonObject()
                                    .put("keys", new JsonArray(List.copyOf(keys)))
                                    .put("history", KeyHistoryJson.write(history))
                                    .put("handovers", new JsonArray(List.copyOf(handovers))))))
                    .onSuccess(body -> Replies.json(ctx, body))
                    .onFailure(ctx::fail);
            return;
        }
        ledger.verifierKeys()
                .onSuccess(keys -> ctx.response()
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end(String.join("\n", keys) + "\n"))
                .onFailure(ctx::fail);
    }

    private static boolean wantsJson(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        return "json".equals(ctx.request().getParam("format"))
                || accept != null && accept.startsWith("application/json");
    }

    private void inclusion(RoutingContext ctx) {
        long index = Params.requiredLong(ctx, "index");
        long treeSize = Params.requiredLong(ctx, "treeSize");
        ledger.inclusionProof(index, treeSize)
                .onSuccess(p -> Replies.json(ctx, new JsonObject()
                        .put("index", p.index())
                        .put("treeSize", p.treeSize())
                        .put("leafHash", Views.base64(p.leafHash()))
                        .put("hashes", Views.hashes(p.hashes()))))
                .onFailure(ctx::fail);
    }

    private void consistency(RoutingContext ctx) {
        long from = Params.requiredLong(ctx, "from");
        long to = Params.requiredLong(ctx, "to");
        ledger.consistencyProof(from, to)
                .onSuccess(p -> Replies.json(ctx, new JsonObject()
                        .put("from", p.from())
                        .put("to", p.to())
                        .put("hashes", Views.hashes(p.hashes()))))
                .onFailure(ctx::fail);
    }

    private void entry(RoutingContext ctx) {
        long index = Params.requiredLong(ctx, "index");
        ledger.entry(index)
                .onSuccess(e -> Replies.json(ctx, new JsonObject()
                        .put("index", e.index())
                        .put("leaf", Views.base64(e.leaf()))
                        .put("leafHash", Views.base64(e.leafHash()))
                        .put("event", new JsonObject(e.event().event().toMap()))
                        .put("keyId", e.event().keyId())
                        .put("sig", e.event().signatureBase64())))
                .onFailure(ctx::fail);
    }
}
