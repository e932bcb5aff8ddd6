package io.couchrepl.store;

import io.couchrepl.edit.DocEdit;
import io.couchrepl.edit.DocReads;
import io.couchrepl.edit.LocalEdit;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.DocException;
import io.couchrepl.tree.RevTree;
import java.io.IOException;
import java.util.List;

/**
 * The application's own edits and reads of the store, as CouchDB answers {@code PUT}, {@code DELETE}
 * and {@code GET /db/id} (core's {@link LocalEdit} and {@link DocReads} decide; this class loads the
 * tree and writes). An edit is checked and written in one IMMEDIATE transaction, so no other process
 * extends the same leaf in between; a refused edit writes nothing. The caller holds the store's lock.
 */
final class StoreEdits {

    private interface TreeEdit {
        DocRevision apply(RevTree tree) throws DocException;
    }

    private final Transactions tx;
    private final StoreReads reads;
    private final StoreWrites writes;
    private final RevisionWriter writer;

    StoreEdits(Transactions tx, StoreReads reads, StoreWrites writes, RevisionWriter writer) {
        this.tx = tx;
        this.reads = reads;
        this.writes = writes;
        this.writer = writer;
    }

    Rev put(String id, String json) throws DocException, IOException {
        DocEdit edit = DocEdit.parse(id, json);
        return edit("putting " + id, id, tree -> LocalEdit.put(tree, edit));
    }

    Rev delete(String id, Rev rev) throws DocException, IOException {
        DocEdit.checkId(id);
        return edit("deleting " + id + " " + rev, id, tree -> LocalEdit.delete(tree, id, rev));
    }

    DocRevision get(String id) throws DocException, IOException {
        DocEdit.checkId(id);
        return read("reading " + id, () -> DocReads.get(id, reads.tree(id), reads::revision));
    }

    DocRevision get(String id, Rev rev) throws DocException, IOException {
        DocEdit.checkId(id);
        return read("reading " + id + " " + rev, () -> DocReads.get(id, rev, reads::revision));
    }

    List<DocRevision> openRevs(String id) throws DocException, IOException {
        DocEdit.checkId(id);
        return read("reading the leaves of " + id, () -> DocReads.openRevs(id, reads.tree(id), reads::revision));
    }

    List<Rev> conflicts(String id) throws DocException, IOException {
        DocEdit.checkId(id);
        return read("reading the conflicts of " + id, () -> DocReads.conflicts(id, reads.tree(id)));
    }

    private interface DocRead<T> {
        T run() throws DocException, java.sql.SQLException;
    }

    /** A read of a tree and its bodies on one snapshot: another process's edit cannot retire a body in between. */
    private <T> T read(String what, DocRead<T> read) throws DocException, IOException {
        DocException[] refused = new DocException[1];
        T result = tx.snapshot(what, () -> {
            try {
                return read.run();
            } catch (DocException e) {
                refused[0] = e;
                return null;
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return result;
    }

    private Rev edit(String what, String id, TreeEdit edit) throws DocException, IOException {
        DocException[] refused = new DocException[1];
        Rev rev = writes.edit(what, () -> {
            DocRevision revision;
            try {
                revision = edit.apply(reads.tree(id));
            } catch (DocException e) {
                refused[0] = e;
                return null;
            }
            writer.write(List.of(revision));
            return revision.rev();
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return rev;
    }
}
