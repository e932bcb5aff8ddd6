package io.couchrepl.write;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.spi.Checkpoint;
import io.couchrepl.spi.Target;
import io.couchrepl.spi.WriteResult;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a page's revisions to the target as replicated edits, together with the checkpoint that
 * covers them. A revision the target refuses is counted and logged, and the replication goes on, as
 * CouchDB's replicator does.
 */
public final class DocWriter {

    private static final Logger log = LoggerFactory.getLogger(DocWriter.class);

    private final Target target;

    public DocWriter(Target target) {
        this.target = target;
    }

    /**
     * Writes the revisions, with the checkpoint that covers them when the target keeps one, then
     * releases the revisions' spooled attachment bodies. When the write fails they are kept, so that
     * it can be tried again; the source deletes what is left when it closes.
     */
    public WriteResult write(List<DocRevision> revisions, Optional<Checkpoint> checkpoint) throws IOException {
        WriteResult result;
        if (checkpoint.isPresent()) {
            result = target.writeDocsAndCheckpoint(revisions, checkpoint.get());
        } else if (!revisions.isEmpty()) {
            result = target.writeDocs(revisions);
        } else {
            result = WriteResult.ok();
        }
        revisions.forEach(DocRevision::releaseBodies);
        for (WriteResult.Failure failure : result.failures()) {
            log.warn("target refused {} {}: {} {}", failure.id(), failure.rev(), failure.error(), failure.reason());
        }
        return result;
    }
}
