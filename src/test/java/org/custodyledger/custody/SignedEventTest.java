package org.custodyledger.custody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.custodyledger.TestKeys;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteSigner;
import org.junit.jupiter.api.Test;

class SignedEventTest {
    private static final NoteSigner SIGNER = TestKeys.sampleSigner();
    private static final EventSigner EVENTS = new EventSigner(SIGNER);

    /** The worked example of docs/FORMATS.md: a third party must reproduce every value below. */
    static CustodyEvent example() {
        return new CustodyEvent(1, "f-0193a4c2", Sha256Digest.fromHex(
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), EventType.VIEWED,
                "officer-4711", "reviewer", Instant.parse("2026-11-28T05:40:30.123Z"),
                "Defence disclosure review, case 2026-CR-1182", "Evidence room 2, workstation EV-07", 17L,
                Map.of("session", "playback-1"));
    }

    static final String EXAMPLE_CANONICAL = "{\"actorId\":\"officer-4711\",\"actorRole\":\"reviewer\","
            + "\"details\":{\"session\":\"playback-1\"},\"footageId\":\"f-0193a4c2\","
            + "\"location\":\"Evidence room 2, workstation EV-07\",\"prev\":17,"
            + "\"purpose\":\"Defence disclosure review, case 2026-CR-1182\","
            + "\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
            + "\"time\":\"2026-11-28T05:40:30.123Z\",\"type\":\"VIEWED\",\"v\":1}";
    static final String EXAMPLE_SIG = "QayHsb+yyWHIBl93SODFJ5CMYGE7ECH/oS6ZFSY2l3HPC15g6cobt9fzxj1jEB8oHXer24G3ju4UzKImG8t1Bw==";
    static final String EXAMPLE_LEAF_HASH = "7980caaa6bdaaf600ccc7f6f6c62004c6803f50193c74e3521e2887422518934";

    @Test
    void workedExampleOfFormatsMd() {
        CustodyEvent event = example();
        assertEquals(EXAMPLE_CANONICAL, new String(event.canonicalBytes(), StandardCharsets.UTF_8));
        SignedEvent signed = EVENTS.sign(event);
        assertEquals("1aba2acd", signed.keyId());
        assertEquals(EXAMPLE_SIG, signed.signatureBase64());
        String leaf = "{\"event\":" + EXAMPLE_CANONICAL + ",\"keyId\":\"1aba2acd\",\"sig\":\"" + EXAMPLE_SIG + "\"}";
        assertEquals(leaf, new String(signed.leafBytes(), StandardCharsets.UTF_8));
        assertEquals(EXAMPLE_LEAF_HASH, HexFormat.of().formatHex(signed.leafHash()));
        // The sequencer's path: the event encoded once, for its signature and its leaf.
        EventSigner.Leaf signedLeaf = EVENTS.signLeaf(event);
        assertEquals(signed, signedLeaf.signed());
        assertEquals(leaf, new String(signedLeaf.bytes(), StandardCharsets.UTF_8));
        assertArrayEquals(Rfc6962.hashLeaf(leaf.getBytes(StandardCharsets.UTF_8)), signed.leafHash());
    }

    /**
     * leafBytes splices the event's canonical bytes between fixed key bytes instead of encoding
     * a wrapper object: it must give exactly what canonical JSON of that object gives, whatever
     * the event's text and the key ID hold (a parsed leaf's key ID is anyone's string).
     */
    @Test
    void splicedLeafIsTheCanonicalEncodingOfItsObject() {
        String awkward = "quote \" backslash \\ newline \n tab \t control \u0001 é 日本 \uD83D\uDE00 </script>";
        CustodyEvent plain = example();
        CustodyEvent texty = new CustodyEvent(1, "f-0193a4c2", plain.sha256(), EventType.EXPORTED, awkward, "reviewer",
                Instant.parse("2026-11-28T05:40:30Z"), awkward, null, null, Map.of(awkward, awkward, "a", ""));
        byte[] signature = new byte[64];
        for (CustodyEvent event : new CustodyEvent[] {plain, texty}) {
            for (String keyId : new String[] {"1aba2acd", "", "k\"ey", "ключ\u0007"}) {
                SignedEvent signed = new SignedEvent(event, keyId, signature);
                Map<String, Object> object = new TreeMap<>(Map.of("event", event.toMap(), "keyId", keyId,
                        "sig", signed.signatureBase64()));
                assertArrayEquals(CanonicalJson.encode(object), signed.leafBytes(), event + " / " + keyId);
            }
        }
    }

