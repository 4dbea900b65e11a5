package org.custodyledger.custody;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the fields a transparency report folds (type, time, actor role, unit, subject, details)
 * straight out of a leaf's bytes, accepting exactly the leaves {@link SignedEvent#parseLeaf} — the
 * strict reader an audit with signatures uses — accepts, without building the JSON tree or the
 * {@link CustodyEvent}: over a million leaves that parse was three quarters of a report's time.
 *
 * <p>A leaf in the shape the service writes (canonical JSON; strings without escapes; a
 * four-digit year) is checked here in one pass: the leaf's three fields, the event's keys known
 * and in canonical order (so no duplicate), every value's type and canonical form (integers
 * without leading zeros, lowercase hex, padded base64 that re-encodes the same, valid UTF-8),
 * and {@link CustodyEvent}'s rules (one subject, of the kind the type is about; the time a real
 * calendar instant). Anything this pass is not sure of — an escape, an odd year, a value out of
 * shape — goes to {@link SignedEvent#parseLeaf}, which decides and names the fault. So the fast
 * pass only ever accepts what the strict parser accepts, with the same values
 * (LeafScannerTest compares them over mutated leaves).
 */
public final class LeafScanner {
    /** What a report reads of an event; the same accessors as {@link CustodyEvent}'s. */
    public record Event(EventType type, Instant time, String actorRole, String unit, String complaintId, String period,
                        Map<String, String> details) {
        public static Event of(CustodyEvent e) {
            return new Event(e.type(), e.time(), e.actorRole(), e.unit(), e.complaintId(), e.period(), e.details());
        }
    }

    /** The event's keys in canonical (sorted) order: a key must come after the one before it. */
    private static final String[] KEYS = {"actorId", "actorRole", "complaintId", "details", "footageId", "location",
            "period", "prev", "purpose", "sha256", "time", "type", "unit", "v"};
    private static final byte[][] KEY_BYTES = Arrays.stream(KEYS).map(k -> k.getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);
    private static final int ACTOR_ID = 0, ACTOR_ROLE = 1, COMPLAINT_ID = 2, DETAILS = 3, FOOTAGE_ID = 4, LOCATION = 5,
            PERIOD = 6, PREV = 7, PURPOSE = 8, SHA256 = 9, TIME = 10, TYPE = 11, UNIT = 12, V = 13;
    private static final byte[] PREFIX = "{\"event\":{".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_ID = ",\"keyId\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIG = ",\"sig\":".getBytes(StandardCharsets.US_ASCII);
    private static final Map<String, EventType> TYPES = new HashMap<>();

    /** Each byte's value as a base64 digit of the standard alphabet; -1 for any other byte. */
    private static final byte[] SEXTETS = new byte[256];

    static {
        for (EventType t : EventType.values()) {
            TYPES.put(t.name(), t);
        }
        Arrays.fill(SEXTETS, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = (byte) i;
        }
    }

    private final byte[] b;
    private int pos;
    /** Set by {@link #stringEnd}: the string just read had a byte above ASCII. */
    private boolean wide;

    private LeafScanner(byte[] leaf) {
        this.b = leaf;
    }

    /** The event of a leaf; CustodyFormatException for any leaf {@link SignedEvent#parseLeaf} refuses. */
    public static Event scan(byte[] leaf) throws CustodyFormatException {
        Event e = fast(leaf);
        return e != null ? e : strict(leaf);
    }

    /** The one-pass check alone: null when it cannot decide (the caller then asks the strict parser). */
    static Event fast(byte[] leaf) {
        return new LeafScanner(leaf).event();
    }

    static Event strict(byte[] leaf) throws CustodyFormatException {
        try {
            return Event.of(SignedEvent.parseLeaf(leaf).event());
        } catch (IllegalArgumentException e) {
            // A lone surrogate: parsed, but no canonical encoding exists for it.
            throw new CustodyFormatException("leaf is not canonical JSON: " + e.getMessage(), e);
        }
    }

    private Event event() {
        if (!literal(PREFIX)) {
            return null;
        }
        String actorRole = null, complaintId = null, period = null, unit = null;
        Map<String, String> details = Map.of();
        Instant time = null;
        EventType type = null;
        boolean v = false, actorId = false, footageId = false, sha256 = false;
        int last = -1;
        while (true) {
            int k = key(last);
            if (k < 0) {
                return null;
            }
            last = k;
            switch (k) {
                case V -> {
                    // The format's only version, 1: any other integer is refused by the strict parser.
                    if (!literal1()) {
                        return null;
                    }
                    v = true;
                }
                case PREV -> {
                    if (!naturalNumber()) {
                        return null;
                    }
                }
                case DETAILS -> {
                    details = details();
                    if (details == null) {
                        return null;
                    }
                }
                case SHA256 -> {
                    int start = pos + 1;
                    int end = stringEnd();
                    if (end - start != 64 || !lowerHex(start, end)) {
                        return null;
                    }
                    sha256 = true;
                    pos = end + 1;
                }
                case TIME -> {
                    time = time();
                    if (time == null) {
                        return null;
                    }
                }
                default -> {
                    int start = pos + 1;
                    int end = stringEnd();
                    if (end < 0 || (wide && !utf8(start, end))) {
                        return null;
                    }
                    pos = end + 1;
                    switch (k) {
                        case ACTOR_ID -> actorId = !blank(start, end);
                        case ACTOR_ROLE -> actorRole = text(start, end);
                        case COMPLAINT_ID -> complaintId = text(start, end);
                        case FOOTAGE_ID -> {
                            // Required text that never has a complaint's form c-….
                            if (blank(start, end) || (end - start >= 2 && b[start] == 'c' && b[start + 1] == '-')) {
                                return null;
                            }
                            footageId = true;
                        }
                        case PERIOD -> period = text(start, end);
                        case TYPE -> type = TYPES.get(text(start, end));
                        case UNIT -> unit = text(start, end);
                        case LOCATION, PURPOSE -> {
                            // An empty one is left out of the canonical form: present, it is not canonical.
                            if (end == start) {
                                return null;
                            }
                        }
                        default -> {
                            return null;
                        }
                    }
                }
            }
            if (pos >= b.length) {
                return null;
            }
            if (b[pos] == '}') {
                pos++;
                break;
            }
            if (b[pos++] != ',') {
                return null;
            }
        }
        if (!literal(KEY_ID) || !skipString() || !literal(SIG) || !canonicalBase64() || pos != b.length - 1 || b[pos] != '}') {
            return null;
        }
        if (!v || type == null || !actorId || actorRole == null || actorRole.isBlank() || time == null
                || (unit != null && unit.isBlank())) {
            return null;
        }
        if (period != null) {
            if (!CustodyEvent.isPeriodId(period) || footageId || sha256 || complaintId != null) {
                return null;
            }
        } else if (complaintId == null) {
            if (!footageId || !sha256) {
                return null;
            }
        } else if (!complaintId(complaintId) || footageId || sha256) {
            return null;
        }
        if (type.aboutComplaint() != (complaintId != null) || type.aboutPeriod() != (period != null)) {
            return null;
        }
        return new Event(type, time, actorRole, unit, complaintId, period, details);
    }

    /** The index of the next key among those after {@code last}, stepping over it and its colon; -1 if none. */
    private int key(int last) {
        if (pos >= b.length || b[pos] != '"') {
            return -1;
        }
        int start = pos + 1;
        int end = start;
        while (end < b.length && b[end] != '"') {
            end++;
        }
        if (end + 1 >= b.length || b[end + 1] != ':') {
            return -1;
        }
        for (int k = last + 1; k < KEYS.length; k++) {
            if (Arrays.equals(b, start, end, KEY_BYTES[k], 0, KEY_BYTES[k].length)) {
                pos = end + 2;
                return k;
            }
        }
        return -1;
    }

    private boolean literal(byte[] expected) {
        if (pos + expected.length > b.length || !Arrays.equals(b, pos, pos + expected.length, expected, 0, expected.length)) {
            return false;
        }
        pos += expected.length;
        return true;
    }

    private boolean literal1() {
        if (pos + 1 < b.length && b[pos] == '1' && !digit(b[pos + 1])) {
            pos++;
            return true;
        }
        return false;
    }

    /** A canonical integer 0 … 2^53 − 1: no sign, no leading zero. */
    private boolean naturalNumber() {
        int start = pos;
        long n = 0;
        while (pos < b.length && digit(b[pos])) {
            if (pos - start >= 16) {
                return false;
            }
            n = n * 10 + (b[pos++] - '0');
        }
        return pos > start && (b[start] != '0' || pos - start == 1) && n <= CanonicalJson.MAX_SAFE_INTEGER;
    }

    /** A non-empty object of strings, keys in strictly increasing UTF-16 order; null otherwise. */
    private Map<String, String> details() {
        if (pos + 1 >= b.length || b[pos] != '{' || b[pos + 1] == '}') {
            return null;
        }
        pos++;
        Map<String, String> out = new HashMap<>(8);
        String previous = null;
        while (true) {
            String key = string();
            if (key == null || (previous != null && previous.compareTo(key) >= 0) || pos >= b.length || b[pos++] != ':') {
                return null;
            }
            String value = string();
            if (value == null || pos >= b.length) {
                return null;
            }
            out.put(key, value);
            previous = key;
            byte c = b[pos++];
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                return null;
            }
        }
    }

    /** A string at {@code pos} that needs no escape, decoded and stepped over; null otherwise. */
    private String string() {
        int start = pos + 1;
        int end = stringEnd();
        if (end < 0 || (wide && !utf8(start, end))) {
            return null;
        }
        pos = end + 1;
        return text(start, end);
    }

    private boolean skipString() {
        int start = pos + 1;
        int end = stringEnd();
        if (end < 0 || (wide && !utf8(start, end))) {
            return false;
        }
        pos = end + 1;
        return true;
    }

    /**
     * The index of the closing quote of the string at {@code pos}; -1 if there is none, or an
     * escape or a control character comes first (left to the strict parser).
     */
    private int stringEnd() {
        wide = false;
        if (pos >= b.length || b[pos] != '"') {
            return -1;
        }
        for (int i = pos + 1; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return -1;
            }
            if (c < 0) {
                wide = true;
            }
        }
        return -1;
    }

    /** Whether the bytes are well-formed UTF-8: decoding and encoding again gives them back (no replacement). */
    private boolean utf8(int start, int end) {
        byte[] again = new String(b, start, end - start, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(b, start, end, again, 0, again.length);
    }

    private String text(int start, int end) {
        return new String(b, start, end - start, wide ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    /** ASCII-only, all spaces (the only blank character a plain string can hold), or a wider one that is blank. */
    private boolean blank(int start, int end) {
        if (wide) {
            return text(start, end).isBlank();
        }
        for (int i = start; i < end; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private boolean lowerHex(int start, int end) {
        for (int i = start; i < end; i++) {
            if (!digit(b[i]) && (b[i] < 'a' || b[i] > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean complaintId(String id) {
        if (id.length() != 34 || !id.startsWith("c-")) {
            return false;
        }
        for (int i = 2; i < 34; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code "YYYY-MM-DDTHH:MM:SS.mmmZ"} naming a real instant, exactly as {@link CustodyEvent#formatTime}
     * writes years 0000–9999; null for anything else (a wider year is left to the strict parser).
     */
    private Instant time() {
        int s = pos + 1;
        if (s + 25 > b.length || b[pos] != '"' || b[s + 24] != '"' || b[s + 4] != '-' || b[s + 7] != '-' || b[s + 10] != 'T'
                || b[s + 13] != ':' || b[s + 16] != ':' || b[s + 19] != '.' || b[s + 23] != 'Z') {
            return null;
        }
        int year = number(s, 4);
        int month = number(s + 5, 2);
        int day = number(s + 8, 2);
        int hour = number(s + 11, 2);
        int minute = number(s + 14, 2);
        int second = number(s + 17, 2);
        int milli = number(s + 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || milli < 0 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        pos = s + 25;
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, milli * 1_000_000L);
    }

    /** The decimal of {@code digits} ASCII digits at {@code at}; -1 if one is not a digit. */
    private int number(int at, int digits) {
        int n = 0;
        for (int i = at; i < at + digits; i++) {
            if (!digit(b[i])) {
                return -1;
            }
            n = n * 10 + (b[i] - '0');
        }
        return n;
    }

    /**
     * A string of standard base64 that decodes and encodes back to itself: length a multiple of
     * four, padding only at the end, and the bits the padding drops all zero.
     */
    private boolean canonicalBase64() {
        int start = pos + 1;
        int end = stringEnd();
        if (end < 0 || wide || (end - start) % 4 != 0) {
            return false;
        }
        int data = end;
        while (data > start && end - data < 2 && b[data - 1] == '=') {
            data--;
        }
        for (int i = start; i < data; i++) {
            if (sextet(b[i]) < 0) {
                return false;
            }
        }
        int pad = end - data;
        if (pad > 0 && (data == start || (sextet(b[data - 1]) & (pad == 2 ? 0x0F : 0x03)) != 0)) {
            return false;
        }
        pos = end + 1;
        return true;
    }

    private static int sextet(byte c) {
        return SEXTETS[c & 0xFF];
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }
}
