package org.custodyledger.witness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import java.util.Arrays;

/** A small in-memory log for witness tests: signed checkpoints and consistency proofs at every size. */
final class WitnessTestLog {
    static final String ORIGIN = "example.com/test-log";
    final NoteSigner signer;
    private final Map<NodeId, byte[]> nodes = new HashMap<>();
    private final List<byte[]> roots = new ArrayList<>();

    WitnessTestLog(int size, byte seedByte, String leafPrefix) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, seedByte);
        signer = new NoteSigner(ORIGIN, new Ed25519PrivateKeyParameters(seed, 0));
        CompactRange range = new CompactRange();
        roots.add(range.root());
        for (int i = 0; i < size; i++) {
            range.append(Rfc6962.hashLeaf((leafPrefix + i).getBytes(StandardCharsets.UTF_8)), nodes::put);
            roots.add(range.root());
        }
    }

    Checkpoint checkpoint(long size) {
        return new Checkpoint(ORIGIN, size, roots.get((int) size));
    }

    String note(long size) {
        return Checkpoints.sign(checkpoint(size), signer);
    }

    List<byte[]> proof(long from, long to) {
        if (from == 0) {
            return List.of();
        }
        ProofNodes p = Proofs.consistency(from, to);
        return p.rehash(p.ids().stream().map(nodes::get).toList());
    }

    AddCheckpointRequest request(long from, long to) {
        return new AddCheckpointRequest(from, proof(from, to), note(to));
    }
}
