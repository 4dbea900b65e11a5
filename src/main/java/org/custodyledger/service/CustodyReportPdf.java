package org.custodyledger.service;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.verify.Check;
import org.custodyledger.verify.CustodyTable;
import org.custodyledger.verify.VerificationReport;

/**
 * The printable chain-of-custody report (PDF/A-2b: DejaVu Sans Condensed embedded, XMP
 * metadata, an sRGB output intent): footage facts, the service's record, the custody table
 * over as many pages as it takes, the service's own verification of the bundle, the
 * checkpoint with any cosignatures, and how to verify the JSON bundle independently. It
 * says on its first page that it is a reading aid and the JSON bundle is the proof.
 */
final class CustodyReportPdf {
    private static final float MARGIN = 40;
    private static final float SIZE = 8.5f;
    private static final float LEADING = 11;
    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final String[] HEADERS = {"index", "time (UTC)", "who (role)", "what", "where", "why"};
    static final String READING_AID = "This report is a reading aid. The proof is the JSON evidence bundle "
            + "(custody-ledger-evidence-bundle): its signed events, inclusion proofs and signed checkpoint can be checked by "
            + "anyone, offline, without trusting the agency — see \"How to verify\" at the end.";

    private final PDDocument doc;
    private final PDType0Font font;
    /** Column widths: index, a whole RFC 3339 time, then who, what, where and why sharing the rest. */
    private final float[] columns;
    private PDPageContentStream out;
    private float y;

    private CustodyReportPdf(PDDocument doc, PDType0Font font) throws IOException {
        this.doc = doc;
        this.font = font;
        float index = width("000000") + 4;
        float time = width("0000-00-00T00:00:00.000Z") + 8;
        float rest = PAGE.getWidth() - 2 * MARGIN - index - time;
        this.columns = new float[]{index, time, rest * 0.24f, rest * 0.37f, rest * 0.17f, rest * 0.22f};
    }

    static byte[] render(BundleJson.Read read, VerificationReport check) throws IOException {
        try (PDDocument doc = new PDDocument(); InputStream ttf = CustodyReportPdf.class.getResourceAsStream(
                "/fonts/DejaVuSansCondensed.ttf")) {
            if (ttf == null) {
                throw new IOException("fonts/DejaVuSansCondensed.ttf is missing from the build");
            }
            CustodyReportPdf pdf = new CustodyReportPdf(doc, PDType0Font.load(doc, ttf, true));
            pdf.write(read, check);
            pdf.out.close();
            pdf.numberPages(read.evidence().footageId());
            pdfA(doc, "Chain-of-custody report " + read.evidence().footageId());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        }
    }

