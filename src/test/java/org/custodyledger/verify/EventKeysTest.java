package org.custodyledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.LoggedEvent;
import org.custodyledger.hash.Sha256Hasher;
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
        EventKeys keys = EventKeys.forBundle(HISTORY, List.of(OLD.verifier(), NEW.verifier()), List.of(NEW.verifier()));
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
}
