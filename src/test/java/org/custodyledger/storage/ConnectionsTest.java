package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** What counts as "the database is unavailable" (503) and what as the statement's or the disk's own failure. */
class ConnectionsTest {
    @Test
    void aServerStoppingStartingOrRecoveringIsUnavailable() {
        assertTrue(Connections.lost(pg("57P01", "terminating connection due to administrator command")));
        assertTrue(Connections.lost(pg("57P02", "terminating connection because of crash of another server process")));
        assertTrue(Connections.lost(pg("57P03", "the database system is starting up")));
        assertTrue(Connections.lost(pg("08006", "connection failure")));
    }

    @Test
    void aRefusedOrBrokenConnectionIsUnavailableEvenWhenWrapped() {
        assertTrue(Connections.lost(new ConnectException("Connection refused")));
        assertTrue(Connections.lost(new IllegalStateException(new SocketException("Connection reset"))));
        assertTrue(Connections.lost(new VertxException("Connection is not active now, current status: CLOSED", true)));
        assertTrue(Connections.lost(new VertxException("Timeout waiting for connection", true)));
    }

    @Test
    void aStatementsOwnFailureOrAFileErrorIsNot() {
        assertFalse(Connections.lost(pg("23505", "duplicate key value violates unique constraint")));
        assertFalse(Connections.lost(pg("57014", "canceling statement due to statement timeout")));
        assertFalse(Connections.lost(new FileSystemException("/srv/custody/blobs: No space left on device")));
        assertFalse(Connections.lost(new IOException("Stream closed")));
    }

    private static PgException pg(String sqlState, String message) {
        return new PgException(message, "FATAL", sqlState, null);
    }
}
