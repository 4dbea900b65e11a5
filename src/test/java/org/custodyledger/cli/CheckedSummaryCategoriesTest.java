package org.custodyledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every check name verify-bundle can emit is listed under a kind of evidence in "What was
 * checked", not under "other checks". The names are read from the source of the checks it runs
 * (the verify package and the command itself): each literal or constant given to
 * {@code Check.pass}, {@code Check.fail}, {@code new Check}, a {@code String name}/{@code check}
 * built for one, or a checkpoint check's name — so a new check fails this test until it is placed.
 */
class CheckedSummaryCategoriesTest {
    private static final Path MAIN = Path.of("src/main/java/org/custodyledger");
    private static final String CHECK_CALL = "(?:Check\\.(?:pass|fail)|new Check)\\(\\s*";
    private static final List<Pattern> LITERAL_NAMES = List.of(
            Pattern.compile(CHECK_CALL + "\"([^\"]+)\""),
            Pattern.compile("String (?:name|check) = \"([^\"]+)\""),
            Pattern.compile("checkpoint\\([^;]*?,\\s*\"([^\"]+)\"\\)"));
    private static final Pattern CONSTANT_USE = Pattern.compile(CHECK_CALL + "(?:\\w+\\.)?([A-Z][A-Z_]*)\\b");
    private static final Pattern CONSTANT_ARG = Pattern.compile("checkpoint\\([^;]*?,\\s*(?:\\w+\\.)?([A-Z][A-Z_]*)\\)");
    private static final Pattern CONSTANT_NAME = Pattern.compile("String (?:name|check) = (?:\\w+\\.)?([A-Z][A-Z_]*)\\b");
    private static final Pattern CONSTANT = Pattern.compile("static final String ([A-Z][A-Z_]*) = \"([^\"]+)\"");

    /** Check names (or their family prefix, e.g. {@code inclusion@}) in the verifier's source, with the file naming each. */
    static Map<String, String> checkNames() throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> verify = Files.list(MAIN.resolve("verify"))) {
            verify.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
        }
        sources.add(MAIN.resolve("cli/VerifyBundleCommand.java"));
        Map<String, String> constants = new TreeMap<>();
        Map<String, String> texts = new TreeMap<>();
        for (Path source : sources) {
            String text = Files.readString(source, StandardCharsets.UTF_8);
            texts.put(source.getFileName().toString(), text);
            Matcher c = CONSTANT.matcher(text);
            while (c.find()) {
                constants.put(c.group(1), c.group(2));
            }
        }
        Map<String, String> names = new TreeMap<>();
        texts.forEach((file, text) -> {
            for (Pattern p : LITERAL_NAMES) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    names.put(m.group(1), file);
                }
            }
            for (Pattern p : List.of(CONSTANT_USE, CONSTANT_ARG, CONSTANT_NAME)) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    if (constants.containsKey(m.group(1))) {
                        names.put(constants.get(m.group(1)), file);
                    }
                }
            }
        });
        return names;
    }

    @Test
    void everyCheckNameTheVerifierEmitsHasItsKind() throws IOException {
        Map<String, String> names = checkNames();
        // The scan sees the names it must: were it to find nothing, it would prove nothing.
        assertTrue(names.keySet().containsAll(List.of("event-signature@", "inclusion@", "consistency@", "chain",
                "checkpoint-signature", "earlier-checkpoint-signature", "footage-block:", "log-origin", "set-membership",
                "witness-quorum", "timestamp-token", "timestamp-consistency", "timestamp-checkpoint-signature",
                "checkpoint-key-period", "key-history", "key-handover@")), names.toString());
        TreeSet<String> uncategorised = new TreeSet<>();
        names.forEach((name, file) -> {
            if (CheckedSummary.category(name) == null) {
                uncategorised.add(name + " (" + file + ")");
            }
        });
        assertEquals(new TreeSet<>(), uncategorised, "check names listed only under \"other checks\"");
    }

    @Test
    void theKeyChecksHaveTheirOwnKind() {
        assertEquals("signing keys", CheckedSummary.category("checkpoint-key-period"));
        assertEquals("signing keys", CheckedSummary.category("key-handover@4"));
        assertEquals("timestamp", CheckedSummary.category("timestamp-token"));
        assertEquals("events", CheckedSummary.category("event-signature@12"));
        assertNull(CheckedSummary.category("a-check-no-kind-names"));
    }
}
