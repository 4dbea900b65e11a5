package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.model.AccessFailure;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.storage.CustodyStore;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.model.LegalHold;
import org.custodyledger.storage.Sequencer;
import org.custodyledger.storage.StoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Custody actions after registration: recorded events, histories, access to the content
 * (recorded before any byte is served), legal holds, retention and disposal. The server
 * fills in who, when and the footage's hash; the client says what, where and why.
 */
public final class CustodyService {
    private static final Logger log = LoggerFactory.getLogger(CustodyService.class);
    public static final int MAX_PURPOSE = 1000;
    public static final int MAX_LOCATION = 256;
    public static final int MAX_DETAILS = 32;
    public static final int MAX_DETAIL_VALUE = 4000;
    private static final Pattern DETAIL_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Set<EventType> NEED_PURPOSE = EnumSet.of(EventType.VIEWED, EventType.EXPORTED, EventType.SHARED,
            EventType.TRANSFERRED, EventType.DISPOSED, EventType.HOLD_PLACED, EventType.HOLD_RELEASED,
            EventType.RETENTION_SET);
    /** What each role may record through the generic events endpoint; the rest have their own endpoints. */
    private static final Map<Role, Set<EventType>> RECORDABLE = Map.of(
            Role.OFFICER, EnumSet.of(EventType.ANNOTATED),
            Role.REVIEWER, EnumSet.of(EventType.VIEWED, EventType.EXPORTED, EventType.SHARED, EventType.TRANSFERRED,
                    EventType.ANNOTATED));

    /** A custody event as a client asks to record it. */
    public record EventRequest(EventType type, String purpose, String location, Map<String, String> details) {
    }

    /** One event of a footage's history. */
    public record HistoryItem(long index, byte[] leafHash, SignedEvent event) {
    }

    public record History(String footageId, List<HistoryItem> items, String nextCursor) {
    }

    /** Content the actor may now read: the event that recorded the access was committed first. */
    public record ContentAccess(FootageRow footage, Path file, long eventIndex, boolean newEvent) {
    }

    /** A hold as placed or released, with the event that recorded it. */
    public record HoldChange(LegalHold hold, AppendedEntry entry) {
    }

    private final Vertx vertx;
    private final BlobStore blobs;
    private final FootageStore footage;
    private final CustodyStore custody;
    private final LedgerStore ledger;
    private final Sequencer sequencer;
    private final Clock clock;
    private final PlaybackSessions sessions;

    public CustodyService(Vertx vertx, BlobStore blobs, FootageStore footage, CustodyStore custody, LedgerStore ledger,
                          Sequencer sequencer, Clock clock) {
        this.vertx = vertx;
        this.blobs = blobs;
        this.footage = footage;
        this.custody = custody;
        this.ledger = ledger;
        this.sequencer = sequencer;
        this.clock = clock;
        this.sessions = new PlaybackSessions(clock);
    }

    /** Checks a requested event against the type's rules; each failure names its field. */
    public static EventRequest eventRequest(String type, String purpose, String location, Map<String, ?> details) {
        EventType t;
        try {
            t = EventType.valueOf(Inputs.requiredText("type", type, 32));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("type must be one of " + List.of(EventType.values()) + ", got '" + type + "'");
        }
        String p = Inputs.text("purpose", purpose, MAX_PURPOSE);
        if (NEED_PURPOSE.contains(t) && (p == null || p.isBlank())) {
            throw ServiceException.invalid("purpose is required for " + t + ": say why");
        }
        Map<String, String> d = details(details);
        switch (t) {
            case TRANSFERRED -> require(d, "to", "TRANSFERRED needs details.to: who or where the footage went");
            case SHARED -> {
                require(d, "recipient", "SHARED needs details.recipient: who it was shared with");
                if (d.containsKey("expiresAt")) {
                    d.put("expiresAt", CustodyEvent.formatTime(Inputs.time("details.expiresAt", d.get("expiresAt"))));
                }
            }
            case ANNOTATED -> require(d, "note", "ANNOTATED needs details.note: the annotation");
            default -> {
            }
        }
        return new EventRequest(t, p, Inputs.text("location", location, MAX_LOCATION), d);
    }

