package org.custodyledger.service;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Which page a client asks for: the items after position {@code after} (−1 for the first
 * page), at most {@code limit} of them. The edge parses it; every paged use case takes it.
 */
public record PageRequest(long after, int limit) {
    public static final long FIRST = -1;

    public PageRequest {
        if (after < FIRST || limit < 1) {
            throw new IllegalArgumentException("after must be ≥ -1 and limit ≥ 1, got " + after + ", " + limit);
        }
    }

    /** The page of {@code items}: a full page has a next cursor (the last item's position), a short one ends the list. */
    public <T> Page<T> page(List<T> items, ToLongFunction<T> position) {
        String next = items.size() < limit ? null : Long.toString(position.applyAsLong(items.get(items.size() - 1)));
        return new Page<>(items, next);
    }
}
