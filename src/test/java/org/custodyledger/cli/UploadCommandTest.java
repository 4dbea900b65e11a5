package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.custodyledger.config.AppConfig;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UploadCommandTest {
    @Test
    void uploadsWithItsDigestAndReportsIdHashAndIndex(@TempDir Path dataDir, @TempDir Path files) throws Exception {
        Path video = files.resolve("clip.mp4");
        Files.copy(Path.of(getClass().getResource("/media/bodycam-nyc.mp4").toURI()), video);
        try (Application app = Application.start(AppConfig.forTests(dataDir, TestDatabases.freshDatabase()))) {
            String server = "http://localhost:" + app.port();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cmd = new CommandLine(new Main());
            cmd.setOut(new PrintWriter(out));
            cmd.setErr(new PrintWriter(err));
            assertEquals(0, cmd.execute("upload", video.toString(), "--server", server, "--incident", "INC-1",
                    "--token", org.custodyledger.testing.TestTokens.officer("officer-1")), err.toString());
            assertTrue(out.toString().startsWith("registered f-"), out.toString());
            assertTrue(out.toString().contains("sha256     " + Sha256Hasher.hash(Files.readAllBytes(video)).hex()));
            assertTrue(out.toString().contains("leaf index 0 (REGISTERED)"), out.toString());

            StringWriter refused = new StringWriter();
            cmd.setErr(new PrintWriter(refused));
            assertEquals(1, cmd.execute("upload", video.toString(), "--server", server, "--recorded-at", "soon",
                    "--token", org.custodyledger.testing.TestTokens.officer("officer-1")));
            assertTrue(refused.toString().contains("upload refused: HTTP 400: recordedAt must be an RFC 3339 time"),
                    refused.toString());
        }
    }
}
