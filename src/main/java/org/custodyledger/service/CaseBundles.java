package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.model.CaseRecord;
import org.custodyledger.model.FootageRow;

/**
 * One evidence bundle for a whole case (format {@value #FORMAT}, docs/FORMATS.md): the
 * footage evidence bundle of every current member, each cut after its own EXPORTED event
 * (details {@code via: case-bundle}, {@code case}), so {@code verify-bundle} checks each
 * member exactly as it checks a single footage's bundle.
 */
public final class CaseBundles {
    public static final String FORMAT = "custody-ledger-case-bundle";
    public static final int VERSION = 1;
    /** Most members one case bundle holds: every member is an export and a bundle built in memory. */
    public static final int MAX_MEMBERS = 100;

    private final Vertx vertx;
    private final Cases cases;
    private final VerificationService verification;
    private final Clock clock;

    public CaseBundles(Vertx vertx, Cases cases, VerificationService verification, Clock clock) {
        this.vertx = vertx;
        this.cases = cases;
        this.verification = verification;
        this.clock = clock;
    }

    /** The case's bundle, encoded; {@code why} was checked at the edge. */
    public Future<String> bundle(String number, String why, Actor actor, Function<FootageRow, JsonObject> render) {
        return cases.get(number).compose(c -> cases.members(number, new PageRequest(PageRequest.FIRST, MAX_MEMBERS + 1))
                .compose(members -> {
                    if (members.items().isEmpty()) {
                        throw new ServiceException(ServiceException.Kind.UNPROCESSABLE, "case " + number
                                + " has no footage: there is nothing to bundle");
                    }
                    if (members.items().size() > MAX_MEMBERS) {
                        throw new ServiceException(ServiceException.Kind.UNPROCESSABLE, "case " + number + " has more"
                                + " than " + MAX_MEMBERS + " footage, more than one case bundle holds; export the"
                                + " footage bundles one by one");
                    }
                    return memberBundles(members.items(), why, actor, render, number);
                })
                .compose(jsons -> vertx.executeBlocking(() -> write(c, jsons), false)));
    }

    /** One after another: each is an export and a bundle in memory, so they are not all built at once. */
    private Future<List<String>> memberBundles(List<FootageRow> rows, String why, Actor actor,
                                               Function<FootageRow, JsonObject> render, String number) {
        List<String> jsons = new ArrayList<>(rows.size());
        Future<Void> chain = Future.succeededFuture();
        for (FootageRow row : rows) {
            chain = chain.compose(v -> verification.bundle(row.id(), why, actor, render,
                    Map.of("via", "case-bundle", "case", number)).map(b -> {
                        jsons.add(b.json());
                        return null;
                    }));
        }
        return chain.map(jsons);
    }

    private String write(CaseRecord c, List<String> memberJsons) {
        JsonArray members = new JsonArray();
        memberJsons.forEach(j -> members.add(new JsonObject(j)));
        JsonObject json = new JsonObject()
                .put("format", FORMAT)
                .put("version", VERSION)
                .put("createdAt", CustodyEvent.formatTime(clock.instant()))
                .put("caseNumber", c.number())
                .put("title", c.title());
        if (c.incident() != null) {
            json.put("incident", c.incident());
        }
        return json.put("members", members).encodePrettily();
    }
}
