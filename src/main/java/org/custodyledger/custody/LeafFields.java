package org.custodyledger.custody;

import java.nio.charset.StandardCharsets;

/**
 * Reads just the subject id (footage or complaint) and previous-event link out of canonical leaf bytes, without
 * building the JSON tree: what a structure-only audit needs for the chain, at a fraction of a
 * full parse. It relies on canonical form ({@code {"event":{…}} first, event keys sorted) and
 * answers null for anything else — escapes in the fields it reads, an unexpected byte — so the
 * caller falls back to {@link CanonicalJson#parse}. It validates nothing else in the leaf.
 */
public final class LeafFields {
    private static final byte[] PREFIX = "{\"event\":{".getBytes(StandardCharsets.US_ASCII);

    /** The subject's id ({@code complaintId} or {@code footageId}) and {@code prev}, null on the subject's first event. */
    public record Fields(String subjectId, Long prev) {
    }

    private LeafFields() {
    }

    public static Fields read(byte[] leaf) {
        if (leaf.length < PREFIX.length) {
            return null;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (leaf[i] != PREFIX[i]) {
                return null;
            }
        }
        int pos = PREFIX.length;
        String footageId = null;
        String complaintId = null;
        Long prev = null;
        while (pos < leaf.length) {
            if (leaf[pos] == '}') {
                break;
            }
            // A key: plain ASCII in canonical events.
            if (leaf[pos] != '"') {
                return null;
            }
            int keyStart = ++pos;
            while (pos < leaf.length && leaf[pos] != '"') {
                if (leaf[pos] == '\\') {
                    return null;
                }
                pos++;
            }
            String key = new String(leaf, keyStart, pos - keyStart, StandardCharsets.US_ASCII);
            pos++;
            if (pos >= leaf.length || leaf[pos++] != ':') {
                return null;
            }
            if (key.compareTo("prev") > 0) {
                break; // keys are sorted: nothing this reader wants comes after "prev"
            }
            if (key.equals("footageId") || key.equals("complaintId")) {
                int end = plainStringEnd(leaf, pos);
                if (end < 0) {
                    return null;
                }
                String id = new String(leaf, pos + 1, end - pos - 1, StandardCharsets.UTF_8);
                if (key.equals("footageId")) {
                    footageId = id;
                } else {
                    complaintId = id;
                }
                pos = end + 1;
            } else if (key.equals("prev")) {
                long value = 0;
                int digits = 0;
                while (pos < leaf.length && leaf[pos] >= '0' && leaf[pos] <= '9' && digits < 18) {
                    value = value * 10 + (leaf[pos++] - '0');
                    digits++;
                }
                if (digits == 0) {
                    return null;
                }
                prev = value;
            } else {
                pos = skipValue(leaf, pos);
                if (pos < 0) {
                    return null;
                }
            }
            if (pos < leaf.length && leaf[pos] == ',') {
                pos++;
            }
        }
        // Exactly one subject, as the format demands; anything else is left to the full parse to name.
        if ((footageId == null) == (complaintId == null)
                || (complaintId != null ? !CustodyEvent.isComplaintId(complaintId) : footageId.startsWith("c-"))) {
            return null;
        }
        return new Fields(footageId != null ? footageId : complaintId, prev);
    }

    /** The index of the closing quote of a string starting at {@code pos} with no escape in it; -1 otherwise. */
    private static int plainStringEnd(byte[] b, int pos) {
        if (pos >= b.length || b[pos] != '"') {
            return -1;
        }
        for (int i = pos + 1; i < b.length; i++) {
            if (b[i] == '"') {
                return i;
            }
            if (b[i] == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** The index just after the value at {@code pos} (string, integer or object of those); -1 if malformed. */
    private static int skipValue(byte[] b, int pos) {
        if (pos >= b.length) {
            return -1;
        }
        byte c = b[pos];
        if (c == '"') {
            for (int i = pos + 1; i < b.length; i++) {
                if (b[i] == '\\') {
                    i++;
                } else if (b[i] == '"') {
                    return i + 1;
                }
            }
            return -1;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int i = pos + 1;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            return i;
        }
        if (c == '{') {
            int i = pos + 1;
            while (i < b.length && b[i] != '}') {
                i = skipValue(b, i);          // key
                if (i < 0 || i >= b.length || b[i] != ':') {
                    return -1;
                }
                i = skipValue(b, i + 1);      // value
                if (i < 0 || i >= b.length) {
                    return -1;
                }
                if (b[i] == ',') {
                    i++;
                }
            }
            return i < b.length ? i + 1 : -1;
        }
        return -1;
    }
}
