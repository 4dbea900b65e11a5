package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.model.Share;
import org.custodyledger.storage.CaseStore;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.Sequencer;
import org.custodyledger.storage.ShareStore;

/**
 * Staff's side of external sharing: a reviewer shares footage (or a case's footage as it
 * stands) with a named recipient until an expiry; a SHARED event per footage commits with the
 * share. Revoking writes a SHARE_REVOKED event per footage with the revocation.
 */
public final class Shares {
    /** The longest a share may run: long enough for a trial's disclosure, short enough to be reviewed yearly. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(365);
    /** The most footage one share covers (all its events commit in one transaction). */
    public static final int MAX_ITEMS = 100;
    public static final int MAX_NAME = 256;

    /** What a reviewer asks to share; texts were checked at the edge, the expiry is checked here against the clock. */
    public record ShareRequest(List<String> footageIds, String caseNumber, String recipientName, String recipientOrg,
                               String recipientEmail, String purpose, Instant expiresAt) {
    }

    /** A share as made: the capability secret is in no store, so this is the only time it is seen. */
    public record Created(Share share, String capability, List<AppendedEntry> entries) {
    }

    /** A revoked share and the events that recorded it. */
    public record Revoked(Share share, List<AppendedEntry> entries) {
    }

    private final FootageStore footage;
    private final CaseStore cases;
    private final ShareStore shares;
    private final FootageEvents events;

    public Shares(FootageStore footage, CaseStore cases, ShareStore shares, Sequencer sequencer, Clock clock) {
        this.footage = footage;
        this.cases = cases;
        this.shares = shares;
        this.events = new FootageEvents(sequencer, clock);
    }

    public Future<Created> create(ShareRequest req, Actor actor) {
        Instant now = events.clock().instant();
        if (!req.expiresAt().isAfter(now)) {
            return Future.failedFuture(new ServiceException(ServiceException.Kind.UNPROCESSABLE, "expiresAt "
                    + CustodyEvent.formatTime(req.expiresAt()) + " is not in the future (now "
                    + CustodyEvent.formatTime(now) + ")"));
        }
        if (req.expiresAt().isAfter(now.plus(MAX_LIFETIME))) {
            return Future.failedFuture(new ServiceException(ServiceException.Kind.UNPROCESSABLE, "expiresAt "
                    + CustodyEvent.formatTime(req.expiresAt()) + " is more than " + MAX_LIFETIME.toDays()
                    + " days ahead; share for less, and share again if needed"));
        }
        int max = Math.min(MAX_ITEMS, events.maxAtomic());
        return footageIds(req, max).compose(ids -> rows(ids, actor)).compose(rows -> {
            String secret = ShareSecrets.mint();
            Share share = new Share(Ids.mint("s"), 0, req.recipientName(), req.recipientOrg(), req.recipientEmail(),
                    req.purpose(), req.caseNumber(), actor.id(), now, req.expiresAt(), null, null, null,
                    rows.stream().map(FootageRow::id).toList());
            return events.appendAll(rows, EventType.SHARED, actor, req.purpose(), row -> sharedDetails(share),
                            ShareStore.create(share, ShareSecrets.sha256(secret)))
                    .recover(Refusals.asConflict("some of the footage was disposed meanwhile; nothing was shared"))
                    .map(entries -> new Created(share, secret, entries));
        });
    }

    /** Shares in the order they were made. */
    public Future<Page<Share>> list(PageRequest page) {
        return shares.list(page.after(), page.limit()).map(list -> page.page(list, Share::seq));
    }

    public Future<Share> get(String id) {
        return shares.byId(shareId(id)).map(s -> {
            if (s == null) {
                throw ServiceException.notFound("no share with id " + id);
            }
            return s;
        });
    }

    /** Ends the share now: its link answers 410 from the moment the events commit. */
    public Future<Revoked> revoke(String id, String reason, Actor actor) {
        return get(id).compose(share -> {
            if (share.revoked()) {
                throw ServiceException.conflict("share " + id + " was already revoked at "
                        + CustodyEvent.formatTime(share.revokedAt()) + " by " + share.revokedBy());
            }
            Instant now = events.clock().instant();
            return rowsOf(share.footageIds()).compose(rows -> revokeInChunks(share, rows, reason, actor, now))
                    .map(entries -> new Revoked(new Share(share.id(), share.seq(), share.recipientName(),
                            share.recipientOrg(), share.recipientEmail(), share.purpose(), share.caseNumber(),
                            share.createdBy(), share.createdAt(), share.expiresAt(), actor.id(), now, reason,
                            share.footageIds()), entries));
        });
    }

