package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.NoteVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up gate: before the service signs anything, the head, the stored nodes on the
 * tree's right edge, the newest leaves and the latest checkpoints must all describe one tree
 * under the log's signature. Otherwise it refuses to start, since any checkpoint it signed
 * next could be inconsistent with one it signed before. By default the checks are bounded
 * ({@link BoundedIntegrityCheck}: O(log n) nodes, one tile of leaves, a few checkpoints; why
 * that suffices is said there); {@code fullLeafCheck} also re-hashes every stored leaf hash
 * into the root first, as {@code audit} does with much more.
 */
public final class LedgerIntegrity {
    private static final Logger log = LoggerFactory.getLogger(LedgerIntegrity.class);
    private static final int PAGE = 20_000;

    private LedgerIntegrity() {
    }

    /** {@link #open(Vertx, Pool, NoteSigner, boolean)} with the bounded checks only. */
    public static Future<LogHead> open(Vertx vertx, Pool pool, NoteSigner signer) {
        return open(vertx, pool, signer, false);
    }

    /**
     * Registers the signing key, checks the log, and signs the empty tree's checkpoint on a new
     * log; {@code fullLeafCheck} first re-hashes every stored leaf hash (time grows with the log).
     */
    public static Future<LogHead> open(Vertx vertx, Pool pool, NoteSigner signer, boolean fullLeafCheck) {
        LedgerStore store = new LedgerStore(pool);
        long started = System.nanoTime();
        return store.registerKey(signer.verifier())
                .compose(v -> store.keys())
                .compose(keys -> pool.withTransaction(conn -> StoredTree.head(conn, true)
                        .compose(head -> (fullLeafCheck ? checkLeaves(vertx, conn, head) : Future.<Void>succeededFuture())
                                .compose(v -> StoredTree.loadRange(conn, head))
                                .compose(range -> BoundedIntegrityCheck.tailRoot(conn, head))
                                .compose(tail -> BoundedIntegrityCheck.tailContents(conn, tail))
                                .compose(v -> checkCheckpoint(conn, head, keys, signer))
                                .compose(v -> BoundedIntegrityCheck.recentCheckpoints(vertx, conn, head, keys, signer))
                                .map(head))))
                .onSuccess(head -> log.info("ledger of {} entries checked ({}) in {} ms", head.size(),
                        fullLeafCheck ? "every leaf re-hashed" : "bounded: right edge, newest leaves and checkpoints",
                        (System.nanoTime() - started) / 1_000_000));
    }

    /** Rebuilds the root from every stored leaf hash, a page at a time, hashing on a worker. */
    private static Future<Void> checkLeaves(Vertx vertx, SqlConnection conn, LogHead head) {
        CompactRange range = new CompactRange();
        return leafPages(vertx, conn, range).compose(v -> {
            if (range.size() != head.size()) {
                return Future.failedFuture(new StorageException("the log head says " + head.size()
                        + " entries but " + range.size() + " are stored contiguously from 0"));
            }
            if (!Arrays.equals(range.root(), head.root())) {
                return Future.failedFuture(new StorageException("the stored leaves hash to root "
                        + b64(range.root()) + " but the log head says " + b64(head.root())
                        + " at size " + head.size() + ": the log has been altered"));
            }
            return Future.succeededFuture();
        });
    }

    /**
     * Hashes every stored leaf into {@code range}, one page after another, each page started from
     * the previous one's callback: returning the next page's future from inside the current one's
     * would nest one future per page, a chain as deep as the log is long.
     */
    private static Future<Void> leafPages(Vertx vertx, SqlConnection conn, CompactRange range) {
        Promise<Void> done = Promise.promise();
        nextLeafPage(vertx, conn, range, done);
        return done.future();
    }

    private static void nextLeafPage(Vertx vertx, SqlConnection conn, CompactRange range, Promise<Void> done) {
        conn.preparedQuery(LogSql.SELECT_LEAF_HASHES_FROM)
                .execute(Tuple.of(range.size(), PAGE))
                .compose(rows -> vertx.executeBlocking(() -> {
                    for (Row row : rows) {
                        if (row.getLong("idx") != range.size()) {
                            throw new StorageException("log entry " + range.size() + " is missing (next stored is "
                                    + row.getLong("idx") + ")");
                        }
                        range.append(row.getBuffer("leaf_hash").getBytes());
                    }
                    return rows.size();
                }, false))
                .onComplete(page -> {
                    if (page.failed()) {
                        done.fail(page.cause());
                    } else if (page.result() < PAGE) {
                        done.complete();
                    } else {
                        nextLeafPage(vertx, conn, range, done);
                    }
                });
    }

    private static Future<Void> checkCheckpoint(SqlConnection conn, LogHead head, Map<String, NoteVerifier> keys,
                                                NoteSigner signer) {
        return StoredCheckpoints.latest(conn)
                .compose(latest -> {
                    if (latest == null) {
                        if (head.size() != 0) {
                            throw new StorageException("the log has " + head.size() + " entries but no checkpoint");
                        }
                        Checkpoint empty = new Checkpoint(signer.name(), 0, head.root());
                        return StoredCheckpoints.insert(conn, 0L, head.root(), Checkpoints.sign(empty, signer),
                                signer.verifier().keyIdHex());
                    }
                    if (latest.size() != head.size() || !Arrays.equals(latest.root(), head.root())) {
                        throw new StorageException("the latest checkpoint (size " + latest.size() + ", root "
                                + b64(latest.root()) + ") disagrees with the log head (size " + head.size() + ", root "
                                + b64(head.root()) + ")");
                    }
                    NoteVerifier key = BoundedIntegrityCheck.verifierOf(latest.keyId(), keys, signer);
                    if (key == null) {
                        throw new StorageException("the latest checkpoint names unknown key " + latest.keyId());
                    }
                    try {
                        Checkpoint signed = Checkpoints.verify(latest.note(), key);
                        if (signed.size() != head.size() || !Arrays.equals(signed.root(), head.root())) {
                            throw new StorageException("the latest checkpoint's signed text disagrees with its stored size and root");
                        }
                    } catch (NoteException e) {
                        throw new StorageException("the latest checkpoint does not verify: " + e.getMessage(), e);
                    }
                    return Future.<Void>succeededFuture();
                });
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
