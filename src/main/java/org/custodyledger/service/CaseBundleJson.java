package org.custodyledger.service;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a case bundle (format {@value CaseBundles#FORMAT}, docs/FORMATS.md): a case's number
 * and title around one footage evidence bundle per member, each read by {@link BundleJson}.
 * Reading checks only the shape; the verifier checks each member's evidence.
 */
public final class CaseBundleJson {
    /** A case bundle as read: its case and its members' bundles, in order. */
    public record Read(String caseNumber, String title, List<BundleJson.Read> members) {
    }

    private CaseBundleJson() {
    }

    /** Whether {@code text} is a case bundle (rather than a footage bundle); unreadable JSON is neither. */
    public static boolean isCaseBundle(String text) {
        try {
            return CaseBundles.FORMAT.equals(new JsonObject(text).getValue("format"));
        } catch (DecodeException e) {
            return false;
        }
    }

    /** Parses a case bundle; a wrong shape is an {@link IllegalArgumentException} saying where. */
    public static Read read(String text) {
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (!CaseBundles.FORMAT.equals(json.getValue("format"))) {
            throw new IllegalArgumentException("not a case bundle: \"format\" is not \"" + CaseBundles.FORMAT + "\"");
        }
        if (!Integer.valueOf(CaseBundles.VERSION).equals(json.getValue("version"))) {
            throw new IllegalArgumentException("case bundle version " + json.getValue("version")
                    + " is not one this verifier knows (" + CaseBundles.VERSION + ")");
        }
        if (!(json.getValue("caseNumber") instanceof String number) || !(json.getValue("title") instanceof String title)) {
            throw new IllegalArgumentException("a case bundle needs \"caseNumber\" and \"title\" strings");
        }
        if (!(json.getValue("members") instanceof JsonArray members) || members.isEmpty()) {
            throw new IllegalArgumentException("a case bundle needs a non-empty \"members\" array");
        }
        List<BundleJson.Read> reads = new ArrayList<>(members.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            if (!(members.getValue(i) instanceof JsonObject member)) {
                throw new IllegalArgumentException("members[" + i + "] is not an evidence bundle object");
            }
            BundleJson.Read read;
            try {
                read = BundleJson.read(member.encode());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("members[" + i + "]: " + e.getMessage(), e);
            }
            if (!seen.add(read.evidence().footageId())) {
                throw new IllegalArgumentException("members[" + i + "]: footage " + read.evidence().footageId()
                        + " appears twice");
            }
            reads.add(read);
        }
        return new Read(number, title, reads);
    }
}
