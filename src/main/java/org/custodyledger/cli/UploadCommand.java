package org.custodyledger.cli;

import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
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
        Vertx vertx = Vertx.vertx();
        Answer answer;
        try (ProgressBar bar = progress("upload", size)) {
            answer = send(vertx, digest, size, bar).await(7, TimeUnit.DAYS);
        } catch (Exception e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            err.println("upload failed: cannot reach " + server + " (" + (cause.getMessage() == null ? cause
                    : cause.getMessage()) + ")");
            return 1;
        } finally {
            vertx.close();
        }
        int status = answer.status();
        if (status != 200 && status != 201) {
            err.println("upload refused: HTTP " + status + ": " + detail(answer.body()));
            return 1;
        }
        JsonObject json = new JsonObject(answer.body());
        out.println((status == 201 ? "registered " : "already registered ") + json.getString("id"));
        out.println("sha256     " + json.getString("sha256"));
        out.println("leaf index " + json.getJsonObject("event").getLong("index") + " ("
                + json.getJsonObject("event").getString("type") + ")");
        out.flush();
        return 0;
    }

    private record Answer(int status, String body) {
    }

    /**
     * Sends the headers first and the file only once the server says "100 Continue": a refused
     * token or a bad parameter is answered, with its reason, before a byte of the file is sent.
     */
    private Future<Answer> send(Vertx vertx, Sha256Digest digest, long size, ProgressBar bar) {
        // Idle time-out: a server that goes silent for ten minutes (fsync and metadata take far less) is gone.
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000).setIdleTimeout(600));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(
                        server.resolve("/api/v1/footage?" + query()).toString())
                .putHeader("Expect", "100-continue")
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-Length", Long.toString(size))
                .putHeader("Repr-Digest", "sha-256=:" + digest.base64() + ":");
        if (token != null && !token.isBlank()) {
            options.putHeader("Authorization", "Bearer " + token.strip());
        }
        return client.request(options).compose(request -> {
            boolean[] started = {false};
            Runnable body = () -> {
                if (started[0]) {
                    return;
                }
                started[0] = true;
                vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true))
                        .onSuccess(in -> in.endHandler(end -> request.end()).handler(chunk -> {
                            bar.stepBy(chunk.length());
                            request.write(chunk);
                            if (request.writeQueueFull()) {
                                in.pause();
                                request.drainHandler(drained -> in.resume());
                            }
                        }))
                        .onFailure(e -> request.reset());
            };
            request.continueHandler(v -> body.run());
            // A server (or proxy) that ignores Expect gets the body anyway after a while; not as soon as
            // curl's 1 s, since a refusal arriving once the body flows can be lost to the server's close.
            long fallback = vertx.setTimer(5000, t -> body.run());
            return request.sendHead().compose(v -> request.response()).onComplete(done -> vertx.cancelTimer(fallback));
        }).compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())));
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
            return problem.isBlank() ? "(no reason given)" : problem;
        }
    }
}
