package org.custodyledger.witness;

/** The HTTP statuses of c2sp.org/tlog-witness {@code add-checkpoint}, and what each means. */
public enum WitnessStatus {
    COSIGNED(200, "cosigned: the body holds the witness's cosignature lines"),
    MALFORMED(400, "malformed request, or old size above the checkpoint size"),
    FORBIDDEN(403, "no checkpoint signature verifies against a key the witness trusts for the origin"),
    UNKNOWN_LOG(404, "the witness does not know the checkpoint's origin"),
    CONFLICT(409, "old size is not the witness's latest cosigned size (or same size, other root)"),
    INCONSISTENT(422, "the consistency proof does not verify");

    /** Content type of a 409 body: the witness's latest cosigned size in decimal and a newline. */
    public static final String SIZE_CONTENT_TYPE = "text/x.tlog.size";

    private final int code;
    private final String meaning;

    WitnessStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The status with this code, or null for one the protocol does not define. */
    public static WitnessStatus ofCode(int code) {
        for (WitnessStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /** The 409 body for a witness whose latest cosigned size is {@code size}. */
    public static String sizeBody(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("a tree size must not be negative: " + size);
        }
        return size + "\n";
    }

    /** Reads a 409 body: a decimal size without leading zeroes, then a newline. */
    public static long parseSizeBody(String body) throws WitnessException {
        if (body == null || !body.endsWith("\n") || body.indexOf('\n') != body.length() - 1) {
            throw new WitnessException("a " + SIZE_CONTENT_TYPE + " body is one decimal line ending in a newline");
        }
        return AddCheckpointRequest.decimal(body.substring(0, body.length() - 1), 1);
    }
}
