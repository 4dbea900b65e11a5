package org.custodyledger.service;

import io.vertx.core.Future;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.FootageStore;

/** Who may see a footage record at all: everyone the route admits, except officers, who see only their own. */
final class Visibility {
    private Visibility() {
    }

    /** Reads the record {@code id} names, if the actor may see it; a malformed id is INVALID. */
    static Future<FootageRow> load(FootageStore footage, String id, Actor actor) {
        String checked;
        try {
            checked = Inputs.footageId("id", id);
        } catch (ServiceException e) {
            return Future.failedFuture(e);
        }
        return footage.byId(checked).map(row -> check(row, id, actor));
    }

    /** The row, when it exists and the actor may see it; NOT_FOUND or FORBIDDEN otherwise. */
    static FootageRow check(FootageRow row, String id, Actor actor) {
        if (row == null) {
            throw ServiceException.notFound("no footage with id " + id);
        }
        if (!mayRead(row, actor)) {
            throw ServiceException.forbidden("footage " + id + " was registered by another officer");
        }
        return row;
    }

    /** Whether the actor may read the record. */
    static boolean mayRead(FootageRow row, Actor actor) {
        return !actor.is(Role.OFFICER) || row.uploadedBy().equals(actor.id());
    }
}