    /**
     * The revocation row commits with the first chunk of SHARE_REVOKED events (the link answers
     * 410 from then on); the rest follow, a chunk at a time, so a share made under a larger
     * --batch-size than today's can still be revoked. At most MAX_ITEMS events, so a few chunks.
     */
    private Future<List<AppendedEntry>> revokeInChunks(Share share, List<FootageRow> rows, String reason, Actor actor,
                                                       Instant now) {
        int chunk = events.maxAtomic();
        Function<FootageRow, Map<String, String>> details = row -> Map.of("share", share.id(), "recipient", share.recipient());
        List<AppendedEntry> all = new ArrayList<>(rows.size());
        return events.appendAll(rows.subList(0, Math.min(chunk, rows.size())), EventType.SHARE_REVOKED, actor, reason,
                        details, ShareStore.revoke(share.id(), actor.id(), now, reason))
                .recover(Refusals.asConflict("share " + share.id() + " was revoked meanwhile"))
                .compose(first -> {
                    all.addAll(first);
                    return rest(rows, chunk, chunk, reason, actor, details, all);
                });
    }

    private Future<List<AppendedEntry>> rest(List<FootageRow> rows, int from, int chunk, String reason, Actor actor,
                                             Function<FootageRow, Map<String, String>> details, List<AppendedEntry> all) {
        if (from >= rows.size()) {
            return Future.succeededFuture(all);
        }
        return events.appendAll(rows.subList(from, Math.min(from + chunk, rows.size())), EventType.SHARE_REVOKED, actor,
                reason, details, null).compose(more -> {
                    all.addAll(more);
                    return rest(rows, from + chunk, chunk, reason, actor, details, all);
                });
    }

    static String shareId(String id) {
        if (id == null || !id.matches("s-[0-9a-f]{32}")) {
            throw ServiceException.invalid("share id must look like s-0123…(32 hex digits), got '"
                    + Inputs.abbreviate(id) + "'");
        }
        return id;
    }

    private static Map<String, String> sharedDetails(Share share) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("share", share.id());
        d.put("recipient", share.recipient());
        if (share.recipientEmail() != null) {
            d.put("recipientEmail", share.recipientEmail());
        }
        d.put("expiresAt", CustodyEvent.formatTime(share.expiresAt()));
        if (share.caseNumber() != null) {
            d.put("case", share.caseNumber());
        }
        return d;
    }

    /** The footage ids asked for, or the case's current members; at most {@code max}. */
    private Future<List<String>> footageIds(ShareRequest req, int max) {
        if (req.caseNumber() == null) {
            List<String> ids = new ArrayList<>(new LinkedHashSet<>(req.footageIds()));
            if (ids.isEmpty()) {
                return Future.failedFuture(ServiceException.invalid("name what to share: footageIds or case"));
            }
            if (ids.size() > max) {
                return Future.failedFuture(tooMany(ids.size(), max));
            }
            return Future.succeededFuture(ids);
        }
        return cases.byNumber(req.caseNumber()).compose(c -> {
            if (c == null) {
                throw ServiceException.notFound("no case " + req.caseNumber());
            }
            return cases.members(c.number(), PageRequest.FIRST, max + 1);
        }).map(members -> {
            if (members.isEmpty()) {
                throw new ServiceException(ServiceException.Kind.UNPROCESSABLE, "case " + req.caseNumber()
                        + " has no footage to share");
            }
            if (members.size() > max) {
                throw tooMany(members.size(), max);
            }
            return members.stream().map(m -> m.footageId()).toList();
        });
    }

    private static ServiceException tooMany(int asked, int max) {
        return new ServiceException(ServiceException.Kind.UNPROCESSABLE, "one share covers at most " + max
                + " footage, this one would cover " + (asked > max ? "more than " + max : asked)
                + "; make several shares");
    }

    /** Each footage, readable by the actor and with its bytes here (only those can be viewed by a recipient). */
    private Future<List<FootageRow>> rows(List<String> ids, Actor actor) {
        List<Future<FootageRow>> loads = ids.stream().map(id -> Visibility.load(footage, id, actor).map(row -> {
            if (row.disposed()) {
                throw FootageEvents.gone(row);
            }
            if (!row.held()) {
                throw ServiceException.conflict("only the hash of " + row.id() + " is registered; a recipient could"
                        + " not view it, so it cannot be shared");
            }
            return row;
        })).toList();
        return Future.all(loads).map(all -> loads.stream().map(Future::result).toList());
    }

    private Future<List<FootageRow>> rowsOf(List<String> ids) {
        List<Future<FootageRow>> loads = ids.stream().map(footage::byId).toList();
        return Future.all(loads).map(all -> loads.stream().map(Future::result).toList());
    }
}
