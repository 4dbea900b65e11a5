package org.custodyledger.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.custodyledger.cli.Application;
import org.custodyledger.config.AppConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running service on a fresh database and data folder, stopped and removed afterwards.
 * Registered with {@code @RegisterExtension} on a static field, one service serves the whole
 * class; on an instance field, each test gets its own.
 */
public final class RunningService implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** Builds the service's configuration from its data folder and database URL. */
    @FunctionalInterface
    public interface Config {
        AppConfig of(Path dataDir, String dbUrl) throws Exception;
    }

    /** Runs after the service has stopped, before its data folder is removed. */
    @FunctionalInterface
    public interface Cleanup {
        void run() throws Exception;
    }

    private final Config config;
    private Cleanup afterStop = () -> { };
    private boolean perTest;
    private Path dataDir;
    private String dbUrl;
    private Application app;
    private Http http;
    private Sql sql;

    /** The test configuration ({@link AppConfig#forTests}). */
    public RunningService() {
        this(AppConfig::forTests);
    }

    public RunningService(Config config) {
        this.config = config;
    }

    /** What to undo once the service has stopped (e.g. a mount under its data folder). */
    public RunningService afterStop(Cleanup cleanup) {
        this.afterStop = cleanup;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (app == null) {
            // Only an instance field is first seen here: a service per test.
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    private void start() throws Exception {
        dataDir = Files.createTempDirectory("custody-ledger-test");
        dbUrl = TestDatabases.freshDatabase();
        app = Application.start(config.of(dataDir, dbUrl));
        http = new Http(app.port());
    }

    private void stop() throws Exception {
        Application running = app;
        Sql openSql = sql;
        app = null;
        sql = null;
        try {
            try (running; openSql) {
                // try-with-resources skips a null and closes the service even if the SQL client fails to close
            }
            if (running != null) {
                afterStop.run();
            }
        } finally {
            if (dataDir != null) {
                TestDatabases.deleteRecursively(dataDir);
                dataDir = null;
            }
        }
    }

    /**
     * Stops the service and starts it again on the same database and data folder, configured
     * by {@code next} (another signing key, say). Should the start fail, the service stays
     * stopped (a later restart may succeed) and the failure is thrown.
     */
    public void restart(Config next) throws Exception {
        Application running = app;
        app = null;
        if (running != null) {
            running.close();
        }
        app = Application.start(next.of(dataDir, dbUrl));
        http = new Http(app.port());
    }

    public Application app() {
        return app;
    }

    public int port() {
        return app.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public String dbUrl() {
        return dbUrl;
    }

    /** An anonymous client. */
    public Http http() {
        return http;
    }

    /** A client sending {@code token} (null: none). */
    public Http as(String token) {
        return http.as(token);
    }

    public Http officer(String subject) {
        return as(TestTokens.officer(subject));
    }

    public Http reviewer(String subject) {
        return as(TestTokens.reviewer(subject));
    }

    public Http oversight(String subject) {
        return as(TestTokens.oversight(subject));
    }

    public Http admin(String subject) {
        return as(TestTokens.admin(subject));
    }

    /** Blocking SQL on the service's database, opened on first use and closed with the service. */
    public Sql sql() {
        if (sql == null) {
            sql = new Sql(dbUrl);
        }
        return sql;
    }
}
