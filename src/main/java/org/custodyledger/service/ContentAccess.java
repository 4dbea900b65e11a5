package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.custodyledger.custody.EventType;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.CustodyStore;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.Sequencer;

/**
 * Access to the content: recorded as VIEWED (EXPORTED when downloading) before any byte is
 * served; a playback session's later Range requests reuse its event. No event, no content.
 */
public final class ContentAccess {
    /** Content the actor may now read: the event that recorded the access was committed first. */
    public record Grant(FootageRow footage, long eventIndex, boolean newEvent) {
    }

    private final FootageStore footage;
    private final FootageEvents events;
    private final PlaybackSessions sessions;

    public ContentAccess(FootageStore footage, Sequencer sequencer, Clock clock) {
        this.footage = footage;
        this.events = new FootageEvents(sequencer, clock);
        this.sessions = new PlaybackSessions(clock);
    }

    /** Opens the content for reading; {@code purpose} was checked at the edge. */
    public Future<Grant> open(String id, String purpose, boolean download, Actor actor) {
        if (download && !actor.is(Role.REVIEWER)) {
            return Future.failedFuture(ServiceException.forbidden("exporting content is a reviewer's act; a "
                    + actor.role().claim() + " may only view"));
        }
        return Visibility.load(footage, id, actor)
                .compose(row -> grant(row, purpose, download, actor, Map.of("via", "content-api"), null));
    }

    /**
     * Opens the content of a record the caller has already admitted the actor to: the access
     * event carries {@code via} in its details, and commits only if {@code also} (null: nothing
     * more) admits it too, beside the bytes still being here.
     */
    Future<Grant> grant(FootageRow row, String purpose, boolean download, Actor actor, Map<String, String> via,
                        Sequencer.Admission also) {
        requireContent(row);
        String id = row.id();
        EventType type = download ? EventType.EXPORTED : EventType.VIEWED;
        String key = PlaybackSessions.key(actor, id, type.name(), purpose);
        Long live = sessions.current(key);
        if (live != null) {
            return Future.succeededFuture(new Grant(row, live, false));
        }
        Map<String, String> details = new LinkedHashMap<>(via);
        if (download) {
            details.put("filename", row.filename());
        }
        Sequencer.Admission available = CustodyStore.contentAvailable(id);
        Sequencer.Admission admission = also == null ? available
                : conn -> available.admit(conn).compose(ok -> ok ? also.admit(conn) : Future.succeededFuture(false));
        return events.append(row, type, actor, purpose, null, details, admission)
                .recover(Refusals.otherwise(() -> footage.byId(id).map(now -> {
                    requireContent(now);
                    throw ServiceException.conflict("access to " + id + " was withdrawn meanwhile");
                })))
                .map(entry -> {
                    sessions.start(key, entry.index());
                    return new Grant(row, entry.index(), true);
                });
    }

    private static void requireContent(FootageRow row) {
        if (row.disposed()) {
            throw FootageEvents.gone(row);
        }
        if (!row.held()) {
            throw ServiceException.conflict("only the hash of " + row.id() + " is registered; its bytes are kept at "
                    + (row.storageLocation() == null ? "an agency store" : row.storageLocation()) + ", not here");
        }
    }
}
