package org.custodyledger.service;

import org.custodyledger.storage.FootageRow;

/** Who may see a footage record at all: everyone the route admits, except officers, who see only their own. */
final class Visibility {
    private Visibility() {
    }

    /** The row, when it exists and the actor may see it; NOT_FOUND or FORBIDDEN otherwise. */
    static FootageRow check(FootageRow row, String id, Actor actor) {
        if (row == null) {
            throw ServiceException.notFound("no footage with id " + id);
        }
        if (actor.is(Role.OFFICER) && !row.uploadedBy().equals(actor.id())) {
            throw ServiceException.forbidden("footage " + id + " was registered by another officer");
        }
        return row;
    }
}
