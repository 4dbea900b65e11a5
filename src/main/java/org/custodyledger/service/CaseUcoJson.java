package org.custodyledger.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.verify.EvidenceEvent;
import org.custodyledger.verify.FootageEvidence;

/**
 * A footage's custody history as a CASE/UCO 1.4 JSON-LD graph: the file as
 * {@code uco-observable:File} with its SHA-256 in a {@code ContentDataFacet}; every custody
 * event as a {@code case-investigation:InvestigativeAction} (performer, start time, purpose,
 * location) whose object is the footage's provenance record before it and whose result is the
 * record after it (exhibit number = footage id); and, as {@code uco-core:Annotation}s, each
 * event's ledger position (log index, leaf hash, leaf bytes, inclusion proof) and the signed
 * checkpoint. Everything comes from the signed events of the bundle, never its readable block.
 */
final class CaseUcoJson {
    private static final JsonObject CONTEXT = new JsonObject()
            .put("kb", "urn:custody-ledger:")
            .put("case-investigation", "https://ontology.caseontology.org/case/investigation/")
            .put("uco-action", "https://ontology.unifiedcyberontology.org/uco/action/")
            .put("uco-core", "https://ontology.unifiedcyberontology.org/uco/core/")
            .put("uco-identity", "https://ontology.unifiedcyberontology.org/uco/identity/")
            .put("uco-location", "https://ontology.unifiedcyberontology.org/uco/location/")
            .put("uco-observable", "https://ontology.unifiedcyberontology.org/uco/observable/")
            .put("uco-types", "https://ontology.unifiedcyberontology.org/uco/types/")
            .put("xsd", "http://www.w3.org/2001/XMLSchema#");

    private CaseUcoJson() {
    }

    static JsonObject of(BundleJson.Read read) {
        FootageEvidence ev = read.evidence();
        String fid = ev.footageId();
        String file = iri("file", fid);
        List<JsonObject> graph = new ArrayList<>();
        List<CustodyEvent> events = new ArrayList<>();
        for (EvidenceEvent e : ev.events()) {
            events.add(parse(e));
        }
        CustodyEvent registered = events.stream().filter(e -> e.type() == EventType.REGISTERED).findFirst().orElse(null);
        graph.add(file(file, fid, ev, registered));
        JsonObject checkpoint = node(iri("checkpoint", fid), "uco-core:Annotation")
                .put("uco-core:name", "signed checkpoint the history is proved against")
                .put("uco-core:object", new JsonArray().add(ref(file)))
                .put("uco-core:statement", new JsonArray().add(ev.checkpointNote()))
                .put("uco-core:description", "C2SP signed note of log " + read.json().getString("logOrigin", "")
                        + "; every event below has an inclusion proof to its root; verifier keys: "
                        + String.join(" ", read.keys().stream().map(k -> k.verifierKey()).toList()));
        graph.add(checkpoint);
        String before = null;
        for (int i = 0; i < ev.events().size(); i++) {
            EvidenceEvent e = ev.events().get(i);
            CustodyEvent event = events.get(i);
            String record = iri("provenance-record", fid + "@" + e.index());
            String action = iri("investigative-action", fid + "@" + e.index());
            String who = iri("identity", event.actorId());
            graph.add(node(who, "uco-identity:Identity").put("uco-core:name", event.actorId()));
            JsonObject act = node(action, "case-investigation:InvestigativeAction")
                    .put("uco-core:name", event.type().name())
                    .put("uco-core:description", description(event))
                    .put("uco-action:startTime", typed("xsd:dateTime", CustodyEvent.formatTime(event.time())))
                    .put("uco-action:performer", ref(who))
                    .put("uco-action:object", new JsonArray().add(ref(before == null ? file : before)))
                    .put("uco-action:result", new JsonArray().add(ref(record)));
            if (event.location() != null) {
                String where = iri("location", fid + "@" + e.index());
                graph.add(node(where, "uco-location:Location").put("uco-core:description", event.location()));
                act.put("uco-action:location", new JsonArray().add(ref(where)));
            }
            graph.add(act);
            graph.add(node(record, "case-investigation:ProvenanceRecord")
                    .put("case-investigation:exhibitNumber", fid)
                    .put("uco-core:description", "the footage as it stood after " + event.type() + " at log index " + e.index())
                    .put("uco-core:object", new JsonArray().add(ref(file))));
            graph.add(node(iri("ledger-entry", fid + "@" + e.index()), "uco-core:Annotation")
                    .put("uco-core:name", "ledger position of log entry " + e.index())
                    .put("uco-core:object", new JsonArray().add(ref(action)).add(ref(checkpoint.getString("@id"))))
                    .put("uco-core:statement", new JsonArray()
                            .add("log index: " + e.index())
                            .add("leaf hash (base64): " + b64(e.leafHash()))
                            .add("leaf (base64, the signed event): " + b64(e.leaf()))
                            .add("inclusion proof (RFC 9162, base64, leaf upwards): " + String.join(" ",
                                    e.inclusionProof().stream().map(CaseUcoJson::b64).toList()))
                            .add("previous event of this footage: " + (event.prev() == null ? "none" : event.prev()))));
            before = record;
        }
        return new JsonObject().put("@context", CONTEXT).put("@graph", new JsonArray(new ArrayList<>(graph)));
    }

