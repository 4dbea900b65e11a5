package org.custodyledger.http;

import static org.custodyledger.testing.ApiCalls.history;
import static org.custodyledger.testing.ApiCalls.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.testing.ApiCalls;
import org.custodyledger.testing.Await;
import org.custodyledger.testing.Http;
import org.custodyledger.testing.RunningService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The court exports of a footage with a long history (over 60 events): the printable report
 * opens, paginates and names every event and the footage hash; the CASE/UCO graph has the file
 * with its hash and one investigative action per event; each is an EXPORTED event, and an
 * unknown format is refused with nothing recorded.
 */
class CourtExportsTest {
    @RegisterExtension
    static final RunningService service = new RunningService();
    static String footageId;
    static byte[] video;
    static Http reviewer;

    @BeforeAll
    static void aLongHistory() {
        video = ApiCalls.bytes(40_000, 3);
        footageId = upload(service.officer("badge-4711"), video, "filename=long.mp4&incident=INC-60");
        reviewer = service.reviewer("det-ruiz");
        List<Future<AppendedEntry>> appends = new ArrayList<>();
        for (int i = 0; i < 61; i++) {
            appends.add(service.app().sequencer().append(CustodyEvent.of(footageId, Sha256Hasher.hash(video),
                    i % 2 == 0 ? EventType.VIEWED : EventType.ANNOTATED, "det-ruiz", "reviewer", Instant.now(),
                    // One purpose a page must survive: a line break, a bidi override, a glyph the font lacks.
                    i == 1 ? "second look\nat \u202egnp.tneve\u202c 🚓" : "review pass " + i, "workstation EV-" + i, i % 2 == 0 ? Map.of() : Map.of("note", "note " + i))));
        }
        Await.result(Future.all(appends));
    }

    private static HttpResponse<byte[]> export(String format) {
        return reviewer.sendBytes(java.net.http.HttpRequest.newBuilder(reviewer.uri("/api/v1/footage/" + footageId
                + "/bundle?purpose=court%20filing&format=" + format)));
    }

