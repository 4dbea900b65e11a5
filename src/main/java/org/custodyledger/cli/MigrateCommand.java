package org.custodyledger.cli;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.custodyledger.storage.Database;
import org.custodyledger.storage.RuntimeGrants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code migrate}: applies the schema as its owner, and optionally grants the runtime role
 * exactly what {@code serve --no-migrate} needs. The owner's credentials stay with whoever
 * deploys; the long-running service never holds them.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply the versioned schema to an external PostgreSQL as the role that owns it, and print the "
                + "version.", "Exit status: 0 done, 1 refused (the message says why)."})
final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // No environment twin: CUSTODY_DB_URL is the runtime role's, and the owner's URL must never default to it.
    @Option(names = "--db-url", required = true,
            description = "The schema owner's PostgreSQL URL, postgresql://owner:password@host:port/db.")
    String dbUrl;

    @Option(names = "--runtime-role",
            description = "Also (re)grant this existing role exactly what `serve --no-migrate` needs, revoking "
                    + "anything else it held on the ledger's tables.")
    String runtimeRole;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Vertx vertx = VertxRuntime.create();
        Database database = null;
        try {
            database = Database.connect(vertx, dbUrl, 1);
            int version = database.migrate().await(5, TimeUnit.MINUTES);
            out.println("database schema at version " + version);
            if (runtimeRole != null) {
                RuntimeGrants.grant(database.pool(), runtimeRole).await(1, TimeUnit.MINUTES);
                out.println("granted role " + runtimeRole + " the runtime privileges (serve --no-migrate)");
            }
            return 0;
        } catch (Exception e) {
            // One line for the operator, as serve does: the reason, not a stack trace.
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            err.println("migrate failed: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            return 1;
        } finally {
            out.flush();
            err.flush();
            if (database != null) {
                database.close().await(10, TimeUnit.SECONDS);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
