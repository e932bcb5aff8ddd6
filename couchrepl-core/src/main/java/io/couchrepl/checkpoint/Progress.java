package io.couchrepl.checkpoint;

/** A run's counters as a replication log records them. */
public record Progress(long missingChecked, long missingFound, long docsRead, long docsWritten, long docWriteFailures) {

    public static final Progress ZERO = new Progress(0, 0, 0, 0, 0);

    public Progress plus(Progress other) {
        return new Progress(missingChecked + other.missingChecked, missingFound + other.missingFound,
                docsRead + other.docsRead, docsWritten + other.docsWritten, docWriteFailures + other.docWriteFailures);
    }
}