    @Test
    void thePdfReportOpensPaginatesAndNamesEveryEventAndTheHash() throws Exception {
        HttpResponse<byte[]> r = export("pdf");
        assertEquals(200, r.statusCode());
        assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElseThrow());
        List<JsonObject> events = history(reviewer, footageId);
        JsonObject last = events.get(events.size() - 1);
        assertEquals("EXPORTED", last.getString("type"));
        assertEquals("custody-report", last.getJsonObject("details").getString("via"));
        assertEquals("court filing", last.getString("purpose"));
        try (PDDocument pdf = Loader.loadPDF(r.body())) {
            assertTrue(pdf.getNumberOfPages() >= 3, "64 events take several pages: " + pdf.getNumberOfPages());
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains(Sha256Hasher.hash(video).hex()), "the footage hash");
            assertTrue(text.contains("This report is a reading aid. The proof is the JSON evidence bundle"), text);
            assertTrue(text.contains("verify-bundle " + footageId + ".bundle.json"), text);
            assertTrue(text.contains("page 1 of " + pdf.getNumberOfPages()), text);
            for (JsonObject e : events) {
                // The row starts with index and time; who may wrap onto lines of its own before the type.
                assertTrue(text.matches("(?s).*\\n" + e.getLong("index") + " \\d{4}-\\d\\d-\\d\\dT\\S+Z.{0,80}?"
                        + e.getString("type") + ".*"), "event " + e.getLong("index") + " " + e.getString("type") + " in\n"
                        + text.substring(0, Math.min(6000, text.length())));
            }
            assertEquals("2", pdf.getDocumentCatalog().getMetadata() == null ? null
                    : new String(pdf.getDocumentCatalog().getMetadata().toByteArray()).replaceAll("(?s).*<pdfaid:part>(\\d)</pdfaid:part>.*", "$1"));
            assertEquals(1, pdf.getDocumentCatalog().getOutputIntents().size());
        }
    }

    @Test
    void theCaseExportIsAGraphOfTheFileAndOneInvestigativeActionPerEvent() {
        HttpResponse<byte[]> r = export("case");
        assertEquals(200, r.statusCode());
        assertEquals("application/ld+json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonObject doc = new JsonObject(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        List<JsonObject> graph = doc.getJsonArray("@graph").stream().map(o -> (JsonObject) o).toList();
        List<JsonObject> events = history(reviewer, footageId);
        JsonObject file = graph.stream().filter(n -> "uco-observable:File".equals(n.getString("@type"))).findFirst().orElseThrow();
        JsonObject hash = file.getJsonArray("uco-core:hasFacet").getJsonObject(0).getJsonArray("uco-observable:hash")
                .getJsonObject(0);
        assertEquals(Sha256Hasher.hash(video).hex().toUpperCase(), hash.getJsonObject("uco-types:hashValue").getString("@value"));
        assertEquals("SHA256", hash.getString("uco-types:hashMethod"));
        List<JsonObject> actions = graph.stream().filter(n -> "case-investigation:InvestigativeAction".equals(n.getString("@type")))
                .toList();
        assertEquals(events.size(), actions.size(), "one action per event, the export's own included");
        assertEquals("EXPORTED", actions.get(actions.size() - 1).getString("uco-core:name"));
        assertTrue(actions.get(actions.size() - 1).getString("uco-core:description").contains("via=case-uco-export"));
        assertTrue(graph.stream().filter(n -> "case-investigation:ProvenanceRecord".equals(n.getString("@type")))
                .allMatch(n -> footageId.equals(n.getString("case-investigation:exhibitNumber"))));
        JsonObject entry = graph.stream().filter(n -> n.getString("@id").startsWith("kb:ledger-entry-")
                && n.getJsonArray("uco-core:statement").getString(0).equals("log index: " + events.get(0).getLong("index")))
                .findFirst().orElseThrow();
        assertTrue(graph.stream().allMatch(n -> n.getString("@id").matches("kb:[a-z-]+-[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-"
                + "[0-9a-f]{4}-[0-9a-f]{12}")), "every node id ends with a UUID, as UCO suggests");
        assertTrue(entry.getJsonArray("uco-core:statement").getString(1).startsWith("leaf hash (base64): "
                + events.get(0).getString("leafHash")), entry.encode());
        assertEquals("EXPORTED", events.get(events.size() - 1).getString("type"));
        assertEquals("case-uco-export", events.get(events.size() - 1).getJsonObject("details").getString("via"));
        CaseShapes.assertConforms(doc);

        // The validation can fail: a provenance record with two exhibit numbers, an action without an IRI.
        JsonObject twoExhibits = doc.copy();
        twoExhibits.getJsonArray("@graph").stream().map(n -> (JsonObject) n)
                .filter(n -> "case-investigation:ProvenanceRecord".equals(n.getString("@type"))).findFirst().orElseThrow()
                .put("case-investigation:exhibitNumber", new JsonArray().add(footageId).add("another"));
        assertFalse(CaseShapes.validate(twoExhibits).conforms(), "at most one exhibit number");
        JsonObject blankAction = doc.copy();
        blankAction.getJsonArray("@graph").stream().map(n -> (JsonObject) n)
                .filter(n -> "case-investigation:InvestigativeAction".equals(n.getString("@type"))).findFirst().orElseThrow()
                .remove("@id");
        assertFalse(CaseShapes.validate(blankAction).conforms(), "UcoThings are not blank nodes");
    }

    @Test
    void anUnknownFormatIsRefusedAndRecordsNothing() {
        int before = history(reviewer, footageId).size();
        HttpResponse<byte[]> r = export("xml");
        assertEquals(400, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(new String(r.body()).contains("format must be json"), new String(r.body()));
        assertEquals(before, history(reviewer, footageId).size(), "no EXPORTED for a refused format");
        HttpResponse<byte[]> json = export("json");
        assertEquals(200, json.statusCode());
        assertEquals("custody-ledger-evidence-bundle", new JsonObject(new String(json.body())).getString("format"));
    }
}
