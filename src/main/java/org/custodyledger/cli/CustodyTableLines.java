package org.custodyledger.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.custodyledger.verify.CustodyTable;

/** The custody history printed as aligned columns (nothing cut: the signed text in full, control characters escaped). */
final class CustodyTableLines {
    private static final List<String> HEADERS = List.of("index", "time (UTC)", "who (role)", "what", "where", "why");

    private CustodyTableLines() {
    }

    static void print(PrintWriter out, List<CustodyTable.Row> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (CustodyTable.Row r : rows) {
            cells.add(List.of(Long.toString(r.index()), r.time(),
                    r.readable() ? r.who() + " (" + r.role() + ")" : "", r.what(), dash(r.where()), dash(r.why())));
        }
        int[] width = new int[HEADERS.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        out.println("Custody history, decoded from the signed events (" + rows.size() + "):");
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < width.length; i++) {
                line.append(i == width.length - 1 ? row.get(i) : pad(row.get(i), width[i] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String dash(String s) {
        return s.isEmpty() ? "—" : s;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
