package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.post;
import static org.custodyledger.testing.ApiCalls.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.custodyledger.config.AppConfig;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.testing.ApiCalls;
import org.custodyledger.testing.Cli;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify-bundle} as a defence expert meets it, on a ledger signed with its own key: the
 * custody table decoded from the signed events, the readable footage block held against them
 * (an edited block fails, an unsigned field is named as such), a closing account of what was
 * and was not checked, the sample-key warning, and one line for each kind of unreadable input.
 */
class VerifyBundleForPeopleTest {
    @TempDir
    static Path files;
    static Path signingKey;

    @RegisterExtension
    static final RunningService service = new RunningService((dir, url) -> AppConfig.builder(dir).dbUrl(url)
            .signingKey(ownKey(dir)).build());

    static String footageId;
    static byte[] video;
    static JsonObject bundle;
    static String logKey;

    private static Path ownKey(Path dir) throws Exception {
        signingKey = Files.createDirectories(dir).resolve("ledger-signing.pem");
        Files.writeString(signingKey, Ed25519Keys.privatePem(Ed25519Keys.generate()));
        return signingKey;
    }

    @BeforeAll
    static void exportABundle() {
        video = ApiCalls.bytes(50_000, 7);
        footageId = upload(service.officer("badge-4711"), video, "filename=stop.mp4&incident=INC-9");
        Http reviewer = service.reviewer("det-ruiz");
        assertEquals(201, post(reviewer, "/api/v1/footage/" + footageId + "/events", new JsonObject().put("type", "SHARED")
                .put("purpose", "disclosure to defence, case 2026-CR-1182").put("location", "Evidence room 2")
                .put("details", new JsonObject().put("recipient", "J. Doe (Defence)")
                        .put("expiresAt", "2031-01-01T00:00:00.000Z"))).statusCode());
        bundle = VerificationApiTest.fetchBundle(reviewer, footageId);
        logKey = service.http().get("/api/v1/ledger/key").body().lines().findFirst().orElseThrow();
    }

    private static Path write(JsonObject json) throws Exception {
        Path file = Files.createTempFile(files, "bundle", ".json");
        Files.writeString(file, json.encodePrettily());
        return file;
    }

