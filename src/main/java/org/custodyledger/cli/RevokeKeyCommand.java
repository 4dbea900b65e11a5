package org.custodyledger.cli;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.TrustedKey;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.LedgerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code revoke-key}: after a signing key leaked, marks it revoked from a tree size, so its
 * signatures on entries from there on are reported by audit, /verify and verify-bundle. A
 * command run with the database owner's credentials, not an API: the incident may have
 * exposed the service host and its admin tokens along with the key, the service is usually
 * stopped for the rotation anyway, and the runtime role cannot revoke (no grant on the column).
 * It prints the key's verifier-key-file line with {@code revoked-from=N}: offline verifiers
 * learn of the revocation from their key file, since a bundle's key history is unsigned.
 */
@Command(name = "revoke-key", mixinStandardHelpOptions = true,
        description = {"Mark a signing key revoked from a tree size (after a compromise): signatures by it on entries at "
                + "that index and later are reported as made with a revoked key. A revocation is never lifted; given "
                + "again with a smaller size it moves earlier. Rotate away from the key too (serve --signing-key NEW "
                + "--previous-signing-key OLD).", "Exit status: 0 recorded, 1 refused (the message says why), 2 could not run."})
final class RevokeKeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--key-id", required = true, paramLabel = "ID",
            description = "The key's 8 hex digit ID (the middle part of its verifier key, as /api/v1/ledger/key lists it).")
    String keyId;

    @Option(names = "--from-size", required = true, paramLabel = "N",
            description = "The first entry index its signatures are no longer trusted from: the tree size when the key "
                    + "may first have leaked (0: never trust it).")
    long fromSize;

    @Option(names = "--db-url", defaultValue = "${env:CUSTODY_DB_URL}",
            description = "The schema owner's PostgreSQL URL (env CUSTODY_DB_URL); without it the embedded database in "
                    + "<data-dir>/postgres, which must not be in use by a running service.")
    String dbUrl;

    @Option(names = "--data-dir", defaultValue = "${env:CUSTODY_DATA_DIR:-./data}",
            description = "The service's data folder (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--key-file", paramLabel = "FILE", description = "A verifier key file (verify-bundle, verify-receipt, "
            + "monitor --key) to update: the key's line gets revoked-from=N (added when the file lacks the key). The line "
            + "is printed either way: publish it where the agency publishes its verifier keys.")
    Path keyFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (keyId == null || !keyId.matches("[0-9a-f]{8}") || fromSize < 0) {
                err.println("revoke-key refused: --key-id must be 8 lower-case hex digits and --from-size at least 0");
                return 1;
            }
            if (CommandDatabase.given(dbUrl) == null && !Files.isDirectory(dataDir.resolve("postgres"))) {
                err.println("no database: " + dataDir.resolve("postgres") + " does not exist; give --db-url or --data-dir");
                return 2;
            }
            return revoke(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int revoke(PrintWriter out, PrintWriter err) throws Exception {
        CommandDatabase opened;
        try {
            // Never joins a running service's embedded server: revoke on a ledger in use with --db-url.
            opened = CommandDatabase.open(dbUrl, dataDir, false);
        } catch (Exception e) {
            err.println("cannot open the embedded database (is the service running on it? then use --db-url): "
                    + e.getMessage());
            return 2;
        }
        try (opened) {
            Vertx vertx = VertxRuntime.create();
            Database database = Database.connect(vertx, opened.url(), 1);
            try {
                database.requireCurrentSchema().await(1, TimeUnit.MINUTES);
                LedgerStore store = new LedgerStore(database.pool());
                long recorded = store.revokeKey(keyId, fromSize).await(1, TimeUnit.MINUTES);
                out.println("key " + keyId + " revoked from size " + recorded + ": its signatures on entries " + recorded
                        + " and later are reported as signed by a revoked key");
                if (recorded < fromSize) {
                    out.println("(it was already revoked from the earlier size " + recorded + ", which stays)");
                }
                NoteVerifier key = store.keys().await(1, TimeUnit.MINUTES).get(keyId);
                String line = new TrustedKey(key, recorded).line();
                out.println("verifier key file line (offline verifiers honour the revocation only from their key file):");
                out.println(line);
                if (keyFile != null) {
                    KeyFiles.putLine(keyFile, key, line);
                    out.println("updated " + keyFile);
                }
                return 0;
            } catch (Exception e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                err.println("revoke-key refused: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
                return 1;
            } finally {
                database.close().await(10, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
    }
}
