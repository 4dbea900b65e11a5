package org.custodyledger.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.merkle.Tile;
import org.custodyledger.merkle.TileTree;
import org.custodyledger.merkle.Tiles;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.SignedNote;
import org.custodyledger.note.TrustedKey;
import org.custodyledger.witness.Policy;
import org.custodyledger.witness.PolicyParser;
import org.custodyledger.witness.WitnessException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code monitor}: follows a log through c2sp.org/tlog-tiles and proves each new checkpoint consistent with the last. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Follow a log through its tiles (c2sp.org/tlog-tiles under <URL>/tlog): verify each new checkpoint's "
                + "signature (and, with --witness-policy, its cosignatures and quorum), fetch the tiles it adds, recompute "
                + "the tree and prove the new checkpoint consistent with the last one verified, which is kept in --state. "
                + "Exit 1 with a one-line message on any inconsistency, keeping the old state."})
final class MonitorCommand implements Callable<Integer> {
    /** A refusal to report and stop on: the log is not what it signed before, or not signed at all. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--log", paramLabel = "URL", defaultValue = "${env:CUSTODY_MONITOR_LOG}",
            description = "The log's base URL; /tlog/checkpoint and /tlog/tile/… are read below it (env CUSTODY_MONITOR_LOG). Required.")
    String log;

    @Option(names = "--key", paramLabel = "VKEY", defaultValue = "${env:CUSTODY_MONITOR_KEY}",
            description = "The log's checkpoint verifier key (name+keyid+base64), or a key file (one key per line, as "
                    + "/api/v1/ledger/key lists them; a line may end in revoked-from=N); the checkpoint's origin must be the "
                    + "key's name. With the old and the new key in the file, the monitor follows a key handover: the log's "
                    + "checkpoint signed by both (from <URL>/api/v1/ledger/key) (env CUSTODY_MONITOR_KEY). Required.")
    String key;

    @Option(names = "--witness-policy", paramLabel = "FILE", defaultValue = "${env:CUSTODY_MONITOR_WITNESS_POLICY}",
            description = "A c2sp.org/tlog-policy file: every checkpoint must carry cosignatures meeting its quorum "
                    + "(env CUSTODY_MONITOR_WITNESS_POLICY).")
    Path policyFile;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "${env:CUSTODY_MONITOR_STATE}",
            description = "Folder for the last verified checkpoint and its tree edge (created if missing) "
                    + "(env CUSTODY_MONITOR_STATE). Required.")
    Path state;

    @Option(names = "--once", defaultValue = "${env:CUSTODY_MONITOR_ONCE:-false}",
            description = "Check once and exit (0: consistent) instead of checking every --interval-s (env CUSTODY_MONITOR_ONCE).")
    boolean once;

    @Option(names = "--interval-s", paramLabel = "N", defaultValue = "${env:CUSTODY_MONITOR_INTERVAL_S:-60}",
            description = "Seconds between checks (env CUSTODY_MONITOR_INTERVAL_S; default ${DEFAULT-VALUE}).")
    long intervalS;

    @Option(names = "--timeout-s", paramLabel = "N", defaultValue = "${env:CUSTODY_MONITOR_TIMEOUT_S:-30}",
            description = "Time-out of each HTTP request (env CUSTODY_MONITOR_TIMEOUT_S; default ${DEFAULT-VALUE}).")
    long timeoutS;

    /** The log's key history, whose handovers the monitor follows across a key change. */
    static final String KEY_HISTORY = "api/v1/ledger/key?format=json";
    /** A checkpoint note with a few hundred cosignatures is still far below this. */
    private static final int MAX_NOTE_BYTES = 1 << 20;

    private HttpClient client;

