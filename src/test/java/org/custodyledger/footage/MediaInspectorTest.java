package org.custodyledger.footage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small files made with ffmpeg and exiftool (see src/test/resources/media/README.md). */
class MediaInspectorTest {
    private final MediaInspector inspector = new MediaInspector();

    private static Path media(String name) throws Exception {
        return Path.of(MediaInspectorTest.class.getResource("/media/" + name).toURI());
    }

    @Test
    void mp4WithCreationTimeAnd3gppLociLocation() throws Exception {
        MediaInspector.Inspection r = inspector.inspect(media("bodycam-nyc.mp4"));
        JsonObject m = r.metadata();
        assertEquals("video/mp4", r.mediaType());
        assertEquals("2026-11-27T21:14:05Z", m.getString("recordedAt"));
        assertEquals(1000L, m.getLong("durationMs"));
        assertEquals(320, m.getInteger("width"));
        assertEquals(240, m.getInteger("height"));
        assertEquals("H.264", m.getString("videoCodec"));
        assertTrue(m.getString("audioCodec").contains("AAC"), m.getString("audioCodec"));
        assertEquals(25.0, m.getDouble("frameRate"));
        // loci stores 16.16 fixed point: within 2e-5 degrees of what was written
        assertEquals(40.7128, m.getJsonObject("location").getDouble("lat"), 2e-5);
        assertEquals(-74.0060, m.getJsonObject("location").getDouble("lon"), 2e-5);
        assertNotNull(m.getJsonObject("raw").getString("Content-Type"));
    }

    @Test
    void mp4WithQuickTimeXyzLocation() throws Exception {
        JsonObject m = inspector.inspect(media("bodycam-la.mp4")).metadata();
        assertEquals("2026-11-24T12:00:00Z", m.getString("recordedAt"));
        assertEquals(new JsonObject().put("lat", 34.0522).put("lon", -118.2437), m.getJsonObject("location"));
    }

    @Test
    void threeGppWithLoci() throws Exception {
        MediaInspector.Inspection r = inspector.inspect(media("bodycam-london.3gp"));
        assertEquals("video/3gpp", r.mediaType());
        assertEquals(51.5074, r.metadata().getJsonObject("location").getDouble("lat"), 2e-5);
        assertEquals(-0.1278, r.metadata().getJsonObject("location").getDouble("lon"), 2e-5);
    }

    @Test
    void movWithAppleMakeModelAndLocation() throws Exception {
        JsonObject m = inspector.inspect(media("iphone.mov")).metadata();
        assertEquals(new JsonObject().put("make", "Apple").put("model", "iPhone 15 Pro"), m.getJsonObject("device"));
        assertEquals(new JsonObject().put("lat", 37.3349).put("lon", -122.009), m.getJsonObject("location"));
        assertEquals("2026-11-25T18:30:00Z", m.getString("recordedAt"));
        assertEquals(30.0, m.getDouble("frameRate"));
    }

    @Test
    void jpegWithExifGpsMakeModelSerial() throws Exception {
        MediaInspector.Inspection r = inspector.inspect(media("still.jpg"));
        JsonObject m = r.metadata();
        assertEquals("image/jpeg", r.mediaType());
        assertEquals(new JsonObject().put("make", "Axon").put("model", "Body 4").put("serial", "X60A1234"),
                m.getJsonObject("device"));
        assertEquals(new JsonObject().put("lat", 41.8781).put("lon", -87.6298), m.getJsonObject("location"));
        assertEquals("2026-11-27T22:15:09Z", m.getString("recordedAt"));
        assertTrue(m.getJsonArray("warnings").getString(0).startsWith("the recording time has no time zone"));
    }

    @Test
    void garbageGivesWarningsNotFailures(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.mp4");
        byte[] head = Files.readAllBytes(media("bodycam-nyc.mp4"));
        Files.write(bad, Arrays.copyOf(head, 2000));
        JsonObject m = inspector.inspect(bad).metadata();
        assertFalse(m.containsKey("location"));
        assertNotNull(m.getJsonObject("raw"));
    }
}
