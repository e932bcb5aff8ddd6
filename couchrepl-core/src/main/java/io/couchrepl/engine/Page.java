package io.couchrepl.engine;

import io.couchrepl.diff.MissingRevsFinder;
import io.couchrepl.protocol.Change;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.Seq;
import java.util.List;
import java.util.OptionalLong;

/**
 * What travels between the engine's stages, in feed order: a page of changes (fetched or not yet),
 * or a marker that must reach the writer only after every page before it is written.
 */
sealed interface Page {

    /**
     * A page of changes up to {@code lastSeq}, with the changes the source said were still to come
     * after it; {@code diff} and {@code fetched} are set by the fetch stage.
     */
    record Changes(List<Change> changes, Seq lastSeq, OptionalLong pending, MissingRevsFinder.Outcome diff,
            FetchResult fetched) implements Page {
        Changes fetched(MissingRevsFinder.Outcome diff, FetchResult fetched) {
            return new Changes(changes, lastSeq, pending, diff, fetched);
        }
    }

    /** The feed had nothing more when this was sent. */
    record CaughtUp() implements Page {}

    /** The reader paused; everything before is written. */
    record Paused() implements Page {}

    /** The reader runs again. */
    record Resumed() implements Page {}

    /** The reader stopped (a stop was asked, or a one-shot feed was drained). */
    record End() implements Page {}

    /** A stage failed; the writer ends the replication with this error. */
    record Failed(Exception error) implements Page {}
}
