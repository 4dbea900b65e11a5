package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema files as the shaded jar ships them: only schema/V*.sql at the top of schema/, in version order. */
class MigrationJarTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTopLevelSchemaFilesOfAJarInVersionOrder() throws IOException {
        Path jar = dir.resolve("service.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "org/example/A.class", "not sql");
            put(out, "schema/V2__footage_store.sql", "SELECT 2;");
            put(out, "schema/notes.txt", "not a schema file");
            put(out, "schema/old/V9__elsewhere.sql", "SELECT 9;");
            put(out, "other/V7__not_schema.sql", "SELECT 7;");
            put(out, "schema/V1__ledger.sql", "SELECT 1;");
        }
        List<Migration> read = Migration.fromJar(jar);
        assertEquals(List.of(Migration.of("V1__ledger.sql", "SELECT 1;"), Migration.of("V2__footage_store.sql", "SELECT 2;")),
                read);
        assertEquals("footage store", read.get(1).description());
    }

    private static void put(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
