package org.custodyledger.service;

import org.custodyledger.witness.Cosignature;
import org.custodyledger.witness.Policy;

/** What {@link Cosigning} knows of one witness; every field is read and written under the Cosigning's lock. */
final class WitnessTrack {
    final Policy.Witness witness;
    /** The witness's latest size as far as the log knows: the {@code old} of the next request. */
    long knownSize;
    /** The checkpoint it last cosigned for this process: size, note text, log-signed note, and its cosignature. */
    long cosignedSize;
    String cosignedText;
    String cosignedNote;
    Cosignature cosignature;
    Cosigning.State state = Cosigning.State.PENDING;
    String lastError;
    /** One request at a time: a slow witness holds up only itself. */
    boolean inFlight;

    WitnessTrack(Policy.Witness witness) {
        this.witness = witness;
    }
}
