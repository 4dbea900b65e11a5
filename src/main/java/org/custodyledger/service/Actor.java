package org.custodyledger.service;

/**
 * Who is acting, as the edge authenticated them, and in which of their roles: never taken
 * from a request body. {@code name} and {@code unit} are optional token claims.
 */
public record Actor(String id, Role role, String name, String unit) {
    public Actor {
        if (id == null || id.isBlank() || role == null) {
            throw new IllegalArgumentException("an actor needs an id and a role");
        }
    }

    public Actor(String id, Role role) {
        this(id, role, null, null);
    }

    public boolean is(Role r) {
        return role == r;
    }
}
