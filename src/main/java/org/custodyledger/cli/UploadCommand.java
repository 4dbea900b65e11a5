package org.custodyledger.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.hash.Sha256Hasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upload}: hashes a file, then streams it to the service with its Repr-Digest, so the
 * server refuses it if a single byte changed on the way. Neither pass holds the file in memory.
 */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = "Upload a footage file: stream it with its SHA-256 and print the footage id, hash and leaf index.")
final class UploadCommand implements Callable<Integer> {
    private static final int BLOCK = 1 << 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The footage file.")
    Path file;

    @Option(names = "--server", defaultValue = "${env:CUSTODY_SERVER:-http://localhost:8080}",
            description = "Service base URL (env CUSTODY_SERVER; default ${DEFAULT-VALUE}).")
    URI server;

    @Option(names = "--incident", description = "Incident or case number.")
    String incident;

    @Option(names = "--filename", description = "Name to record (default: the file's own name).")
    String filename;

    @Option(names = "--device", description = "Camera id or serial.")
    String device;

    @Option(names = "--recorded-at", description = "Recording time, RFC 3339 (overrides the file's metadata).")
    String recordedAt;

    @Option(names = "--notes", description = "Free-text notes.")
    String notes;

    @Option(names = "--token", defaultValue = "${env:CUSTODY_TOKEN}", description = "Bearer token (env CUSTODY_TOKEN).")
    String token;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("not a readable file: " + file);
            return 2;
        }
        long size = Files.size(file);
        Sha256Digest digest = hash(size);
        HttpURLConnection conn = (HttpURLConnection) server.resolve("/api/v1/footage?" + query()).toURL().openConnection();
        conn.setRequestMethod("POST");
        conn.setDoOutput(true);
        conn.setFixedLengthStreamingMode(size);
        conn.setRequestProperty("Content-Type", "application/octet-stream");
        conn.setRequestProperty("Repr-Digest", "sha-256=:" + digest.base64() + ":");
        if (token != null && !token.isBlank()) {
            conn.setRequestProperty("Authorization", "Bearer " + token);
        }
        try (InputStream in = Files.newInputStream(file); ProgressBar bar = progress("upload", size);
             OutputStream body = conn.getOutputStream()) {
            copy(in, body, bar);
        }
        int status = conn.getResponseCode();
        InputStream answer = status < 400 ? conn.getInputStream() : conn.getErrorStream();
        String text = answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8);
        if (status != 200 && status != 201) {
            err.println("upload refused: HTTP " + status + ": " + detail(text));
            return 1;
        }
        JsonObject json = new JsonObject(text);
        out.println((status == 201 ? "registered " : "already registered ") + json.getString("id"));
        out.println("sha256     " + json.getString("sha256"));
        out.println("leaf index " + json.getJsonObject("event").getLong("index") + " ("
                + json.getJsonObject("event").getString("type") + ")");
        out.flush();
        return 0;
    }

    private Sha256Digest hash(long size) throws IOException {
        Sha256Hasher hasher = new Sha256Hasher();
        byte[] buf = new byte[BLOCK];
        try (InputStream in = Files.newInputStream(file); ProgressBar bar = progress("sha-256", size)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                hasher.update(buf, 0, n);
                bar.stepBy(n);
            }
        }
        return hasher.digest();
    }

    private static void copy(InputStream in, OutputStream out, ProgressBar bar) throws IOException {
        byte[] buf = new byte[BLOCK];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
            bar.stepBy(n);
        }
    }

    private ProgressBar progress(String task, long size) {
        boolean large = size >= 10L << 20;
        return ProgressBars.create(spec.commandLine().getErr(), task, size, large ? " MiB" : " KiB", large ? 1 << 20 : 1 << 10);
    }

    private String query() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("filename", filename != null ? filename : file.getFileName().toString());
        params.put("incident", incident);
        params.put("device", device);
        params.put("recordedAt", recordedAt);
        params.put("notes", notes);
        return params.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String detail(String problem) {
        try {
            return new JsonObject(problem).getString("detail");
        } catch (RuntimeException e) {
            return problem;
        }
    }
}
