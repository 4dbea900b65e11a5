package org.custodyledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** transparency-dev/merkle's language-neutral vectors, copied under test resources with their licence. */
class Rfc6962VectorsTest {
    static Stream<Path> inclusionCases() throws Exception {
        return cases("inclusion");
    }

    static Stream<Path> consistencyCases() throws Exception {
        return cases("consistency");
    }

    @Test
    void allVectorsAreFound() throws Exception {
        assertEquals(196, cases("inclusion").count() + cases("consistency").count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionCases")
    void inclusion(Path file) throws IOException {
        JsonObject v = new JsonObject(Files.readString(file));
        ProofResult r = ProofVerifier.verifyInclusion(v.getLong("leafIdx"), v.getLong("treeSize"),
                b64(v.getString("leafHash")), hashes(v.getJsonArray("proof")), b64(v.getString("root")));
        assertEquals(!v.getBoolean("wantErr"), r.isValid(), v.getString("desc") + ": " + r.describe());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistencyCases")
    void consistency(Path file) throws IOException {
        JsonObject v = new JsonObject(Files.readString(file));
        ProofResult r = ProofVerifier.verifyConsistency(v.getLong("size1"), v.getLong("size2"),
                hashes(v.getJsonArray("proof")), b64(v.getString("root1")), b64(v.getString("root2")));
        assertEquals(!v.getBoolean("wantErr"), r.isValid(), v.getString("desc") + ": " + r.describe());
    }

    private static Stream<Path> cases(String kind) throws IOException, URISyntaxException {
        Path root = Path.of(Rfc6962VectorsTest.class.getResource("/testvectors/rfc6962/" + kind).toURI());
        assertTrue(Files.isDirectory(root));
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        return files.stream();
    }

    private static List<byte[]> hashes(JsonArray array) {
        List<byte[]> list = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                list.add(b64(array.getString(i)));
            }
        }
        return list;
    }

    private static byte[] b64(String s) {
        return s == null ? null : Base64.getDecoder().decode(s);
    }
}