    @Test
    void signaturesVerifyAndBreakOnAnyChange() {
        SignedEvent signed = EVENTS.sign(example());
        assertTrue(EventSigner.verify(signed, SIGNER.verifier()));
        CustodyEvent other = example().withPrev(18L);
        assertFalse(EventSigner.verify(new SignedEvent(other, signed.keyId(), signed.signature()), SIGNER.verifier()));
        byte[] sig = signed.signature();
        sig[10] ^= 1;
        assertFalse(EventSigner.verify(new SignedEvent(example(), signed.keyId(), sig), SIGNER.verifier()));
        NoteSigner stranger = new NoteSigner(TestKeys.ORIGIN, Ed25519Keys.generate());
        assertFalse(EventSigner.verify(signed, stranger.verifier()), "a key with another ID is never used");
    }

    @Test
    void leafRoundTripsAndRefusesNonCanonicalBytes() throws CustodyFormatException {
        SignedEvent signed = EVENTS.sign(example());
        assertEquals(signed, SignedEvent.parseLeaf(signed.leafBytes()));
        String leaf = new String(signed.leafBytes(), StandardCharsets.UTF_8);
        assertLeafError("leaf bytes are not in canonical form", " " + leaf);
        assertLeafError("leaf bytes are not in canonical form", leaf.replace("\"v\":1", "\"v\":1 "));
        assertLeafError("unknown event field \"extra\"", leaf.replace("\"v\":1", "\"v\":1,\"extra\":\"x\""));
        assertLeafError("unknown event type \"LOOKED\"", leaf.replace("VIEWED", "LOOKED"));
        assertLeafError("time is not RFC 3339 UTC with milliseconds: \"2026-11-28T05:40:30Z\"",
                leaf.replace("05:40:30.123Z", "05:40:30Z"));
        assertLeafError("event field \"prev\" must be an integer", leaf.replace("\"prev\":17", "\"prev\":\"17\""));
        assertLeafError("a leaf has exactly the fields event, keyId and sig, got [event, keyId]",
                "{\"event\":{},\"keyId\":\"x\"}");
    }

    @Test
    void eventRefusesMissingFields() {
        assertEquals("actorId is required", assertThrows(IllegalArgumentException.class,
                () -> CustodyEvent.of("f", example().sha256(), EventType.VIEWED, " ", "r", Instant.now(), null, null, null))
                .getMessage());
        assertEquals("prev must not be negative: -1",
                assertThrows(IllegalArgumentException.class, () -> example().withPrev(-1L)).getMessage());
    }

    @Test
    void timeIsMillisecondPrecisionUtc() {
        CustodyEvent e = CustodyEvent.of("f", example().sha256(), EventType.REGISTERED, "a", "officer",
                Instant.parse("2026-01-02T03:04:05.678912Z"), null, null, null);
        assertEquals("2026-01-02T03:04:05.678Z", e.toMap().get("time"));
        assertFalse(e.toMap().containsKey("prev"));
        assertFalse(e.toMap().containsKey("purpose"));
        assertEquals(Base64.getEncoder().encodeToString(e.canonicalBytes()),
                Base64.getEncoder().encodeToString(e.canonicalBytes()));
    }

    private static void assertLeafError(String message, String leaf) {
        CustodyFormatException e = assertThrows(CustodyFormatException.class,
                () -> SignedEvent.parseLeaf(leaf.getBytes(StandardCharsets.UTF_8)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void theSignedBytesAreASliceOfTheCanonicalLeafEvenWhenDetailsImitateItsKeys() throws Exception {
        CustodyEvent tricky = CustodyEvent.of("f-1", Sha256Digest.of(new byte[32]), EventType.ANNOTATED, "a", "reviewer",
                Instant.parse("2026-11-28T05:40:30.123Z"), null, null,
                Map.of("keyId", ",\"keyId\":\"", "zz", "{\"event\":"));
        SignedEvent signed = EVENTS.sign(tricky);
        byte[] leaf = signed.leafBytes();
        assertArrayEquals(tricky.canonicalBytes(), SignedEvent.eventBytesOfCanonicalLeaf(leaf));
        SignedEvent parsed = SignedEvent.parseLeaf(leaf);
        assertTrue(EventSigner.verifyLeaf(leaf, parsed, SIGNER.verifier()));
        byte[] flipped = leaf.clone();
        flipped[20] ^= 1;
        assertFalse(EventSigner.verifyLeaf(flipped, parsed, SIGNER.verifier()));
    }
}
