package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.ComplaintStore;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.Sequencer;

/**
 * How a footage record and its REGISTERED event commit together, in one transaction; the
 * same bytes again (even registered concurrently by another request) add a RESUBMITTED event
 * to the existing record instead of a second one.
 */
public final class Registrations {
    public static final int MAX_INCIDENT = 128;
    public static final int MAX_DEVICE = 128;
    public static final int MAX_NOTES = 4000;
    public static final int MAX_MEDIA_TYPE = 255;
    public static final int MAX_STORAGE_LOCATION = 1024;

    /** A hash-only registration, checked. */
    public record HashRegistration(Sha256Digest sha256, long size, String filename, String incident, String mediaType,
                                   Instant recordedAt, JsonObject metadata, String storageLocation) {
    }

    /**
     * The record and the event this request appended; {@code created} is false for a
     * re-submission, and {@code readable} false when the bytes were registered by someone
     * whose record this actor may not read (then only its id and hash may be shown).
     */
    public record Registered(FootageRow footage, AppendedEntry entry, boolean created, boolean readable) {
        Registered(FootageRow footage, AppendedEntry entry, boolean created) {
            this(footage, entry, created, true);
        }
    }

    /** The first attempt, which assumes no match, and then as many as a changed set of matching complaints allows. */
    private static final int ATTEMPTS = 1 + LaterPreservation.ATTEMPTS;

    private final FootageStore footage;
    private final Sequencer sequencer;
    private final Clock clock;
    private final LaterPreservation preservation;

    /**
     * @param complaints  open complaints a new footage is matched against (held at registration)
     * @param matchMargin how far a complaint's window is widened on each side
     * @param maxHolds    most holds one registration places (the batch's room beside its REGISTERED)
     */
    public Registrations(FootageStore footage, Sequencer sequencer, Clock clock, ComplaintStore complaints,
                         Duration matchMargin, int maxHolds) {
        this.footage = footage;
        this.sequencer = sequencer;
        this.clock = clock;
        this.preservation = new LaterPreservation(complaints, sequencer, matchMargin, maxHolds);
    }

    /** Records footage that stays in agency storage: its hash, size and description only. */
    public Future<Registered> registerHash(HashRegistration reg, Actor actor) {
        // No look-up first: a known hash is refused by the insert's admission and becomes a re-submission.
        FootageRow row = FootageRow.fresh(Ids.mint("f"), reg.sha256(), reg.size(), reg.mediaType(), reg.filename(),
                reg.incident(), null, null, reg.recordedAt(), actor.id(), clock.instant(), false, reg.storageLocation(),
                reg.metadata() == null ? new JsonObject() : reg.metadata(), null);
        return registerNew(row, actor, null, reg.storageLocation());
    }

    /** Registers a new record; when the same bytes were registered concurrently, this request becomes a re-submission. */
    Future<Registered> registerNew(FootageRow row, Actor actor, String purpose, String where) {
        CustodyEvent event;
        try {
            event = CustodyEvent.of(row.id(), row.sha256(), EventType.REGISTERED, actor.id(), actor.role().claim(),
                    row.uploadedAt(), purpose, where, details(row)).withUnit(actor.unit());
        } catch (IllegalArgumentException invalid) {
            return Future.failedFuture(invalid);
        }
        return admit(row, List.of(event), 1)
                .recover(err -> err instanceof SameBytes ? footage.bySha256(row.sha256())
                        .compose(winner -> resubmit(winner, actor, row.filename(), row.incident(), false))
                        : Future.failedFuture(err));
    }

    /**
     * A redacted copy and its original, linked both ways in one atomic append: the copy's
     * REGISTERED names the original, the original's REDACTED names the copy. The copy is
     * preserved for the open complaints it matches like any new footage.
     */
    Future<Registered> registerRedaction(FootageRow row, FootageRow original, Actor actor, String purpose, String where) {
        Map<String, String> registered = details(row);
        registered.put("derivedFrom", original.id());
        registered.put("derivedFromSha256", original.sha256().hex());
        CustodyEvent copy = CustodyEvent.of(row.id(), row.sha256(), EventType.REGISTERED, actor.id(), actor.role().claim(),
                row.uploadedAt(), purpose, where, registered).withUnit(actor.unit());
        Map<String, String> redacted = new LinkedHashMap<>();
        redacted.put("derivative", row.id());
        redacted.put("derivativeSha256", row.sha256().hex());
        CustodyEvent link = CustodyEvent.of(original.id(), original.sha256(), EventType.REDACTED, actor.id(),
                actor.role().claim(), row.uploadedAt(), purpose, where, redacted).withUnit(actor.unit());
        return admit(row, List.of(copy, link), 1)
                .recover(err -> Future.failedFuture(err instanceof SameBytes
                        ? ServiceException.conflict("these bytes were registered concurrently by another request") : err));
    }

