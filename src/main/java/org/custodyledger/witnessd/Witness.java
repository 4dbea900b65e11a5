package org.custodyledger.witnessd;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.note.SignedNote;
import org.custodyledger.witness.AddCheckpointRequest;
import org.custodyledger.witness.CosignatureLines;
import org.custodyledger.witness.CosignatureSigner;
import org.custodyledger.witness.WitnessDecision;
import org.custodyledger.witness.WitnessException;
import org.custodyledger.witness.WitnessStatus;
import org.custodyledger.witness.WitnessedLog;
import org.custodyledger.witness.Witnessing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A c2sp.org/tlog-witness witness without its transport: parses an {@code add-checkpoint}
 * body, decides it (pure {@link Witnessing}) against the durable state under the origin's
 * lock, persists a cosigned checkpoint before anything is answered, then cosigns. Blocking:
 * the HTTP edge calls it on a worker.
 */
public final class Witness {
    private static final Logger log = LoggerFactory.getLogger(Witness.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    /** What to send back: a status, a content type and a body. */
    public record Answer(int status, String contentType, String body) {
    }

    private final Map<String, List<NoteVerifier>> logs;
    private final CosignatureSigner signer;
    private final WitnessState state;
    private final Clock clock;

    /**
     * @param logs the logs the witness cosigns, each an origin and a key trusted for it (usually
     *             the key's name; tlog-checkpoint: "the log's key name SHOULD match the origin
     *             line"); several keys for one origin are one log's keys (during a rotation, say)
     */
    public Witness(List<WitnessedLog> logs, CosignatureSigner signer, WitnessState state, Clock clock) {
        Map<String, List<NoteVerifier>> byOrigin = new LinkedHashMap<>();
        for (WitnessedLog witnessed : logs) {
            NoteVerifier key = witnessed.key();
            List<NoteVerifier> keys = byOrigin.computeIfAbsent(witnessed.origin(), o -> new ArrayList<>());
            if (keys.stream().noneMatch(k -> k.verifierKey().equals(key.verifierKey()))) {
                keys.add(key);
            }
        }
        if (byOrigin.isEmpty()) {
            throw new IllegalArgumentException("a witness needs at least one log key");
        }
        byOrigin.replaceAll((origin, keys) -> List.copyOf(keys));
        this.logs = Map.copyOf(byOrigin);
        this.signer = signer;
        this.state = state;
        this.clock = clock;
    }

    /** The origins of the logs this witness cosigns, sorted. */
    public List<String> origins() {
        return logs.keySet().stream().sorted().toList();
    }

    public String verifierKey() {
        return signer.verifier().verifierKey();
    }

    /** Whether this witness cosigns the log of {@code origin}. */
    public boolean knows(String origin) {
        return logs.containsKey(origin);
    }

    /** The 400 answer to a body {@link AddCheckpointRequest#parse} refused. */
    public static Answer malformed(WitnessException e) {
        return text(WitnessStatus.MALFORMED.code(), e.getMessage());
    }

    /** Answers one {@code add-checkpoint} request body. Blocking. */
    public Answer addCheckpoint(byte[] body) {
        try {
            return addCheckpoint(AddCheckpointRequest.parse(body));
        } catch (WitnessException e) {
            return malformed(e);
        }
    }

    /** Answers one parsed {@code add-checkpoint} request. Blocking for a known origin; at once for another. */
    public Answer addCheckpoint(AddCheckpointRequest request) {
        String origin = request.origin();
        List<NoteVerifier> keys = logs.get(origin);
        if (keys == null) {
            // Refused before any state is touched: an unknown origin gets no lock and no file.
            return refusal(request, Witnessing.decide(request, List.of(), null));
        }
        try {
            return state.locked(origin, () -> decideAndPersist(request, keys));
        } catch (WitnessState.CorruptStateException e) {
            // Never reset: starting again from size 0 would let the log get a fork cosigned.
            log.error("refusing {}: {}; the file needs an operator", origin, e.getMessage());
            return text(500, "the witness's state for this log is unreadable; its operator has been told");
        } catch (IOException | RuntimeException e) {
            log.error("add-checkpoint for {} failed", origin, e);
            return text(500, "the witness could not read or write its state");
        }
    }

    /** Under the origin's lock: latest state, decision, durable write of a cosigned checkpoint. */
    private Answer decideAndPersist(AddCheckpointRequest request, List<NoteVerifier> keys)
            throws IOException, WitnessState.CorruptStateException {
        String origin = request.origin();
        WitnessState.Latest latest = state.read(origin);
        WitnessDecision decision = Witnessing.decide(request, keys, latest == null ? null : latest.checkpoint());
        if (!(decision instanceof WitnessDecision.Cosign cosign)) {
            if (latest != null && contradicts(request, decision)) {
                keepEvidence(request, decision, latest);
            }
            return refusal(request, decision);
        }
        // tlog-witness: the witness MUST persist the new checkpoint before responding. A log re-sends an
        // unchanged checkpoint every interval for fresh cosignature times: the same tree needs no new write.
        boolean sameTree = latest != null && latest.checkpoint().size() == cosign.checkpoint().size()
                && Arrays.equals(latest.checkpoint().root(), cosign.checkpoint().root());
        if (!sameTree) {
            state.write(origin, request.checkpointNote());
        }
        long now = clock.instant().getEpochSecond();
        String lines = CosignatureLines.encode(List.of(signer.sign(cosign.checkpointText(), now)));
        log.info("cosigned {} at size {} (from {})", origin, cosign.checkpoint().size(), request.oldSize());
        return new Answer(WitnessStatus.COSIGNED.code(), TEXT, lines);
    }

    /**
     * Whether a refusal (made after the log's signature verified) proves the log's misbehaviour:
     * the same size with another root, two notes the log signed. A proof that does not verify
     * proves nothing by itself (anyone can pair a genuine checkpoint with a made-up proof), so
     * a 422 is logged but not kept as evidence.
     */
    private static boolean contradicts(AddCheckpointRequest request, WitnessDecision decision) {
        return decision instanceof WitnessDecision.Conflict c && c.witnessSize() == request.oldSize();
    }

    /** tlog-witness: the witness MAY log such a request, "as it might be proof of log misbehavior". */
    private void keepEvidence(AddCheckpointRequest request, WitnessDecision decision, WitnessState.Latest latest) {
        String reason = decision instanceof WitnessDecision.Conflict c ? c.reason() : ((WitnessDecision.Refused) decision).reason();
        String text = "custody-ledger witness evidence v1\n" + decision.status().code() + " " + reason + "\n\n"
                + "the checkpoint this witness had cosigned:\n" + latest.note()
                + "\nthe add-checkpoint request refused:\n" + request.encode();
        try {
            // Keyed by the signed texts, not the notes: unknown signature lines anyone can add would make new files.
            String key = latest.checkpoint().body() + "\n" + SignedNote.parse(request.checkpointNote()).text();
            Path kept = state.keepEvidence(key, text);
            log.warn("refused a checkpoint {} signed that does not extend what was cosigned (or came with a wrong proof); "
                    + "kept as evidence in {}", request.origin(), kept);
        } catch (IOException | NoteException e) {
            log.error("could not keep the evidence of a refused {} checkpoint", request.origin(), e);
        }
    }

    private static Answer refusal(AddCheckpointRequest request, WitnessDecision decision) {
        String origin = request.origin();
        if (decision instanceof WitnessDecision.Conflict conflict) {
            // Usually a log that lost track of the witness's size; a warning when the sizes agree and the roots do not.
            if (conflict.witnessSize() == request.oldSize()) {
                log.warn("409 for {}: {}", origin, conflict.reason());
            } else {
                log.info("409 for {}: {}", origin, conflict.reason());
            }
            return new Answer(WitnessStatus.CONFLICT.code(), WitnessStatus.SIZE_CONTENT_TYPE, conflict.body());
        }
        WitnessDecision.Refused refused = (WitnessDecision.Refused) decision;
        if (refused.status() == WitnessStatus.INCONSISTENT) {
            // A validly signed checkpoint that does not extend what was cosigned: possible log misbehaviour.
            log.warn("{} for {}: {}", refused.status().code(), origin, refused.reason());
        } else {
            log.info("{} for {}: {}", refused.status().code(), origin, refused.reason());
        }
        return text(refused.status().code(), refused.reason());
    }

    private static Answer text(int status, String message) {
        return new Answer(status, TEXT, message + "\n");
    }
}
