package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Restore creates exactly the schema the backup was taken at, with this build's identical files, or refuses. */
class DatabaseImportTest {
    private static final List<Migration> KNOWN = List.of(Migration.of("V1__a.sql", "SELECT 1;"),
            Migration.of("V2__b.sql", "SELECT 2;"), Migration.of("V3__c.sql", "SELECT 3;"));

    private static DatabaseSnapshot at(DatabaseSnapshot.SchemaVersion... versions) {
        return new DatabaseSnapshot(List.of(versions), List.of(), List.of(), 0, "", null);
    }

    private static DatabaseSnapshot.SchemaVersion v(int version) {
        return new DatabaseSnapshot.SchemaVersion(version, KNOWN.get(version - 1).checksum());
    }

    @Test
    void appliesOnlyTheVersionsTheBackupWasAt() {
        assertEquals(List.of(KNOWN.get(0), KNOWN.get(1)), DatabaseImport.migrationsFor(at(v(1), v(2)), KNOWN));
    }

    @Test
    void refusesAVersionThisBuildDoesNotKnow() {
        StorageException e = assertThrows(StorageException.class, () -> DatabaseImport.migrationsFor(
                at(v(1), new DatabaseSnapshot.SchemaVersion(4, "00")), KNOWN));
        assertEquals("the backup was taken at schema V4, which this build does not know; restore with the"
                + " custody-ledger release that took the backup", e.getMessage());
    }

    @Test
    void refusesASchemaFileThatDiffers() {
        StorageException e = assertThrows(StorageException.class, () -> DatabaseImport.migrationsFor(
                at(new DatabaseSnapshot.SchemaVersion(1, "00")), KNOWN));
        assertTrue(e.getMessage().startsWith("the backup was taken at schema V1, whose file this build has in another"
                + " version"), e.getMessage());
    }
}
