package org.custodyledger.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.custodyledger.custody.CustodyEvent;

/**
 * What attests the ledger at a period's end in a report (docs/FORMATS.md §11): the witnesses that
 * cosigned a checkpoint of at least that size, and the earliest RFC 3161 token over one — counting
 * only what was recorded by the time the report's cited checkpoint was stored, so a cosignature
 * or token arriving later never changes a report's bytes.
 *
 * @param witnesses each witness once, sorted by name, with the smallest tree size it cosigned
 * @param timestamp the earliest token, or null when none
 */
public record LedgerAttestations(List<Witness> witnesses, Timestamp timestamp) {
    /** Nothing attests: the report's ledgerAtPeriodEnd holds size and root only. */
    public static final LedgerAttestations NONE = new LedgerAttestations(List.of(), null);

    public LedgerAttestations {
        witnesses = List.copyOf(witnesses);
        for (int i = 1; i < witnesses.size(); i++) {
            if (witnesses.get(i - 1).name().compareTo(witnesses.get(i).name()) >= 0) {
                throw new IllegalArgumentException("witnesses must be sorted by name, each once");
            }
        }
    }

    /** A witness and the smallest tree size (at least the size at period end) it cosigned. */
    public record Witness(String name, long treeSize) {
        public Witness {
            Objects.requireNonNull(name);
        }
    }

    /** An RFC 3161 token: the tree size it is over, the TSA's genTime and the TSA's URL. */
    public record Timestamp(long treeSize, Instant genTime, String tsa) {
        public Timestamp {
            Objects.requireNonNull(genTime);
            Objects.requireNonNull(tsa);
        }
    }

    /** A cosigned checkpoint: its tree size and the names of the witnesses whose lines it carries. */
    public record Cosigned(long treeSize, List<String> names) {
    }

    /** Each witness among {@code cosigned} once, sorted by name, with the smallest size it cosigned. */
    public static List<Witness> earliestByName(List<Cosigned> cosigned) {
        TreeMap<String, Long> earliest = new TreeMap<>();
        for (Cosigned c : cosigned) {
            c.names().forEach(name -> earliest.merge(name, c.treeSize(), Math::min));
        }
        List<Witness> out = new ArrayList<>();
        earliest.forEach((name, size) -> out.add(new Witness(name, size)));
        return out;
    }

    /** Adds "witnesses" and "timestamp" to a report's ledgerAtPeriodEnd; each left out when there is none. */
    void putInto(Map<String, Object> ledgerAtPeriodEnd) {
        if (!witnesses.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (Witness w : witnesses) {
                list.add(Map.of("name", w.name(), "treeSize", w.treeSize()));
            }
            ledgerAtPeriodEnd.put("witnesses", list);
        }
        if (timestamp != null) {
            ledgerAtPeriodEnd.put("timestamp", Map.of("treeSize", timestamp.treeSize(),
                    "genTime", CustodyEvent.formatTime(timestamp.genTime()), "tsa", timestamp.tsa()));
        }
    }
}
