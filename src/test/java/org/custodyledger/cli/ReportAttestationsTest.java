package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.custody.CanonicalJson;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.StoredTimestamp;
import org.custodyledger.note.SignedNote;
import org.custodyledger.report.Period;
import org.custodyledger.report.TransparencyReport;
import org.custodyledger.service.ReportFolding;
import org.custodyledger.storage.CosignedCheckpointStore;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.LedgerAttestationStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.storage.TimestampStore;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.RunningService;
import org.custodyledger.testing.TestTsa;
import org.custodyledger.timestamp.TimestampTokens;
import org.custodyledger.timestamp.VerifiedToken;
import org.custodyledger.witness.CosignatureSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report's ledgerAtPeriodEnd names the witnesses that cosigned, and the earliest RFC 3161 token
 * over, the ledger at the period's end — among those recorded by the time the cited checkpoint was
 * stored: a cosignature or token recorded afterwards (even one with an earlier genTime) leaves the
 * report's bytes alone, and {@code report --verify} on the live database and on a restored backup
 * gives MATCH. A cited checkpoint's own cosignatures are always recorded after it was stored, so
 * what a report names attests a checkpoint between the period's end and the cited one.
 */
class ReportAttestationsTest {
    @RegisterExtension
    static final RunningService service = new RunningService();

    @TempDir
    Path dir;

    @Test
    void aReportNamesWhatAttestedItsPeriodEndBeforeTheCitedCheckpointAndNothingLater() throws Exception {
        List<Future<?>> appends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            appends.add(service.app().sequencer().append(view("2026-08-01T10:00:00Z", i)));
        }
        Await.result(Future.all(appends));
        Vertx vertx = Vertx.vertx();
        Database db = Database.connect(vertx, service.dbUrl(), 2);
        try (TestTsa tsa = TestTsa.offline("report-tsa")) {
            CosignedCheckpointStore cosigned = new CosignedCheckpointStore(db.pool());
            TimestampStore timestamps = new TimestampStore(db.pool());
            Row atEnd = service.sql().run("SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1").iterator().next();
            long endSize = atEnd.getLong(0);
            String endNote = atEnd.getString(1);
            assertEquals(8, endSize);
            // A token over the period-end checkpoint that will be recorded late, after the cited checkpoint
            // (its genTime is the earlier of the two, and its TSA URL sorts first).
            VerifiedToken lateToken = token(tsa, endNote);
            VerifiedToken onTimeToken = token(tsa, endNote);
            assertFalse(lateToken.genTime().isAfter(onTimeToken.genTime()));
            // Before anything past the period is appended: witness-a cosigns it and a TSA stamps it.
            CosignatureSigner witnessA = witness("witness.example/a");
            Await.result(cosigned.record(endSize, cosign(endNote, witnessA)));
            Await.result(timestamps.record(new StoredTimestamp(endSize, endNote, onTimeToken.der(), onTimeToken.genTime(),
                    "https://tsa-2.example/")));

            // The settling day's first append (say, the last day's counted refusals, just after midnight): the
            // report takes it, so it cites checkpoint 9; an event past the cutoff is not taken.
            Await.result(service.app().sequencer().append(view("2026-10-01T00:05:00Z", 0)));
            Await.result(service.app().sequencer().append(view("2026-10-03T09:00:00Z", 1)));
            HttpResponse<String> published = service.oversight("ov-1").send(HttpRequest.newBuilder(
                    service.http().uri("/api/v1/transparency/reports")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"period\":\"2026-Q3\"}")));
            assertEquals(201, published.statusCode(), published.body());
            byte[] report = service.http().sendBytes(HttpRequest.newBuilder(
                    service.http().uri("/api/v1/transparency/reports/2026-Q3"))).body();
            Map<?, ?> tree = (Map<?, ?>) CanonicalJson.parse(report);
            long citedSize = (Long) ((Map<?, ?>) tree.get("checkpoint")).get("size");
            assertEquals(9, citedSize, "the first checkpoint holding the settling day's leaf");
            assertEquals(Map.of("size", 8L, "rootHash", ((Map<?, ?>) tree.get("ledgerAtPeriodEnd")).get("rootHash"),
                    "witnesses", List.of(Map.of("name", "witness.example/a", "treeSize", 8L)),
                    "timestamp", Map.of("treeSize", 8L, "genTime", CustodyEvent.formatTime(onTimeToken.genTime()),
                            "tsa", "https://tsa-2.example/")), tree.get("ledgerAtPeriodEnd"));

