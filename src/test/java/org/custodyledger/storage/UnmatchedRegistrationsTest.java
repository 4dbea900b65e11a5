package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Events;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registrations that planned for no open complaint go in one statement per batch, and each is
 * still checked on its own under the log's lock: one an open complaint now matches (received
 * after the plan) is refused and says stale; one whose bytes are registered is refused and does
 * not; the others of the same batch are appended with their rows.
 */
@ExtendWith(VertxExtension.class)
class UnmatchedRegistrationsTest {
    private static FootageRow row(String incident, String bytes) {
        String id = "f-" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        return FootageRow.fresh(id, Sha256Hasher.hash(bytes.getBytes()), 10, "video/mp4", "a.mp4", incident, null, null,
                now.minusSeconds(60), "officer-1", now, false, null, new JsonObject(), null);
    }

    private static FootageRegistration unplanned(FootageRow row) {
        FootageFacts facts = new FootageFacts(row.incident(), row.recordedAt(), null, null,
                row.uploadedBy(), Duration.ofMinutes(5));
        return new FootageRegistration(row, facts, List.of(), List.of());
    }

    @Test
    void aBatchOfUnplannedRegistrationsIsCheckedRowByRow(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        LedgerFixture ledger = new LedgerFixture(vertx, url);
        FootageRow first = row("INC-1", "first bytes");
        Await.result(ledger.sequencer.append(Events.viewed(first.id()), unplanned(first)));
        try (Sql sql = new Sql(url)) {
            // A complaint about incident INC-HIT three days ago (the footage below was recorded outside its
            // window, so only the incident matches), received after the registrations below were planned.
            sql.run("INSERT INTO complaints (id, category, occurred_from, occurred_to, place, incident, description, content,"
                    + " salt, commitment, secret_hash, received_at, received_by, received_role, due_at, footage_matched)"
                    + " VALUES ('c-" + "0".repeat(32) + "', 'other', now() - interval '3 days', now() - interval '71 hours', 'here',"
                    + " 'INC-HIT', 'd',"
                    + " '\\x00', sha256('s'), sha256('c'), sha256('x'), now(), 'staff', 'intake', now() + interval '1 day', 0)");
        }
        List<FootageRow> rows = List.of(row("INC-2", "a"), row("INC-HIT", "b"), row("INC-3", "c"), row("INC-4", "first bytes"));
        List<FootageRegistration> admissions = rows.stream().map(UnmatchedRegistrationsTest::unplanned).toList();
        assertTrue(admissions.stream().allMatch(a -> a.group() != null), "unplanned registrations share a group");
        // Sent together: the sequencer batches what is queued, so they share one statement (or a few).
        List<Future<AppendedEntry>> appends = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            appends.add(ledger.sequencer.append(Events.viewed(rows.get(i).id()), admissions.get(i)));
        }
        assertNotNull(Await.result(appends.get(0)));
        assertNotNull(Await.result(appends.get(2)));
        assertThrows(Sequencer.RefusedException.class, () -> Await.result(appends.get(1)));
        assertTrue(admissions.get(1).stale(), "an open complaint matches it now: plan again");
        assertThrows(Sequencer.RefusedException.class, () -> Await.result(appends.get(3)));
        assertFalse(admissions.get(3).stale(), "the same bytes were registered first");
        assertFalse(admissions.get(0).stale());
        try (Sql sql = new Sql(url)) {
            List<String> incidents = new ArrayList<>();
            sql.run("SELECT incident FROM footage ORDER BY seq").forEach(r -> incidents.add(r.getString(0)));
            assertEquals(List.of("INC-1", "INC-2", "INC-3"), incidents);
        }
    }
}
