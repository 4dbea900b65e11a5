package org.custodyledger.service;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.custodyledger.custody.EventType;
import org.custodyledger.footage.BlobStore;
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
    public record Grant(FootageRow footage, Path file, long eventIndex, boolean newEvent) {
    }

    private final BlobStore blobs;
    private final FootageStore footage;
    private final FootageEvents events;
    private final PlaybackSessions sessions;

    public ContentAccess(BlobStore blobs, FootageStore footage, Sequencer sequencer, Clock clock) {
        this.blobs = blobs;
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
        EventType type = download ? EventType.EXPORTED : EventType.VIEWED;
        return Visibility.load(footage, id, actor).compose(row -> {
            requireContent(row);
            Path file = blobs.pathOf(row.sha256());
            String key = PlaybackSessions.key(actor, id, type.name(), purpose);
            Long live = sessions.current(key);
            if (live != null) {
                return Future.succeededFuture(new Grant(row, file, live, false));
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("via", "content-api");
            if (download) {
                details.put("filename", row.filename());
            }
            return events.append(row, type, actor, purpose, null, details, CustodyStore.contentAvailable(id))
                    .recover(Refusals.otherwise(() -> footage.byId(id).map(now -> {
                        requireContent(now);
                        throw ServiceException.conflict("the content of " + id + " changed state meanwhile");
                    })))
                    .map(entry -> {
                        sessions.start(key, entry.index());
                        return new Grant(row, file, entry.index(), true);
                    });
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
