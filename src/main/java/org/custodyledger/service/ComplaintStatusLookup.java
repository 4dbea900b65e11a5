package org.custodyledger.service;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.custodyledger.model.ComplaintRow;
import org.custodyledger.storage.ComplaintStore;

/**
 * A complainant's view of their complaint, opened by the receipt secret: status and dates,
 * nothing else. An unknown id and a wrong secret answer the same 404, so neither can be
 * probed; the secret's hash is compared in constant time.
 */
public final class ComplaintStatusLookup {
    private static final String NO_MATCH = "no complaint with that id and receipt secret";
    private final ComplaintStore store;

    public ComplaintStatusLookup(ComplaintStore store) {
        this.store = store;
    }

    public Future<ComplaintRow> status(String id, String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 256) {
            return Future.failedFuture(ServiceException.invalid("the receipt secret is required in the Receipt-Secret header"));
        }
        byte[] given = ComplaintIntake.sha256(secret.getBytes(StandardCharsets.UTF_8));
        return store.byId(id).map(row -> {
            if (row == null || !MessageDigest.isEqual(row.secretHash(), given)) {
                throw ServiceException.notFound(NO_MATCH);
            }
            return row;
        });
    }
}