    @Override
    public Integer call() throws Exception {
        if (log == null || log.isBlank()) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--log=URL' (or CUSTODY_MONITOR_LOG)");
        }
        if (state == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--state=DIR' (or CUSTODY_MONITOR_STATE)");
        }
        if (intervalS < 1 || timeoutS < 1) {
            throw new ParameterException(spec.commandLine(), "--interval-s and --timeout-s must be at least 1");
        }
        List<TrustedKey> keys = keys();
        Policy policy = policy();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutS))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MonitorState kept = new MonitorState(state);
        while (true) {
            try {
                check(keys, policy, kept, out, err);
            } catch (Refused e) {
                err.println("monitor: REFUSED: " + e.getMessage());
                err.flush();
                return 1;
            } catch (IOException e) {
                // The log being unreachable is no inconsistency: retry next round, but --once must say it could not check.
                err.println("monitor: could not check " + log + ": " + e.getMessage());
                err.flush();
                if (once) {
                    return 1;
                }
            }
            if (once) {
                return 0;
            }
            Thread.sleep(intervalS * 1000);
        }
    }

    /**
     * One round: fetch and verify the checkpoint, then the tiles since the kept one; the state
     * moves only on success. A checkpoint signed by none of the keys that signed the kept one is
     * a key change: it is followed only through the log's handover checkpoints (each signed by the
     * kept key and a new trusted one, fetched from the log's key history), each proved consistent
     * in turn; otherwise it is refused.
     */
    void check(List<TrustedKey> keys, Policy policy, MonitorState kept, PrintWriter out, PrintWriter err)
            throws IOException, Refused, InterruptedException {
        String note = new String(get("tlog/checkpoint", "the checkpoint", MAX_NOTE_BYTES), StandardCharsets.UTF_8);
        Signed signed = signed(note, keys);
        if (signed.signers().isEmpty()) {
            throw new Refused("checkpoint from " + log + " does not verify with " + names(keys) + ": " + signed.why());
        }
        Checkpoint checkpoint = signed.checkpoint();
        if (policy != null) {
            cosigners(note, policy, checkpoint, out);
        }
        MonitorState.Latest last;
        try {
            last = kept.read(keys.stream().map(TrustedKey::key).toList());
        } catch (IOException e) {
            // Never start again from size 0 over a state that cannot be read: that would forget what was verified.
            throw new Refused("cannot use the kept state, an operator must look: " + e.getMessage());
        }
        if (last == null) {
            // A first run has no state to tell the current key by: at a handover, the note's first signer (FORMATS §6).
            step(null, note, checkpoint, signed.signers().get(0), List.of(), kept, out, err);
            return;
        }
        List<String> live = new ArrayList<>(signed.signers());
        live.removeAll(last.retired());
        if (live.isEmpty()) {
            throw new Refused("checkpoint at size " + checkpoint.size() + " is signed only by key(s) " + signed.signers()
                    + ", retired at handovers the monitor followed: a retired key vouches for no later tree");
        }
        if (!live.contains(last.current())) {
            last = followHandovers(last, new Signed(checkpoint, live, signed.why()), keys, kept, out, err);
        }
        String next = handedTo(live, last);
        List<String> retired = new ArrayList<>(last.retired());
        if (next != null) {
            // A handover note itself: signed by the current key and one other, which takes over whatever the line order.
            out.println("key handover at size " + checkpoint.size() + ": from " + last.current() + " to " + next);
            retired.add(last.current());
        }
        step(last, note, checkpoint, next != null ? next : last.current(), retired, kept, out, err);
    }

    /**
     * The key a note signed by {@code signers} hands over to from {@code at}'s current key: the
     * one other trusted, not retired signer when the current key signed too; null when none.
     * The direction comes from the monitor's state, never from the (unsigned) order of the lines.
     */
    private static String handedTo(List<String> signers, MonitorState.Latest at) throws Refused {
        List<String> others = new ArrayList<>(signers);
        others.remove(at.current());
        others.removeAll(at.retired());
        if (!signers.contains(at.current()) || others.isEmpty()) {
            return null;
        }
        if (others.size() > 1) {
            throw new Refused("a checkpoint signed by the current key " + at.current() + " and several other trusted keys "
                    + others + ": a handover goes to one key");
        }
        return others.get(0);
    }

    /**
     * The trusted keys (not revoked at the tree's last entry) whose signatures on the note verify,
     * in signature-line order (the first is the key current for it), and its checkpoint.
     */
    private record Signed(Checkpoint checkpoint, List<String> signers, String why) {
    }

    private static Signed signed(String note, List<TrustedKey> keys) {
        List<String> valid = MonitorState.signers(note, keys.stream().map(TrustedKey::key).toList());
        if (valid.isEmpty()) {
            try {
                Checkpoints.verify(note, keys.get(0).key());
                return new Signed(null, List.of(), "no trusted key signed it");
            } catch (NoteException e) {
                return new Signed(null, List.of(), e.getMessage());
            }
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(SignedNote.parse(note).text());
        } catch (NoteException e) {
            return new Signed(null, List.of(), e.getMessage());
        }
        List<String> signers = new ArrayList<>();
        String why = null;
        for (String id : valid) {
            TrustedKey key = keys.stream().filter(k -> k.key().keyIdHex().equals(id)).findFirst().orElseThrow();
            if (checkpoint.size() > 0 && key.revokedAt(checkpoint.size() - 1)) {
                why = "key " + key.key().name() + "+" + id + " is revoked from " + key.revokedFrom()
                        + " (key file) and the checkpoint is of size " + checkpoint.size();
            } else {
                signers.add(id);
            }
        }
        return new Signed(checkpoint, signers, why);
    }

    /**
     * From {@code last} to a checkpoint its current key did not sign: through the log's handover
     * notes, smallest first, each signed by the current key and exactly one other trusted key
     * not retired, which becomes current (the monitor's state, not the unsigned order of the
     * signature lines, says which way the handover goes), no larger than the new checkpoint;
     * answers the state after the last handover followed, each old key retired.
     */
    private MonitorState.Latest followHandovers(MonitorState.Latest last, Signed target, List<TrustedKey> keys,
                                                MonitorState kept, PrintWriter out, PrintWriter err)
            throws IOException, Refused, InterruptedException {
        List<String> notes = handoverNotes();
        Set<String> followed = new HashSet<>();
        MonitorState.Latest at = last;
        while (!target.signers().contains(at.current())) {
            MonitorState.Latest from = at;
            String handover = null;
            Signed by = null;
            String next = null;
            for (String candidate : notes) {
                Signed s = signed(candidate, keys);
                String to = s.signers().isEmpty() ? null : handedTo(s.signers(), from);
                if (to != null && !followed.contains(candidate) && s.checkpoint().size() >= from.checkpoint().size()
                        && s.checkpoint().size() <= target.checkpoint().size()
                        && (by == null || s.checkpoint().size() < by.checkpoint().size())) {
                    handover = candidate;
                    by = s;
                    next = to;
                }
            }
            if (handover == null) {
                throw new Refused("checkpoint at size " + target.checkpoint().size() + " is signed only by key(s) "
                        + target.signers() + ", not by " + from.current() + ", current for the last verified checkpoint"
                        + " (size " + from.checkpoint().size() + "), and the log's key history (" + base() + KEY_HISTORY
                        + ") holds no handover checkpoint signed by both: a key change the monitor does not follow");
            }
            followed.add(handover);
            out.println("key handover at size " + by.checkpoint().size() + ": signed by " + by.signers() + ", from "
                    + from.current() + " to " + next);
            List<String> retired = new ArrayList<>(from.retired());
            retired.add(from.current());
            at = step(from, handover, by.checkpoint(), next, retired, kept, out, err);
        }
        return at;
    }

    private static String names(List<TrustedKey> keys) {
        return String.join(", ", keys.stream().map(k -> k.key().name() + "+" + k.key().keyIdHex()).toList());
    }

    /** The log's signed key handovers ({@code handovers} of its JSON key history); none when it has none. */
    private List<String> handoverNotes() throws IOException, Refused, InterruptedException {
        String body = new String(get(KEY_HISTORY, "the key history", MAX_NOTE_BYTES), StandardCharsets.UTF_8);
        try {
            JsonArray handovers = new JsonObject(body).getJsonArray("handovers");
            List<String> notes = new ArrayList<>();
            if (handovers != null) {
                handovers.forEach(n -> notes.add(String.valueOf(n)));
            }
            return notes;
        } catch (RuntimeException e) {
            throw new IOException("the key history at " + base() + KEY_HISTORY + " is not JSON with handovers: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Fetches the tiles from the kept tree to {@code checkpoint}, proves it extends the kept one,
     * and keeps it ({@code current}: the key current for it; {@code retired}: the keys handed over
     * from); answers the new state.
     */
    private MonitorState.Latest step(MonitorState.Latest last, String note, Checkpoint checkpoint, String current,
                                     List<String> retired, MonitorState kept, PrintWriter out, PrintWriter err)
            throws IOException, Refused, InterruptedException {
        long oldSize = last == null ? 0 : last.checkpoint().size();
        byte[] oldRoot = last == null ? Rfc6962.emptyRoot() : last.checkpoint().root();
        List<byte[]> oldRange = last == null ? List.of() : last.range();
        Map<Tile, byte[]> tiles = new HashMap<>();
        if (checkpoint.size() > oldSize) {
            List<Tile> added = Tiles.added(oldSize, checkpoint.size());
            err.println("monitor: size " + oldSize + " -> " + checkpoint.size() + ": fetching " + added.size() + " tile(s)");
            int done = 0;
            for (Tile tile : added) {
                tiles.put(tile, get("tlog/" + tile.path(), "tile " + tile.path() + " (implied by size " + checkpoint.size() + ")",
                        Tile.FULL_WIDTH * Rfc6962.HASH_SIZE));
                if (++done % 256 == 0 || done == added.size()) {
                    err.println("monitor: " + done + "/" + added.size() + " tiles fetched");
                }
            }
            err.flush();
        }
        TileTree.Step step = TileTree.extend(oldSize, oldRoot, oldRange, checkpoint.size(), checkpoint.root(), tiles);
        if (step instanceof TileTree.Failed failed) {
            // The refused note carries the log's signature: with the kept one, evidence that cannot be taken back.
            Path evidence = kept.keepRefused(note);
            throw new Refused(failed.reason() + "; the refused checkpoint is kept in " + evidence);
        }
        List<byte[]> range = ((TileTree.Verified) step).range();
        MonitorState.Latest latest = new MonitorState.Latest(checkpoint, note, range, current, List.copyOf(retired));
        if (last == null || checkpoint.size() > oldSize || !note.equals(last.note()) || !current.equals(last.current())) {
            // A same-size note with fresher cosignatures is kept too: the state shows the latest verified note.
            kept.write(latest);
        }
        out.println("consistent: size " + checkpoint.size() + " root " + checkpoint.rootBase64()
                + (last == null ? " (first check)" : " (previous size " + oldSize + ")"));
        out.flush();
        return latest;
    }

    /** Reports the witnesses that cosigned; refuses the note when they do not meet the quorum. */
    private static void cosigners(String note, Policy policy, Checkpoint checkpoint, PrintWriter out) throws Refused {
        SignedNote parsed;
        try {
            parsed = SignedNote.parse(note);
        } catch (NoteException e) {
            throw new Refused("malformed checkpoint note: " + e.getMessage());
        }
        Set<String> cosigned = policy.cosigners(parsed.text(), parsed.signatures());
        if (!policy.quorumMet(cosigned)) {
            List<String> missing = new ArrayList<>(policy.witnesses().keySet());
            missing.removeAll(cosigned);
            throw new Refused("checkpoint at size " + checkpoint.size() + " does not meet quorum " + policy.quorum()
                    + ": cosigned by " + (cosigned.isEmpty() ? "no witness" : String.join(", ", cosigned))
                    + "; not by " + String.join(", ", missing));
        }
        out.println("cosigned by " + (cosigned.isEmpty() ? "no witness" : String.join(", ", cosigned))
                + " (quorum " + policy.quorum() + " met)");
    }

    /** GET below the log URL with a time-out; anything but 200 for a resource the checkpoint implies is a refusal. */
    private byte[] get(String path, String what, int limit) throws IOException, Refused, InterruptedException {
        String base = base();
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(timeoutS))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IllegalArgumentException e) {
            throw new IOException("bad URL " + base + path + ": " + e.getMessage(), e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() == 200) {
                // A tile is at most 256 hashes: a log cannot make the monitor read without bound.
                byte[] bytes = body.readNBytes(limit + 1);
                if (bytes.length > limit) {
                    throw new Refused(what + " is longer than " + limit + " bytes");
                }
                return bytes;
            }
        }
        if (response.statusCode() == 404 && !path.equals("tlog/checkpoint")) {
            throw new Refused("the log refuses " + what + ": HTTP 404");
        }
        throw new IOException(what + ": HTTP " + response.statusCode());
    }

    private String base() {
        return log.endsWith("/") ? log : log + "/";
    }

    /** The trusted keys: --key is one verifier key line, or a key file (one per line, each may carry revoked-from=N). */
    private List<TrustedKey> keys() {
        if (key == null || key.isBlank()) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--key=VKEY' (or CUSTODY_MONITOR_KEY)");
        }
        try {
            return List.of(TrustedKey.parse(key.strip()));
        } catch (NoteException asKey) {
            try {
                Path file = Path.of(key.strip());
                if (Files.isRegularFile(file)) {
                    List<TrustedKey> keys = TrustedKey.parseFile(Files.readAllLines(file, StandardCharsets.UTF_8));
                    if (keys.isEmpty()) {
                        throw new NoteException("the file holds no verifier key");
                    }
                    return keys;
                }
            } catch (InvalidPathException | IOException | NoteException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--key': " + key + ": " + e.getMessage());
            }
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--key': \"" + key
                    + "\" is neither a log verifier key (" + asKey.getMessage() + ") nor a readable file");
        }
    }

    private Policy policy() {
        if (policyFile == null) {
            return null;
        }
        try {
            return PolicyParser.parse(Files.readString(policyFile, StandardCharsets.UTF_8));
        } catch (IOException | WitnessException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--witness-policy': " + policyFile
                    + ": " + e.getMessage());
        }
    }
}
