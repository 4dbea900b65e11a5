package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.custodyledger.TestKeys;
import org.custodyledger.config.AppConfig;
import org.custodyledger.merkle.ProofResult;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Backup of a service while appends and uploads go on, restore into a fresh data directory:
 * the restored ledger passes a full audit with every blob re-hashed, and every checkpoint
 * published before the backup is consistent with the restored log.
 */
class BackupRestoreTest {
    private static final NoteVerifier KEY = TestKeys.sampleSigner().verifier();

    @TempDir
    Path tmp;

    @Test
    void aBackupTakenUnderLoadRestoresToALogConsistentWithEveryEarlierCheckpoint() throws Exception {
        Path live = tmp.resolve("live");
        Path backup = tmp.resolve("backup");
        Path restored = tmp.resolve("restored");
        List<Checkpoint> published = new ArrayList<>();
        long liveSizeAtEnd;
        try (Application app = Application.start(AppConfig.forTests(live, null))) {
            Http http = new Http(app.port());
            Http officer = http.as(TestTokens.officer("officer-1"));
            Http reviewer = http.as(TestTokens.reviewer("det-1"));
            Http admin = http.as(TestTokens.admin("records-1"));
            for (int i = 0; i < 4; i++) {
                String id = upload(officer, i);
                viewed(reviewer, id);
                published.add(checkpoint(http));
            }
            // A disposal before the backup: the snapshot records a tombstone and the backup expects no bytes for it.
            String disposed = upload(officer, 100);
            assertEquals(200, admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/footage/" + disposed
                    + "?purpose=retention%20expired")).DELETE()).statusCode());
            published.add(checkpoint(http));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger uploads = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread busy = new Thread(() -> {
                try {
                    for (int seed = 1000; !stop.get(); seed++) {
                        viewed(reviewer, upload(officer, seed));
                        uploads.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "appends-during-backup");
            busy.start();
            awaitAtLeast(uploads, 2);
            String backupOut = runOk("backup", "--data-dir", live.toString(), "--out", backup.toString());
            assertTrue(backupOut.contains("backed up tree size"), backupOut);
            // Keep appending after the backup, so the live store holds blobs the snapshot never saw.
            awaitAtLeast(uploads, uploads.get() + 2);
            stop.set(true);
            busy.join();
            assertNull(failure.get(), () -> "appends failed during the backup: " + failure.get());
            liveSizeAtEnd = checkpoint(http).size();
        }

        BackupManifest manifest = BackupManifest.readFrom(backup);
        Checkpoint atSnapshot = Checkpoints.verify(manifest.database().checkpoint(), KEY);
        assertEquals(manifest.database().treeSize(), atSnapshot.size());
        assertEquals(manifest.database().root(), Base64.getEncoder().encodeToString(atSnapshot.root()));
        assertTrue(atSnapshot.size() >= published.get(published.size() - 1).size(), "the snapshot postdates the checkpoints");
        assertTrue(liveSizeAtEnd > atSnapshot.size(), "appends went on after the snapshot");
        assertEquals(blobNames(backup).size(), manifest.blobCount());

        runOk("restore", backup.toString(), "--data-dir", restored.toString());
        String audit = runOk("audit", "--data-dir", restored.toString(), "--rehash-blobs");
        assertTrue(audit.contains("CLEAN"), audit);

        try (Application app = Application.start(AppConfig.forTests(restored, null))) {
            Http http = new Http(app.port());
            Checkpoint now = checkpoint(http);
            assertEquals(atSnapshot.size(), now.size(), "the restored log is the snapshot's");
            assertArrayEquals(atSnapshot.root(), now.root());
            published.add(atSnapshot);
            for (Checkpoint old : published) {
                JsonObject proof = new JsonObject(http.get("/api/v1/ledger/proof/consistency?from=" + old.size() + "&to="
                        + now.size()).body());
                assertInstanceOf(ProofResult.Valid.class, ProofVerifier.verifyConsistency(old.size(), now.size(),
                        hashes(proof.getJsonArray("hashes")), old.root(), now.root()), "checkpoint of size " + old.size());
            }
            // The restored service appends on from the restored head.
            upload(http.as(TestTokens.officer("officer-1")), 5000);
            assertEquals(now.size() + 1, checkpoint(http).size());
        }

        // Against a naive copy: blobs taken from the live folder at any moment after the snapshot include
        // uploads it never recorded, and the audit names each as an orphan (taken before, they would lack
        // bytes the snapshot records as held: a "missing" divergence).
        try (Stream<Path> files = Files.walk(live.resolve("blobs").resolve("sha256"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = restored.resolve("blobs").resolve(live.resolve("blobs").relativize(file));
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        StringWriter naive = new StringWriter();
        assertEquals(1, run(naive, "audit", "--data-dir", restored.toString(), "--rehash-blobs"), naive.toString());
        assertTrue(naive.toString().contains("orphan-blob"), naive.toString());
    }

    @Test
    void aDamagedBackupIsRefusedBeforeAnythingIsRestored() throws Exception {
        Path live = tmp.resolve("live");
        Path backup = tmp.resolve("backup");
        try (Application app = Application.start(AppConfig.forTests(live, null))) {
            upload(new Http(app.port()).as(TestTokens.officer("officer-1")), 1);
        }
        runOk("backup", "--data-dir", live.toString(), "--out", backup.toString());
        Path entries = backup.resolve("database/log_entries.copy");
        byte[] bytes = Files.readAllBytes(entries);
        bytes[bytes.length / 2] ^= 1;
        Files.write(entries, bytes);
        StringWriter out = new StringWriter();
        Path restored = tmp.resolve("restored");
        assertEquals(2, run(out, "restore", backup.toString(), "--data-dir", restored.toString()));
        assertTrue(out.toString().contains("the backup is damaged: database/log_entries.copy"), out.toString());
        assertFalse(Files.exists(restored.resolve("postgres")), "nothing was started");
        assertEquals(2, run(new StringWriter(), "backup", "--data-dir", live.toString(), "--out", backup.toString()),
                "a backup never writes into a non-empty folder");
    }

    @Test
    void footageWhoseBytesVanishAfterTheSnapshotMakesTheBackupIncomplete() throws Exception {
        Path live = tmp.resolve("live");
        String id;
        try (Application app = Application.start(AppConfig.forTests(live, null))) {
            id = upload(new Http(app.port()).as(TestTokens.officer("officer-1")), 1);
        }
        // A blob store without the file stands for a disposal committed between the snapshot and the copy.
        Path emptyStore = Files.createDirectories(tmp.resolve("empty-blobs"));
        Path backup = tmp.resolve("backup");
        StringWriter out = new StringWriter();
        assertEquals(1, run(out, "backup", "--data-dir", live.toString(), "--blobs", emptyStore.toString(),
                "--out", backup.toString()), out.toString());
        assertTrue(out.toString().contains("backup INCOMPLETE") && out.toString().contains(id), out.toString());
        assertFalse(Files.exists(backup.resolve(BackupManifest.FILE_NAME)), "an incomplete backup has no manifest");
        StringWriter refused = new StringWriter();
        assertEquals(2, run(refused, "restore", backup.toString(), "--data-dir", tmp.resolve("restored").toString()));
        assertTrue(refused.toString().contains("is not a complete backup"), refused.toString());
    }

    private static String upload(Http officer, int seed) {
        byte[] body = new byte[4096 + seed % 512];
        new Random(seed).nextBytes(body);
        HttpResponse<String> r = officer.send(HttpRequest.newBuilder(officer.uri("/api/v1/footage?filename=clip-" + seed
                + ".mp4&incident=INC-1")).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("id");
    }

    private static void viewed(Http reviewer, String id) {
        HttpResponse<String> r = reviewer.send(HttpRequest.newBuilder(reviewer.uri("/api/v1/footage/" + id + "/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("type", "VIEWED").put("purpose", "review").encode())));
        assertEquals(201, r.statusCode(), r.body());
    }

    private static Checkpoint checkpoint(Http http) throws Exception {
        HttpResponse<String> r = http.get("/api/v1/ledger/checkpoint");
        assertEquals(200, r.statusCode());
        return Checkpoints.verify(r.body(), KEY);
    }

    private static void awaitAtLeast(AtomicInteger counter, int target) {
        Awaitility.await("the appending thread reaches " + target).atMost(Duration.ofSeconds(60))
                .until(() -> counter.get() >= target);
    }

    private static List<String> blobNames(Path dataDir) throws Exception {
        try (Stream<Path> files = Files.walk(dataDir.resolve("blobs").resolve("sha256"))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<byte[]> hashes(JsonArray array) {
        return array.stream().map(h -> Base64.getDecoder().decode((String) h)).toList();
    }

    private static String runOk(String... args) {
        StringWriter out = new StringWriter();
        int status = run(out, args);
        assertEquals(0, status, () -> String.join(" ", args) + " -> " + out);
        return out.toString();
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cmd = new CommandLine(new Main());
        PrintWriter writer = new PrintWriter(out, true);
        cmd.setOut(writer);
        cmd.setErr(writer);
        return cmd.execute(args);
    }
}
