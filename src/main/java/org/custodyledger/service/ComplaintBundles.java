package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.ComplaintStore;
import org.custodyledger.verify.SetMembership;

/**
 * A complaint's bundle set (docs/FORMATS.md §9): every footage it matched, in match order, at
 * most {@link BundleSets#MAX_MEMBERS}. The complaint's content stays out.
 */
public final class ComplaintBundles {
    private final ComplaintStore store;
    private final BundleSets sets;

    public ComplaintBundles(ComplaintStore store, BundleSets sets) {
        this.store = store;
        this.sets = sets;
    }

    /** {@code why} was checked at the edge. */
    public Future<String> bundle(String id, String why, Actor actor, Function<FootageRow, JsonObject> render) {
        return store.byId(id).compose(row -> {
            if (row == null) {
                return Future.failedFuture(ServiceException.notFound("no complaint " + id));
            }
            return store.matchedFootage(id, BundleSets.MAX_MEMBERS + 1).compose(ids ->
                    sets.write(new BundleSets.Of(SetMembership.COMPLAINT, id, null), ids, why, actor, render));
        });
    }
}
