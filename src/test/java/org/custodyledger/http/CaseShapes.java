package org.custodyledger.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.lib.ShLib;

/**
 * Validates a JSON-LD export against the CASE/UCO SHACL shapes under test resources
 * case-uco/ with Apache Jena SHACL. As CASE's own validator does, the ontology is merged into
 * the data graph, so {@code sh:targetClass} and {@code sh:class} see the subclass hierarchy.
 */
final class CaseShapes {
    private CaseShapes() {
    }

    static void assertConforms(JsonObject jsonLd) {
        ValidationReport report = validate(jsonLd);
        if (!report.conforms()) {
            ShLib.printReport(report);
        }
        assertTrue(report.conforms(), "the export conforms to the CASE/UCO shapes: " + report.getEntries());
    }

    /** The SHACL report of a JSON-LD document against the shapes (any result, whatever its severity, is non-conformance). */
    static ValidationReport validate(JsonObject jsonLd) {
        Model shapes = ModelFactory.createDefaultModel();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/case-uco"))) {
            files.filter(f -> f.toString().endsWith(".ttl")).sorted()
                    .forEach(f -> RDFParser.source(f).lang(Lang.TURTLE).parse(shapes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Model data = ModelFactory.createDefaultModel();
        RDFParser.fromString(jsonLd.encode(), Lang.JSONLD).parse(data);
        assertTrue(data.size() > 0, "the export parses as JSON-LD into triples");
        data.add(shapes);
        return ShaclValidator.get().validate(shapes.getGraph(), data.getGraph());
    }
}
