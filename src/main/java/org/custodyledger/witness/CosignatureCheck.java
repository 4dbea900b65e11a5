package org.custodyledger.witness;

import java.util.HexFormat;

/** The outcome of checking one cosignature against one witness key: a value, never an exception. */
public sealed interface CosignatureCheck {
    boolean isVerified();

    String describe();

    /** The witness's key signed this checkpoint text at {@code timestamp}. */
    record Verified(String witness, long timestamp) implements CosignatureCheck {
        public boolean isVerified() {
            return true;
        }

        public String describe() {
            return witness + " cosigned at " + timestamp;
        }
    }

    /** The line names another key (name or key ID differ): to be ignored, not held against anyone. */
    record OtherKey(String name, int keyId) implements CosignatureCheck {
        public boolean isVerified() {
            return false;
        }

        public String describe() {
            return "cosignature by another key: " + name + "+" + HexFormat.of().toHexDigits(keyId);
        }
    }

    /** The line names this key but the signature does not verify over this checkpoint and time. */
    record Invalid(String witness, long timestamp) implements CosignatureCheck {
        public boolean isVerified() {
            return false;
        }

        public String describe() {
            return "invalid cosignature by " + witness + " (time " + timestamp + ")";
        }
    }

    /** The line names this key but is not a cosignature/v1 (wrong length, timestamp above 2^63-1). */
    record Malformed(String witness, String reason) implements CosignatureCheck {
        public boolean isVerified() {
            return false;
        }

        public String describe() {
            return "malformed cosignature by " + witness + ": " + reason;
        }
    }
}