    /** Records a client-described custody event on footage the actor may see. */
    public Future<AppendedEntry> record(String id, EventRequest req, Actor actor) {
        if (!RECORDABLE.getOrDefault(actor.role(), Set.of()).contains(req.type())) {
            return Future.failedFuture(ServiceException.forbidden("a " + actor.role().claim() + " may not record "
                    + req.type() + " events here" + dedicatedEndpoint(req.type())));
        }
        return visible(id, actor).compose(row -> {
            if (row.disposed()) {
                throw gone(row);
            }
            return append(row, req.type(), actor, req.purpose(), req.location(), req.details(), CustodyStore.notDisposed(id))
                    .recover(refusedAs("footage " + id + " was disposed meanwhile"));
        });
    }

    /** The footage's events in log order, {@code limit} after log index {@code cursor}. */
    public Future<History> history(String id, String cursor, int limit, Actor actor) {
        long after = cursor(cursor);
        if (limit < 1 || limit > 1000) {
            return Future.failedFuture(ServiceException.invalid("limit must be between 1 and 1000, got " + limit));
        }
        return visible(id, actor).compose(row -> ledger.entriesOfFootage(id, after, limit)).map(entries -> {
            List<HistoryItem> items = new ArrayList<>(entries.size());
            for (StoredEntry e : entries) {
                items.add(new HistoryItem(e.index(), e.leafHash(), Leaves.parse(e)));
            }
            String next = entries.size() < limit ? null : Long.toString(entries.get(entries.size() - 1).index());
            return new History(id, items, next);
        });
    }

