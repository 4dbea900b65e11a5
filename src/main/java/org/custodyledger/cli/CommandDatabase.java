package org.custodyledger.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.custodyledger.storage.EmbeddedPostgresServer;

/**
 * The database a maintenance command (audit, backup) works on: the {@code --db-url} given, or
 * the embedded PostgreSQL in the data folder, started for the command and stopped on close.
 */
final class CommandDatabase implements AutoCloseable {
    private final String url;
    private final EmbeddedPostgresServer started;

    private CommandDatabase(String url, EmbeddedPostgresServer started) {
        this.url = url;
        this.started = started;
    }

    /** A blank {@code --db-url} (an empty environment twin) counts as none given. */
    static String given(String dbUrl) {
        return dbUrl == null || dbUrl.isBlank() ? null : dbUrl;
    }

    /**
     * The given URL; else, with {@code joinRunning}, the embedded server a running service has
     * up in the data folder; else the embedded one, started here.
     */
    static CommandDatabase open(String dbUrl, Path dataDir, boolean joinRunning) throws IOException {
        String url = given(dbUrl);
        if (url != null) {
            return new CommandDatabase(url, null);
        }
        Optional<String> running = joinRunning ? EmbeddedPostgresServer.runningUrl(dataDir) : Optional.empty();
        if (running.isPresent()) {
            return new CommandDatabase(running.get(), null);
        }
        EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(dataDir, true);
        return new CommandDatabase(embedded.url("postgres"), embedded);
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws IOException {
        if (started != null) {
            started.close();
        }
    }
}
