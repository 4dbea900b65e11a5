package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.testing.Cli;
import org.custodyledger.witness.CosignatureSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor against a stand-in tile server: every way a log can disagree with what it signed before. */
class MonitorCommandTest {
    static final String ORIGIN = "agency.example/log";
    static final NoteSigner LOG = FakeTlog.signer(ORIGIN, 7);
    @TempDir
    Path dir;
    FakeTlog tlog;

    @BeforeEach
    void start() throws Exception {
        tlog = new FakeTlog();
    }

    @AfterEach
    void stop() {
        tlog.close();
    }

    Cli.Result monitor(String... extra) {
        String[] base = {"monitor", "--log", tlog.url(), "--key", LOG.verifier().verifierKey(), "--state",
                dir.resolve("state").toString(), "--once", "--timeout-s", "5"};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    byte[] state() throws Exception {
        return Files.readAllBytes(dir.resolve("state").resolve(MonitorState.FILE));
    }

    @Test
    void firstRunReadsEveryTileThenOnlyNewOnesAndAForkSignedWithTheLogsKeyIsRefused() throws Exception {
        Checkpoint first = tlog.publish(LOG, "event-", 300);
        Cli.Result r = monitor();
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("consistent: size 300 root " + first.rootBase64() + " (first check)"), r.out());
        assertTrue(r.err().contains("size 0 -> 300: fetching 3 tile(s)"), r.err());
        assertTrue(new String(state()).contains(tlog.note()));

        tlog.publish(LOG, "event-", 70_000);
        r = monitor();
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("(previous size 300)"), r.out());
        byte[] kept = state();
        assertTrue(new String(kept).contains(tlog.note()));

