package org.custodyledger.footage;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.mov.media.QuickTimeSoundDirectory;
import com.drew.metadata.mov.media.QuickTimeVideoDirectory;
import com.drew.metadata.mov.metadata.QuickTimeMetadataDirectory;
import com.drew.metadata.mp4.media.Mp4SoundDirectory;
import com.drew.metadata.mp4.media.Mp4VideoDirectory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads what a stored file says about itself and normalises it into {@code recordedAt,
 * durationMs, width, height, videoCodec, audioCodec, frameRate, device{make, model, serial},
 * location{lat, lon}} (each absent when unknown), with Tika's raw keys under {@code raw} and
 * problems under {@code warnings}. Tika reads the file by path, so it is never copied;
 * metadata-extractor and a small box reader fill what Tika does not map (Apple QuickTime
 * keys, frame rate and codecs, 3GPP {@code loci}). Never throws; blocking.
 */
public final class MediaInspector {
    /** The detected media type and the normalised metadata. */
    public record Inspection(String mediaType, JsonObject metadata) {
    }

    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private final AutoDetectParser tika = new AutoDetectParser();

    public Inspection inspect(Path file) {
        JsonObject out = new JsonObject();
        JsonArray warnings = new JsonArray();
        org.apache.tika.metadata.Metadata tikaMeta = new org.apache.tika.metadata.Metadata();
        try (TikaInputStream in = TikaInputStream.get(file)) {
            tika.parse(in, new DefaultHandler(), tikaMeta, new ParseContext());
        } catch (Exception | LinkageError e) {
            warnings.add("Tika could not parse the file: " + e);
        }
        JsonObject raw = new JsonObject();
        for (String name : tikaMeta.names()) {
            String[] values = tikaMeta.getValues(name);
            raw.put(name, values.length == 1 ? values[0] : new JsonArray(List.of(values)));
        }
        String mediaType = tikaMeta.get("Content-Type");

        Metadata extracted = null;
        try {
            extracted = ImageMetadataReader.readMetadata(file.toFile());
        } catch (Exception | LinkageError e) {
            // Most non-media files land here; only worth a warning for files Tika saw as media.
            if (mediaType != null && (mediaType.startsWith("video/") || mediaType.startsWith("image/"))) {
                warnings.add("metadata-extractor could not read the file: " + e.getMessage());
            }
        }

        putTime(out, warnings, firstNonNull(
                extracted == null ? null : string(extracted, QuickTimeMetadataDirectory.class, QuickTimeMetadataDirectory.TAG_CREATION_DATE),
                tikaMeta.get("dcterms:created")));
        String duration = tikaMeta.get("xmpDM:duration");
        if (duration != null) {
            try {
                out.put("durationMs", Math.round(Double.parseDouble(duration) * 1000));
            } catch (NumberFormatException e) {
                warnings.add("unreadable duration: " + duration);
            }
        }
        putInt(out, "width", tikaMeta.get("tiff:ImageWidth"));
        putInt(out, "height", tikaMeta.get("tiff:ImageLength"));

        JsonObject device = new JsonObject();
        double[] location = null;
        if (extracted != null) {
            putIfPresent(out, "videoCodec", firstNonNull(
                    string(extracted, Mp4VideoDirectory.class, Mp4VideoDirectory.TAG_COMPRESSION_TYPE),
                    string(extracted, QuickTimeVideoDirectory.class, QuickTimeVideoDirectory.TAG_COMPRESSION_TYPE)));
            putIfPresent(out, "audioCodec", firstNonNull(
                    string(extracted, Mp4SoundDirectory.class, Mp4SoundDirectory.TAG_AUDIO_FORMAT),
                    string(extracted, QuickTimeSoundDirectory.class, QuickTimeSoundDirectory.TAG_AUDIO_FORMAT)));
            Double fps = firstNonNull(
                    number(extracted, Mp4VideoDirectory.class, Mp4VideoDirectory.TAG_FRAME_RATE),
                    number(extracted, QuickTimeVideoDirectory.class, QuickTimeVideoDirectory.TAG_FRAME_RATE));
            if (fps != null && fps > 0) {
                out.put("frameRate", fps);
            }
            putIfPresent(device, "make", firstNonNull(
                    string(extracted, QuickTimeMetadataDirectory.class, QuickTimeMetadataDirectory.TAG_MAKE),
                    string(extracted, ExifIFD0Directory.class, ExifDirectoryBase.TAG_MAKE)));
            putIfPresent(device, "model", firstNonNull(
                    string(extracted, QuickTimeMetadataDirectory.class, QuickTimeMetadataDirectory.TAG_MODEL),
                    string(extracted, ExifIFD0Directory.class, ExifDirectoryBase.TAG_MODEL)));
            putIfPresent(device, "serial", firstNonNull(
                    string(extracted, ExifSubIFDDirectory.class, ExifDirectoryBase.TAG_BODY_SERIAL_NUMBER),
                    string(extracted, ExifIFD0Directory.class, ExifDirectoryBase.TAG_BODY_SERIAL_NUMBER)));
            location = Iso6709.parse(string(extracted, QuickTimeMetadataDirectory.class,
                    QuickTimeMetadataDirectory.TAG_LOCATION_ISO6709));
            GpsDirectory gps = extracted.getFirstDirectoryOfType(GpsDirectory.class);
            GeoLocation geo = gps == null ? null : gps.getGeoLocation();
            if (location == null && geo != null && !geo.isZero()) {
                location = new double[] {geo.getLatitude(), geo.getLongitude()};
            }
        }
        putIfPresent(device, "make", tikaMeta.get("tiff:Make"));
        putIfPresent(device, "model", tikaMeta.get("tiff:Model"));
        if (!device.isEmpty()) {
            out.put("device", device);
        }
        if (location == null) {
            location = latLon(tikaMeta.get("geo:lat"), tikaMeta.get("geo:long"));
        }
        if (location == null && mediaType != null && mediaType.startsWith("video/")) {
            try {
                location = LociReader.read(file);
            } catch (Exception e) {
                warnings.add("could not read the 3GPP location box: " + e.getMessage());
            }
        }
        if (location != null) {
            // Six decimals is about 0.1 m: more digits only repeat the format's rounding noise.
            out.put("location", new JsonObject().put("lat", round6(location[0])).put("lon", round6(location[1])));
        }
        out.put("raw", raw);
        if (!warnings.isEmpty()) {
            out.put("warnings", warnings);
        }
        return new Inspection(mediaType, out);
    }

