package org.custodyledger.http;

import java.util.regex.Pattern;

/**
 * A request path as logs, the access audit and problem bodies may show it: a share's
 * capability is a bearer secret in the path, so it is replaced by "…" wherever a path is kept.
 */
final class LoggedPaths {
    private static final Pattern CAPABILITY = Pattern.compile("^(/api/v1/shared/)[^/]*");

    private LoggedPaths() {
    }

    static String of(String path) {
        return path == null ? null : CAPABILITY.matcher(path).replaceFirst("$1…");
    }
}
