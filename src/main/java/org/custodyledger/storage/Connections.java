package org.custodyledger.storage;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;

/** Telling a database that is away from a statement it refused because of what it was given. */
public final class Connections {
    private Connections() {
    }

    /**
     * Whether the failure is the database's absence: no connection, a lost one, or a server
     * shutting down, starting up or out of connections (SQLSTATE 08…, 57P01–57P03, 53300).
     */
    public static boolean lost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null && (pg.getSqlState().startsWith("08")
                    || pg.getSqlState().startsWith("57P") || pg.getSqlState().equals("53300"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database refused the data it was given (SQLSTATE class 22, data exception, or
     * 23, integrity constraint), or the data could not be encoded at all: a failure that one
     * statement's values caused, so the same values fail again and other values may not.
     */
    public static boolean badData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg.getSqlState() != null && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
            }
            if (t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }
}
