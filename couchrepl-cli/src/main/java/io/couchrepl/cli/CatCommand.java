package io.couchrepl.cli;

import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.store.SqliteStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code couchrepl cat STORE DOC_ID ATTACHMENT [--rev REV]}: writes an attachment's content to stdout. */
@Command(
        name = "cat",
        mixinStandardHelpOptions = true,
        description = {
            "Writes an attachment of a document in a store to stdout.",
            "The content byte for byte, as CouchDB serves GET /db/doc/attachment (gzip-stored",
            "attachments decoded), of the winning revision unless --rev names another."
        })
final class CatCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "STORE", description = "Path of the store file.")
    Path store;

    @Parameters(index = "1", paramLabel = "DOC_ID", description = "The document's id.")
    String docId;

    @Parameters(index = "2", paramLabel = "ATTACHMENT", description = "The attachment's name.")
    String name;

    @Option(names = "--rev", paramLabel = "REV", converter = RevConverter.class,
            description = "The revision, e.g. 2-7051cbe5c8faecd085a3fa619e6e6337 (default: the winner).")
    Rev rev;

    @Override
    public Integer call() throws IOException {
        try (SqliteStore db = Stores.openExisting(store)) {
            Rev revision = rev != null ? held(db, rev) : winner(db);
            Attachment attachment = db.attachment(docId, revision, name).orElseThrow(() -> new NotInStoreException(
                    "\"" + docId + "\" " + revision + " has no attachment \"" + name + "\""));
            PrintStream out = main.out();
            try (InputStream in = content(attachment)) {
                in.transferTo(out);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    private Rev winner(SqliteStore db) throws IOException {
        DocRevision winner = db.winner(docId).orElseThrow(() -> new NotInStoreException(
                "no document \"" + docId + "\" in " + store));
        if (winner.deleted()) {
            throw new NotInStoreException("\"" + docId + "\" is deleted (its winning revision " + winner.rev()
                    + " is a tombstone); name a revision with --rev");
        }
        return winner.rev();
    }

    private Rev held(SqliteStore db, Rev wanted) throws IOException {
        if (db.revision(docId, wanted).isEmpty()) {
            throw new NotInStoreException("no revision " + wanted + " of \"" + docId + "\" in " + store);
        }
        return wanted;
    }

    /** The attachment's content: its stored bytes, decoded when CouchDB stored them gzip-encoded. */
    private static InputStream content(Attachment attachment) throws IOException {
        InputStream stored = attachment.body().orElseThrow().open();
        if (!attachment.isEncoded()) {
            return stored;
        }
        if (!attachment.encoding().equals("gzip")) {
            stored.close();
            throw new NotInStoreException("attachment \"" + attachment.name() + "\" is stored in an encoding "
                    + "couchrepl cannot decode: " + attachment.encoding());
        }
        return new GZIPInputStream(stored, 64 * 1024);
    }

    /** Parses {@code --rev}; a malformed revision is a usage error. */
    static final class RevConverter implements CommandLine.ITypeConverter<Rev> {
        @Override
        public Rev convert(String value) {
            try {
                return Rev.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
