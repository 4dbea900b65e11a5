package org.custodyledger.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.note.Checkpoint;
import org.junit.jupiter.api.Test;
import org.custodyledger.note.NoteSignature;

/** The log's reading of witness answers, and a whole round trip through the pure witness. */
class WitnessRepliesTest {
    private static final WitnessTestLog log = new WitnessTestLog(40, (byte) 3, "entry ");
    private static final CosignatureSigner witness = new CosignatureSigner("witness.example/w1", CosignatureTest.seedKey());
    private static final CosignatureSigner other = new CosignatureSigner("witness.example/w2",
            new Ed25519PrivateKeyParameters(new byte[32], 0));
    private static final String TEXT = log.checkpoint(40).body();

    @Test
    void roundTripThroughTheWitnessDecision() {
        Checkpoint latest = null;
        long sentOld = 0;
        // First contact with a witness that already cosigned size 10: 409, resend from 10, cosigned.
        latest = log.checkpoint(10);
        WitnessDecision first = Witnessing.decide(log.request(sentOld, 40), List.of(log.signer.verifier()), latest);
        WitnessReply reply = WitnessReplies.interpret(first.status().code(), ((WitnessDecision.Conflict) first).body(), TEXT,
                witness.verifier());
        WitnessReply.Conflict conflict = assertInstanceOf(WitnessReply.Conflict.class, reply);
        assertTrue(conflict.canResend(sentOld, 40));
        sentOld = conflict.witnessSize();
        WitnessDecision second = Witnessing.decide(log.request(sentOld, 40), List.of(log.signer.verifier()), latest);
        WitnessDecision.Cosign cosign = assertInstanceOf(WitnessDecision.Cosign.class, second);
        String body = CosignatureLines.encode(List.of(witness.sign(cosign.checkpointText(), 1_700_000_000L)));
        WitnessReply.Cosigned done = assertInstanceOf(WitnessReply.Cosigned.class,
                WitnessReplies.interpret(200, body, TEXT, witness.verifier()));
        assertEquals(1_700_000_000L, done.cosignature().timestamp());
        assertEquals(body, done.cosignature().line());
    }

    @Test
    void linesByOtherKeysAreIgnored() {
        String body = other.sign(TEXT, 5).line() + witness.sign(TEXT, 6).line();
        WitnessReply.Cosigned c = assertInstanceOf(WitnessReply.Cosigned.class,
                WitnessReplies.interpret(200, body, TEXT, witness.verifier()));
        assertEquals(6, c.cosignature().timestamp());
        WitnessReply.Failed f = assertInstanceOf(WitnessReply.Failed.class,
                WitnessReplies.interpret(200, other.sign(TEXT, 5).line(), TEXT, witness.verifier()));
        assertEquals("no cosignature by witness.example/w1+e75f6532", f.reason());
    }

    @Test
    void badCosignaturesAreFailures() {
        String otherCheckpoint = log.checkpoint(39).body();
        WitnessReply.Failed f = assertInstanceOf(WitnessReply.Failed.class,
                WitnessReplies.interpret(200, witness.sign(otherCheckpoint, 6).line(), TEXT, witness.verifier()));
        assertEquals("invalid cosignature by witness.example/w1 (time 6)", f.reason());
        for (String body : new String[] {"", "\n", "garbage\n", witness.sign(TEXT, 6).line().strip(),
                witness.sign(TEXT, 6).line() + "\n" + witness.sign(TEXT, 7).line()}) {
            assertInstanceOf(WitnessReply.Failed.class, WitnessReplies.interpret(200, body, TEXT, witness.verifier()), body);
        }
        // A log-style signature (no timestamp) under the witness's name and key ID is malformed.
        String logStyle = new NoteSignature(witness.name(), witness.verifier().keyId(), new byte[64]).line();
        f = assertInstanceOf(WitnessReply.Failed.class, WitnessReplies.interpret(200, logStyle, TEXT, witness.verifier()));
        assertTrue(f.reason().startsWith("malformed cosignature by witness.example/w1"), f.reason());
    }

    @Test
    void statusesMapToTheirMeaning() {
        assertEquals(new WitnessReply.Conflict(17), WitnessReplies.interpret(409, "17\n", TEXT, witness.verifier()));
        assertInstanceOf(WitnessReply.Failed.class, WitnessReplies.interpret(409, "seventeen", TEXT, witness.verifier()));
        assertInstanceOf(WitnessReply.Inconsistent.class, WitnessReplies.interpret(422, "bad proof", TEXT, witness.verifier()));
        assertEquals(403, ((WitnessReply.Failed) WitnessReplies.interpret(403, "", TEXT, witness.verifier())).status());
        assertEquals(404, ((WitnessReply.Failed) WitnessReplies.interpret(404, null, TEXT, witness.verifier())).status());
        assertEquals(400, ((WitnessReply.Failed) WitnessReplies.interpret(400, "", TEXT, witness.verifier())).status());
        assertEquals(503, ((WitnessReply.Failed) WitnessReplies.interpret(503, "", TEXT, witness.verifier())).status());
    }

    @Test
    void conflictsThatCannotBeResolvedByResending() {
        assertFalse(new WitnessReply.Conflict(40).canResend(40, 40), "same size, other root: split view");
        assertFalse(new WitnessReply.Conflict(50).canResend(10, 40), "the witness has a bigger tree");
        assertTrue(new WitnessReply.Conflict(40).canResend(10, 40));
        assertTrue(new WitnessReply.Conflict(40).otherRootAt(40));
        assertFalse(new WitnessReply.Conflict(40).otherRootAt(10));
        assertTrue(new WitnessReply.Conflict(50).ahead(40), "another instance's newer tree, or a fork: the log's store decides");
        assertFalse(new WitnessReply.Conflict(40).ahead(40));
        assertThrows(IllegalArgumentException.class, () -> CosignatureLines.encode(List.of()));
    }
}
