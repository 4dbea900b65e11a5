package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.verify.FootageVerifier;
import org.custodyledger.verify.VerificationReport;

/**
 * Court exports of a footage's custody history: the CASE/UCO JSON-LD graph forensic tools
 * read, and the printable chain-of-custody report a judge reads. Each is an export like the
 * evidence bundle — an {@code EXPORTED} event is appended first ({@code details.via}
 * {@value #VIA_CASE} or {@value #VIA_PDF}, keys only the service writes) — and each is rendered
 * from that very bundle, so it says nothing the bundle does not; the bundle stays the proof.
 */
public final class CourtExports {
    public static final String VIA_CASE = "case-uco-export";
    public static final String VIA_PDF = "custody-report";

    /** An export's bytes, its media type and the file name it is offered under. */
    public record Export(String footageId, String mediaType, String filename, byte[] body) {
    }

    private final Vertx vertx;
    private final VerificationService verification;

    public CourtExports(Vertx vertx, VerificationService verification) {
        this.vertx = vertx;
        this.verification = verification;
    }

    /** The CASE/UCO 1.4 JSON-LD graph ({@code application/ld+json}). */
    public Future<Export> caseUco(String id, String why, Actor actor, java.util.function.Function<org.custodyledger.model.FootageRow,
            JsonObject> render) {
        return exported(id, why, actor, render, VIA_CASE).compose(b -> vertx.executeBlocking(() -> new Export(b.footageId(),
                "application/ld+json", b.footageId() + ".case.jsonld",
                CaseUcoJson.of(BundleJson.read(b.json())).encodePrettily().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                false));
    }

    /** The printable chain-of-custody report ({@code application/pdf}, PDF/A-2b). */
    public Future<Export> pdf(String id, String why, Actor actor, java.util.function.Function<org.custodyledger.model.FootageRow,
            JsonObject> render) {
        return exported(id, why, actor, render, VIA_PDF).compose(b -> vertx.executeBlocking(() -> {
            BundleJson.Read read = BundleJson.read(b.json());
            return new Export(b.footageId(), "application/pdf", b.footageId() + ".custody-report.pdf",
                    CustodyReportPdf.render(read, serviceCheck(read)));
        }, false));
    }

    private Future<VerificationService.Bundle> exported(String id, String why, Actor actor,
                                                        java.util.function.Function<org.custodyledger.model.FootageRow,
                                                                JsonObject> render, String via) {
        return verification.bundle(id, why, actor, render, Map.of("via", via));
    }

    /** The service's own check of the bundle it just cut, against its log key: what the report prints as the outcome. */
    private VerificationReport serviceCheck(BundleJson.Read read) {
        NoteVerifier logKey = verification.logKey();
        Map<String, NoteVerifier> keys = new HashMap<>();
        read.keys().forEach(k -> keys.put(k.keyIdHex(), k));
        keys.put(logKey.keyIdHex(), logKey);
        return new VerificationReport(FootageVerifier.verify(read.evidence(), List.of(logKey), keys));
    }
}