    private void write(BundleJson.Read read, VerificationReport check) throws IOException {
        newPage();
        var ev = read.evidence();
        heading("Chain-of-custody report", 16);
        paragraph(READING_AID);
        gap();
        heading("Footage", 12);
        List<CustodyTable.Row> rows = CustodyTable.of(ev.events());
        line("Footage id (exhibit number): " + ev.footageId());
        line("SHA-256: " + ev.sha256().hex());
        for (CustodyTable.Row r : rows) {
            if (r.what().startsWith("REGISTERED")) {
                paragraph("Registered (signed event @" + r.index() + "): " + r.time() + " by " + r.who() + " (" + r.role()
                        + "): " + r.what().substring("REGISTERED".length()).strip());
                break;
            }
        }
        line("Log: " + read.json().getString("logOrigin", "") + "; bundle cut at " + read.json().getString("createdAt", ""));
        gap();
        heading("The service's record of the footage (not signed: informational)", 12);
        Object block = read.json().getValue("footage");
        if (block instanceof io.vertx.core.json.JsonObject footage) {
            for (Map.Entry<String, Object> f : footage) {
                String v = String.valueOf(f.getValue());
                paragraph(f.getKey() + ": " + (v.length() > 600 ? v.substring(0, 600) + "…" : v));
            }
        }
        gap();
        heading("Custody history (" + rows.size() + " events, decoded from the signed events)", 12);
        table(rows);
        gap();
        heading("Verification outcome", 12);
        if (check.verified()) {
            paragraph("Checked by the service when this report was made, against its own log key: all "
                    + check.checks().size() + " checks passed (each event's leaf, hash, signature and subject; inclusion in"
                    + " the checkpoint; the chain of the history; earlier checkpoints' consistency).");
        } else {
            paragraph("Checked by the service when this report was made: " + check.failures().size() + " of "
                    + check.checks().size() + " checks FAILED:");
            for (Check c : check.failures()) {
                paragraph("  FAIL " + c.name() + ": " + c.detail());
            }
        }
        paragraph("The footage file's bytes are not part of this report: re-hash your copy and compare it with the SHA-256"
                + " above (verify-bundle --footage does).");
        gap();
        heading("Checkpoint (the signed tree head every event is proved against)", 12);
        for (String l : ev.checkpointNote().split("\n")) {
            paragraph(l.isEmpty() ? " " : l);
        }
        List<String> cosigned = new ArrayList<>();
        for (var earlier : ev.earlierCheckpoints()) {
            String[] parts = earlier.note().split("\n\n", 2);
            long lines = parts.length < 2 ? 0 : parts[1].lines().filter(l -> l.startsWith("—")).count();
            if (lines > 1) {
                cosigned.add(earlier.note());
            }
        }
        gap();
        heading("Cosignatures", 12);
        if (cosigned.isEmpty()) {
            paragraph("The bundle carries no checkpoint cosigned by witnesses.");
        } else {
            for (String note : cosigned) {
                paragraph("A checkpoint cosigned by witnesses (one line per signature after the blank line):");
                for (String l : note.split("\n")) {
                    paragraph(l.isEmpty() ? " " : l);
                }
            }
        }
        gap();
        heading("How to verify the JSON bundle independently", 12);
        paragraph("1. Get the evidence bundle (GET /api/v1/footage/" + ev.footageId() + "/bundle?purpose=…) and the log's"
                + " verifier key as the agency publishes it (GET /api/v1/ledger/key), from the agency, not from this report.");
        paragraph("2. java -jar custody-ledger.jar verify-bundle " + ev.footageId() + ".bundle.json --key-file log.key"
                + " --footage <your copy of the video>");
        paragraph("3. Or without this software: each leaf's event is RFC 8785 JSON signed with Ed25519, its leaf hash is"
                + " SHA-256(0x00 ‖ leaf), its inclusion proof (RFC 9162) leads to the checkpoint's root, and the checkpoint is a"
                + " C2SP signed note (docs/FORMATS.md §2–8; openssl and sha256sum suffice).");
        paragraph(READING_AID);
    }

    private void table(List<CustodyTable.Row> rows) throws IOException {
        tableRow(HEADERS);
        for (CustodyTable.Row r : rows) {
            tableRow(new String[]{Long.toString(r.index()), r.time(), r.readable() ? r.who() + " (" + r.role() + ")" : "",
                    r.what(), r.where().isEmpty() ? "—" : r.where(), r.why().isEmpty() ? "—" : r.why()});
        }
    }

