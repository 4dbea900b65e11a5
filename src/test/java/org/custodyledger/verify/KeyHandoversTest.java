package org.custodyledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.KeyPeriod;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.TrustedKey;
import org.junit.jupiter.api.Test;

/** The readable key history held to the signed handovers; revocations read from key-file lines. */
class KeyHandoversTest {
    private static final String ORIGIN = "custody-ledger.test/log";
    private static final NoteSigner OLD = new NoteSigner(ORIGIN, Ed25519Keys.generate());
    private static final NoteSigner NEW = new NoteSigner(ORIGIN, Ed25519Keys.generate());
    private static final List<KeyPeriod> HISTORY = List.of(new KeyPeriod(OLD.verifier(), 0L, 10L, null),
            new KeyPeriod(NEW.verifier(), 10L, null, null));

    private static String note(long size, List<NoteSigner> by) {
        return Checkpoints.sign(new Checkpoint(ORIGIN, size, Rfc6962.emptyRoot()), by);
    }

    @Test
    void aLedgerThatNeverRotatedNeedsNoHandoverAndMakesNoCheck() {
        List<KeyPeriod> one = List.of(new KeyPeriod(OLD.verifier(), 0L, null, null));
        KeyHandovers.Result r = KeyHandovers.check(one, List.of(), List.of(OLD.verifier()));
        assertEquals(List.of(), r.checks());
        assertEquals(one, r.periods());
        assertEquals(List.of(), KeyHandovers.check(List.of(), List.of(), List.of()).checks(), "a bundle from before histories");
    }

    @Test
    void aHandoverSignedByBothAtOrAfterTheBoundaryPasses() {
        KeyHandovers.Result r = KeyHandovers.check(HISTORY, List.of(note(12, List.of(NEW, OLD))),
                List.of(OLD.verifier(), NEW.verifier()));
        assertTrue(r.checks().stream().allMatch(Check::ok), r.checks().toString());
        assertEquals(List.of("key-handover@10", "key-history"), r.checks().stream().map(Check::name).toList());
        assertEquals(HISTORY, r.periods());
    }

    @Test
    void anOldKeyRunningPastItsHandoverIsRefusedAndCutBack() {
        List<KeyPeriod> edited = List.of(new KeyPeriod(OLD.verifier(), 0L, 20L, null),
                new KeyPeriod(NEW.verifier(), 20L, null, null));
        KeyHandovers.Result r = KeyHandovers.check(edited, List.of(note(12, List.of(NEW, OLD))),
                List.of(OLD.verifier(), NEW.verifier()));
        Check handover = r.checks().get(0);
        assertFalse(handover.ok());
        assertTrue(handover.detail().endsWith("is the checkpoint of size 12: the old key signs nothing from entry 12 on"),
                handover.detail());
        assertEquals(12L, r.periods().get(0).lastSize(), "the event checks hold the old key to its signed period");
    }

    @Test
    void aHandoverWithOneSignatureOrNoneIsRefused() {
        for (NoteSigner only : List.of(OLD, NEW)) {
            KeyHandovers.Result r = KeyHandovers.check(HISTORY, List.of(note(12, List.of(only))),
                    List.of(OLD.verifier(), NEW.verifier()));
            assertFalse(r.checks().get(0).ok());
            assertTrue(r.checks().get(0).detail().contains("a handover must carry valid signatures by both"),
                    r.checks().get(0).detail());
        }
        KeyHandovers.Result none = KeyHandovers.check(HISTORY, List.of(), List.of(OLD.verifier(), NEW.verifier()));
        assertTrue(none.checks().get(0).detail().endsWith("the bundle carries no checkpoint signed by both keys (keyHandovers)"));
    }

