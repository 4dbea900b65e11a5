package org.custodyledger.witness;

import java.util.List;
import org.custodyledger.note.NoteSignature;

/** Reads a witness's HTTP answer into a {@link WitnessReply}: the client side of c2sp.org/tlog-witness. */
public final class WitnessReplies {
    private WitnessReplies() {
    }

    /**
     * Interprets a status and body received for a request carrying {@code checkpointText}.
     * On 200 only a line by {@code witness}'s key counts; lines by other keys are ignored.
     */
    public static WitnessReply interpret(int status, String body, String checkpointText, CosignatureVerifier witness) {
        String text = body == null ? "" : body;
        WitnessStatus known = WitnessStatus.ofCode(status);
        if (known == null) {
            return new WitnessReply.Failed(status, "unexpected status " + status + ": " + AddCheckpointRequest.abbreviate(text.strip()));
        }
        switch (known) {
            case COSIGNED:
                return cosigned(text, checkpointText, witness);
            case CONFLICT:
                try {
                    return new WitnessReply.Conflict(WitnessStatus.parseSizeBody(text));
                } catch (WitnessException e) {
                    return new WitnessReply.Failed(status, "409 without a witness size: " + e.getMessage());
                }
            case INCONSISTENT:
                return new WitnessReply.Inconsistent(AddCheckpointRequest.abbreviate(text.strip()));
            default:
                return new WitnessReply.Failed(status, known.meaning());
        }
    }

    private static WitnessReply cosigned(String body, String checkpointText, CosignatureVerifier witness) {
        List<NoteSignature> lines;
        try {
            lines = CosignatureLines.parse(checkpointText, body);
        } catch (WitnessException e) {
            return new WitnessReply.Failed(200, e.getMessage());
        }
        List<CosignatureCheck> checks = CosignatureLines.check(checkpointText, lines, witness);
        if (checks.isEmpty()) {
            return new WitnessReply.Failed(200, "no cosignature by " + witness.name() + "+" + witness.keyIdHex());
        }
        for (CosignatureCheck check : checks) {
            if (!check.isVerified()) {
                return new WitnessReply.Failed(200, check.describe());
            }
        }
        // Lines by this key all verify; the first is the one kept.
        for (NoteSignature line : lines) {
            if (witness.isKeyOf(line)) {
                try {
                    return new WitnessReply.Cosigned(Cosignature.from(line));
                } catch (WitnessException e) {
                    return new WitnessReply.Failed(200, e.getMessage());
                }
            }
        }
        throw new IllegalStateException("a checked line disappeared");
    }
}
