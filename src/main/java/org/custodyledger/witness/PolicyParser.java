package org.custodyledger.witness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.NoteVerifier;

/**
 * Parses the c2sp.org/tlog-policy file syntax: {@code log VKEY [URL]}, {@code witness NAME VKEY [URL]},
 * {@code group NAME K|any|all MEMBER…}, {@code quorum NAME|none}; space/tab separated, blank and
 * {@code #} comment lines ignored. Every error names its line.
 */
public final class PolicyParser {
    private final Map<String, Policy.Witness> witnesses = new LinkedHashMap<>();
    private final Map<String, Policy.Group> groups = new LinkedHashMap<>();
    private final List<Policy.Log> logs = new ArrayList<>();
    private final Set<String> logKeys = new HashSet<>();
    private final Set<String> witnessKeys = new HashSet<>();
    private String quorum;
    private int lineNo;

    private PolicyParser() {
    }

    /** Parses a policy file's text (read as UTF-8; names are compared as exact strings). */
    public static Policy parse(String text) throws WitnessException {
        PolicyParser parser = new PolicyParser();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            parser.lineNo = i + 1;
            parser.line(lines[i]);
        }
        if (parser.quorum == null) {
            throw new WitnessException("policy: no quorum line (write \"quorum none\" to require no cosignatures)");
        }
        return new Policy(parser.logs, parser.witnesses, parser.groups, parser.quorum);
    }

    private void line(String line) throws WitnessException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw error("control character 0x" + Integer.toHexString(c) + " at column " + (i + 1)
                        + (c == '\r' ? " (lines must end in \\n alone)" : ""));
            }
        }
        // Only spaces and tabs are whitespace here; other octets, non-ASCII included, belong to names.
        String trimmed = line.replaceAll("^[ \t]+|[ \t]+$", "");
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return;
        }
        String[] f = trimmed.split("[ \t]+");
        switch (f[0]) {
            case "log" -> log(f);
            case "witness" -> witness(f);
            case "group" -> group(f);
            case "quorum" -> quorum(f);
            default -> throw error("unknown keyword \"" + f[0] + "\" (want log, witness, group or quorum)");
        }
    }

    private void log(String[] f) throws WitnessException {
        if (f.length < 2 || f.length > 3) {
            throw error("want \"log <vkey> [<url>]\", got " + (f.length - 1) + " field(s)");
        }
        NoteVerifier key;
        try {
            key = NoteVerifier.parse(f[1]);
        } catch (NoteException e) {
            throw error("log key: " + e.getMessage());
        }
        if (!logKeys.add(Arrays.toString(key.publicKey().getEncoded()))) {
            throw error("duplicate log: the key of " + key.name() + " is already listed");
        }
        logs.add(new Policy.Log(key, f.length == 3 ? f[2] : null));
    }

    private void witness(String[] f) throws WitnessException {
        if (f.length < 3 || f.length > 4) {
            throw error("want \"witness <name> <vkey> [<url>]\", got " + (f.length - 1) + " field(s)");
        }
        String name = newName(f[1]);
        CosignatureVerifier key;
        try {
            key = CosignatureVerifier.parse(f[2]);
        } catch (WitnessException e) {
            throw error("witness " + name + " key: " + e.getMessage());
        }
        if (!witnessKeys.add(Arrays.toString(key.publicKey().getEncoded()))) {
            throw error("duplicate witness: the key of " + name + " is already listed");
        }
        witnesses.put(name, new Policy.Witness(name, key, f.length == 4 ? f[3] : null));
    }

    private void group(String[] f) throws WitnessException {
        if (f.length < 4) {
            throw error("want \"group <name> <k>|any|all <member>...\" with at least one member");
        }
        String name = newName(f[1]);
        List<String> members = new ArrayList<>();
        for (int i = 3; i < f.length; i++) {
            String member = f[i];
            if (member.equals(Policy.NONE)) {
                throw error("\"none\" cannot be a group member");
            }
            if (!witnesses.containsKey(member) && !groups.containsKey(member)) {
                throw error("group " + name + " member \"" + member + "\" is not a witness or group defined above");
            }
            if (members.contains(member)) {
                throw error("group " + name + " lists \"" + member + "\" twice");
            }
            members.add(member);
        }
        int threshold;
        if (f[2].equals("any")) {
            threshold = 1;
        } else if (f[2].equals("all")) {
            threshold = members.size();
        } else {
            String k = f[2];
            if (k.isEmpty() || k.length() > 9 || !k.chars().allMatch(c -> c >= '0' && c <= '9') || k.charAt(0) == '0') {
                throw error("group " + name + " threshold \"" + k + "\" is not any, all or a decimal number from 1");
            }
            threshold = Integer.parseInt(k);
            if (threshold > members.size()) {
                throw error("group " + name + " threshold " + threshold + " is above its " + members.size() + " member(s)");
            }
        }
        groups.put(name, new Policy.Group(name, threshold, members));
    }

    private void quorum(String[] f) throws WitnessException {
        if (f.length != 2) {
            throw error("want \"quorum <name>\", got " + (f.length - 1) + " field(s)");
        }
        if (quorum != null) {
            throw error("a second quorum line (the first says " + quorum + ")");
        }
        if (!f[1].equals(Policy.NONE) && !witnesses.containsKey(f[1]) && !groups.containsKey(f[1])) {
            throw error("quorum \"" + f[1] + "\" is not none or a witness or group defined above");
        }
        quorum = f[1];
    }

    private String newName(String name) throws WitnessException {
        if (name.equals(Policy.NONE)) {
            throw error("\"none\" is predefined and cannot be redefined");
        }
        if (witnesses.containsKey(name) || groups.containsKey(name)) {
            throw error("name \"" + name + "\" is already defined");
        }
        return name;
    }

    private WitnessException error(String message) {
        return new WitnessException("policy line " + lineNo + ": " + message);
    }
}
