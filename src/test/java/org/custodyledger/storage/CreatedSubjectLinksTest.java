package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.model.FootageRow;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch looks up the last event of each subject its events name, except the subjects its own
 * admissions create (a registration's new footage): those have no earlier event to link to.
 */
@ExtendWith(VertxExtension.class)
class CreatedSubjectLinksTest {
    private static final String CREATED = "f-" + "1".repeat(32);
    private static final String EXISTING = "f-" + "2".repeat(32);

    @Test
    void aSubjectTheBatchCreatesIsNotLookedUpAndOthersAre(Vertx vertx) {
        // Entries naming both ids: were the created one looked up, the batch would see its entry.
        BatchTransaction.Locked locked = lockedOver(vertx, List.of(EXISTING, CREATED),
                List.of(pending(CREATED, EventType.REGISTERED, creating(CREATED)), pending(EXISTING, EventType.VIEWED, null)));
        Map<String, Long> last = locked.lastByFootage();
        assertEquals(0L, last.get(EXISTING), "the existing footage's last event was not looked up");
        assertFalse(last.containsKey(CREATED), "the footage this batch creates was looked up: " + last);
        assertEquals(2, locked.admitted().size());
    }

    /** Should any other append of the batch name the id too, the batch looks it up after all. */
    @Test
    void aCreatedSubjectAnotherAppendNamesIsLookedUp(Vertx vertx) {
        BatchTransaction.Locked locked = lockedOver(vertx, List.of(CREATED),
                List.of(pending(CREATED, EventType.REGISTERED, creating(CREATED)), pending(CREATED, EventType.VIEWED, null)));
        assertEquals(0L, locked.lastByFootage().get(CREATED));
    }

    /** What {@link BatchTransaction#lock} reads for {@code batch} over a log whose entries 0, 1, … name {@code entryFootage}. */
    private static BatchTransaction.Locked lockedOver(Vertx vertx, List<String> entryFootage, List<PendingAppend> batch) {
        String url = TestDatabases.freshDatabase();
        Database db = Database.connect(vertx, url, 1);
        try {
            Await.result(db.migrate());
            try (Sql sql = new Sql(url)) {
                sql.run("INSERT INTO ledger_keys (key_id, name, public_key, verifier_key)"
                        + " VALUES ('0000abcd', 'test', decode(repeat('00', 32), 'hex'), 'test+0000abcd+key')");
                for (int i = 0; i < entryFootage.size(); i++) {
                    sql.run("INSERT INTO log_entries (idx, leaf, leaf_hash, footage_id, event_type, event_time, key_id)"
                            + " VALUES (" + i + ", '\\x01', sha256(int8send(" + i + ")), '" + entryFootage.get(i)
                            + "', 'VIEWED', now(), '0000abcd')");
                }
            }
            SqlConnection conn = Await.result(db.pool().getConnection());
            BatchTransaction.Locked locked = Await.result(BatchTransaction.lock(conn, batch));
            BatchTransaction.rollback(conn);
            return locked;
        } finally {
            Await.result(db.close());
        }
    }

    /** The admissions that insert a new footage row are the ones that say so, with its id. */
    @Test
    void theAdmissionsThatInsertFootageNameTheirRow() {
        FootageRow row = FootageRow.fresh(CREATED, Sha256Digest.fromHex("ab".repeat(32)), 1, null, "f.mp4", null, null,
                null, null, "tester", Instant.parse("2026-12-03T09:00:00Z"), false, null, new JsonObject(), null);
        assertEquals(CREATED, FootageStore.insertIfNew(row).createdSubject());
        assertEquals(CREATED, new FootageRegistration(row, new FootageFacts(null, null, null, null,
                "tester", Duration.ZERO), List.of(), List.of()).createdSubject());
        assertNull(FootageStore.markHeld(EXISTING).createdSubject());
    }

    private static Sequencer.Admission creating(String id) {
        return new Sequencer.Admission() {
            @Override
            public Future<Boolean> admit(SqlConnection conn) {
                return Future.succeededFuture(true);
            }

            @Override
            public String createdSubject() {
                return id;
            }
        };
    }

    private static PendingAppend pending(String footageId, EventType type, Sequencer.Admission admission) {
        CustodyEvent event = CustodyEvent.of(footageId, Sha256Digest.fromHex("ab".repeat(32)), type, "tester",
                "officer", Instant.parse("2026-12-03T09:00:00Z"), null, null, Map.of());
        return new PendingAppend(List.of(event), admission, Promise.promise(), null, false);
    }
}
