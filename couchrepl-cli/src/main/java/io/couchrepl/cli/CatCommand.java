package io.couchrepl.cli;

import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.DocException;
import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code couchrepl cat STORE DOC_ID ATTACHMENT [--rev REV]}: writes an attachment's content to stdout. */
@Command(
        name = "cat",
        mixinStandardHelpOptions = true,
        description = {
            "Writes an attachment of a document in a local store to stdout.",
            "The content byte for byte, as GET /db/DOC_ID/ATTACHMENT does on CouchDB (text it",
            "stored gzipped decoded), of the winning revision unless --rev names another.",
            "A missing attachment is not found (exit 6), as a missing document is."
        })
final class CatCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    DocArguments doc;

    @Parameters(index = "2", paramLabel = "ATTACHMENT", description = "The attachment's name.")
    String name;

    @Option(names = "--rev", paramLabel = "REV", converter = RevConverter.class,
            description = "The revision (deleted or not) instead of the winner.")
    Rev rev;

    @Override
    public Integer call() throws DocException, IOException {
        try (SqliteStore db = Stores.openExisting(doc.store)) {
            // The same answers as get: a missing document or revision, or a deleted one, is not found.
            DocRevision revision = rev != null ? db.get(doc.id, rev) : db.get(doc.id);
            Attachment attachment = db.attachment(doc.id, revision.rev(), name).orElseThrow(() ->
                    new NotInStoreException("not_found: Document is missing attachment (" + doc.id + " "
                            + revision.rev() + " has no attachment " + name + ")"));
            PrintStream out = main.out();
            try (InputStream in = content(attachment)) {
                in.transferTo(out);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** The attachment's content: its stored bytes, decoded when CouchDB stored them gzip-encoded. */
    private static InputStream content(Attachment attachment) throws IOException {
        InputStream stored = attachment.body().orElseThrow().open();
        if (!attachment.isEncoded()) {
            return stored;
        }
        if (!attachment.encoding().equals("gzip")) {
            stored.close();
            throw new IOException("attachment " + attachment.name() + " is stored in an encoding couchrepl cannot"
                    + " decode: " + attachment.encoding());
        }
        return new GZIPInputStream(stored, 64 * 1024);
    }
}