    private static JsonObject file(String id, String fid, FootageEvidence ev, CustodyEvent registered) {
        JsonObject hash = node(iri("hash", fid), "uco-types:Hash")
                .put("uco-types:hashMethod", "SHA256")
                .put("uco-types:hashValue", typed("xsd:hexBinary", ev.sha256().hex().toUpperCase(java.util.Locale.ROOT)));
        JsonObject content = node(iri("content-data-facet", fid), "uco-observable:ContentDataFacet")
                .put("uco-observable:hash", new JsonArray().add(hash));
        JsonArray facets = new JsonArray().add(content);
        JsonObject file = node(id, "uco-observable:File").put("uco-core:description", "footage " + fid);
        if (registered != null) {
            String size = registered.details().get("size");
            if (size != null && size.matches("\\d{1,18}")) {
                content.put("uco-observable:sizeInBytes", typed("xsd:integer", size));
            }
            String name = registered.details().get("filename");
            if (name != null) {
                JsonObject fileFacet = node(iri("file-facet", fid), "uco-observable:FileFacet")
                        .put("uco-observable:fileName", name);
                facets.add(fileFacet);
            }
        }
        return file.put("uco-core:hasFacet", facets);
    }

    private static String description(CustodyEvent e) {
        StringBuilder b = new StringBuilder(e.type().name()).append(" by ").append(e.actorId()).append(" acting as ")
                .append(e.actorRole());
        if (e.purpose() != null) {
            b.append("; purpose: ").append(e.purpose());
        }
        if (!e.details().isEmpty()) {
            b.append("; details: ");
            e.details().forEach((k, v) -> b.append(k).append('=').append(v).append("; "));
            b.setLength(b.length() - 2);
        }
        return b.toString();
    }

    private static CustodyEvent parse(EvidenceEvent e) {
        try {
            return SignedEvent.parseLeaf(e.leaf()).event();
        } catch (CustodyFormatException ex) {
            throw new IllegalStateException("the ledger served an unreadable leaf at index " + e.index(), ex);
        }
    }

    /**
     * A node's IRI: its kind and a name-based (version 3) UUID of kind and key, as UCO suggests
     * (identifiers ending in a UUID) — the same footage, event or actor always gets the same IRI,
     * so exports of one ledger merge into one graph.
     */
    private static String iri(String kind, String key) {
        return "kb:" + kind + "-" + UUID.nameUUIDFromBytes((kind + "|" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject node(String id, String type) {
        return new JsonObject().put("@id", id).put("@type", type);
    }

    private static JsonObject ref(String id) {
        return new JsonObject().put("@id", id);
    }

    private static JsonObject typed(String type, String value) {
        return new JsonObject().put("@type", type).put("@value", value);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
