package org.custodyledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored nodes a proof needs, in proof order. Where the tree's right border is not a
 * perfect subtree, the proof's node there is ephemeral: it is the hash of the stored nodes
 * {@code ids[begin, end)} (listed right to left), folded by {@link #rehash}.
 */
public record ProofNodes(List<NodeId> ids, int begin, int end) {
    public ProofNodes {
        ids = List.copyOf(ids);
        if (begin < 0 || end < begin || end > ids.size()) {
            throw new IllegalArgumentException("ephemeral range [" + begin + ", " + end + ") outside " + ids.size() + " nodes");
        }
    }

    /** Turns the fetched hashes of {@link #ids()} (same order) into the proof's hashes. */
    public List<byte[]> rehash(List<byte[]> hashes) {
        if (hashes.size() != ids.size()) {
            throw new IllegalArgumentException("got " + hashes.size() + " hashes for " + ids.size() + " nodes");
        }
        List<byte[]> proof = new ArrayList<>(ids.size());
        for (int i = 0; i < hashes.size(); i++) {
            byte[] hash = hashes.get(i);
            if (i == begin && end - begin > 1) {
                for (i++; i < end; i++) {
                    hash = Rfc6962.hashChildren(hashes.get(i), hash);
                }
                i--;
            }
            proof.add(hash);
        }
        return proof;
    }
}