    /**
     * Opens the content for reading after recording VIEWED (EXPORTED when downloading); a
     * playback session's later Range requests reuse its event. No event, no content.
     */
    public Future<ContentAccess> openContent(String id, String purpose, boolean download, Actor actor) {
        String why;
        try {
            why = Inputs.requiredText("purpose", purpose, MAX_PURPOSE);
        } catch (ServiceException e) {
            return Future.failedFuture(ServiceException.invalid("purpose is required to access content: say why (?purpose=…)"));
        }
        if (download && !actor.is(Role.REVIEWER)) {
            return Future.failedFuture(ServiceException.forbidden("exporting content is a reviewer's act; a "
                    + actor.role().claim() + " may only view"));
        }
        EventType type = download ? EventType.EXPORTED : EventType.VIEWED;
        return visible(id, actor).compose(row -> {
            requireContent(row);
            Path file = blobs.pathOf(row.sha256());
            String key = PlaybackSessions.key(actor, id, type.name(), why);
            Long live = sessions.current(key);
            if (live != null) {
                return Future.succeededFuture(new ContentAccess(row, file, live, false));
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("via", "content-api");
            if (download) {
                details.put("filename", row.filename());
            }
            return append(row, type, actor, why, null, details, CustodyStore.contentAvailable(id))
                    .recover(err -> err instanceof Sequencer.RefusedException
                            ? footage.byId(id).map(now -> {
                                requireContent(now);
                                throw ServiceException.conflict("the content of " + id + " changed state meanwhile");
                            })
                            : Future.failedFuture(err))
                    .map(entry -> {
                        sessions.start(key, entry.index());
                        return new ContentAccess(row, file, entry.index(), true);
                    });
        });
    }

    public Future<List<LegalHold>> holds(String id, Actor actor) {
        return visible(id, actor).compose(row -> custody.holds(id));
    }

    public Future<HoldChange> placeHold(String id, String reason, String matter, Actor actor) {
        String why = Inputs.requiredText("reason", reason, MAX_PURPOSE);
        String m = Inputs.text("matter", matter, 256);
        return visible(id, actor).compose(row -> custody.holds(id).map(holds -> {
            for (LegalHold open : holds) {
                if (open.open() && m != null && m.equals(open.matter())) {
                    throw ServiceException.conflict("footage " + id + " already has an open legal hold for matter '" + m
                            + "': " + open.id() + "; one hold per matter");
                }
            }
            return row;
        })).compose(row -> {
            if (row.disposed()) {
                throw gone(row);
            }
            LegalHold hold = new LegalHold("h-" + UUID.randomUUID().toString().replace("-", ""), id, why, m, actor.id(),
                    clock.instant(), null, null, null);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("holdId", hold.id());
            if (m != null) {
                details.put("matter", m);
            }
            return append(row, EventType.HOLD_PLACED, actor, why, null, details, CustodyStore.placeHold(hold))
                    .recover(refusedAs("footage " + id + " was disposed, or held for matter '" + m + "', meanwhile"))
                    .map(entry -> new HoldChange(hold, entry));
        });
    }

    public Future<HoldChange> releaseHold(String id, String holdId, String reason, Actor actor) {
        String why = Inputs.requiredText("reason", reason, MAX_PURPOSE);
        return visible(id, actor).compose(row -> custody.holds(id)).compose(holds -> {
            LegalHold hold = holds.stream().filter(h -> h.id().equals(holdId)).findFirst()
                    .orElseThrow(() -> ServiceException.notFound("footage " + id + " has no legal hold " + holdId));
            if (!hold.open()) {
                throw ServiceException.conflict("legal hold " + holdId + " was already released at "
                        + CustodyEvent.formatTime(hold.releasedAt()) + " by " + hold.releasedBy());
            }
            Instant now = clock.instant();
            return footage.byId(id).compose(row -> append(row, EventType.HOLD_RELEASED, actor, why, null,
                            Map.of("holdId", holdId), CustodyStore.releaseHold(holdId, id, actor.id(), now, why)))
                    .recover(refusedAs("legal hold " + holdId + " was released meanwhile"))
                    .map(entry -> new HoldChange(new LegalHold(hold.id(), id, hold.reason(), hold.matter(), hold.placedBy(),
                            hold.placedAt(), actor.id(), now, why), entry));
        });
    }

    /** Sets the date before which the footage may not be disposed. */
    public Future<AppendedEntry> setRetention(String id, String until, String purpose, Actor actor) {
        Instant date = Inputs.time("retainUntil", until);
        if (date == null) {
            return Future.failedFuture(ServiceException.invalid("retainUntil is required, e.g. 2033-01-01T00:00:00Z"));
        }
        String why = Inputs.requiredText("purpose", purpose, MAX_PURPOSE);
        return visible(id, actor).compose(row -> {
            if (row.disposed()) {
                throw gone(row);
            }
            return append(row, EventType.RETENTION_SET, actor, why, null,
                    Map.of("retainUntil", CustodyEvent.formatTime(date)), CustodyStore.setRetention(id, date))
                    .recover(refusedAs("footage " + id + " was disposed meanwhile"));
        });
    }

    /**
     * Disposes of the footage: refused under an open hold or before its retention date;
     * otherwise records DISPOSED, then deletes the bytes. The record stays as a tombstone and
     * every ledger entry stays, so every proof still verifies.
     */
    public Future<AppendedEntry> dispose(String id, String purpose, Actor actor) {
        String why;
        try {
            why = Inputs.requiredText("purpose", purpose, MAX_PURPOSE);
        } catch (ServiceException e) {
            return Future.failedFuture(ServiceException.invalid("purpose is required to dispose of footage (?purpose=…)"));
        }
        Instant now = clock.instant();
        return visible(id, actor).compose(row -> refusalToDispose(row, now).compose(refusal -> {
            if (refusal != null) {
                throw ServiceException.conflict(refusal);
            }
            Map<String, String> details = Map.of("blobDeleted", Boolean.toString(row.held()));
            return append(row, EventType.DISPOSED, actor, why, null, details, CustodyStore.dispose(id, now))
                    .recover(err -> err instanceof Sequencer.RefusedException
                            ? footage.byId(id).compose(again -> refusalToDispose(again, now)).compose(reason ->
                                    Future.failedFuture(ServiceException.conflict(reason != null ? reason
                                            : "footage " + id + " changed state meanwhile; try again")))
                            : Future.failedFuture(err))
                    .compose(entry -> row.held() ? deleteBlob(row).map(entry) : Future.succeededFuture(entry));
        }));
    }

    /** Removes blobs whose DISPOSED event committed but whose deletion a crash interrupted. */
    public Future<Integer> sweepDisposedBlobs() {
        return custody.disposedDigests().compose(digests -> vertx.executeBlocking(() -> {
            int removed = 0;
            for (byte[] d : digests) {
                if (blobs.delete(org.custodyledger.hash.Sha256Digest.of(d))) {
                    removed++;
                }
            }
            return removed;
        }, false));
    }

    /** Refused requests after {@code cursor}, oldest first. */
    public Future<List<AccessFailure>> accessFailures(String cursor, int limit) {
        long after = cursor(cursor);
        if (limit < 1 || limit > 1000) {
            return Future.failedFuture(ServiceException.invalid("limit must be between 1 and 1000, got " + limit));
        }
        return custody.accessFailures(after, limit);
    }

    /** Keeps a refused request in the access audit (not the ledger: anonymous traffic must not grow it). */
    public Future<Void> recordAccessFailure(AccessFailure failure) {
        return custody.recordAccessFailure(failure);
    }

    private Future<String> refusalToDispose(FootageRow row, Instant now) {
        if (row.disposed()) {
            return Future.succeededFuture("footage " + row.id() + " was already disposed at "
                    + CustodyEvent.formatTime(row.disposedAt()));
        }
        return custody.holds(row.id()).map(holds -> {
            List<String> open = holds.stream().filter(LegalHold::open).map(h -> h.id()
                    + (h.matter() == null ? "" : " (" + h.matter() + ")")).toList();
            if (!open.isEmpty()) {
                return "footage " + row.id() + " is under legal hold " + String.join(", ", open)
                        + "; release every hold before disposal";
            }
            if (row.retainUntil() != null && row.retainUntil().isAfter(now)) {
                return "footage " + row.id() + " must be retained until " + CustodyEvent.formatTime(row.retainUntil());
            }
            return null;
        });
    }

    private Future<Void> deleteBlob(FootageRow row) {
        return vertx.<Void>executeBlocking(() -> {
            blobs.delete(row.sha256());
            return null;
        }, false).recover(err -> {
            // The DISPOSED event stands; the start-up sweep removes what is left.
            log.warn("footage {} is disposed but its blob could not be deleted yet: {}", row.id(), err.toString());
            return Future.succeededFuture();
        });
    }

    /** An append its admission withdrew (the state changed under it) becomes a 409 saying how. */
    private static <T> Function<Throwable, Future<T>> refusedAs(String conflict) {
        return err -> Future.failedFuture(err instanceof Sequencer.RefusedException ? ServiceException.conflict(conflict) : err);
    }

    private Future<AppendedEntry> append(FootageRow row, EventType type, Actor actor, String purpose, String location,
                                         Map<String, String> details, Sequencer.Admission admission) {
        CustodyEvent event = CustodyEvent.of(row.id(), row.sha256(), type, actor.id(), actor.role().claim(),
                clock.instant(), purpose, location, details);
        return sequencer.append(event, admission);
    }

    private Future<FootageRow> visible(String id, Actor actor) {
        return Visibility.load(footage, id, actor);
    }

    private static void requireContent(FootageRow row) {
        if (row.disposed()) {
            throw gone(row);
        }
        if (!row.held()) {
            throw ServiceException.conflict("only the hash of " + row.id() + " is registered; its bytes are kept at "
                    + (row.storageLocation() == null ? "an agency store" : row.storageLocation()) + ", not here");
        }
    }

    private static ServiceException gone(FootageRow row) {
        return new ServiceException(ServiceException.Kind.GONE, "footage " + row.id() + " was disposed at "
                + CustodyEvent.formatTime(row.disposedAt()) + "; its record and history remain");
    }

    private static long cursor(String cursor) {
        try {
            long after = cursor == null || cursor.isEmpty() ? -1 : Long.parseLong(cursor);
            if (after < -1) {
                throw new NumberFormatException();
            }
            return after;
        } catch (NumberFormatException e) {
            throw ServiceException.invalid("cursor is not one this service gave out: '" + cursor + "'");
        }
    }

    private static Map<String, String> details(Map<String, ?> raw) {
        Map<String, String> d = new LinkedHashMap<>();
        if (raw == null) {
            return d;
        }
        if (raw.size() > MAX_DETAILS) {
            throw ServiceException.invalid("details may have at most " + MAX_DETAILS + " fields, got " + raw.size());
        }
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            if (!DETAIL_KEY.matcher(e.getKey()).matches()) {
                throw ServiceException.invalid("details key '" + e.getKey() + "' must be a letter then up to 63 letters,"
                        + " digits, '_', '.' or '-'");
            }
            if (!(e.getValue() instanceof String s)) {
                throw ServiceException.invalid("details." + e.getKey() + " must be a string");
            }
            String v = Inputs.text("details." + e.getKey(), s, MAX_DETAIL_VALUE);
            if (v != null) {
                d.put(e.getKey(), v);
            }
        }
        return d;
    }

    private static void require(Map<String, String> details, String key, String message) {
        String v = details.get(key);
        if (v == null || v.isBlank()) {
            throw ServiceException.invalid(message);
        }
    }

    private static String dedicatedEndpoint(EventType type) {
        return switch (type) {
            case REGISTERED, RESUBMITTED -> ": upload or register the footage instead";
            case REDACTED -> ": upload the redacted copy with derivedFrom instead";
            case HOLD_PLACED, HOLD_RELEASED -> ": use the holds endpoints (admin)";
            case RETENTION_SET -> ": use the retention endpoint (admin)";
            case DISPOSED -> ": use DELETE on the footage (admin)";
            case VERIFIED -> ": ask the verify endpoint";
            default -> "";
        };
    }
}
