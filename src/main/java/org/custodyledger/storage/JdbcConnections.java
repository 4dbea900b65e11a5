package org.custodyledger.storage;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * JDBC connections from the service's {@code postgresql://} URL, for the one job the Vert.x
 * client cannot do: PostgreSQL's COPY protocol, which backup and restore stream tables with.
 */
final class JdbcConnections {
    private JdbcConnections() {
    }

    static Connection open(String url) {
        PgConnectOptions options = Database.options(url);
        Properties props = new Properties();
        props.setProperty("user", options.getUser());
        if (options.getPassword() != null) {
            props.setProperty("password", options.getPassword());
        }
        String jdbcUrl = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
        try {
            return DriverManager.getConnection(jdbcUrl, props);
        } catch (SQLException e) {
            throw new StorageException("cannot connect to " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }
}
