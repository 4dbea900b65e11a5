package org.custodyledger.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteSigner;
import org.junit.jupiter.api.Test;
import java.util.Base64;

/** tlog-policy: the spec's example evaluated over every subset of witnesses, and each malformed policy refused by line. */
class PolicyTest {
    private static final String[] NAMES = {"X1", "X2", "X3", "Y1", "Y2", "Y3"};
    private static final NoteSigner LOG = new NoteSigner("example.com/log", key(100));

    static Ed25519PrivateKeyParameters key(int seed) {
        byte[] b = new byte[32];
        b[0] = (byte) seed;
        return new Ed25519PrivateKeyParameters(b, 0);
    }

    static CosignatureSigner signer(int i) {
        return new CosignatureSigner("witness.example/" + NAMES[i].toLowerCase(), key(i + 1));
    }

    static String vkey(int i) {
        return signer(i).verifier().verifierKey();
    }

    static String specExample() {
        return "log " + LOG.verifier().verifierKey() + " https://example.com/log\n\n"
                + "witness X1 " + vkey(0) + "\n"
                + "witness X2 " + vkey(1) + "\n"
                + "witness X3 " + vkey(2) + " https://x3.example/\n"
                + "group X-witnesses 2 X1 X2 X3\n\n"
                + "witness Y1 " + vkey(3) + "\n"
                + "witness Y2 " + vkey(4) + "\n"
                + "witness Y3 " + vkey(5) + "\n"
                + "group Y-witnesses any Y1 Y2 Y3\n\n"
                + "group X-and-Y all X-witnesses Y-witnesses\n"
                + "quorum X-and-Y\n";
    }

