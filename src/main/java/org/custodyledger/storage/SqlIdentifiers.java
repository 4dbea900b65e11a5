package org.custodyledger.storage;

import java.util.List;

/** Identifier quoting for the few statements that cannot bind a table or sequence name as a parameter. */
final class SqlIdentifiers {
    private SqlIdentifiers() {
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String quoteAll(List<String> identifiers) {
        return String.join(", ", identifiers.stream().map(SqlIdentifiers::quote).toList());
    }
}
