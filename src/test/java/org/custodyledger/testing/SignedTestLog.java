package org.custodyledger.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.ProofNodes;
import org.custodyledger.merkle.Proofs;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.SignedNote;

/**
 * An in-memory log of any origin, built with the pure merkle/ and note/ code: signed checkpoints
 * at every size, consistency proofs between sizes, and {@code add-checkpoint} bodies to send to a
 * witness. Two logs with the same origin and key but other leaves are a fork (a split view).
 */
public final class SignedTestLog {
    private final NoteSigner signer;
    private final String origin;
    private final Map<NodeId, byte[]> nodes = new HashMap<>();
    private final List<byte[]> roots = new ArrayList<>();

    public SignedTestLog(String origin, byte keySeed, int size, String leafPrefix) {
        this(origin, origin, keySeed, size, leafPrefix);
    }

    /** A log whose checkpoints name {@code origin} but whose key is named {@code keyName} (tlog-checkpoint allows it). */
    public SignedTestLog(String origin, String keyName, byte keySeed, int size, String leafPrefix) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, keySeed);
        this.origin = origin;
        signer = new NoteSigner(keyName, new Ed25519PrivateKeyParameters(seed, 0));
        CompactRange range = new CompactRange();
        roots.add(range.root());
        for (int i = 0; i < size; i++) {
            range.append(Rfc6962.hashLeaf((leafPrefix + i).getBytes(StandardCharsets.UTF_8)), nodes::put);
            roots.add(range.root());
        }
    }

    /** The log's checkpoint verifier key (type 0x01), as a witness is given it. */
    public String vkey() {
        return signer.verifier().verifierKey();
    }

    public String origin() {
        return origin;
    }

    public Checkpoint checkpoint(long size) {
        return new Checkpoint(origin(), size, roots.get((int) size));
    }

    /** The checkpoint's note text (what a cosignature covers). */
    public String text(long size) {
        return checkpoint(size).body();
    }

    /** The signed checkpoint note. */
    public String note(long size) {
        return origin.equals(signer.name()) ? Checkpoints.sign(checkpoint(size), signer)
                : SignedNote.sign(text(size), signer).encode();
    }

    public List<byte[]> proof(long from, long to) {
        if (from == 0) {
            return List.of();
        }
        ProofNodes p = Proofs.consistency(from, to);
        return p.rehash(p.ids().stream().map(nodes::get).toList());
    }

    /** A c2sp.org/tlog-witness {@code add-checkpoint} body: old size, proof lines, blank line, note. */
    public String request(long from, long to) {
        return body(from, proof(from, to), note(to));
    }

    public static String body(long from, List<byte[]> proof, String note) {
        StringBuilder out = new StringBuilder("old ").append(from).append('\n');
        proof.forEach(h -> out.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        return out.append('\n').append(note).toString();
    }
}
