package org.custodyledger.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.NoteVerifier;
import org.junit.jupiter.api.Test;

/** The witness's decision in the spec's order: 404, 403, 400, 409, 422, or cosign; mutated requests refused. */
class WitnessDecisionTest {
    private static final WitnessTestLog log = new WitnessTestLog(300, (byte) 7, "entry ");
    private static final WitnessTestLog forger = new WitnessTestLog(300, (byte) 8, "forged entry ");
    private static final List<NoteVerifier> keys = List.of(log.signer.verifier());

    private static WitnessDecision decide(AddCheckpointRequest r, Checkpoint latest) {
        return Witnessing.decide(r, keys, latest);
    }

    @Test
    void consistentCheckpointsAreCosignedFromEverySize() {
        for (long from : new long[] {1, 2, 7, 8, 9, 100, 255, 256, 257}) {
            for (long to : new long[] {from, from + 1, 257, 299, 300}) {
                if (to < from) {
                    continue;
                }
                WitnessDecision d = decide(log.request(from, to), log.checkpoint(from));
                WitnessDecision.Cosign cosign = assertInstanceOf(WitnessDecision.Cosign.class, d, from + " -> " + to);
                assertEquals(log.checkpoint(to), cosign.checkpoint());
                assertEquals(log.checkpoint(to).body(), cosign.checkpointText());
                assertEquals(200, d.status().code());
            }
        }
    }

    @Test
    void firstContactNeedsOldZeroAndNoProof() {
        assertInstanceOf(WitnessDecision.Cosign.class, decide(log.request(0, 300), null));
        assertInstanceOf(WitnessDecision.Cosign.class, decide(log.request(0, 0), null));
        WitnessDecision d = decide(new AddCheckpointRequest(0, log.proof(5, 300), log.note(300)), null);
        assertEquals(new WitnessDecision.Refused(WitnessStatus.MALFORMED, "old size 0 takes an empty proof, got "
                + log.proof(5, 300).size() + " hashes"), d);
    }

    @Test
    void unknownOriginIs404() {
        WitnessDecision d = Witnessing.decide(log.request(0, 10), List.of(), null);
        assertEquals(new WitnessDecision.Refused(WitnessStatus.UNKNOWN_LOG, "unknown log origin \"example.com/test-log\""), d);
        assertEquals(404, d.status().code());
    }

    @Test
    void badOrForeignSignatureIs403() {
        WitnessDecision d = decide(forger.request(0, 10), null);
        assertEquals(WitnessStatus.FORBIDDEN, d.status());
        assertEquals("checkpoint signature: no signature by a known key", ((WitnessDecision.Refused) d).reason());
        String note = log.note(10);
        String tampered = note.replace("\n10\n", "\n11\n");
        assertEquals(WitnessStatus.FORBIDDEN, decide(new AddCheckpointRequest(0, List.of(), tampered), null).status());
        // Flip one base64 character of the signature: still well-formed, no longer valid.
        int at = note.length() - 10;
        String flipped = note.substring(0, at) + (note.charAt(at) == 'A' ? 'B' : 'A') + note.substring(at + 1);
        assertEquals(WitnessStatus.FORBIDDEN, decide(new AddCheckpointRequest(0, List.of(), flipped), null).status());
    }

    @Test
    void malformedNoteIs400() {
        String noSignature = log.checkpoint(10).body() + "\n";
        assertEquals(WitnessStatus.MALFORMED, decide(new AddCheckpointRequest(0, List.of(), noSignature), null).status());
        assertEquals(WitnessStatus.MALFORMED,
                decide(new AddCheckpointRequest(0, List.of(), log.checkpoint(10).body()), null).status());
    }

    @Test
    void oldSizeAboveCheckpointIs400() {
        WitnessDecision d = decide(new AddCheckpointRequest(20, List.of(), log.note(10)), log.checkpoint(20));
        assertEquals(new WitnessDecision.Refused(WitnessStatus.MALFORMED, "old size 20 is above the checkpoint size 10"), d);
    }

    @Test
    void wrongOldSizeIs409WithTheWitnessSize() {
        WitnessDecision d = decide(log.request(0, 300), log.checkpoint(100));
        WitnessDecision.Conflict c = assertInstanceOf(WitnessDecision.Conflict.class, d);
        assertEquals(100, c.witnessSize());
        assertEquals("100\n", c.body());
        assertEquals(409, d.status().code());
        assertEquals(0, ((WitnessDecision.Conflict) decide(log.request(50, 300), null)).witnessSize());
        assertEquals(100, ((WitnessDecision.Conflict) decide(log.request(99, 300), log.checkpoint(100))).witnessSize());
    }

    @Test
    void sameSizeWithAnotherRootIs409() {
        Checkpoint other = new Checkpoint(WitnessTestLog.ORIGIN, 100, forger.checkpoint(100).root());
        WitnessDecision d = decide(log.request(100, 100), other);
        WitnessDecision.Conflict c = assertInstanceOf(WitnessDecision.Conflict.class, d);
        assertEquals(100, c.witnessSize());
        assertTrue(c.reason().startsWith("size 100 was cosigned with root "), c.reason());
    }

    @Test
    void badProofsAre422() {
        // A fork: the witness holds the forger's size-100 tree, the log proves from its own.
        Checkpoint forked = new Checkpoint(WitnessTestLog.ORIGIN, 100, forger.checkpoint(100).root());
        assertEquals(WitnessStatus.INCONSISTENT, decide(log.request(100, 300), forked).status());
        List<byte[]> proof = log.proof(100, 300);
        Checkpoint at100 = log.checkpoint(100);
        for (int i = 0; i < proof.size(); i++) {
            for (int bit = 0; bit < 256; bit += 37) {
                List<byte[]> mutated = new ArrayList<>(proof);
                byte[] h = mutated.get(i).clone();
                h[bit / 8] ^= (byte) (1 << (bit % 8));
                mutated.set(i, h);
                WitnessDecision d = decide(new AddCheckpointRequest(100, mutated, log.note(300)), at100);
                assertEquals(WitnessStatus.INCONSISTENT, d.status(), "hash " + i + " bit " + bit);
            }
        }
        List<byte[]> shorter = proof.subList(0, proof.size() - 1);
        WitnessDecision d = decide(new AddCheckpointRequest(100, shorter, log.note(300)), at100);
        assertEquals(WitnessStatus.INCONSISTENT, d.status());
        assertTrue(((WitnessDecision.Refused) d).reason().contains("wrong proof size"), d.toString());
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(new byte[32]);
        assertEquals(WitnessStatus.INCONSISTENT, decide(new AddCheckpointRequest(100, longer, log.note(300)), at100).status());
        assertEquals(WitnessStatus.INCONSISTENT,
                decide(new AddCheckpointRequest(100, log.proof(99, 300), log.note(300)), at100).status());
        assertEquals(WitnessStatus.INCONSISTENT,
                decide(new AddCheckpointRequest(100, List.of(new byte[32]), log.note(100)), at100).status());
    }

    @Test
    void latestOfAnotherLogIsAProgrammingError() {
        Checkpoint other = new Checkpoint("example.com/other", 1, log.checkpoint(1).root());
        assertThrows(IllegalArgumentException.class, () -> decide(log.request(1, 2), other));
    }
}
