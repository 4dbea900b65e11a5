package org.custodyledger.storage;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;

/** Telling a database that is away from a statement it refused because of what it was given. */
public final class Connections {
    private Connections() {
    }

    /**
     * Whether the failure is the connection's (the database is down, going down, starting up or
     * went away), not the statement's. A server that is stopping or recovering still answers, with
     * an error instead of a refused connection: SQLSTATE class 08 (connection exception), 57P01
     * (admin shutdown: a fast or smart stop), 57P02 (crash shutdown: another backend crashed),
     * 57P03 (cannot connect now: starting up, recovering, shutting down), 53300 (too many connections).
     */
    public static boolean lost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException || socketFailure(t)
                    || clientGaveUp(t)) {
                return true;
            }
            if (t instanceof PgException pg && serverUnavailable(pg.getSqlState())) {
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

    /**
     * A write or read on a socket the server closed under it (broken pipe, connection reset): Netty's
     * native transport raises its own IOException, NIO a plain one from the JDK's socket code. File
     * I/O errors are neither, so a failing disk is never reported as an unreachable database.
     */
    private static boolean socketFailure(Throwable t) {
        if (!(t instanceof IOException)) {
            return false;
        }
        return t instanceof SocketException || t instanceof ClosedChannelException
                || t.getClass().getName().startsWith("io.netty.")
                || Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().startsWith("sun.nio.ch.Socket"));
    }

    /**
     * The client's own words, for want of types of their own: a statement given to a connection the
     * server had just closed, or a pool that could not hand out a working connection within its wait
     * (connections hanging on an unreachable host, or all of them stuck).
     */
    private static boolean clientGaveUp(Throwable t) {
        return t instanceof VertxException && t.getMessage() != null
                && (t.getMessage().startsWith("Connection is not active now")
                || t.getMessage().equals("Timeout waiting for connection"));
    }

    private static boolean serverUnavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
                || sqlState.equals("57P03") || sqlState.equals("53300"));
    }
}
