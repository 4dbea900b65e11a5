package org.custodyledger.storage;

import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;

/** Telling a lost or refused database connection from a statement the database refused. */
public final class Connections {
    private Connections() {
    }

    /** Whether the failure is the connection's (the database is down or went away), not the statement's. */
    public static boolean lost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
                return true;
            }
        }
        return false;
    }
}
