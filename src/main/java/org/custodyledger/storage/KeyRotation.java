package org.custodyledger.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import org.custodyledger.note.KeyPeriod;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.StoredCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which key signs from now on, decided at start-up under the head lock: the ledger's current
 * key (its latest checkpoint's) goes on; a new key takes over only from the current one given
 * as the previous key, and is then recorded as current from the head's size, the old one as
 * retired there. Anything else is refused with what to do instead, since events signed by an
 * unannounced key could not be told from forgeries.
 */
public final class KeyRotation {
    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

    /**
     * A key handover under way: the checkpoint of the batch appended from tree size
     * {@code fromSize} (the first under the new key) is signed by {@code previous} too.
     */
    public record Handover(NoteSigner previous, long fromSize) {
    }

    private KeyRotation() {
    }

    /** Records the signing key's place in the history; answers the handover to make, or null when none is due. */
    public static Future<Handover> open(Pool pool, NoteSigner signer, NoteSigner previous) {
        return pool.withTransaction(conn -> StoredTree.head(conn, true)
                .compose(head -> Future.all(StoredCheckpoints.latest(conn), LedgerKeys.history(conn))
                        .compose(read -> decide(conn, head.size(), read.resultAt(0), read.resultAt(1), signer, previous))));
    }

    private static Future<Handover> decide(SqlConnection conn, long size, StoredCheckpoint latest, List<KeyPeriod> history,
                                           NoteSigner signer, NoteSigner previous) {
        NoteVerifier key = signer.verifier();
        Optional<KeyPeriod> mine = period(history, key.keyIdHex());
        if (mine.isPresent() && mine.get().revokedFrom() != null) {
            return refuse("the signing key " + key.verifierKey() + " is revoked from size " + mine.get().revokedFrom()
                    + ": start with a new key (keygen) as --signing-key and this one as --previous-signing-key");
        }
        if (latest == null) {
            if (previous != null) {
                log.warn("--previous-signing-key ignored: the log is new, nothing was signed before");
            }
            return becomeCurrent(conn, key, 0).map((Handover) null);
        }
        KeyPeriod current = period(history, latest.keyId()).orElse(null);
        if (current == null) {
            return refuse("the latest checkpoint (size " + latest.size() + ") names unknown key " + latest.keyId());
        }
        if (current.keyId().equals(key.keyIdHex())) {
            if (current.lastSize() != null) {
                String successor = history.stream().filter(p -> p.firstSize() != null && p.lastSize() == null)
                        .map(p -> p.key().verifierKey()).findFirst().orElse("another key");
                return refuse("the signing key " + key.verifierKey() + " was retired at size " + current.lastSize()
                        + " in favour of " + successor + ", which has not signed a checkpoint yet: finish the rotation"
                        + " with --signing-key <that key's PEM> --previous-signing-key <this key's PEM>");
            }
            if (previous != null && !previous.verifier().keyIdHex().equals(key.keyIdHex())) {
                log.info("--previous-signing-key ignored: the ledger is already signed by the signing key {}", key.verifierKey());
            }
            return becomeCurrent(conn, key, current.firstSize() == null ? 0 : current.firstSize()).map((Handover) null);
        }
        // A handover recorded by a start that then stopped before the first checkpoint under the new key.
        boolean pending = mine.isPresent() && mine.get().firstSize() != null && mine.get().firstSize() == size
                && mine.get().lastSize() == null && Long.valueOf(size).equals(current.lastSize());
        if (mine.isPresent() && mine.get().firstSize() != null && !pending) {
            return refuse("the signing key " + key.verifierKey() + " was already current, for "
                    + mine.get().describePeriod() + ": a retired key never signs again; the ledger's current key is "
                    + current.key().verifierKey());
        }
        String signedBy = "this ledger is signed by key " + current.key().verifierKey() + " (its latest checkpoint, size "
                + latest.size() + "), not by the signing key " + key.verifierKey();
        if (previous == null) {
            return refuse(signedBy + ": to rotate to the new key, give the current one as --previous-signing-key"
                    + " (env CUSTODY_PREVIOUS_SIGNING_KEY)");
        }
        if (!previous.verifier().keyIdHex().equals(current.keyId())) {
            return refuse(signedBy + "; --previous-signing-key is " + previous.verifier().verifierKey()
                    + ", which is not the ledger's current key");
        }
        if (pending) {
            return Future.succeededFuture(new Handover(previous, size));
        }
        if (current.lastSize() != null) {
            return refuse("the ledger's current key " + current.keyId() + " is recorded as retired at size "
                    + current.lastSize() + " but the log is at " + size);
        }
        if (current.revokedFrom() != null) {
            log.warn("rotating away from revoked key {}: its signature on the handover checkpoint proves nothing to those"
                    + " who know of the revocation; publish the new key {} through a channel they trust",
                    current.keyId(), key.verifierKey());
        }
        log.info("rotating the signing key at tree size {}: {} retires, {} signs from now on; the next checkpoint is"
                + " signed by both", size, current.key().verifierKey(), key.verifierKey());
        return conn.preparedQuery(LogSql.RETIRE_KEY).execute(Tuple.of(current.keyId(), size))
                .compose(v -> becomeCurrent(conn, key, size))
                .map(new Handover(previous, size));
    }

    private static Future<Void> becomeCurrent(SqlConnection conn, NoteVerifier key, long fromSize) {
        return conn.preparedQuery(LogSql.INSERT_CURRENT_KEY)
                .execute(Tuple.of(key.keyIdHex(), key.name(), Buffer.buffer(key.publicKey().getEncoded()), key.verifierKey(),
                        fromSize))
                .mapEmpty();
    }

    private static Optional<KeyPeriod> period(List<KeyPeriod> history, String keyId) {
        return history.stream().filter(p -> p.keyId().equals(keyId)).findFirst();
    }

    private static <T> Future<T> refuse(String why) {
        return Future.failedFuture(new StorageException(why));
    }
}