    /** Refused because a record with the same bytes was committed first. */
    private static final class SameBytes extends RuntimeException {
        SameBytes() {
            super("the same bytes were registered first by another request", null, false, false);
        }
    }

    /**
     * Appends the registration's {@code own} events (the first is its REGISTERED) with the holds
     * its footage needs; when the open complaints it matches changed under the plan (one
     * received or closed meanwhile), plans again; a refusal for the same bytes is {@link SameBytes}.
     * The first attempt assumes no complaint matches; one that does is matched on the second.
     */
    private Future<Registered> admit(FootageRow row, List<CustodyEvent> own, int attempt) {
        Future<LaterPreservation.Plan> planned = attempt == 1 ? Future.succeededFuture(preservation.assumingNoMatch(row))
                : preservation.plan(row, own.size());
        return planned.compose(plan -> {
            List<CustodyEvent> events = new ArrayList<>(own);
            events.addAll(plan.holdEvents());
            return sequencer.appendAll(events, plan.admission())
                    .compose(entries -> preservation.holdRest(row, plan).map(v -> new Registered(row, entries.get(0), true)))
                    .recover(Refusals.otherwise(() -> !plan.admission().stale() ? Future.failedFuture(new SameBytes())
                            : attempt < ATTEMPTS ? admit(row, own, attempt + 1)
                            : Future.failedFuture(ServiceException.conflict("the open complaints this footage matches kept"
                                    + " changing while it was registered; please register it again"))));
        });
    }

    /** The same bytes again: a RESUBMITTED event on the existing record ({@code bytesNowHeld}: it now keeps them too). */
    Future<Registered> resubmit(FootageRow existing, Actor actor, String filename, String incident, boolean bytesNowHeld) {
        if (existing.disposed()) {
            return Future.failedFuture(ServiceException.conflict("footage " + existing.id() + " with these bytes was disposed at "
                    + CustodyEvent.formatTime(existing.disposedAt()) + "; a disposed record is not revived"));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("filename", filename);
        putIfPresent(details, "incident", incident);
        if (bytesNowHeld) {
            details.put("held", "true");
        }
        CustodyEvent event = CustodyEvent.of(existing.id(), existing.sha256(), EventType.RESUBMITTED, actor.id(),
                actor.role().claim(), clock.instant(), null, null, details).withUnit(actor.unit());
        return sequencer.append(event, bytesNowHeld ? FootageStore.markHeld(existing.id()) : null)
                .compose(entry -> footage.byId(existing.id())
                        .map(row -> new Registered(row, entry, false, Visibility.mayRead(row, actor))));
    }

    private static Map<String, String> details(FootageRow row) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("filename", row.filename());
        details.put("size", Long.toString(row.size()));
        details.put("held", Boolean.toString(row.held()));
        putIfPresent(details, "incident", row.incident());
        putIfPresent(details, "mediaType", row.mediaType());
        putIfPresent(details, "storageLocation", row.storageLocation());
        // For the transparency report: delay from recording to registration, and minutes registered.
        if (row.recordedAt() != null) {
            details.put("recordedAt", CustodyEvent.formatTime(row.recordedAt()));
        }
        Long durationMs = durationMs(row.metadata());
        if (durationMs != null) {
            details.put("durationMs", Long.toString(durationMs));
        }
        return details;
    }

    /** The media's duration from its metadata (upload: extracted; by-hash: as the client gave it), when a sane integer. */
    private static Long durationMs(JsonObject metadata) {
        if (metadata == null || !(metadata.getValue("durationMs") instanceof Number n)) {
            return null;
        }
        long ms = n.longValue();
        return ms >= 0 && n.doubleValue() == ms ? ms : null;
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
