package org.custodyledger.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.custodyledger.TestKeys;
import org.custodyledger.hash.Sha256Digest;
import org.junit.jupiter.api.Test;

/** The fast field reader agrees with the full parser on every canonical leaf, and declines what it cannot read. */
class LeafFieldsTest {
    private static final EventSigner EVENTS = new EventSigner(TestKeys.sampleSigner());
    private static final String[] AWKWARD = {"", "plain", "quote \" inside", "back\\slash", "prev", "\"footageId\":\"X\"",
            "{\"event\":{", "ünïcödé ✓ 😀", "tab\tnew\nline", "}", ",\"prev\":1"};

    @Test
    void agreesWithTheFullParserOnRandomEvents() throws Exception {
        Random random = new Random(7);
        for (int n = 0; n < 2000; n++) {
            Map<String, String> details = new HashMap<>();
            for (int d = random.nextInt(4); d > 0; d--) {
                details.put(new String[] {"a", "footageId", "prev", "note", "zz"}[random.nextInt(5)],
                        AWKWARD[random.nextInt(AWKWARD.length)]);
            }
            String footage = random.nextInt(10) == 0 ? "f-ü\"" + n : "f-" + n;
            Long prev = random.nextBoolean() ? null : (long) random.nextInt(1_000_000);
            CustodyEvent e = new CustodyEvent(1, footage, Sha256Digest.of(new byte[32]), EventType.ANNOTATED, "actor",
                    "reviewer", Instant.ofEpochMilli(1_795_000_000_000L + n),
                    random.nextBoolean() ? AWKWARD[random.nextInt(AWKWARD.length)] : null,
                    random.nextBoolean() ? AWKWARD[random.nextInt(AWKWARD.length)] : null, prev, details);
            byte[] leaf = EVENTS.sign(e).leafBytes();
            LeafFields.Fields fast = LeafFields.read(leaf);
            SignedEvent full = SignedEvent.parseLeaf(leaf);
            if (fast != null) {
                assertEquals(full.event().subjectId(), fast.subjectId(), new String(leaf, StandardCharsets.UTF_8));
                assertEquals(full.event().prev(), fast.prev(), new String(leaf, StandardCharsets.UTF_8));
            } else {
                assertEquals(true, footage.contains("\""), "declined a plain leaf: " + new String(leaf, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void declinesWhatIsNotACanonicalLeaf() {
        for (String s : new String[] {"", "{}", "{\"event\":[]}", "{\"keyId\":\"x\"}", "{\"event\":{\"actorId\":tru}}",
                "{\"event\":{\"footageId\":\"a\\\"b\"}}", "{\"event\":{\"prev\":}}", "{\"event\":{\"details\":{\"a\":"}) {
            assertNull(LeafFields.read(s.getBytes(StandardCharsets.UTF_8)), s);
        }
    }
}
