package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.custodyledger.config.AppConfig;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {
    private static String run(StringWriter out, String... args) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        int code = cmd.execute(args);
        return code + "\n" + out;
    }

    @Test
    void everyCommandHasHelp() {
        String serve = run(new StringWriter(), "serve", "--help");
        assertTrue(serve.startsWith("0\n"), serve);
        for (String flag : new String[] {"--port", "--data-dir", "--db-url", "--signing-key", "CUSTODY_DB_URL",
                "--no-migrate", "CUSTODY_NO_MIGRATE", "--witness-policy", "CUSTODY_WITNESS_POLICY", "--witness-interval-s"}) {
            assertTrue(serve.contains(flag), flag + " missing from: " + serve);
        }
        assertTrue(run(new StringWriter(), "keygen", "--help").contains("--out"));
        assertTrue(run(new StringWriter(), "migrate", "--help").contains("--runtime-role"));
        assertTrue(run(new StringWriter(), "--help").contains("serve"));
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerCanRead(@TempDir Path dir) throws Exception {
        String out = run(new StringWriter(), "keygen", "--out", dir.toString());
        assertTrue(out.startsWith("0\n"), out);
        Path priv = dir.resolve("ledger-signing.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        var key = Ed25519Keys.readPrivate(priv);
        var pub = Ed25519Keys.readPublic(dir.resolve("ledger-signing.pub.pem"));
        assertEquals(HexFormat.of().formatHex(key.generatePublicKey().getEncoded()),
                HexFormat.of().formatHex(pub.getEncoded()));
        assertTrue(out.contains(new NoteSigner("custody-ledger.local/log", key).verifier().verifierKey()), out);
        String again = run(new StringWriter(), "keygen", "--out", dir.toString());
        assertNotEquals('0', again.charAt(0), "an existing key is never overwritten");
    }

    @Test
    void badFlagsAreRefusedWithAMessage() {
        String out = run(new StringWriter(), "serve", "--port", "http");
        assertTrue(out.startsWith("2\n"), out);
        assertTrue(out.contains("Invalid value for option '--port'"), out);
    }

    @Test
    void aRunningEmbeddedServiceCanBeAuditedWithTheUrlItLogs(@TempDir Path dataDir) throws Exception {
        try (Application app = Application.start(AppConfig.forTests(dataDir, null))) {
            Await.result(app.sequencer().append(Events.viewed("a")));
            String url = app.embeddedDatabaseUrl();
            assertTrue(url.startsWith("postgresql://"), url);
            StringWriter out = new StringWriter();
            CommandLine cmd = new CommandLine(new Main());
            cmd.setOut(new PrintWriter(out));
            assertEquals(0, cmd.execute("audit", "--db-url", url), out.toString());
            assertTrue(out.toString().contains("1"), out.toString());
        }
    }
}
