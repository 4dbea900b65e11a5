package org.custodyledger.merkle;

import java.util.Base64;

/** The outcome of checking a proof: a value, never an exception. */
public sealed interface ProofResult {
    boolean isValid();

    String describe();

    /** The proof hashes to the expected root. */
    record Valid() implements ProofResult {
        public boolean isValid() {
            return true;
        }

        public String describe() {
            return "proof verifies";
        }
    }

    /** The inputs broke a precondition (sizes, indexes, lengths); nothing was hashed. */
    record Malformed(String reason) implements ProofResult {
        public boolean isValid() {
            return false;
        }

        public String describe() {
            return reason;
        }
    }

    /** The proof was well-formed but led to a different root. */
    record RootMismatch(byte[] expected, byte[] calculated) implements ProofResult {
        public boolean isValid() {
            return false;
        }

        public String describe() {
            return "root mismatch: expected " + Base64.getEncoder().encodeToString(expected)
                    + ", calculated " + Base64.getEncoder().encodeToString(calculated);
        }
    }
}
