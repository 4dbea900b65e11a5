package org.custodyledger.service;

import java.util.List;

/** A page of items and the cursor of the next page (null at the end). */
public record Page<T>(List<T> items, String nextCursor) {
}
