package org.custodyledger.service;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.custodyledger.verify.SetMembership;

/**
 * Reads a bundle set (format {@value BundleSets#FORMAT}, docs/FORMATS.md §9): what it is of
 * (a case or a complaint) around one evidence bundle per member, each read by {@link BundleJson}.
 * Reading checks only the shape; the verifier checks each member's evidence and membership.
 */
public final class BundleSetJson {
    /** Formats that came before the bundle set, never released: named so the refusal can say what to do. */
    private static final Set<String> FORMER = Set.of("custody-ledger-case-bundle", "custody-ledger-complaint-bundle");

    /** A bundle set as read: {@code kind} is {@value SetMembership#CASE} or {@value SetMembership#COMPLAINT}. */
    public record Read(String kind, String id, String title, List<BundleJson.Read> members) {
    }

    private BundleSetJson() {
    }

    /** Whether {@code text} claims to be a bundle set (or one of its unreleased predecessors); unreadable JSON is not. */
    public static boolean isBundleSet(String text) {
        try {
            Object format = new JsonObject(text).getValue("format");
            return BundleSets.FORMAT.equals(format) || FORMER.contains(format);
        } catch (DecodeException | ClassCastException e) {
            return false;
        }
    }

    /** Parses a bundle set; a wrong shape is an {@link IllegalArgumentException} saying where. */
    public static Read read(String text) {
        JsonObject json = BundleJson.parse(text);
        Object format = json.getValue("format");
        if (FORMER.contains(format)) {
            throw new IllegalArgumentException("\"" + format + "\" was an unreleased format, replaced by \"" + BundleSets.FORMAT
                    + "\": fetch the bundle again");
        }
        if (!BundleSets.FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a bundle set: \"format\" is not \"" + BundleSets.FORMAT + "\"");
        }
        if (!Integer.valueOf(BundleSets.VERSION).equals(json.getValue("version"))) {
            throw new IllegalArgumentException("bundle set version " + json.getValue("version")
                    + " is not one this verifier knows (" + BundleSets.VERSION + ")");
        }
        if (!(json.getValue("of") instanceof JsonObject of)) {
            throw new IllegalArgumentException("a bundle set needs an \"of\" object naming its case or complaint");
        }
        String kind = of.getValue(SetMembership.CASE) instanceof String ? SetMembership.CASE
                : of.getValue(SetMembership.COMPLAINT) instanceof String ? SetMembership.COMPLAINT : null;
        if (kind == null || of.containsKey(SetMembership.CASE) && of.containsKey(SetMembership.COMPLAINT)) {
            throw new IllegalArgumentException("\"of\" names exactly one \"case\" or \"complaint\" (a string)");
        }
        Object title = of.getValue("title");
        if (title != null && !(title instanceof String)) {
            throw new IllegalArgumentException("of.title must be a string");
        }
        if (!(json.getValue("members") instanceof JsonArray members) || members.isEmpty()
                || members.size() > BundleSets.MAX_MEMBERS) {
            throw new IllegalArgumentException("a bundle set needs a \"members\" array of 1 to " + BundleSets.MAX_MEMBERS
                    + " evidence bundles");
        }
        List<BundleJson.Read> reads = new ArrayList<>(members.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            if (!(members.getValue(i) instanceof JsonObject member)) {
                throw new IllegalArgumentException("members[" + i + "] is not an evidence bundle object");
            }
            BundleJson.Read read;
            try {
                read = BundleJson.read(member);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("members[" + i + "]: " + e.getMessage(), e);
            }
            if (!seen.add(read.evidence().footageId())) {
                throw new IllegalArgumentException("members[" + i + "]: footage " + read.evidence().footageId()
                        + " appears twice");
            }
            reads.add(read);
        }
        return new Read(kind, of.getString(kind), (String) title, reads);
    }
}
