package io.couchrepl.engine;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.protocol.Seq;
import io.couchrepl.spi.WriteResult;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the writer did with one page: its counters, the sequence it covers, the changes the source
 * said were still to come after it, the revisions sent to the target and those the target refused.
 */
public record PageWritten(ReplicationStats stats, Seq lastSeq, OptionalLong pending, List<DocRevision> sent,
        List<WriteResult.Failure> refused) {

    public PageWritten {
        sent = List.copyOf(sent);
        refused = List.copyOf(refused);
    }
}
