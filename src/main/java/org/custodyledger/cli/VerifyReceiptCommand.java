package org.custodyledger.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.custodyledger.complaint.Receipt;
import org.custodyledger.complaint.ReceiptVerifier;
import org.custodyledger.custody.CustodyFormatException;
import org.custodyledger.note.NoteException;
import org.custodyledger.note.TrustedKey;
import org.custodyledger.service.ReportJson;
import org.custodyledger.verify.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify-receipt}: checks a complaint receipt offline against the log's published key —
 * what was submitted (salt and content hash to the logged commitment), that the log signed
 * the event and the checkpoint, and that the event is in the checkpoint's tree; with a later
 * checkpoint and a consistency proof, that the log still holds it.
 */
@Command(name = "verify-receipt", mixinStandardHelpOptions = true,
        description = {"Verify a complaint receipt offline: the commitment to the content, the event's signature, the "
                + "checkpoint's signature and the event's inclusion; optionally consistency with a later checkpoint.",
                "Exit status: 0 verified, 1 a check failed, 2 unreadable input."})
final class VerifyReceiptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RECEIPT", description = "The receipt JSON file (the receipt object, or the "
            + "whole answer of POST /api/v1/complaints that holds it).")
    Path receipt;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "A later signed checkpoint of the same log "
            + "(/api/v1/ledger/checkpoint), to check the receipt's tree is part of it; needs --consistency-proof.")
    Path laterCheckpoint;

    @Option(names = "--consistency-proof", paramLabel = "FILE", description = "The JSON answer of "
            + "/api/v1/ledger/proof/consistency?from=<receipt's tree size>&to=<later size>.")
    Path consistencyProof;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Receipt parsed;
        List<TrustedKey> given;
        ReceiptVerifier.Later later;
        List<String> revoked = new ArrayList<>();
        try {
            parsed = Receipt.parse(receiptJson(Files.readString(receipt, StandardCharsets.UTF_8)));
            given = trust.readTrusted();
            // A key revoked at the receipt's index vouches neither for its event nor for a tree holding it.
            given.stream().filter(k -> k.revokedAt(parsed.index())).forEach(k -> revoked.add("key " + k.key().name() + "+"
                    + k.key().keyIdHex() + " is revoked from " + k.revokedFrom() + " (key file): not trusted for entry "
                    + parsed.index()));
            if (given.isEmpty()) {
                throw new IllegalArgumentException("a trusted key is required (--key or --key-file): a receipt carries none");
            }
            later = later();
        } catch (IOException | IllegalArgumentException | NoteException | CustodyFormatException | DecodeException
                 | ClassCastException e) {
            err.println("cannot verify: " + e.getMessage());
            err.flush();
            return 2;
        }
        VerificationReport report = new VerificationReport(ReceiptVerifier.verify(parsed, given, later));
        if (json) {
            out.println(new JsonObject().put("verified", report.verified()).put("complaintId", parsed.complaintId())
                    .put("checks", ReportJson.checks(report)).encodePrettily());
        } else {
            out.println("complaint " + parsed.complaintId() + "  receipt at log index " + parsed.index());
            revoked.forEach(out::println);
            ReportLines.print(out, report, " against the supplied key");
        }
        out.flush();
        return report.verified() ? 0 : 1;
    }

    /** The receipt object itself, also when the file is the whole intake answer. */
    private static String receiptJson(String text) {
        JsonObject top = new JsonObject(text);
        return top.containsKey("receipt") ? top.getJsonObject("receipt").encode() : text;
    }

    private ReceiptVerifier.Later later() throws IOException {
        if ((laterCheckpoint == null) != (consistencyProof == null)) {
            throw new IllegalArgumentException("--checkpoint and --consistency-proof go together");
        }
        if (laterCheckpoint == null) {
            return null;
        }
        JsonArray hashes = new JsonObject(Files.readString(consistencyProof, StandardCharsets.UTF_8)).getJsonArray("hashes");
        if (hashes == null) {
            throw new IllegalArgumentException("the consistency proof file has no \"hashes\" array");
        }
        List<byte[]> proof = new ArrayList<>();
        for (Object h : hashes) {
            proof.add(Base64.getDecoder().decode((String) h));
        }
        return new ReceiptVerifier.Later(Files.readString(laterCheckpoint, StandardCharsets.UTF_8), proof);
    }
}