    private static void putTime(JsonObject out, JsonArray warnings, String text) {
        if (text == null) {
            return;
        }
        try {
            out.put("recordedAt", Instant.from(OffsetDateTime.parse(text.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")))
                    .toString());
        } catch (DateTimeParseException e) {
            try {
                out.put("recordedAt", LocalDateTime.parse(text, EXIF_TIME).toInstant(ZoneOffset.UTC).toString());
                warnings.add("the recording time has no time zone; UTC assumed: " + text);
            } catch (DateTimeParseException e2) {
                warnings.add("unreadable recording time: " + text);
            }
        }
    }

    private static double round6(double degrees) {
        return Math.round(degrees * 1e6) / 1e6;
    }

    private static double[] latLon(String lat, String lon) {
        if (lat == null || lon == null) {
            return null;
        }
        try {
            double a = Double.parseDouble(lat);
            double b = Double.parseDouble(lon);
            return Math.abs(a) <= 90 && Math.abs(b) <= 180 ? new double[] {a, b} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void putInt(JsonObject out, String key, String value) {
        if (value != null) {
            try {
                out.put(key, Integer.parseInt(value.replaceAll("[^0-9]", "")));
            } catch (NumberFormatException ignored) {
                // an unreadable dimension is simply unknown
            }
        }
    }

    private static void putIfPresent(JsonObject out, String key, String value) {
        if (value != null && !value.isBlank() && !out.containsKey(key)) {
            out.put(key, value.strip());
        }
    }

    private static String string(Metadata m, Class<? extends Directory> type, int tag) {
        for (Directory d : m.getDirectoriesOfType(type)) {
            String s = d.getString(tag);
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    private static Double number(Metadata m, Class<? extends Directory> type, int tag) {
        for (Directory d : m.getDirectoriesOfType(type)) {
            Double v = d.getDoubleObject(tag);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
