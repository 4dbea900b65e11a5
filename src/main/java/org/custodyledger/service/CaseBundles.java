package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.custodyledger.model.FootageRow;
import org.custodyledger.verify.SetMembership;

/** A case's bundle set (docs/FORMATS.md §9): its current members, at most {@link BundleSets#MAX_MEMBERS}. */
public final class CaseBundles {
    private final Cases cases;
    private final BundleSets sets;

    public CaseBundles(Cases cases, BundleSets sets) {
        this.cases = cases;
        this.sets = sets;
    }

    /** The case's bundle set, encoded; {@code why} was checked at the edge. */
    public Future<String> bundle(String number, String why, Actor actor, Function<FootageRow, JsonObject> render) {
        return cases.get(number).compose(c -> cases.members(number, new PageRequest(PageRequest.FIRST, BundleSets.MAX_MEMBERS + 1))
                .compose(members -> sets.write(new BundleSets.Of(SetMembership.CASE, c.number(), c.title()),
                        members.items().stream().map(FootageRow::id).toList(), why, actor, render)));
    }
}
