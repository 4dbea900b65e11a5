package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One owner per data directory; the other process's refusal is in cli/UnattendedRestartTest. */
class ServiceLockTest {
    private static final long PID = ProcessHandle.current().pid();

    @Test
    void theLockRecordsItsHoldersPidAndRefusesASecondHolder(@TempDir Path dataDir) throws Exception {
        try (ServiceLock held = ServiceLock.acquire(dataDir)) {
            assertEquals(PID + "\n", Files.readString(dataDir.resolve(ServiceLock.FILE_NAME)));
            StorageException refused = assertThrows(StorageException.class, () -> ServiceLock.acquire(dataDir));
            assertEquals("data directory " + dataDir.toAbsolutePath() + " is in use by a running custody-ledger service "
                    + "(pid " + PID + "); stop it first or choose another --data-dir", refused.getMessage());
        }
        try (ServiceLock again = ServiceLock.acquire(dataDir)) {
            assertEquals(PID + "\n", Files.readString(dataDir.resolve(ServiceLock.FILE_NAME)));
        }
    }
}
