package org.custodyledger.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
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
import java.util.TreeMap;
import java.util.TreeSet;
import org.custodyledger.hash.Sha256Hasher;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes every table of a live database to files, all read in ONE {@code REPEATABLE READ, READ
 * ONLY} transaction: one snapshot, so the log entries, tree nodes, checkpoints, head and footage
 * rows agree with each other however many appends commit meanwhile (the sequencer writes them
 * all in one transaction). Reads only and takes no lock an append waits for.
 *
 * <p>Done with COPY over JDBC rather than pg_dump: the zonky binaries ship no pg_dump, and a
 * pg_dump older than the server (Debian 12's is 15, the embedded server 17) refuses to run.
 */
public final class DatabaseExport {
    // Created and filled by the schema migrator on restore, so it is not loaded from the backup.
    static final String SCHEMA_HISTORY = "schema_history";

    private DatabaseExport() {
    }

    /** The snapshot's description and the footage whose bytes it says the blob store holds. */
    public record Result(DatabaseSnapshot snapshot, List<HeldFootage> held) {
    }

    /** Footage the snapshot records as held: its bytes must be in the backup. */
    public record HeldFootage(String id, String sha256Hex) {
    }

    /** Exports into {@code dir} (which must exist); file names in the snapshot are relative to it. */
    public static Result export(String url, Path dir) throws IOException {
        try (Connection conn = JdbcConnections.open(url)) {
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            conn.setReadOnly(true);
            // The first query fixes the snapshot every later statement in the transaction reads.
            long treeSize;
            String root;
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT size, root FROM log_head WHERE id = 0")) {
                if (!rs.next()) {
                    throw new StorageException("the database has no log head: is it a custody-ledger database?");
                }
                treeSize = rs.getLong(1);
                root = Base64.getEncoder().encodeToString(rs.getBytes(2));
            }
            String checkpoint = checkpointNote(conn, treeSize);
            List<DatabaseSnapshot.SchemaVersion> schema = schema(conn);
            CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
            List<DatabaseSnapshot.TableFile> tables = new ArrayList<>();
            for (String table : tablesInLoadOrder(conn)) {
                if (!table.equals(SCHEMA_HISTORY)) {
                    tables.add(exportTable(conn, copy, table, dir));
                }
            }
            List<DatabaseSnapshot.SequenceValue> sequences = sequences(conn);
            List<HeldFootage> held = held(conn);
            conn.commit();
            return new Result(new DatabaseSnapshot(schema, tables, sequences, treeSize, root, checkpoint), held);
        } catch (SQLException e) {
            throw new StorageException("database export failed: " + e.getMessage(), e);
        }
    }

    private static String checkpointNote(Connection conn, long size) throws SQLException {
        try (PreparedStatement st = conn.prepareStatement("SELECT note FROM checkpoints WHERE size = ?")) {
            st.setLong(1, size);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<DatabaseSnapshot.SchemaVersion> schema(Connection conn) throws SQLException {
        List<DatabaseSnapshot.SchemaVersion> versions = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, checksum FROM schema_history ORDER BY version")) {
            while (rs.next()) {
                versions.add(new DatabaseSnapshot.SchemaVersion(rs.getInt(1), rs.getString(2)));
            }
        }
        return versions;
    }

    /** Every table of the schema, referenced tables before the tables referencing them (then by name). */
    static List<String> tablesInLoadOrder(Connection conn) throws SQLException {
        Map<String, Set<String>> parents = new TreeMap<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')""")) {
            while (rs.next()) {
                parents.put(rs.getString(1), new TreeSet<>());
            }
        }
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT c.relname, p.relname FROM pg_constraint k
                       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
                       JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.oid <> p.oid""")) {
            while (rs.next()) {
                parents.get(rs.getString(1)).add(rs.getString(2));
            }
        }
        List<String> order = new ArrayList<>();
        while (order.size() < parents.size()) {
            String next = parents.entrySet().stream()
                    .filter(e -> !order.contains(e.getKey()) && order.containsAll(e.getValue()))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new StorageException("foreign keys form a cycle among " + parents.keySet()));
            order.add(next);
        }
        return order;
    }

    private static DatabaseSnapshot.TableFile exportTable(Connection conn, CopyManager copy, String table, Path dir)
            throws SQLException, IOException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement st = conn.prepareStatement("""
                SELECT a.attname FROM pg_attribute a
                WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                ORDER BY a.attnum""")) {
            st.setString(1, SqlIdentifiers.quote(table));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        String file = "database/" + table + ".copy";
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        MessageDigest sha256 = Sha256Hasher.newSha256();
        long rows;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha256)) {
            rows = copy.copyOut("COPY " + SqlIdentifiers.quote(table) + " (" + SqlIdentifiers.quoteAll(columns) + ") TO STDOUT", out);
        }
        // On disk before the manifest that vouches for it is written.
        try (FileChannel written = FileChannel.open(target, StandardOpenOption.WRITE)) {
            written.force(true);
        }
        return new DatabaseSnapshot.TableFile(table, columns, rows, file, HexFormat.of().formatHex(sha256.digest()));
    }

    private static List<DatabaseSnapshot.SequenceValue> sequences(Connection conn) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = current_schema() AND c.relkind = 'S' ORDER BY c.relname""")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        List<DatabaseSnapshot.SequenceValue> values = new ArrayList<>();
        for (String name : names) {
            // Sequences are not transactional: this may be ahead of the snapshot, never behind it,
            // so restored identities never collide (at worst a few numbers are skipped).
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + SqlIdentifiers.quote(name))) {
                rs.next();
                values.add(new DatabaseSnapshot.SequenceValue(name, rs.getLong(1), rs.getBoolean(2)));
            }
        }
        return values;
    }

    private static List<HeldFootage> held(Connection conn) throws SQLException {
        List<HeldFootage> held = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, encode(sha256, 'hex') FROM footage WHERE held ORDER BY seq")) {
            while (rs.next()) {
                held.add(new HeldFootage(rs.getString(1), rs.getString(2)));
            }
        }
        return held;
    }
}