    @Test
    void aKeyNamedTwiceInTheHistoryIsRefusedAndKeepsOnlyItsFirstPeriod() {
        String handover = note(12, List.of(NEW, OLD));
        List<KeyPeriod> back = List.of(new KeyPeriod(OLD.verifier(), 0L, 12L, null), new KeyPeriod(NEW.verifier(), 12L, 12L, null),
                new KeyPeriod(OLD.verifier(), 12L, null, null));
        List<KeyPeriod> toItself = List.of(new KeyPeriod(OLD.verifier(), 0L, 12L, null),
                new KeyPeriod(OLD.verifier(), 12L, null, null));
        for (List<KeyPeriod> history : List.of(back, toItself)) {
            KeyHandovers.Result r = KeyHandovers.check(history, List.of(handover, handover), List.of(OLD.verifier(), NEW.verifier()));
            assertEquals(List.of(Check.fail(KeyHandovers.HISTORY, "keyHistory names a key more than once (" + ORIGIN + "+"
                    + OLD.verifier().keyIdHex() + "): each key is current for one run of entries and hands over to a"
                    + " different key")), r.checks());
            assertEquals(12L, r.periods().get(0).lastSize(), "the old key is not current from 12 on");
            assertEquals(history.size() - 1, r.periods().size());
            assertThrows(IllegalArgumentException.class, () -> EventKeys.of(history), "no period overwrites another");
        }
    }

    @Test
    void theSameHandoverTwiceOrOutOfOrderIsRefused() {
        String handover = note(12, List.of(NEW, OLD));
        KeyHandovers.Result twice = KeyHandovers.check(HISTORY, List.of(handover, handover),
                List.of(OLD.verifier(), NEW.verifier()));
        assertEquals("keyHandovers[1] (size 12) is not larger than keyHandovers[0] (size 12): the log's handovers come"
                + " oldest first, one per rotation (it is the same note twice)", twice.checks().get(1).detail());
        assertFalse(twice.checks().get(1).ok());

        NoteSigner third = new NoteSigner(ORIGIN, Ed25519Keys.generate());
        List<KeyPeriod> three = List.of(new KeyPeriod(OLD.verifier(), 0L, 10L, null), new KeyPeriod(NEW.verifier(), 10L, 20L, null),
                new KeyPeriod(third.verifier(), 20L, null, null));
        // One note signed by all three keys cannot stand for both rotations; sizes must increase rotation by rotation.
        String all = note(22, List.of(third, NEW, OLD));
        KeyHandovers.Result reused = KeyHandovers.check(three, List.of(all, note(12, List.of(NEW, OLD))),
                List.of(OLD.verifier(), NEW.verifier(), third.verifier()));
        assertFalse(reused.checks().stream().allMatch(Check::ok), reused.checks().toString());
        KeyHandovers.Result inOrder = KeyHandovers.check(three, List.of(note(12, List.of(NEW, OLD)),
                note(22, List.of(third, NEW))), List.of(OLD.verifier(), NEW.verifier(), third.verifier()));
        assertTrue(inOrder.checks().stream().allMatch(Check::ok), inOrder.checks().toString());
    }

    @Test
    void keyFileLinesCarryARevocationAndNothingElse() throws NoteException {
        String key = OLD.verifier().verifierKey();
        assertEquals(key, TrustedKey.parse(key).line(), "a plain verifier key line stays valid");
        assertEquals(null, TrustedKey.parse(key).revokedFrom());
        TrustedKey revoked = TrustedKey.parse(key + "  revoked-from=42");
        assertEquals(42L, revoked.revokedFrom());
        assertEquals(key + " revoked-from=42", revoked.line());
        assertTrue(revoked.revokedAt(42) && !revoked.revokedAt(41));
        assertThrows(NoteException.class, () -> TrustedKey.parse(key + " trusted"));
        assertThrows(NoteException.class, () -> TrustedKey.parse(key + " revoked-from=-1"));
        assertThrows(NoteException.class, () -> TrustedKey.parse(key + " revoked-from=1 revoked-from=2"));
        assertEquals(2, TrustedKey.parseFile(List.of("# keys", "", key, NEW.verifier().verifierKey() + " revoked-from=0")).size());
    }
}
