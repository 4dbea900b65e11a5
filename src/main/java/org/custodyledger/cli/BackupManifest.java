package org.custodyledger.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.custodyledger.storage.DatabaseSnapshot;

/**
 * {@code manifest.json}, written last into a backup folder: a folder without it is not a
 * complete backup. It says which tree the backup restores (size, root, the signed checkpoint),
 * how many blobs and bytes it holds, and how to check each database file.
 */
record BackupManifest(String format, Instant createdAt, DatabaseSnapshot database, long blobCount, long blobBytes) {
    static final String FILE_NAME = "manifest.json";
    static final String FORMAT = "custody-ledger-backup/1";

    JsonObject toJson() {
        return new JsonObject().put("format", format).put("createdAt", createdAt.toString())
                .put("blobs", new JsonObject().put("count", blobCount).put("bytes", blobBytes))
                .put("database", database.toJson());
    }

    void writeTo(Path dir) throws IOException {
        Path temp = dir.resolve(FILE_NAME + ".part");
        Files.writeString(temp, toJson().encodePrettily() + "\n", StandardCharsets.UTF_8);
        try (FileChannel file = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            file.force(true);
        }
        Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        // The rename is durable only once the directory entry is on disk too.
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    static BackupManifest readFrom(Path dir) throws IOException {
        JsonObject json;
        try {
            json = new JsonObject(Files.readString(dir.resolve(FILE_NAME), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " is not a complete backup: it has no " + FILE_NAME, e);
        } catch (DecodeException e) {
            throw new IOException(dir.resolve(FILE_NAME) + " is not JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(json.getString("format"))) {
            throw new IOException(dir.resolve(FILE_NAME) + " is format " + json.getValue("format") + ", not " + FORMAT);
        }
        JsonObject blobs = json.getJsonObject("blobs");
        return new BackupManifest(FORMAT, Instant.parse(json.getString("createdAt")),
                DatabaseSnapshot.fromJson(json.getJsonObject("database")), blobs.getLong("count"), blobs.getLong("bytes"));
    }
}
