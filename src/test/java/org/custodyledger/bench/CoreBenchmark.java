package org.custodyledger.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventSigner;
import org.custodyledger.custody.EventType;
import org.custodyledger.custody.SignedEvent;
import org.custodyledger.hash.Sha256Hasher;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.ProofNodes;
import org.custodyledger.merkle.ProofVerifier;
import org.custodyledger.merkle.Proofs;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.note.Ed25519Keys;
import org.custodyledger.note.NoteSigner;
import org.custodyledger.note.NoteVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the pure core, with raw Bouncy Castle Ed25519 on the same bytes as the
 * baseline measured in the same run. See BENCHMARKS.md for the command.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class CoreBenchmark {
    private static final int TREE_SIZE = 1 << 20;
    private static final int PROOFS = 4096;

    private CompactRange range;
    private byte[] leafHash;

    private final List<byte[]> proofLeaves = new ArrayList<>();
    private final List<List<byte[]>> proofs = new ArrayList<>();
    private final long[] proofIndexes = new long[PROOFS];
    private byte[] root;
    private int next;

    private NoteSigner signer;
    private NoteVerifier verifier;
    private Ed25519PrivateKeyParameters privateKey;
    private Ed25519PublicKeyParameters publicKey;
    private CustodyEvent event;
    private byte[] eventBytes;
    private SignedEvent signed;
    private byte[] rawSignature;

    @Setup(Level.Trial)
    public void setUp() {
        leafHash = Rfc6962.hashLeaf("leaf".getBytes(StandardCharsets.UTF_8));
        range = new CompactRange();

        // A tree of 2^20 leaves with every node kept, and proofs for indexes spread over it.
        Map<NodeId, byte[]> nodes = new HashMap<>();
        CompactRange tree = new CompactRange();
        for (int i = 0; i < TREE_SIZE; i++) {
            tree.append(Rfc6962.hashLeaf(Integer.toString(i).getBytes(StandardCharsets.UTF_8)), nodes::put);
        }
        root = tree.root();
        for (int i = 0; i < PROOFS; i++) {
            long index = (i * 2654435761L) % TREE_SIZE;
            ProofNodes plan = Proofs.inclusion(index, TREE_SIZE);
            proofIndexes[i] = index;
            proofs.add(plan.rehash(plan.ids().stream().map(nodes::get).toList()));
            proofLeaves.add(nodes.get(new NodeId(0, index)));
        }

        privateKey = Ed25519Keys.generate();
        publicKey = privateKey.generatePublicKey();
        signer = new NoteSigner("bench.example/log", privateKey);
        verifier = signer.verifier();
        event = CustodyEvent.of("f-0193a4c2", Sha256Hasher.hash(new byte[] {1}), EventType.VIEWED, "officer-4711",
                "reviewer", Instant.parse("2026-11-28T05:40:30.123Z"), "Disclosure review, case 2026-CR-1182",
                "Evidence room 2", Map.of("session", "playback-1")).withPrev(17L);
        eventBytes = event.canonicalBytes();
        signed = new EventSigner(signer).sign(event);
        rawSignature = signed.signature();
    }

    @Benchmark
    public int compactRangeAppend() {
        range.append(leafHash);
        return (int) range.size();
    }

    @Benchmark
    public boolean inclusionProofVerify() {
        int i = next++ & (PROOFS - 1);
        return ProofVerifier.verifyInclusion(proofIndexes[i], TREE_SIZE, proofLeaves.get(i), proofs.get(i), root).isValid();
    }

    @Benchmark
    public byte[] eventCanonicalBytes() {
        return event.canonicalBytes();
    }

    @Benchmark
    public SignedEvent eventSign() {
        return new EventSigner(signer).sign(event);
    }

    @Benchmark
    public boolean eventVerify() {
        return EventSigner.verify(signed, verifier);
    }

    @Benchmark
    public byte[] rawBouncyCastleSign() {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, privateKey);
        s.update(eventBytes, 0, eventBytes.length);
        return s.generateSignature();
    }

    @Benchmark
    public boolean rawBouncyCastleVerify() {
        Ed25519Signer s = new Ed25519Signer();
        s.init(false, publicKey);
        s.update(eventBytes, 0, eventBytes.length);
        return s.verifySignature(rawSignature);
    }
}
