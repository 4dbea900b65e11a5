package org.custodyledger.service;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.custodyledger.complaint.ComplaintContent;
import org.custodyledger.complaint.Commitments;
import org.custodyledger.complaint.Receipt;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.ComplaintRow;
import org.custodyledger.model.LegalHold;
import org.custodyledger.storage.ComplaintStore;
import org.custodyledger.storage.Sequencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a complaint: commits to its content on the ledger (COMPLAINT_RECEIVED carries the
 * salted hash, the category and the count of footage found — nothing personal), and in the
 * same transaction stores it and places a legal hold, with its HOLD_PLACED event, on every
 * footage it matches. Answers the receipt the complainant keeps.
 */
public final class ComplaintIntake {
    /** Public complaints act as this actor id and role on the ledger. */
    public static final String PUBLIC = "public";
    /** Holds placed automatically are the system's doing, not the complainant's. */
    static final String SYSTEM = "system";
    /** A footage deleted meanwhile makes the transaction refuse; matching is then redone, this many times at most. */
    private static final int ATTEMPTS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(ComplaintIntake.class);
    private final AtomicLong holdsLeftUnplaced = new AtomicLong();

    /** What the intake answers; {@code secret} is shown once and kept only as its hash. */
    public record Received(ComplaintRow complaint, String secret, Receipt receipt, AppendedEntry entry, int footageHeld) {
    }

    private final ComplaintStore store;
    private final Sequencer sequencer;
    private final Clock clock;
    private final ComplaintSettings settings;

    public ComplaintIntake(ComplaintStore store, Sequencer sequencer, Clock clock, ComplaintSettings settings) {
        this.store = store;
        this.sequencer = sequencer;
        this.clock = clock;
        this.settings = settings;
    }

    /** @param staff who took the complaint (by phone, at a desk), or null for the public */
    public Future<Received> receive(ComplaintSubmission s, Actor staff) {
        return attempt(s, staff, 1);
    }

    /** How many footage a complaint may have held automatically: a public one at most the configured cap. */
    private int cap(Actor staff) {
        return staff == null ? settings.maxAutomaticHolds() : Integer.MAX_VALUE;
    }

    private Future<Received> attempt(ComplaintSubmission s, Actor staff, int n) {
        Instant now = clock.instant();
        ComplaintContent content = new ComplaintContent(Ids.mint("c"), s.category(), s.occurredFrom(), s.occurredTo(),
                s.lat(), s.lon(), s.radiusM(), s.place(), s.incident(), s.officers(), s.description(), s.contact());
        int cap = cap(staff);
        // A public complaint looks one past its cap, to know (and record) that the cap cut its holds short.
        int probe = staff == null ? cap + 1 : settings.maxHoldsPerIntake();
        ComplaintStore.MatchCriteria criteria = criteria(s, probe);
        return store.matchFootage(criteria, null, 0).compose(found -> {
            List<ComplaintStore.MatchedFootage> matched = found.subList(0,
                    Math.min(found.size(), Math.min(cap, settings.maxHoldsPerIntake())));
            boolean capped = found.size() > cap;
            boolean more = found.size() > matched.size() || found.size() == probe;
            // Footage registered since this match must make the admission refuse, except beyond the page held here.
            long plannedUpTo = more ? matched.get(matched.size() - 1).seq() : Long.MAX_VALUE;
            byte[] salt = random(Commitments.SALT_LENGTH);
            byte[] canonical = content.canonicalBytes();
            Sha256Digest commitment = Commitments.commit(salt, canonical);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
            byte[] secretHash = Sha256Digest.of(sha256(secret.getBytes(StandardCharsets.UTF_8))).bytes();
            String actorId = staff == null ? PUBLIC : staff.id();
            String role = staff == null ? PUBLIC : staff.role().claim();
            ComplaintRow row = new ComplaintRow(0, content, canonical, salt, commitment.bytes(), secretHash, now, actorId,
                    role, now.plus(settings.target()), matched.size(), "received", null, null, null, capped);
            List<CustodyEvent> events = new ArrayList<>();
            // Every footage matching now, though only a transaction's room of it is held with the event (the rest right after).
            long matching = matched.isEmpty() ? 0 : matched.get(0).matching();
            events.add(CustodyEvent.aboutComplaint(content.complaintId(), EventType.COMPLAINT_RECEIVED, actorId, role, now,
                    receivedDetails(row, commitment, matching)).withUnit(staff == null ? null : staff.unit()));
            List<LegalHold> holds = holds(content.complaintId(), matched, now, events);
            return sequencer.appendAll(events, ComplaintStore.receive(row, holds, criteria, plannedUpTo))
                    .map(entries -> {
                        // Committed: the complainant gets the receipt now; the rest are held after the answer.
                        if (more && matched.size() < cap) {
                            holdRest(s, content.complaintId(), matched.get(matched.size() - 1).seq(), cap - matched.size(),
                                    now, 1);
                        }
                        return received(row, secret, entries, matched);
                    })
                    .recover(Refusals.otherwise(() -> n < ATTEMPTS ? attempt(s, staff, n + 1)
                            : Future.failedFuture(ServiceException.conflict("footage matching this complaint kept changing"
                                    + " while it was received; please submit it again"))));
        });
    }

