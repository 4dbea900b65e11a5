package org.custodyledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Sql;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DatabaseTest {
    @Test
    void sessionsCommitDurablyEvenWhereTheDatabaseDefaultIsOff(Vertx vertx) {
        String url = TestDatabases.freshDatabase();
        String name = URI.create(url).getPath().substring(1);
        try (Sql sql = new Sql(TestDatabases.adminUrl())) {
            sql.run("ALTER DATABASE " + name + " SET synchronous_commit = off");
        }
        try (Sql plain = new Sql(url)) {
            assertEquals("off", plain.run("SHOW synchronous_commit").iterator().next().getString(0));
        }
        Database db = Database.connect(vertx, url, 1);
        String setting = Await.result(db.pool().query("SHOW synchronous_commit").execute()).iterator().next().getString(0);
        assertEquals("on", setting);
    }

    @Test
    void aMalformedUrlIsRefusedWithItsShape(Vertx vertx) {
        StorageException e = assertThrows(StorageException.class, () -> Database.connect(vertx, "mysql:/nope", 1));
        assertTrue(e.getMessage().startsWith("invalid database URL (want postgresql://user:password@host:port/db)"),
                e.getMessage());
    }
}
