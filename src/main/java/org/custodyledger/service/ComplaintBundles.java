package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.custodyledger.model.ComplaintRow;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.ComplaintStore;

/**
 * One evidence bundle per complaint (format {@code custody-ledger-complaint-bundle}): the
 * evidence bundle (docs/FORMATS.md §8) of every footage the complaint matched, each cut as
 * its own export (an EXPORTED event naming the complaint), so each is checked by
 * {@code verify-bundle} exactly as a single one is. The complaint's content stays out.
 */
public final class ComplaintBundles {
    public static final String FORMAT = "custody-ledger-complaint-bundle";
    private final ComplaintStore store;
    private final VerificationService verification;

    public ComplaintBundles(ComplaintStore store, VerificationService verification) {
        this.store = store;
        this.verification = verification;
    }

    /** {@code why} was checked at the edge; bundles are cut one after the other, in match order. */
    public Future<String> bundle(String id, String why, Actor actor, Function<FootageRow, JsonObject> render) {
        return store.byId(id).compose(row -> {
            if (row == null) {
                return Future.failedFuture(ServiceException.notFound("no complaint " + id));
            }
            return store.matches(id).compose(matches -> {
                List<String> bundles = new ArrayList<>();
                Future<Void> chain = Future.succeededFuture();
                for (ComplaintRow.Match m : matches) {
                    chain = chain.compose(v -> verification.bundle(m.footageId(), why + " (complaint " + id + ")", actor, render)
                            .map(b -> {
                                bundles.add(b.json());
                                return null;
                            }));
                }
                return chain.map(v -> {
                    JsonArray items = new JsonArray();
                    bundles.forEach(b -> items.add(new JsonObject(b)));
                    return new JsonObject().put("format", FORMAT).put("version", 1).put("complaintId", id)
                            .put("footageMatched", row.footageMatched()).put("bundles", items).encodePrettily();
                });
            });
        });
    }
}
