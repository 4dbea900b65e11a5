package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor following a real service through /tlog. The fork is a second ledger signing with
 * the same key and origin (the test configuration's sample key): what an agency that rewrote its
 * log and re-signed it would serve to the monitor.
 */
class MonitorServiceTest {
    @RegisterExtension
    final RunningService agency = new RunningService();
    @RegisterExtension
    final RunningService rewritten = new RunningService();
    @TempDir
    Path dir;

    @Test
    void followsTheLogAcrossTileBoundariesAndRefusesARewrittenLogSignedWithTheSameKey() throws Exception {
        String vkey = agency.http().get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow();
        assertEquals(vkey, rewritten.http().get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow(),
                "the fork must be signed with the same key for this test to mean anything");
        NoteVerifier key = NoteVerifier.parse(vkey);
        Path state = dir.resolve("monitor");

        long size = append(agency, "a-", 300);
        Cli.Result first = Cli.run("monitor", "--log", agency.http().uri("/").toString(), "--key", vkey,
                "--state", state.toString(), "--once");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("consistent: size " + size + " "), first.out());
        assertEquals(size, new MonitorState(state).read(key).checkpoint().size());

        long grown = append(agency, "b-", 250);
        Cli.Result second = Cli.run("monitor", "--log", agency.http().uri("/").toString(), "--key", vkey,
                "--state", state.toString(), "--once");
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("consistent: size " + grown + " "), second.out());
        assertTrue(second.err().contains("size " + size + " -> " + grown), second.err());
        assertEquals(grown, new MonitorState(state).read(key).checkpoint().size());
        byte[] kept = Files.readAllBytes(state.resolve(MonitorState.FILE));

        long forkSize = append(rewritten, "forged-", 600);
        Cli.Result fork = Cli.run("monitor", "--log", rewritten.http().uri("/").toString(), "--key", vkey,
                "--state", state.toString(), "--once");
        assertEquals(1, fork.exit(), fork.out() + fork.err());
        assertTrue(fork.err().contains("inconsistent: ") && fork.err().contains("size " + forkSize)
                && fork.err().contains("does not extend the last verified tree of size " + grown), fork.err());
        assertArrayEquals(kept, Files.readAllBytes(state.resolve(MonitorState.FILE)), "the old state is kept");

        // The real log, followed again, is still consistent with what the monitor kept.
        Cli.Result again = Cli.run("monitor", "--log", agency.http().uri("/").toString(), "--key", vkey,
                "--state", state.toString(), "--once");
        assertEquals(0, again.exit(), again.err());

        Cli.Result wrongKey = Cli.run("monitor", "--log", agency.http().uri("/").toString(), "--key",
                FakeTlog.signer(key.name(), 3).verifier().verifierKey(), "--state", dir.resolve("other").toString(), "--once");
        assertEquals(1, wrongKey.exit(), wrongKey.err());
        assertTrue(wrongKey.err().contains("does not verify with " + key.name()), wrongKey.err());
    }

    @Test
    void aTreeRewrittenBehindTheServicesBackAndSignedAgainIsRefused() throws Exception {
        String vkey = agency.http().get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow();
        Path state = dir.resolve("monitor");
        long size = append(agency, "a-", 300);
        Cli.Result first = Cli.run("monitor", "--log", agency.http().uri("/").toString(), "--key", vkey,
                "--state", state.toString(), "--once");
        assertEquals(0, first.exit(), first.err());
        byte[] kept = Files.readAllBytes(state.resolve(MonitorState.FILE));

        // An insider rewrites leaf 0 and every stored node above it, and moves the head to the forged root:
        // the sequencer then extends (and signs) the forged tree, and /tlog serves it.
        List<byte[]> leafHashes = new ArrayList<>();
        agency.sql().run("SELECT leaf_hash FROM log_entries ORDER BY idx")
                .forEach(row -> leafHashes.add(row.getBuffer("leaf_hash").getBytes()));
        assertEquals(size, leafHashes.size());
        byte[] forgedLeaf = "{\"forged\":true}".getBytes(StandardCharsets.UTF_8);
        leafHashes.set(0, Rfc6962.hashLeaf(forgedLeaf));
        Map<NodeId, byte[]> forged = new HashMap<>();
        CompactRange range = new CompactRange();
        leafHashes.forEach(h -> range.append(h, forged::put));
        List<String> statements = new ArrayList<>();
        statements.add("UPDATE log_entries SET leaf = " + hex(forgedLeaf) + ", leaf_hash = " + hex(leafHashes.get(0))
                + " WHERE idx = 0");
        for (int level = 1; (1L << level) <= size; level++) { // level 0 is the leaf hash, rewritten above
            statements.add("UPDATE tree_nodes SET hash = " + hex(forged.get(new NodeId(level, 0)))
                    + " WHERE level = " + level + " AND idx = 0");
        }
        statements.add("UPDATE log_head SET root = " + hex(range.root()) + " WHERE id = 0");
        agency.sql().tamper(statements.toArray(String[]::new));
        long grown = append(agency, "b-", 20);

        Cli.Result r = Cli.run("monitor", "--log", agency.http().uri("/").toString(), "--key", vkey,
                "--state", state.toString(), "--once");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("inconsistent: the checkpoint of size " + grown)
                && r.err().contains("does not extend the last verified tree of size " + size), r.err());
        assertArrayEquals(kept, Files.readAllBytes(state.resolve(MonitorState.FILE)), "the old state is kept");
    }

    private static String hex(byte[] bytes) {
        return "decode('" + HexFormat.of().formatHex(bytes) + "', 'hex')";
    }

    /** Appends {@code n} events and answers the size of the latest checkpoint the log then serves. */
    private static long append(RunningService service, String prefix, int n) throws Exception {
        List<Future<AppendedEntry>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(service.app().sequencer().append(Events.viewed(prefix + i)));
        }
        Await.result(Future.all(futures));
        String note = service.http().get("/tlog/checkpoint").body();
        return Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1)).size();
    }
}