    @Test
    void specExampleOverEverySubset() throws WitnessException {
        Policy policy = PolicyParser.parse(specExample());
        assertEquals(1, policy.logs().size());
        assertEquals("https://example.com/log", policy.logs().get(0).url());
        assertEquals(List.of(NAMES), List.copyOf(policy.witnesses().keySet()));
        assertEquals("https://x3.example/", policy.witnesses().get("X3").url());
        assertEquals(2, policy.groups().get("X-witnesses").threshold());
        assertEquals(1, policy.groups().get("Y-witnesses").threshold());
        assertEquals(2, policy.groups().get("X-and-Y").threshold());
        for (int mask = 0; mask < 64; mask++) {
            Set<String> cosigned = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                if ((mask & (1 << i)) != 0) {
                    cosigned.add(NAMES[i]);
                }
            }
            boolean want = Integer.bitCount(mask & 7) >= 2 && (mask & 56) != 0;
            assertEquals(want, policy.quorumMet(cosigned), cosigned.toString());
        }
        assertFalse(policy.quorumMet(Set.of("X1", "X2", "unknown")));
    }

    @Test
    void quorumNoneAndSingleWitness() throws WitnessException {
        assertTrue(PolicyParser.parse("quorum none\n").quorumMet(Set.of()));
        Policy one = PolicyParser.parse("witness W " + vkey(0) + "\nquorum W");
        assertTrue(one.quorumMet(Set.of("W")));
        assertFalse(one.quorumMet(Set.of()));
    }

    @Test
    void whitespaceAndCommentsAreIgnored() throws WitnessException {
        Policy p = PolicyParser.parse("# a policy\n  \t\n\t# indented comment\n \twitness\tA  " + vkey(0) + " \t\n"
                + "witness B " + vkey(1) + "\ngroup G 1 A B\t\nquorum G  \n");
        assertEquals(List.of("A", "B"), p.groups().get("G").members());
    }

    @Test
    void cosignedCheckpointMeetsTheQuorum() throws WitnessException {
        Policy policy = PolicyParser.parse(specExample());
        byte[] root = Base64.getDecoder().decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
        Checkpoint cp = new Checkpoint("example.com/log", 7, root);
        String body = cp.body();
        assertEquals("example.com/log\n7\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", body);
        String note = Checkpoints.sign(cp, LOG);
        CosignatureSigner stranger = new CosignatureSigner("witness.example/x1", key(77));
        String cosigned = note + signer(0).sign(body, 10).line() + signer(1).sign(body, 11).line()
                + stranger.sign(body, 12).line();
        Policy.Verdict v = policy.check(cosigned);
        assertEquals(7, v.checkpoint().size());
        assertEquals(Set.of("X1", "X2"), v.cosigners());
        assertFalse(v.quorumMet());
        v = policy.check(cosigned + signer(4).sign(body, 13).line());
        assertEquals(Set.of("X1", "X2", "Y2"), v.cosigners());
        assertTrue(v.quorumMet());
        // A cosignature over another body counts for nothing.
        v = policy.check(note + signer(0).sign(body, 10).line() + signer(1).sign(body.replace("\n7\n", "\n8\n"), 11).line()
                + signer(4).sign(body, 13).line());
        assertEquals(Set.of("X1", "Y2"), v.cosigners());
        assertFalse(v.quorumMet());
        String forged = Checkpoints.sign(cp, new NoteSigner("example.com/log", key(101)));
        assertThrows(WitnessException.class, () -> policy.check(forged));
        assertEquals("the policy lists no log with origin \"example.com/other\"", assertThrows(WitnessException.class,
                () -> policy.check(Checkpoints.sign(new Checkpoint("example.com/other", 7, root),
                        new NoteSigner("example.com/other", key(100))))).getMessage());
    }

    @Test
    void malformedPoliciesAreRefusedNamingTheLine() {
        String w1 = "witness A " + vkey(0) + "\n";
        String w2 = "witness B " + vkey(1) + "\n";
        String[][] cases = {
                {"", "policy: no quorum line (write \"quorum none\" to require no cosignatures)"},
                {w1, "policy: no quorum line (write \"quorum none\" to require no cosignatures)"},
                {"frobnicate x\nquorum none\n", "policy line 1: unknown keyword \"frobnicate\" (want log, witness, group or quorum)"},
                {"quorum none\nquorum none\n", "policy line 2: a second quorum line (the first says none)"},
                {"quorum A\n" + w1, "policy line 1: quorum \"A\" is not none or a witness or group defined above"},
                {"quorum\n", "policy line 1: want \"quorum <name>\", got 0 field(s)"},
                {"quorum none extra\n", "policy line 1: want \"quorum <name>\", got 2 field(s)"},
                {w1 + "group G any A B\n" + w2 + "quorum G\n", "policy line 2: group G member \"B\" is not a witness or group defined above"},
                {w1 + "group G any A G\nquorum G\n", "policy line 2: group G member \"G\" is not a witness or group defined above"},
                {w1 + "group G any A A\nquorum G\n", "policy line 2: group G lists \"A\" twice"},
                {w1 + "group G any none\nquorum G\n", "policy line 2: \"none\" cannot be a group member"},
                {w1 + "group G any\nquorum G\n", "policy line 2: want \"group <name> <k>|any|all <member>...\" with at least one member"},
                {w1 + w2 + "group G 3 A B\nquorum G\n", "policy line 3: group G threshold 3 is above its 2 member(s)"},
                {w1 + w2 + "group G 0 A B\nquorum G\n", "policy line 3: group G threshold \"0\" is not any, all or a decimal number from 1"},
                {w1 + w2 + "group G 01 A B\nquorum G\n", "policy line 3: group G threshold \"01\" is not any, all or a decimal number from 1"},
                {w1 + w2 + "group G -1 A B\nquorum G\n", "policy line 3: group G threshold \"-1\" is not any, all or a decimal number from 1"},
                {w1 + w2 + "group G ALL A B\nquorum G\n", "policy line 3: group G threshold \"ALL\" is not any, all or a decimal number from 1"},
                {w1 + "group A any A\nquorum A\n", "policy line 2: name \"A\" is already defined"},
                {w1 + "witness A " + vkey(1) + "\nquorum A\n", "policy line 2: name \"A\" is already defined"},
                {w1 + "witness B " + vkey(0) + "\nquorum A\n", "policy line 2: duplicate witness: the key of B is already listed"},
                {"witness none " + vkey(0) + "\nquorum none\n", "policy line 1: \"none\" is predefined and cannot be redefined"},
                {w1 + "group none any A\nquorum none\n", "policy line 2: \"none\" is predefined and cannot be redefined"},
                {"witness A\nquorum none\n", "policy line 1: want \"witness <name> <vkey> [<url>]\", got 1 field(s)"},
                {"witness A " + vkey(0) + " url extra\nquorum none\n", "policy line 1: want \"witness <name> <vkey> [<url>]\", got 4 field(s)"},
                {"witness A " + LOG.verifier().verifierKey() + "\nquorum none\n",
                        "policy line 1: witness A key: verifier key example.com/log has type 0x01, a cosignature/v1 key has type 0x04"},
                {"log " + vkey(0) + "\nquorum none\n",
                        "policy line 1: log key: verifier key is not an Ed25519 key (0x01 followed by 32 bytes)"},
                {"log " + LOG.verifier().verifierKey() + "\nlog " + LOG.verifier().verifierKey() + " https://mirror\nquorum none\n",
                        "policy line 2: duplicate log: the key of example.com/log is already listed"},
                {"log\nquorum none\n", "policy line 1: want \"log <vkey> [<url>]\", got 0 field(s)"},
                {"quorum none\r\n", "policy line 1: control character 0xd at column 12 (lines must end in \\n alone)"},
                {"quorum\u0000none\n", "policy line 1: control character 0x0 at column 7"},
                {"Quorum none\n", "policy line 1: unknown keyword \"Quorum\" (want log, witness, group or quorum)"},
        };
        for (String[] c : cases) {
            WitnessException e = assertThrows(WitnessException.class, () -> PolicyParser.parse(c[0]), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }

    @Test
    void deepNestingEvaluates() throws WitnessException {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            p.append("witness ").append(NAMES[i]).append(' ').append(vkey(i)).append('\n');
        }
        p.append("group L1 all X1 X2\ngroup L2 any L1 X3\ngroup L3 2 L2 Y1 Y2\ngroup L4 1 L3\nquorum L4\n");
        Policy policy = PolicyParser.parse(p.toString());
        assertTrue(policy.quorumMet(Set.of("X3", "Y1")));
        assertTrue(policy.quorumMet(Set.of("X1", "X2", "Y2")));
        assertFalse(policy.quorumMet(Set.of("X1", "Y1")));
        assertTrue(policy.quorumMet(Set.of("Y1", "Y2")));
        assertFalse(policy.quorumMet(Set.of("Y3", "X3")));
    }
}
