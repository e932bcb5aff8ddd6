package io.couchrepl.cli;

import io.couchrepl.http.RemoteDatabase;
import java.io.IOException;

/** Readies a database to be written: created on request, else it must exist and answer. */
final class Targets {

    private Targets() {}

    static void prepare(RemoteDatabase db, boolean create) throws IOException {
        if (create) {
            db.create();
        }
        db.checkReachable();
    }
}
