package io.couchrepl.cli;

import io.couchrepl.edit.DocEdit;
import io.couchrepl.edit.DocJson;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.DocException;
import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl put STORE DOC_ID JSON|-}: writes a document into the store as CouchDB's {@code PUT /db/DOC_ID} does. */
@Command(
        name = "put",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a document into a local store, as PUT does on CouchDB.",
            "PUT /db/DOC_ID with JSON as the body: JSON is the whole document (- reads it from",
            "standard input). To update a document, give its current revision as _rev; to delete",
            "it, add \"_deleted\":true. The new revision gets the id CouchDB gives the same edit.",
            "Prints {\"ok\":true,\"id\":...,\"rev\":...}."
        })
final class PutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DocArguments doc;

    @Parameters(index = "2", paramLabel = "JSON|-", description = "The document as a JSON object, or - to read it from standard input.")
    String json;

    @Override
    public Integer call() throws DocException, IOException {
        String document = json.equals("-") ? StandardInput.readUtf8(System.in) : json;
        // Refuse a bad document before a new store file is created for it.
        DocEdit.parse(doc.id, document);
        try (SqliteStore db = Stores.openOrCreate(doc.store)) {
            Rev rev = db.put(doc.id, document);
            spec.commandLine().getOut().println(DocJson.ok(doc.id, rev));
        }
        return ExitCodes.OK;
    }
}
