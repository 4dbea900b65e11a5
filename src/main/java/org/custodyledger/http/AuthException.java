package org.custodyledger.http;

/** A request refused at the door: 401 (who are you?) or 403 (not with that role). */
final class AuthException extends RuntimeException {
    private final int status;
    private final transient Principal principal;

    private AuthException(int status, String message, Principal principal) {
        super(message, null, false, false);
        this.status = status;
        this.principal = principal;
    }

    static AuthException unauthenticated(String message) {
        return new AuthException(401, message, null);
    }

    static AuthException forbidden(String message, Principal principal) {
        return new AuthException(403, message, principal);
    }

    int status() {
        return status;
    }

    /** Who was refused, when the token was valid (403); null for a 401. */
    Principal principal() {
        return principal;
    }
}
