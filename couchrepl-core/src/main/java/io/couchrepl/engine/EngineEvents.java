package io.couchrepl.engine;

import io.couchrepl.checkpoint.StartPoint;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.Checkpoint;
import java.util.List;

/** What the engine tells its owner as it goes; called on the engine's thread. */
public interface EngineEvents {

    /** Replication starts where the checkpoints (or the since option) say, or from the beginning. */
    default void started(StartPoint start, Seq since) {}

    /** These revisions are about to be written; the target is the writer's until {@link #batchWritten}. */
    default void writing(List<DocRevision> revisions) {}

    /** A page of changes was read and its missing revisions written (or refused by the target). */
    default void batchWritten(PageWritten page) {}

    /** A checkpoint was recorded. */
    default void checkpointed(Checkpoint checkpoint) {}

    /** The source has nothing more for now; a continuous replication waits for changes. */
    default void caughtUp(Seq seq) {}

    /** The engine is paused, after its last checkpoint. */
    default void paused() {}

    /** The engine runs again after a pause. */
    default void resumed() {}
}
