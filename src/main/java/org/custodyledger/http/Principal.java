package org.custodyledger.http;

import java.util.Set;
import org.custodyledger.service.Role;

/**
 * The person a valid bearer token names: {@code sub}, the roles this service knows among
 * its {@code roles} claim, optional {@code name} and {@code unit}, and when it stops being valid.
 */
record Principal(String subject, Set<Role> roles, String name, String unit, long notBeforeEpochSecond,
                 long expiresEpochSecond) {
}