    private void tableRow(String[] cells) throws IOException {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int i = 0; i < cells.length; i++) {
            List<String> lines = wrap(cells[i], columns[i] - 4);
            wrapped.add(lines);
            height = Math.max(height, lines.size());
        }
        if (y - height * LEADING < MARGIN + 20) {
            newPage();
            if (cells != HEADERS) {
                tableRow(HEADERS);
            }
        }
        float x = MARGIN;
        for (int i = 0; i < cells.length; i++) {
            for (int l = 0; l < wrapped.get(i).size(); l++) {
                text(x, y - l * LEADING, wrapped.get(i).get(l), SIZE);
            }
            x += columns[i];
        }
        y -= height * LEADING;
        out.moveTo(MARGIN, y + LEADING - 3);
        out.lineTo(PAGE.getWidth() - MARGIN, y + LEADING - 3);
        out.setLineWidth(0.3f);
        out.stroke();
    }

    private void heading(String s, float size) throws IOException {
        room(size * 2);
        text(MARGIN, y, s, size);
        y -= size + 6;
    }

    private void line(String s) throws IOException {
        paragraph(s);
    }

    private void paragraph(String s) throws IOException {
        for (String l : wrap(s, PAGE.getWidth() - 2 * MARGIN)) {
            room(LEADING);
            text(MARGIN, y, l, SIZE);
            y -= LEADING + 1;
        }
    }

    private void gap() {
        y -= LEADING / 2;
    }

    private void room(float needed) throws IOException {
        if (y - needed < MARGIN + 20) {
            newPage();
        }
    }

    private void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PAGE);
        doc.addPage(page);
        out = new PDPageContentStream(doc, page);
        y = PAGE.getHeight() - MARGIN - 10;
    }

    private void text(float x, float at, String s, float size) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, at);
        out.showText(s);
        out.endText();
    }

    /** Words (and, when one word is too long, characters) wrapped to {@code width} points; glyphs the font lacks become '?'. */
    private List<String> wrap(String text, float width) throws IOException {
        String s = drawable(CustodyTable.printable(text));
        List<String> lines = new ArrayList<>();
        StringBuilder lineText = new StringBuilder();
        for (String word : s.split(" ", -1)) {
            String candidate = lineText.isEmpty() ? word : lineText + " " + word;
            if (width(candidate) <= width) {
                lineText.setLength(0);
                lineText.append(candidate);
                continue;
            }
            if (!lineText.isEmpty()) {
                lines.add(lineText.toString());
                lineText.setLength(0);
            }
            for (int cp : word.codePoints().toArray()) {
                String next = lineText.toString() + Character.toString(cp);
                if (width(next) > width && !lineText.isEmpty()) {
                    lines.add(lineText.toString());
                    lineText.setLength(0);
                }
                lineText.appendCodePoint(cp);
            }
        }
        if (!lineText.isEmpty() || lines.isEmpty()) {
            lines.add(lineText.toString());
        }
        return lines;
    }

    private float width(String s) throws IOException {
        return font.getStringWidth(s) / 1000 * SIZE;
    }

    private String drawable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            try {
                font.encode(Character.toString(cp));
                b.appendCodePoint(cp);
            } catch (IOException | IllegalArgumentException e) {
                b.append('?');
            }
        });
        return b.toString();
    }

    private void numberPages(String footageId) throws IOException {
        int n = doc.getNumberOfPages();
        for (int i = 0; i < n; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(doc, doc.getPage(i),
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                footer.beginText();
                footer.setFont(font, 7.5f);
                footer.newLineAtOffset(MARGIN, MARGIN - 10);
                footer.showText("custody-ledger chain-of-custody report · " + footageId + " · a reading aid: the JSON bundle"
                        + " is the proof · page " + (i + 1) + " of " + n);
                footer.endText();
            }
        }
    }

    /** PDF/A-2b: the document information and its XMP twin, and an sRGB output intent. */
    private static void pdfA(PDDocument doc, String title) throws IOException {
        Calendar now = GregorianCalendar.from(Instant.now().atZone(TimeZone.getTimeZone("UTC").toZoneId()));
        now.set(Calendar.MILLISECOND, 0);
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(title);
        info.setProducer("custody-ledger");
        info.setCreator("custody-ledger");
        info.setCreationDate(now);
        info.setModificationDate(now);
        String date = CustodyEvent.formatTime(now.toInstant()).replace(".000Z", "Z");
        String xmp = """
                <?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
                <x:xmpmeta xmlns:x="adobe:ns:meta/">
                 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
                    xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
                    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
                   <pdfaid:part>2</pdfaid:part>
                   <pdfaid:conformance>B</pdfaid:conformance>
                   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:title>
                   <dc:format>application/pdf</dc:format>
                   <xmp:CreateDate>%s</xmp:CreateDate>
                   <xmp:ModifyDate>%s</xmp:ModifyDate>
                   <xmp:CreatorTool>custody-ledger</xmp:CreatorTool>
                   <pdf:Producer>custody-ledger</pdf:Producer>
                  </rdf:Description>
                 </rdf:RDF>
                </x:xmpmeta>
                <?xpacket end="w"?>""".formatted(title, date, date);
        PDMetadata metadata = new PDMetadata(doc);
        metadata.importXMPMetadata(xmp.getBytes(StandardCharsets.UTF_8));
        doc.getDocumentCatalog().setMetadata(metadata);
        PDOutputIntent intent = new PDOutputIntent(doc, new ByteArrayInputStream(
                ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
        intent.setInfo("sRGB IEC61966-2.1");
        intent.setOutputCondition("sRGB IEC61966-2.1");
        intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
        intent.setRegistryName("http://www.color.org");
        doc.getDocumentCatalog().addOutputIntent(intent);
        doc.getDocument().setVersion(1.7f);
    }
}
