package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.model.FootageRow;
import org.custodyledger.model.Share;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.ShareStore;

/**
 * The recipient's side of a share, reached by the capability alone (no token): what was
 * shared, and its content. Every content access is a VIEWED or EXPORTED event whose actor is
 * the share ({@code share:<id>}, role {@code recipient}) naming the recipient; a player's
 * Range requests share one event, as a staff member's do. Unknown links are 404, revoked or
 * expired ones 410, footage the share does not cover 404.
 */
public final class SharedAccess {
    /** What a recipient sees: the share and the footage it covers, as they stand. */
    public record Opened(Share share, List<FootageRow> footage) {
    }

    /** Content opened for a recipient, and the actor its event was recorded under. */
    public record SharedContent(ContentAccess.Grant grant, Actor recipient) {
    }

    private final ShareStore shares;
    private final FootageStore footage;
    private final ContentAccess content;
    private final Clock clock;

    public SharedAccess(ShareStore shares, FootageStore footage, ContentAccess content, Clock clock) {
        this.shares = shares;
        this.footage = footage;
        this.content = content;
        this.clock = clock;
    }

    /** The share behind a capability, while it is usable. */
    public Future<Opened> open(String capability) {
        return usable(capability).compose(share -> {
            List<Future<FootageRow>> loads = share.footageIds().stream().map(footage::byId).toList();
            return Future.all(loads).map(all -> new Opened(share, loads.stream().map(Future::result).toList()));
        });
    }

    /** Opens one shared footage's content for the recipient; the access event commits first. */
    public Future<SharedContent> content(String capability, String footageId, boolean download) {
        return usable(capability).compose(share -> {
            if (!share.footageIds().contains(footageId)) {
                throw ServiceException.notFound("this share does not cover footage " + Inputs.abbreviate(footageId));
            }
            Actor recipient = recipientOf(share);
            Map<String, String> via = new LinkedHashMap<>();
            via.put("via", "share");
            via.put("share", share.id());
            via.put("recipient", share.recipient());
            return footage.byId(footageId).compose(row -> content.grant(row, share.purpose(), download, recipient, via,
                    ShareStore.usable(share.id(), clock.instant())).map(grant -> new SharedContent(grant, recipient)))
                    // Refused under the lock: revoked or expired since the check above is a 410, as it would be now.
                    .recover(err -> err instanceof ServiceException se && se.kind() == ServiceException.Kind.CONFLICT
                            ? usable(capability).compose(still -> Future.failedFuture(err))
                            : Future.failedFuture(err));
        });
    }

    /** The actor a share's accesses are recorded under. */
    public static Actor recipientOf(Share share) {
        return new Actor("share:" + share.id(), Role.RECIPIENT, share.recipientName(), share.recipientOrg());
    }

    private Future<Share> usable(String capability) {
        if (!ShareSecrets.wellFormed(capability)) {
            return Future.failedFuture(ServiceException.notFound("no share behind this link"));
        }
        return shares.bySecretHash(ShareSecrets.sha256(capability)).map(share -> {
            if (share == null) {
                throw ServiceException.notFound("no share behind this link");
            }
            Instant now = clock.instant();
            if (share.revoked()) {
                throw new ServiceException(ServiceException.Kind.GONE, "this share was revoked at "
                        + CustodyEvent.formatTime(share.revokedAt()));
            }
            if (!share.usableAt(now)) {
                throw new ServiceException(ServiceException.Kind.GONE, "this share expired at "
                        + CustodyEvent.formatTime(share.expiresAt()));
            }
            return share;
        });
    }
}
