package io.couchrepl.engine;

import io.couchrepl.protocol.Seq;

/** What one page of changes came to, in CouchDB's replication counters. */
public record BatchOutcome(
        int changesRead,
        int revisionsChecked,
        int missingRevisionsFound,
        int docsRead,
        int docsWritten,
        int docWriteFailures,
        Seq lastSeq) {}
