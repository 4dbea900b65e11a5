package org.custodyledger.witnessd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.testing.SignedTestLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The witness's durable state: file per origin, format, corruption, and one process per folder. */
class WitnessStateTest {
    private final SignedTestLog log = new SignedTestLog("agency.example/custody-log", (byte) 1, 9, "leaf ");

    @Test
    void aWrittenCheckpointIsReadBackFromAFileNamedByTheOriginsHash(@TempDir Path dir) throws Exception {
        try (WitnessState state = WitnessState.open(dir)) {
            assertNull(state.read(log.origin()));
            state.write(log.origin(), log.note(4));
            state.write(log.origin(), log.note(7));
            WitnessState.Latest latest = state.read(log.origin());
            assertEquals(log.checkpoint(7), latest.checkpoint());
            assertEquals(log.note(7), latest.note());
            String hex = HexFormat.of().formatHex(Sha256Hasher.newSha256().digest(log.origin().getBytes(StandardCharsets.UTF_8)));
            Path file = dir.resolve(hex + ".checkpoint");
            assertEquals(file, state.fileOf(log.origin()));
            assertEquals(WitnessState.HEADER + log.note(7), Files.readString(file));
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(Set.of("witness.lock", hex + ".checkpoint"),
                        files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                        "no temporary file is left behind");
            }
        }
    }

    @Test
    void anOriginThatIsAPathIsStillOneFileInTheFolder(@TempDir Path dir) throws Exception {
        SignedTestLog odd = new SignedTestLog("../../etc/passwd", (byte) 3, 2, "x");
        try (WitnessState state = WitnessState.open(dir.resolve("state"))) {
            state.write(odd.origin(), odd.note(2));
            assertEquals(dir.resolve("state"), state.fileOf(odd.origin()).getParent());
            assertEquals(odd.checkpoint(2), state.read(odd.origin()).checkpoint());
        }
    }

    @Test
    void aCorruptFileIsRefusedNeverReadAsEmpty(@TempDir Path dir) throws Exception {
        SignedTestLog other = new SignedTestLog("other.example/log", (byte) 2, 3, "y");
        try (WitnessState state = WitnessState.open(dir)) {
            Path file = state.fileOf(log.origin());
            for (String content : List.of("", "garbage\n", WitnessState.HEADER, WitnessState.HEADER + "x\n\n— k AAAA\n",
                    "custody-ledger witness state v2\n" + log.note(3), WitnessState.HEADER + other.note(3))) {
                Files.writeString(file, content);
                WitnessState.CorruptStateException e = assertThrows(WitnessState.CorruptStateException.class,
                        () -> state.read(log.origin()), content);
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            }
        }
    }

    @Test
    void oneProcessPerFolder(@TempDir Path dir) throws Exception {
        WitnessState first = WitnessState.open(dir);
        IOException e = assertThrows(IOException.class, () -> WitnessState.open(dir));
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
        first.close();
        WitnessState.open(dir).close();
    }

    @Test
    void aRefusedSecondOpenInThisProcessLeavesTheOsLockHeld(@TempDir Path dir) throws Exception {
        // POSIX locks are per process and closing ANY channel on the file drops them: a second open that
        // opened (and on refusal closed) its own channel would silently unlock the folder for other processes.
        Path lockFile = dir.toRealPath().resolve("witness.lock");
        try (WitnessState first = WitnessState.open(dir)) {
            assertFalse(LockProbe.lockableByAnotherProcess(lockFile), "locked while open");
            assertThrows(IOException.class, () -> WitnessState.open(dir));
            assertThrows(IOException.class, () -> WitnessState.open(dir.resolve(".")));
            assertFalse(LockProbe.lockableByAnotherProcess(lockFile), "still locked after the refused opens");
        }
        assertTrue(LockProbe.lockableByAnotherProcess(lockFile), "released on close");
    }

    @Test
    void workUnderAnOriginsLockIsNotInterleaved(@TempDir Path dir) throws Exception {
        try (WitnessState state = WitnessState.open(dir)) {
            int[] inside = {0};
            int[] most = {0};
            List<Thread> threads = Stream.generate(() -> new Thread(() -> {
                try {
                    state.locked(log.origin(), () -> {
                        inside[0]++;
                        most[0] = Math.max(most[0], inside[0]);
                        LockSupport.parkNanos(5_000_000);
                        inside[0]--;
                        return null;
                    });
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            })).limit(8).toList();
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, most[0]);
        }
    }
}
