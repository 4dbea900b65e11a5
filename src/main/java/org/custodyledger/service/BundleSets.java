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
import org.custodyledger.model.FootageRow;
import org.custodyledger.verify.SetMembership;

/**
 * The one writer of a bundle set (format {@value #FORMAT}, docs/FORMATS.md §9): the §8
 * evidence bundle of every member of a case or a complaint, each cut after its own EXPORTED
 * event (details {@code via: bundle-set} and {@code case} or {@code complaint}), which is
 * what lets a verifier check each member's membership from its signed history.
 */
public final class BundleSets {
    public static final String FORMAT = "custody-ledger-bundle-set";
    public static final int VERSION = 1;
    /** Most members one set holds: every member is an export and a bundle built in memory. */
    public static final int MAX_MEMBERS = 100;

    /** What a set is of: {@code kind} {@value SetMembership#CASE} (with its title) or {@value SetMembership#COMPLAINT}. */
    public record Of(String kind, String id, String title) {
        JsonObject json() {
            JsonObject of = new JsonObject().put(kind, id);
            return title == null ? of : of.put("title", title);
        }

        @Override
        public String toString() {
            return kind + " " + id;
        }
    }

    private final Vertx vertx;
    private final VerificationService verification;
    private final Clock clock;

    public BundleSets(Vertx vertx, VerificationService verification, Clock clock) {
        this.vertx = vertx;
        this.verification = verification;
        this.clock = clock;
    }

    /**
     * The set of {@code footageIds} (at most {@link #MAX_MEMBERS}; the caller reads one more to
     * tell), encoded. {@code why} was checked at the edge.
     */
    public Future<String> write(Of of, List<String> footageIds, String why, Actor actor,
                                Function<FootageRow, JsonObject> render) {
        if (footageIds.isEmpty()) {
            return Future.failedFuture(new ServiceException(ServiceException.Kind.UNPROCESSABLE, of
                    + " has no footage: there is nothing to bundle"));
        }
        if (footageIds.size() > MAX_MEMBERS) {
            return Future.failedFuture(new ServiceException(ServiceException.Kind.UNPROCESSABLE, of + " has more than "
                    + MAX_MEMBERS + " footage, more than one bundle set holds; export the footage bundles one by one"));
        }
        List<String> jsons = new ArrayList<>(footageIds.size());
        Map<String, String> details = Map.of("via", SetMembership.VIA, of.kind(), of.id());
        return next(footageIds, 0, jsons, why, actor, render, details)
                .compose(v -> vertx.executeBlocking(() -> encode(of, jsons), false));
    }

    /** One after another (each is an export and a bundle in memory); at most MAX_MEMBERS deep. */
    private Future<Void> next(List<String> ids, int i, List<String> jsons, String why, Actor actor,
                              Function<FootageRow, JsonObject> render, Map<String, String> details) {
        if (i == ids.size()) {
            return Future.succeededFuture();
        }
        return verification.bundle(ids.get(i), why, actor, render, details).compose(b -> {
            jsons.add(b.json());
            return next(ids, i + 1, jsons, why, actor, render, details);
        });
    }

    private String encode(Of of, List<String> memberJsons) {
        JsonArray members = new JsonArray();
        memberJsons.forEach(j -> members.add(new JsonObject(j)));
        return new JsonObject()
                .put("format", FORMAT)
                .put("version", VERSION)
                .put("createdAt", CustodyEvent.formatTime(clock.instant()))
                .put("of", of.json())
                .put("members", members)
                .encodePrettily();
    }
}
