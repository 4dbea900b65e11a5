package org.custodyledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.LoggedEvent;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.KeyPeriod;
import org.custodyledger.note.NoteSigner;
import org.junit.jupiter.api.Test;

/** Each event is accepted only with a valid signature by the key current at its index, and not once that key is revoked. */
class EventKeysTest {
    private static final String ORIGIN = "custody-ledger.test/log";
    private static final NoteSigner OLD = new NoteSigner(ORIGIN, Ed25519Keys.generate());
    private static final NoteSigner NEW = new NoteSigner(ORIGIN, Ed25519Keys.generate());
    /** OLD signed entries 0 to 9, NEW from 10 on. */
    private static final List<KeyPeriod> HISTORY = List.of(new KeyPeriod(OLD.verifier(), 0L, 10L, null),
            new KeyPeriod(NEW.verifier(), 10L, null, null));

    private static LoggedEvent signed(NoteSigner by, long index) {
        CustodyEvent e = CustodyEvent.of("f-1", Sha256Hasher.hash(new byte[] {1}), EventType.VIEWED, "alice", "reviewer",
                Instant.parse("2026-11-28T00:00:00Z"), "review", null, null);
        return new LoggedEvent(index, new EventSigner(by).sign(e));
    }

    private static Check check(NoteSigner by, long index, EventKeys keys) {
        return LedgerChecks.eventSignature(signed(by, index), keys);
    }

    @Test
    void eachKeyIsAcceptedForItsOwnPeriodOnly() {
        EventKeys keys = EventKeys.of(HISTORY);
        assertTrue(check(OLD, 0, keys).ok());
        assertTrue(check(OLD, 9, keys).ok());
        assertTrue(check(NEW, 10, keys).ok());
        assertTrue(check(NEW, 1_000, keys).ok());
        Check late = check(OLD, 10, keys);
        assertEquals(new Check("event-signature@10", false, "signed by key " + ORIGIN + "+" + OLD.verifier().keyIdHex()
                + " at index 10, but that key was current for entries 0 to 9", null, null), late);
        Check early = check(NEW, 9, keys);
        assertEquals("signed by key " + ORIGIN + "+" + NEW.verifier().keyIdHex() + " at index 9, but that key was current"
                + " for entries from 10 on", early.detail());
        // without a history (an older bundle), any index
        assertTrue(check(OLD, 10, EventKeys.unbounded(List.of(OLD.verifier()))).ok());
    }

    @Test
    void aRevokedKeyIsReportedFromItsRevocationOn() {
        EventKeys keys = EventKeys.of(List.of(new KeyPeriod(OLD.verifier(), 0L, 10L, 4L),
                new KeyPeriod(NEW.verifier(), 10L, null, null)));
        assertTrue(check(OLD, 3, keys).ok());
        assertEquals("signed by revoked key " + OLD.verifier().keyIdHex() + " (revoked from 4)", check(OLD, 4, keys).detail());
        assertTrue(check(NEW, 10, keys).ok());
    }

    @Test
    void onlyTrustedKeysAreAcceptedAndARefusalNamesTheKeyNeeded() {
        EventKeys keys = EventKeys.forBundle(HISTORY, List.of(OLD.verifier(), NEW.verifier()), List.of(NEW.verifier()),
                Checkpoints.sign(new Checkpoint(ORIGIN, 20, ROOT), NEW));
        assertTrue(check(NEW, 10, keys).ok());
        assertEquals("signed by key " + ORIGIN + "+" + OLD.verifier().keyIdHex() + ", which is not among the trusted keys;"
                + " this event needs " + OLD.verifier().verifierKey() + " (current for entries 0 to 9)",
                check(OLD, 2, keys).detail());
        // a signature by another key under the trusted key's ID is still refused
        LoggedEvent forged = signed(OLD, 12);
        LoggedEvent relabelled = new LoggedEvent(12, new org.custodyledger.custody.SignedEvent(forged.signed().event(),
                NEW.verifier().keyIdHex(), forged.signed().signature()));
        assertEquals("invalid Ed25519 signature by " + ORIGIN + "+" + NEW.verifier().keyIdHex(),
                LedgerChecks.eventSignature(relabelled, keys).detail());
    }

    private static final byte[] ROOT = new byte[32];

    @Test
    void aBundleStrippedOfItsHistoryDoesNotLetARetiredKeySignAtAnyIndex() {
        // The history is unsigned: without it, only the key that signed the checkpoint signs events.
        String byNew = Checkpoints.sign(new Checkpoint(ORIGIN, 20, ROOT), NEW);
        EventKeys keys = EventKeys.forBundle(List.of(), List.of(NEW.verifier()), List.of(OLD.verifier(), NEW.verifier()), byNew);
        assertTrue(check(NEW, 12, keys).ok());
        assertEquals("no known key with ID " + OLD.verifier().keyIdHex(), check(OLD, 12, keys).detail());
        // an older bundle, from a log that only ever had one key, verifies as before
        String byOld = Checkpoints.sign(new Checkpoint(ORIGIN, 8, ROOT), OLD);
        assertTrue(check(OLD, 5, EventKeys.forBundle(List.of(), List.of(OLD.verifier()),
                List.of(OLD.verifier(), NEW.verifier()), byOld)).ok());
    }

    @Test
    void aCheckpointMustBeSignedByTheKeyCurrentAtItsSize() {
        EventKeys keys = EventKeys.of(HISTORY);
        assertNull(keys.checkpointRefusal(Checkpoints.sign(new Checkpoint(ORIGIN, 10, ROOT), OLD)));
        assertNull(keys.checkpointRefusal(Checkpoints.sign(new Checkpoint(ORIGIN, 15, ROOT), List.of(NEW, OLD))));
        assertNull(keys.checkpointRefusal(Checkpoints.sign(new Checkpoint(ORIGIN, 40, ROOT), NEW)));
        // the retired key vouching alone for a tree past its period (what a leaked old key can sign)
        String refusal = keys.checkpointRefusal(Checkpoints.sign(new Checkpoint(ORIGIN, 40, ROOT), OLD));
        assertEquals("the checkpoint at size 40 is signed only by [" + ORIGIN + "+" + OLD.verifier().keyIdHex()
                + " (current for entries 0 to 9)], not by the key current at that size", refusal);
        // a revoked key, even within its period
        EventKeys revoked = EventKeys.of(List.of(new KeyPeriod(OLD.verifier(), 0L, 10L, 4L),
                new KeyPeriod(NEW.verifier(), 10L, null, null)));
        assertNotNull(revoked.checkpointRefusal(Checkpoints.sign(new Checkpoint(ORIGIN, 8, ROOT), OLD)));
        assertNull(revoked.checkpointRefusal(Checkpoints.sign(new Checkpoint(ORIGIN, 4, ROOT), OLD)));
        // a key the verifier does not trust does not count
        assertNotNull(keys.trustingOnly(List.of(OLD.verifier()))
                .checkpointRefusal(Checkpoints.sign(new Checkpoint(ORIGIN, 40, ROOT), NEW)));
    }
}
