package org.custodyledger.storage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a backup holds of the database, all read in one snapshot: the schema versions it was
 * at, one COPY file per table (in an order that satisfies every foreign key), the sequences'
 * positions, and the log head with its signed checkpoint, so an operator can see which tree
 * the backup restores.
 *
 * @param treeSize   the log head's size in the snapshot
 * @param root       the head's root hash, base64
 * @param checkpoint the signed checkpoint note for that tree, or null for an empty log
 */
public record DatabaseSnapshot(List<SchemaVersion> schema, List<TableFile> tables, List<SequenceValue> sequences,
                               long treeSize, String root, String checkpoint) {

    public DatabaseSnapshot {
        schema = List.copyOf(schema);
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
    }

    /** One applied schema file, as schema_history recorded it. */
    public record SchemaVersion(int version, String checksum) {
    }

    /** One table's rows in PostgreSQL's COPY text format, with the file's SHA-256 (hex) to catch a damaged copy. */
    public record TableFile(String table, List<String> columns, long rows, String file, String sha256) {
        public TableFile {
            columns = List.copyOf(columns);
        }
    }

    public record SequenceValue(String sequence, long lastValue, boolean isCalled) {
    }

    public JsonObject toJson() {
        JsonArray schemaJson = new JsonArray();
        schema.forEach(s -> schemaJson.add(new JsonObject().put("version", s.version()).put("checksum", s.checksum())));
        JsonArray tablesJson = new JsonArray();
        tables.forEach(t -> tablesJson.add(new JsonObject().put("table", t.table()).put("columns", new JsonArray(t.columns()))
                .put("rows", t.rows()).put("file", t.file()).put("sha256", t.sha256())));
        JsonArray sequencesJson = new JsonArray();
        sequences.forEach(s -> sequencesJson.add(new JsonObject().put("sequence", s.sequence())
                .put("lastValue", s.lastValue()).put("isCalled", s.isCalled())));
        return new JsonObject().put("treeSize", treeSize).put("root", root).put("checkpoint", checkpoint)
                .put("schema", schemaJson).put("tables", tablesJson).put("sequences", sequencesJson);
    }

    public static DatabaseSnapshot fromJson(JsonObject json) {
        try {
            List<SchemaVersion> schema = json.getJsonArray("schema").stream().map(JsonObject.class::cast)
                    .map(s -> new SchemaVersion(s.getInteger("version"), s.getString("checksum"))).toList();
            List<TableFile> tables = json.getJsonArray("tables").stream().map(JsonObject.class::cast)
                    .map(t -> new TableFile(t.getString("table"), t.getJsonArray("columns").stream().map(String.class::cast)
                            .toList(), t.getLong("rows"), t.getString("file"), t.getString("sha256"))).toList();
            List<SequenceValue> sequences = json.getJsonArray("sequences").stream().map(JsonObject.class::cast)
                    .map(s -> new SequenceValue(s.getString("sequence"), s.getLong("lastValue"), s.getBoolean("isCalled")))
                    .toList();
            return new DatabaseSnapshot(schema, tables, sequences, json.getLong("treeSize"), json.getString("root"),
                    json.getString("checkpoint"));
        } catch (RuntimeException e) {
            throw new StorageException("the backup's database description is malformed: " + e, e);
        }
    }
}
