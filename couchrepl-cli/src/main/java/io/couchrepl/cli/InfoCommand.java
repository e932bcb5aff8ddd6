package io.couchrepl.cli;

import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl info STORE}: the store described as CouchDB's {@code GET /db} describes a database. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = {
            "Prints one JSON object describing a local store, in the shape of CouchDB's GET /db:",
            "doc_count, doc_del_count, update_seq, sizes (file, active, external, attachments),",
            "revs_limit, and the replication logs it keeps (id, source or target, last_seq, last_time)."
        })
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "Path of the store file.")
    Path store;

    @Override
    public Integer call() throws IOException {
        String info;
        try (SqliteStore db = Stores.openExisting(store)) {
            info = db.info().toJson();
        }
        spec.commandLine().getOut().println(info);
        return ExitCodes.OK;
    }
}