        // The same key signs a tree whose old leaves were rewritten: the tiles agree with the new root, not with the old one.
        Checkpoint forged = tlog.publish(LOG, "rewritten-", 70_100);
        r = monitor();
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("inconsistent: the checkpoint of size 70100 (root " + forged.rootBase64()
                + ") does not extend the last verified tree of size 70000 (root "), r.err());
        assertArrayEquals(kept, state(), "a refused checkpoint leaves the state untouched");
        String evidence = r.err().substring(r.err().indexOf("is kept in ") + 11).strip();
        assertEquals(tlog.note(), Files.readString(Path.of(evidence)), "the refused note is kept as evidence");
    }

    @Test
    void aCheckpointNotSignedByTheKeyOrOfAnotherOriginIsRefused() throws Exception {
        tlog.publish(FakeTlog.signer(ORIGIN, 8), "event-", 10);
        Cli.Result r = monitor();
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("does not verify with " + ORIGIN + "+"), r.err());
        assertFalse(Files.exists(dir.resolve("state").resolve(MonitorState.FILE)));

        NoteSigner other = FakeTlog.signer("other.example/log", 7);
        tlog.publish(other, "event-", 10);
        r = Cli.run("monitor", "--log", tlog.url(), "--key", LOG.verifier().verifierKey(), "--state",
                dir.resolve("state").toString(), "--once");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("monitor: REFUSED: checkpoint from "), r.err());
    }

    @Test
    void aShrunkLogASameSizeForkAMissingTileAndABadTileAreEachNamed() throws Exception {
        tlog.publish(LOG, "event-", 600);
        assertEquals(0, monitor().exit());
        byte[] kept = state();

        tlog.publish(LOG, "event-", 599);
        Cli.Result r = monitor();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("the log shrank: checkpoint size 599 is smaller than the last verified size 600"), r.err());

        tlog.publish(LOG, "other-", 600);
        r = monitor();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("fork at size 600: the checkpoint's root is "), r.err());

        tlog.publish(LOG, "event-", 700);
        tlog.refused.add("tile/0/002.p/188");
        r = monitor();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("the log refuses tile tile/0/002.p/188 (implied by size 700): HTTP 404"), r.err());
        tlog.refused.clear();

        byte[] tile = tlog.tile("tile/0/002.p/188");
        tile[100] ^= 1;
        r = monitor();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("inconsistent: the checkpoint of size 700 (root "), r.err());
        assertTrue(r.err().contains("(the log rewrote that tree, or served a wrong tile)"), r.err());
        assertArrayEquals(kept, state());

        tile[100] ^= 1;
        assertEquals(0, monitor().exit(), "the same log, served right, is consistent again");
    }

    @Test
    void aPolicyQuorumNotMetIsRefusedNamingTheWitnesses() throws Exception {
        CosignatureSigner w1 = new CosignatureSigner("w1.example", key(21));
        CosignatureSigner w2 = new CosignatureSigner("w2.example", key(22));
        Path policy = dir.resolve("policy");
        Files.writeString(policy, "log " + LOG.verifier().verifierKey() + " " + tlog.url() + "\n"
                + "witness W1 " + w1.verifier().verifierKey() + "\n"
                + "witness W2 " + w2.verifier().verifierKey() + "\n"
                + "group both all W1 W2\nquorum both\n");
        Checkpoint c = tlog.publish(LOG, "event-", 20);
        String signed = tlog.note();
        tlog.note(signed + w1.sign(c.body(), 1_700_000_000L).line());
        Cli.Result r = monitor("--witness-policy", policy.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("does not meet quorum both: cosigned by W1; not by W2"), r.err());

        tlog.note(signed + w1.sign(c.body(), 1_700_000_000L).line() + w2.sign(c.body(), 1_700_000_001L).line());
        r = monitor("--witness-policy", policy.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("cosigned by W1, W2 (quorum both met)"), r.out());
    }

    @Test
    void theKeyMayBeGivenAsAFile() throws Exception {
        tlog.publish(LOG, "event-", 5);
        Path file = dir.resolve("log.vkey");
        Files.writeString(file, "# the agency's log\n" + LOG.verifier().verifierKey() + "\n");
        Cli.Result r = Cli.run("monitor", "--log", tlog.url() + "/", "--key", file.toString(), "--state",
                dir.resolve("s").toString(), "--once");
        assertEquals(0, r.exit(), r.err());
        r = Cli.run("monitor", "--log", tlog.url(), "--key", "nonsense", "--state", dir.resolve("s").toString(), "--once");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("Invalid value for option '--key'"), r.err());
    }

    @Test
    void aHandoverNoteWithItsSignatureLinesSwappedDoesNotBringTheOldKeyBack() throws Exception {
        NoteSigner next = FakeTlog.signer(ORIGIN, 9);
        Path keys = dir.resolve("keys");
        Files.writeString(keys, LOG.verifier().verifierKey() + "\n" + next.verifier().verifierKey() + "\n");
        java.util.function.Function<String, Cli.Result> run = state -> Cli.run("monitor", "--log", tlog.url(), "--key",
                keys.toString(), "--state", dir.resolve(state).toString(), "--once", "--timeout-s", "5");
        tlog.publish(LOG, "event-", 10);
        assertEquals(0, run.apply("seen-handover").exit());
        assertEquals(0, run.apply("followed").exit());
        // The handover, its lines in the wrong order: the old key's first. Unsigned, so it says nothing about direction.
        Checkpoint handover = tlog.publish(next, "event-", 12);
        String swapped = Checkpoints.sign(handover, java.util.List.of(LOG, next));
        tlog.note(swapped);
        tlog.handovers.add(swapped);
        Cli.Result seen = run.apply("seen-handover");
        assertEquals(0, seen.exit(), seen.out() + seen.err());
        assertTrue(seen.out().contains("key handover at size 12: from " + LOG.verifier().keyIdHex() + " to "
                + next.verifier().keyIdHex()), seen.out());

        byte[] partial = tlog.tile("tile/0/000.p/12");
        tlog.publish(next, "event-", 14);
        tlog.tile("tile/0/000.p/12", partial); // a real log keeps the partial tiles of every size it signed
        Cli.Result followed = run.apply("followed");
        assertEquals(0, followed.exit(), followed.out() + followed.err());
        assertTrue(followed.out().contains("key handover at size 12"), followed.out());

        // The retired key (leaked, say) signs a later tree alone: both monitors refuse it.
        tlog.publish(LOG, "event-", 16);
        for (String state : java.util.List.of("seen-handover", "followed")) {
            byte[] kept = Files.readAllBytes(dir.resolve(state).resolve(MonitorState.FILE));
            Cli.Result r = run.apply(state);
            assertEquals(1, r.exit(), state + ": " + r.out() + r.err());
            assertTrue(r.err().contains("checkpoint at size 16 is signed only by key(s) [" + LOG.verifier().keyIdHex()
                    + "], retired at handovers the monitor followed"), r.err());
            assertArrayEquals(kept, Files.readAllBytes(dir.resolve(state).resolve(MonitorState.FILE)));
        }
    }

    @Test
    void helpNamesEveryFlagAndItsEnvironmentTwin() {
        Cli.Result r = Cli.run("monitor", "--help");
        assertEquals(0, r.exit());
        for (String flag : new String[] {"--log", "--key", "--witness-policy", "--state", "--once", "--interval-s",
                "--timeout-s", "CUSTODY_MONITOR_LOG", "CUSTODY_MONITOR_KEY", "CUSTODY_MONITOR_WITNESS_POLICY",
                "CUSTODY_MONITOR_STATE", "CUSTODY_MONITOR_INTERVAL_S"}) {
            assertTrue(r.out().contains(flag), flag + " missing from: " + r.out());
        }
        assertTrue(Cli.run("--help").out().contains("monitor"));
    }

    @Test
    void aDamagedStateIsReportedAndNeverReplaced() throws Exception {
        tlog.publish(LOG, "event-", 40);
        assertEquals(0, monitor().exit());
        Path file = dir.resolve("state").resolve(MonitorState.FILE);
        String damaged = Files.readString(file).replaceFirst("range 2\n.", "range 2\nA");
        Files.writeString(file, damaged);
        Cli.Result r = monitor();
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("REFUSED: cannot use the kept state, an operator must look: "), r.err());
        assertTrue(r.err().contains("is damaged"), r.err());
        assertEquals(damaged, Files.readString(file));
    }

    private static Ed25519PrivateKeyParameters key(int seed) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) seed);
        return new Ed25519PrivateKeyParameters(bytes, 0);
    }
}