            String csv = service.http().send(HttpRequest.newBuilder(
                    service.http().uri("/api/v1/transparency/reports/2026-Q3?format=csv"))).body();
            assertTrue(csv.contains("\r\nreport,ledgerAtPeriodEnd.witnesses.0.name,witness.example/a\r\n"
                    + "report,ledgerAtPeriodEnd.witnesses.0.treeSize,8\r\n"), csv);

            // Recorded after the cited checkpoint was stored: witness-b on it (with witness-a), the early-genTime token.
            String citedNote = service.sql().run("SELECT note FROM checkpoints WHERE size = " + citedSize).iterator().next()
                    .getString(0);
            Await.result(cosigned.record(citedSize, cosign(citedNote, witnessA, witness("witness.example/b"))));
            Await.result(timestamps.record(new StoredTimestamp(endSize, endNote, lateToken.der(), lateToken.genTime(),
                    "https://tsa-1.example/")));
            assertEquals(2, service.sql().count("SELECT count(*) FROM checkpoint_timestamps"));
            ReportFolding folding = new ReportFolding(vertx, new LedgerStore(db.pool()), new LedgerAttestationStore(db.pool()));
            Instant now = Instant.now();
            byte[] again = Await.result(folding.report(Period.parse("2026-Q3"), true, TransparencyReport.DEFAULT_THRESHOLD,
                    TransparencyReport.startOfDay(now))).json();
            assertArrayEquals(report, again, new String(again, StandardCharsets.UTF_8));

            Path file = dir.resolve("report.json");
            Files.write(file, report);
            Cli.Result live = Cli.run("report", "--verify", file.toString(), "--db-url", service.dbUrl());
            assertEquals(0, live.exit(), live.out() + live.err());
            assertTrue(live.out().startsWith("MATCH"), live.out());
            // A restored backup keeps every row's recorded time, so the same rows count there.
            Path backup = dir.resolve("backup");
            Path copy = dir.resolve("copy");
            assertOk(Cli.run("backup", "--db-url", service.dbUrl(), "--data-dir", service.dataDir().toString(),
                    "--out", backup.toString()));
            assertOk(Cli.run("restore", backup.toString(), "--data-dir", copy.toString()));
            Cli.Result restored = Cli.run("report", "--verify", file.toString(), "--data-dir", copy.toString());
            assertEquals(0, restored.exit(), restored.out() + restored.err());
            assertTrue(restored.out().startsWith("MATCH"), restored.out());
        } finally {
            db.close().await();
            vertx.close().await();
        }
    }

    private static CustodyEvent view(String at, int i) {
        return CustodyEvent.of("f-att" + (i % 2), Sha256Digest.of(new byte[32]), EventType.VIEWED, "someone",
                i % 2 == 0 ? "reviewer" : "officer", Instant.parse(at).plusSeconds(i), "review", null, Map.of())
                .withUnit("Central");
    }

    private static CosignatureSigner witness(String name) {
        return new CosignatureSigner(name, new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    /** The log-signed note followed by each witness's cosignature line, as the log records a cosigned checkpoint. */
    private static String cosign(String logNote, CosignatureSigner... witnesses) throws Exception {
        String text = SignedNote.parse(logNote).text();
        StringBuilder note = new StringBuilder(logNote);
        for (CosignatureSigner w : witnesses) {
            note.append(w.sign(text, Instant.now().getEpochSecond()).line());
        }
        return note.toString();
    }

    private static VerifiedToken token(TestTsa tsa, String note) throws Exception {
        byte[] message = note.getBytes(StandardCharsets.UTF_8);
        return TimestampTokens.verify(tsa.stamp(message), message, List.of(tsa.tsaCertificate()));
    }

    private static void assertOk(Cli.Result r) {
        assertEquals(0, r.exit(), r.out() + r.err());
    }
}
