package org.custodyledger.storage;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.custodyledger.hash.Sha256Hasher;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a {@link DatabaseSnapshot} into an empty database: first the schema files the backup
 * was taken at (this build's copies, checked against the backup's checksums), then every table
 * in one transaction with every trigger and constraint on, so the restored rows pass the same
 * append-only and contiguity checks live appends do. All or nothing.
 */
public final class DatabaseImport {
    // V1 seeds the empty head; the backup's head replaces it by moving it forward, which the trigger checks.
    private static final String LOG_HEAD = "log_head";

    private DatabaseImport() {
    }

    public static void load(Vertx vertx, String url, Path dir, DatabaseSnapshot snapshot) throws IOException {
        List<Migration> migrations = migrationsFor(snapshot, Migration.fromClasspath());
        verifyFiles(dir, snapshot);
        try (Connection conn = JdbcConnections.open(url)) {
            requireEmpty(conn);
            Database database = Database.connect(vertx, url, 1);
            try {
                new SchemaMigrator(migrations).migrate(database.pool()).await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new StorageException("cannot create the backup's schema: " + e.getMessage(), e);
            } finally {
                database.close();
            }
            requireEveryTable(conn, snapshot);
            conn.setAutoCommit(false);
            CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
            DatabaseSnapshot.TableFile head = null;
            for (DatabaseSnapshot.TableFile table : snapshot.tables()) {
                if (table.table().equals(LOG_HEAD)) {
                    head = table;
                } else {
                    copyIn(copy, dir, table, table.table());
                }
            }
            if (head == null) {
                throw new StorageException("the backup holds no " + LOG_HEAD + " table");
            }
            moveHeadForward(conn, copy, dir, head);
            for (DatabaseSnapshot.SequenceValue s : snapshot.sequences()) {
                try (PreparedStatement st = conn.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
                    st.setString(1, SqlIdentifiers.quote(s.sequence()));
                    st.setLong(2, s.lastValue());
                    st.setBoolean(3, s.isCalled());
                    st.execute();
                }
            }
            checkHead(conn, snapshot);
            conn.commit();
        } catch (SQLException e) {
            throw new StorageException("database restore failed (nothing was kept): " + e.getMessage(), e);
        }
    }

    /** This build's schema files for exactly the versions the backup was at; refuses a version it lacks or whose file differs. */
    static List<Migration> migrationsFor(DatabaseSnapshot snapshot, List<Migration> known) {
        Map<Integer, Migration> byVersion = known.stream().collect(Collectors.toMap(Migration::version, Function.identity()));
        List<Migration> chosen = new ArrayList<>();
        for (DatabaseSnapshot.SchemaVersion v : snapshot.schema()) {
            Migration m = byVersion.get(v.version());
            if (m == null || !m.checksum().equals(v.checksum())) {
                throw new StorageException("the backup was taken at schema V" + v.version() + (m == null
                        ? ", which this build does not know" : ", whose file this build has in another version")
                        + "; restore with the custody-ledger release that took the backup");
            }
            chosen.add(m);
        }
        return chosen;
    }

    /**
     * The backup holds exactly the tables of its schema version: a manifest that leaves one out
     * (the holds, the access audit) would restore a ledger that audits clean but lost records.
     */
    private static void requireEveryTable(Connection conn, DatabaseSnapshot snapshot) throws SQLException {
        Set<String> expected = new TreeSet<>(DatabaseExport.tablesInLoadOrder(conn));
        expected.remove(DatabaseExport.SCHEMA_HISTORY); // written by the migration, not the backup
        Set<String> present = new TreeSet<>();
        snapshot.tables().forEach(t -> present.add(t.table()));
        if (!expected.equals(present)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(present);
            Set<String> extra = new TreeSet<>(present);
            extra.removeAll(expected);
            throw new StorageException("the backup's tables are not its schema's: missing " + missing + ", unknown " + extra);
        }
    }

    /** Every table file is there with the SHA-256 the manifest gives: checkable before anything is started. */
    public static void verifyFiles(Path dir, DatabaseSnapshot snapshot) throws IOException {
        for (DatabaseSnapshot.TableFile table : snapshot.tables()) {
            verifyFile(dir, table);
        }
    }

    private static void verifyFile(Path dir, DatabaseSnapshot.TableFile table) throws IOException {
        MessageDigest sha256 = Sha256Hasher.newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(dir.resolve(table.file())), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw new StorageException("the backup is incomplete: " + table.file() + " is missing", e);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(table.sha256())) {
            throw new StorageException("the backup is damaged: " + table.file() + " has SHA-256 " + actual
                    + ", the manifest says " + table.sha256());
        }
    }

    private static void requireEmpty(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('" + DatabaseExport.SCHEMA_HISTORY + "') IS NOT NULL")) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw new StorageException("the target database already holds a custody-ledger schema; restore into a fresh one");
            }
        }
    }

    private static void copyIn(CopyManager copy, Path dir, DatabaseSnapshot.TableFile table, String into)
            throws SQLException, IOException {
        long rows;
        try (InputStream in = Files.newInputStream(dir.resolve(table.file()))) {
            rows = copy.copyIn("COPY " + SqlIdentifiers.quote(into) + " (" + SqlIdentifiers.quoteAll(table.columns())
                    + ") FROM STDIN", in);
        }
        if (rows != table.rows()) {
            throw new StorageException(table.file() + " holds " + rows + " rows, the manifest says " + table.rows());
        }
    }

    private static void moveHeadForward(Connection conn, CopyManager copy, Path dir, DatabaseSnapshot.TableFile head)
            throws SQLException, IOException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TEMPORARY TABLE restored_head (LIKE log_head) ON COMMIT DROP");
        }
        copyIn(copy, dir, head, "restored_head");
        try (Statement st = conn.createStatement()) {
            st.executeUpdate("UPDATE log_head h SET size = r.size, root = r.root, updated_at = r.updated_at"
                    + " FROM restored_head r WHERE h.id = r.id");
        }
    }

    private static void checkHead(Connection conn, DatabaseSnapshot snapshot) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT size, root FROM log_head WHERE id = 0")) {
            rs.next();
            String root = Base64.getEncoder().encodeToString(rs.getBytes(2));
            if (rs.getLong(1) != snapshot.treeSize() || !root.equals(snapshot.root())) {
                throw new StorageException("the restored head is " + rs.getLong(1) + " " + root + ", the manifest says "
                        + snapshot.treeSize() + " " + snapshot.root());
            }
        }
    }
}
