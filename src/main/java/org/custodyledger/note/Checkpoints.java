package org.custodyledger.note;

import java.util.List;

/** Signing and verify-then-parse of checkpoint notes. */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** The signed note text of {@code checkpoint}; the signer's name must be the origin. */
    public static String sign(Checkpoint checkpoint, NoteSigner signer) {
        if (!checkpoint.origin().equals(signer.name())) {
            throw new IllegalArgumentException("checkpoint origin " + checkpoint.origin()
                    + " differs from the signing key name " + signer.name());
        }
        return SignedNote.sign(checkpoint.body(), signer).encode();
    }

    /**
     * The signed note text of {@code checkpoint} signed by every signer, in order (a key
     * handover: the new key and the one it replaces); every signer's name must be the origin.
     */
    public static String sign(Checkpoint checkpoint, List<NoteSigner> signers) {
        for (NoteSigner signer : signers) {
            if (!checkpoint.origin().equals(signer.name())) {
                throw new IllegalArgumentException("checkpoint origin " + checkpoint.origin()
                        + " differs from the signing key name " + signer.name());
            }
        }
        return SignedNote.sign(checkpoint.body(), signers).encode();
    }

    /** Verifies the note's signature first, then parses its body and checks its origin. */
    public static Checkpoint verify(String note, NoteVerifier verifier) throws NoteException {
        String body = SignedNote.open(note, List.of(verifier));
        Checkpoint checkpoint = Checkpoint.parse(body);
        if (!checkpoint.origin().equals(verifier.name())) {
            throw new NoteException("checkpoint origin \"" + checkpoint.origin() + "\" is not the key's name \""
                    + verifier.name() + "\"");
        }
        return checkpoint;
    }
}