    /** A hold per matched footage, its HOLD_PLACED event added to {@code events}. */
    private static List<LegalHold> holds(String complaintId, List<ComplaintStore.MatchedFootage> matched, Instant now,
                                         List<CustodyEvent> events) {
        List<LegalHold> holds = new ArrayList<>();
        String reason = "automatic preservation for complaint " + complaintId;
        for (ComplaintStore.MatchedFootage f : matched) {
            LegalHold hold = new LegalHold(Ids.mint("h"), f.id(), reason, complaintId, SYSTEM, now, null, null, null);
            holds.add(hold);
            events.add(CustodyEvent.of(f.id(), Sha256Digest.of(f.sha256()), EventType.HOLD_PLACED, SYSTEM, SYSTEM, now,
                    reason, null, Map.of("holdId", hold.id(), "matter", complaintId)));
        }
        return holds;
    }

    /**
     * A complaint matching more footage than one transaction has room for: the rest (at most
     * {@code budget}) are held in the batches that follow, after the complainant was answered
     * (the complaint stands; its list of matches grows as they commit). A batch that fails is
     * matched and tried again, {@link #ATTEMPTS} times; then the failure is logged and counted,
     * and footage registered later is still held at its registration.
     */
    private void holdRest(ComplaintSubmission s, String complaintId, long after, int budget, Instant now, int attempt) {
        store.matchFootage(criteria(s, Math.min(budget, settings.maxHoldsPerIntake())), complaintId, after)
                .compose(next -> {
                    if (next.isEmpty()) {
                        return Future.succeededFuture(false);
                    }
                    List<CustodyEvent> events = new ArrayList<>();
                    List<LegalHold> holds = holds(complaintId, next, now, events);
                    return sequencer.appendAll(events, ComplaintStore.holdMore(complaintId, holds)).map(entries -> {
                        if (budget > next.size()) {
                            holdRest(s, complaintId, next.get(next.size() - 1).seq(), budget - next.size(), now, 1);
                        }
                        return true;
                    });
                })
                .onFailure(err -> {
                    if (attempt < ATTEMPTS) {
                        holdRest(s, complaintId, after, budget, now, attempt + 1);
                    } else {
                        holdsLeftUnplaced.incrementAndGet();
                        log.error("complaint {} was received, but holding the footage it matches beyond its first batch"
                                + " failed {} times; hold it by hand (bulk holds, matter {}): {}", complaintId, ATTEMPTS,
                                complaintId, err.toString());
                    }
                });
    }

    /** Complaints whose automatic holds could not all be placed after the answer (for metrics and tests). */
    public long holdsLeftUnplaced() {
        return holdsLeftUnplaced.get();
    }

    /** The non-personal facts a transparency report counts: nothing a person could be found by. */
    private static Map<String, String> receivedDetails(ComplaintRow row, Sha256Digest commitment, long matching) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("category", row.content().category().code());
        d.put("commitment", commitment.hex());
        d.put("footageMatched", Long.toString(matching));
        d.put("dueBy", CustodyEvent.formatTime(row.dueAt()));
        return d;
    }

    private ComplaintStore.MatchCriteria criteria(ComplaintSubmission s, int limit) {
        return new ComplaintStore.MatchCriteria(s.occurredFrom().minus(settings.matchMargin()),
                s.occurredTo().plus(settings.matchMargin()), s.incident(),
                s.lat() == null ? null : Double.valueOf(s.lat()), s.lon() == null ? null : Double.valueOf(s.lon()),
                s.radiusM() == null ? null : s.radiusM().intValue(), s.officers(), limit);
    }

    private static Received received(ComplaintRow row, String secret, List<AppendedEntry> entries,
                                     List<ComplaintStore.MatchedFootage> matched) {
        AppendedEntry first = entries.get(0);
        Receipt receipt = new Receipt(row.id(), first.checkpoint().origin(), row.salt(),
                new String(row.canonical(), StandardCharsets.UTF_8), Sha256Digest.of(row.commitment()).hex(),
                first.index(), first.event().leafBytes(), first.checkpointNote(), first.inclusionProof());
        return new Received(row, secret, receipt, first, matched.size());
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
