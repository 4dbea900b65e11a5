package org.custodyledger.verify;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.SignedNote;
import org.custodyledger.timestamp.TimestampException;
import org.custodyledger.timestamp.TimestampTokens;
import org.custodyledger.timestamp.VerifiedToken;

/**
 * What a bundle's RFC 3161 timestamp proves, checked offline: the token verifies against the
 * trusted TSA certificates over SHA-256 of the carried checkpoint note's exact bytes; that note
 * is signed by the log's trusted key; and its tree is the bundle checkpoint's tree or a prefix
 * of it (consistency proof), so the events it covers are the very entries the bundle proves.
 * Together: every bundle event at a log index below the note's size existed no later than the
 * token's time, by the TSA's word rather than the agency's.
 */
public final class TimestampChecks {
    public static final String TOKEN = "timestamp-token";
    public static final String CHECKPOINT = "timestamp-checkpoint-signature";
    public static final String CONSISTENCY = "timestamp-consistency";

    /** The checks, in order; the verified token and the stamped checkpoint when they passed (else null). */
    public record Outcome(List<Check> checks, VerifiedToken token, Checkpoint stamped) {
        public boolean verified() {
            return token != null && stamped != null && checks.stream().allMatch(Check::ok);
        }
    }

    private TimestampChecks() {
    }

    /**
     * @param bundleCheckpoint the bundle's checkpoint note (its own signature is checked with the bundle's checks)
     * @param trusted          the log keys the checkpoints may be signed by
     * @param tsaCerts         the TSA certificates or CAs a token must lead to
     */
    public static Outcome check(TimestampEvidence ts, String bundleCheckpoint, List<NoteVerifier> trusted,
                                List<X509Certificate> tsaCerts) {
        List<Check> checks = new ArrayList<>();
        VerifiedToken token = null;
        try {
            token = TimestampTokens.verify(ts.token(), ts.checkpoint().getBytes(StandardCharsets.UTF_8), tsaCerts);
            checks.add(Check.pass(TOKEN, "RFC 3161 token of " + token.genTime() + " by " + token.signer()
                    + " over SHA-256 of the carried checkpoint note, leading to a trusted TSA certificate"));
        } catch (TimestampException e) {
            checks.add(Check.fail(TOKEN, e.getMessage()));
        }
        Checkpoint stamped = FootageVerifier.checkpoint(ts.checkpoint(), trusted, checks, CHECKPOINT);
        boolean signed = checks.get(checks.size() - 1).ok();
        Checkpoint bundle;
        try {
            bundle = Checkpoint.parse(SignedNote.parse(bundleCheckpoint).text());
        } catch (NoteException | RuntimeException e) {
            checks.add(Check.fail(CONSISTENCY, "the bundle's checkpoint is not readable: " + e.getMessage()));
            return new Outcome(checks, null, null);
        }
        checks.add(consistency(ts, stamped, bundle));
        return new Outcome(checks, token, signed ? stamped : null);
    }

    /** The stamped tree is the bundle's tree or a prefix of it, and the size the bundle states is the note's. */
    private static Check consistency(TimestampEvidence ts, Checkpoint stamped, Checkpoint bundle) {
        if (stamped == null) {
            return Check.fail(CONSISTENCY, "the timestamped note is not a checkpoint");
        }
        if (stamped.size() != ts.treeSize()) {
            return Check.fail(CONSISTENCY, "the timestamp states a tree size its note does not have",
                    Long.toString(stamped.size()), Long.toString(ts.treeSize()));
        }
        if (stamped.size() > bundle.size()) {
            return Check.fail(CONSISTENCY, "the timestamped tree is larger than the bundle's checkpoint",
                    "≤ " + bundle.size(), Long.toString(stamped.size()));
        }
        Check c = LedgerChecks.consistency(stamped, bundle, ts.consistencyProof());
        return new Check(CONSISTENCY, c.ok(), c.detail(), c.expected(), c.actual());
    }

    /**
     * The sentence a reader needs, once the checks passed: which entries existed no later than
     * the token's time, and how many of the bundle's events (log indexes {@code eventIndexes}) that covers.
     */
    public static String statement(VerifiedToken token, Checkpoint stamped, List<Long> eventIndexes) {
        Instant at = token.genTime();
        long covered = eventIndexes.stream().filter(i -> i < stamped.size()).count();
        long last = eventIndexes.stream().filter(i -> i < stamped.size()).mapToLong(Long::longValue).max().orElse(-1);
        return "existed no later than " + at + " (RFC 3161 time of " + token.signer() + "): log entries 0.."
                + (stamped.size() - 1) + ", " + covered + " of this bundle's " + eventIndexes.size() + " events"
                + (covered == 0 ? "" : ", the last at index " + last)
                + (covered == eventIndexes.size() ? "" : "; later events are not covered by this timestamp");
    }
}
