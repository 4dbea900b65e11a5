package org.custodyledger.service;

/** Who is acting, as the edge authenticated them: never taken from a request body. */
public record Actor(String id, String role) {
    public Actor {
        if (id == null || id.isBlank() || role == null || role.isBlank()) {
            throw new IllegalArgumentException("an actor needs an id and a role");
        }
    }
}