    private static Cli.Result verify(String... args) {
        List<String> all = new ArrayList<>(List.of("verify-bundle"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void theCustodyHistoryIsATableDecodedFromTheSignedEventsAndTheSummarySaysTheFileWasNotChecked() throws Exception {
        Cli.Result r = verify(write(bundle).toString(), "--key", logKey);
        assertEquals(0, r.exit(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("Custody history, decoded from the signed events (3):"), out);
        assertTrue(out.matches("(?s).*index\\s+time \\(UTC\\)\\s+who \\(role\\)\\s+what\\s+where\\s+why.*"), out);
        assertTrue(out.matches("(?s).*\\n  0\\s+\\d{4}-\\d\\d-\\d\\dT[^ ]+Z\\s+badge-4711 \\(officer\\)\\s+REGISTERED "
                + ".*filename=stop.mp4.*incident=INC-9.*"), out);
        assertTrue(out.matches("(?s).*det-ruiz \\(reviewer\\)\\s+SHARED expiresAt=2031-01-01T00:00:00.000Z, "
                + "recipient=J. Doe \\(Defence\\)\\s+Evidence room 2\\s+disclosure to defence, case 2026-CR-1182\\n.*"), out);
        assertTrue(out.contains("EXPORTED via=evidence-bundle"), out);
        assertTrue(out.contains("What was checked:"), out);
        assertTrue(out.matches("(?s).*NOT CHECKED\\s+file bytes\\s+no --footage FILE given.*"), out);
        assertTrue(out.matches("(?s).*checked\\s+checkpoint signature\\s+size \\d+ signed by .* — by the key you supplied.*"), out);
        assertTrue(out.matches("(?s).*checked\\s+events\\s+3 events: .*"), out);
        assertTrue(out.matches("(?s).*NOT CHECKED\\s+witnesses\\s+no --witness-policy FILE given.*"), out);
        assertTrue(out.contains("VERIFIED: all") && out.contains("the footage file itself was NOT checked (no --footage)"), out);
        assertFalse(r.err().contains("WARNING"), r.err());

        Path clip = files.resolve("stop.mp4");
        Files.write(clip, video);
        Cli.Result withFile = verify(write(bundle).toString(), "--key", logKey, "--footage", clip.toString());
        assertEquals(0, withFile.exit(), withFile.out());
        assertTrue(withFile.out().matches("(?s).*checked\\s+file bytes\\s+the file given with --footage has the registered SHA-256.*"),
                withFile.out());
        assertFalse(withFile.out().contains("NOT checked (no --footage)"), withFile.out());
    }

    @Test
    void anEditedFootageBlockFailsANamedCheckAndUnsignedFieldsAreNamed() throws Exception {
        JsonObject untouched = bundle.copy();
        untouched.getJsonObject("footage").put("notes", "added by hand");
        Cli.Result ok = verify(write(untouched).toString(), "--key", logKey);
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().matches("(?s).*checked\\s+readable blocks\\s+\\d+ fields match the signed events; unsigned, "
                + "not checked: createdAt, .*footage\\.notes.*"), ok.out());
        assertTrue(ok.out().contains("ok    footage-block:filename: matches the signed REGISTERED event @"), ok.out());

        for (Map.Entry<String, Object> edit : Map.<String, Object>of("filename", "other.mp4", "size", 1234,
                "sha256", "00".repeat(32), "uploadedBy", "someone-else", "incident", "INC-1").entrySet()) {
            JsonObject edited = bundle.copy();
            edited.getJsonObject("footage").put(edit.getKey(), edit.getValue());
            Cli.Result r = verify(write(edited).toString(), "--key", logKey);
            assertEquals(1, r.exit(), edit + ": " + r.out());
            assertTrue(r.out().contains("FAIL  footage-block:" + edit.getKey() + ": the readable footage block says something"
                    + " the signed events do not"), r.out());
            assertTrue(r.out().contains("actual " + edit.getValue()), r.out());
            assertTrue(r.out().matches("(?s).*FAILED\\s+readable blocks\\s+1 of \\d+ failed.*"), r.out());
            assertTrue(r.out().contains("NOT VERIFIED: 1 of"), r.out());
        }
        JsonObject origin = bundle.copy().put("logOrigin", "another.example/log");
        Cli.Result r = verify(write(origin).toString(), "--key", logKey);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("FAIL  log-origin"), r.out());
    }

    @Test
    void theJsonReportCarriesTheTableTheSummaryAndTheUnsignedFields() throws Exception {
        Cli.Result r = verify(write(bundle).toString(), "--key", logKey, "--json");
        assertEquals(0, r.exit(), r.err());
        JsonObject json = new JsonObject(r.out());
        assertTrue(json.getBoolean("verified"));
        assertEquals("supplied-key", json.getString("trust"));
        assertFalse(json.getBoolean("sampleKey"));
        assertFalse(json.getBoolean("footageFileChecked"));
        JsonArray custody = json.getJsonArray("custody");
        assertEquals(List.of("REGISTERED", "SHARED", "EXPORTED"), custody.stream()
                .map(c -> ((JsonObject) c).getString("what").split(" ")[0]).toList());
        assertEquals("badge-4711", custody.getJsonObject(0).getString("who"));
        assertEquals("officer", custody.getJsonObject(0).getString("role"));
        assertTrue(json.getJsonArray("unsignedNotChecked").contains("createdAt"));
        assertTrue(json.getJsonArray("summary").stream().map(s -> (JsonObject) s)
                .anyMatch(s -> s.getString("what").equals("file bytes") && s.getString("status").equals("NOT CHECKED")));
    }

    @Test
    void thePublicSampleKeyIsWarnedAbout() throws Exception {
        String sampleKeyLine = org.custodyledger.note.NoteVerifier.of(bundle.getString("logOrigin"),
                Ed25519Keys.readPublic(Path.of("keys-sample/ledger-signing.pub.pem"))).verifierKey();
        Cli.Result r = verify(write(bundle).toString(), "--key", sampleKeyLine);
        assertEquals(1, r.exit(), "this ledger signs with its own key, not the sample one: " + r.out());
        assertTrue(r.err().contains("WARNING: the key checked against is the PUBLIC SAMPLE KEY"), r.err());
        assertTrue(r.out().contains("PUBLIC SAMPLE KEY: proves nothing"), r.out());
        Cli.Result own = verify(write(bundle).toString(), "--key", logKey);
        assertFalse(own.err().contains("SAMPLE"), own.err());
    }

    @Test
    void unreadableInputGetsOneClearLineAndExitTwo() throws Exception {
        Path mp4 = Path.of("src/test/resources/media/bodycam-nyc.mp4");
        Path folder = Files.createDirectories(files.resolve("a-folder"));
        Path empty = Files.createFile(files.resolve("empty.json"));
        Path good = write(bundle);
        Path keyFile = files.resolve("log.vkey");
        Files.writeString(keyFile, "# the agency's published key\n" + logKey + "\n");
        Path publicPem = Path.of("keys-sample/ledger-signing.pub.pem");
        Path notJson = files.resolve("notes.txt");
        Files.writeString(notJson, "custody notes, not a bundle");

        assertEquals(0, verify(good.toString(), "--key-file", keyFile.toString()).exit(), "a key file of verifier-key lines works");
        Map<List<String>, String> cases = Map.of(
                List.of(mp4.toString()), "is a video file (MP4/QuickTime), not an evidence bundle: give the bundle JSON as"
                        + " BUNDLE and the video with --footage",
                List.of(files.resolve("missing.json").toString()), "the bundle: no such file: ",
                List.of(folder.toString()), "is a folder, not a file",
                List.of(empty.toString()), "is empty (0 bytes)",
                List.of(notJson.toString()), "is not an evidence bundle: a bundle is a JSON object",
                List.of(good.toString(), "--key-file", signingKey.toString()), "is a PEM private key: it must never leave the"
                        + " agency",
                List.of(good.toString(), "--key-file", publicPem.toString()), "is a PEM file, not verifier-key lines",
                List.of(good.toString(), "--key-file", folder.toString()), "--key-file: " + folder + " is a folder",
                List.of(good.toString(), "--footage", files.resolve("nope.mp4").toString()), "--footage: no such file");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            Cli.Result r = verify(c.getKey().toArray(String[]::new));
            assertEquals(2, r.exit(), c.getKey() + ": " + r.out() + r.err());
            assertEquals("", r.out(), c.getKey().toString());
            List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), c.getKey() + ": one line, got " + r.err());
            assertTrue(lines.get(0).startsWith("cannot verify: ") && lines.get(0).contains(c.getValue()),
                    c.getKey() + ": " + lines.get(0));
        }
        Cli.Result broken = verify(write(new JsonObject().put("format", "custody-ledger-evidence-bundle")).toString());
        assertEquals(2, broken.exit());
        assertEquals(1, broken.err().lines().filter(Objects::nonNull).filter(l -> !l.isBlank()).count(), broken.err());
    }
}
