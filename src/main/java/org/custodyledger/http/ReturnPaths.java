package org.custodyledger.http;

/** Where to send a person after signing in: only a page of the workspace, never another site. */
final class ReturnPaths {
    static final String HOME = "/app/";

    private ReturnPaths() {
    }

    /**
     * {@code requested} when it is a plain path under /app/; the workspace home otherwise. A
     * {@code //host} or {@code /\\host} would be read by browsers as another site: an open redirect.
     * No percent-escape is taken at all: {@code /app/%2e%2e/api/…} is {@code /api/…} once decoded,
     * and no workspace page needs one.
     */
    static String safe(String requested) {
        if (requested == null || !requested.startsWith(HOME) || requested.length() > 512
                || requested.contains("//") || requested.contains("\\") || requested.contains("..")
                || requested.contains("%") || !requested.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return HOME;
        }
        return requested;
    }
}
