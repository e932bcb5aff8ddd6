package io.couchrepl.fetch;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.FetchResult;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.protocol.RevRequest;
import io.couchrepl.spi.Source;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the revisions a target lacks from the source, with their full history.
 *
 * <p>With {@code latest=true} two requested revisions can come back as the same current leaf; each
 * revision is kept once. A revision the source no longer has (compacted or purged since the feed
 * listed it) is logged and left out: a later change of that document brings its current leaves.
 *
 * <p>Each request names the revisions the target already holds ({@code possible_ancestors}) as
 * {@code atts_since}, so attachments unchanged since then come as stubs, not again as bodies.
 */
public final class DocFetcher {

    private static final Logger log = LoggerFactory.getLogger(DocFetcher.class);

    private final Source source;

    public DocFetcher(Source source) {
        this.source = source;
    }

    public FetchResult fetch(Collection<MissingRevs> missing) throws IOException {
        if (missing.isEmpty()) {
            return new FetchResult(List.of(), List.of());
        }
        List<RevRequest> requests = new ArrayList<>(missing.size());
        for (MissingRevs m : missing) {
            requests.add(new RevRequest(m.id(), m.missing(), m.possibleAncestors()));
        }
        FetchResult result = source.fetch(requests);
        Set<String> seen = new HashSet<>();
        List<DocRevision> unique = new ArrayList<>(result.revisions().size());
        for (DocRevision revision : result.revisions()) {
            if (seen.add(revision.id() + '\u0000' + revision.rev())) {
                unique.add(revision);
            } else {
                revision.releaseBodies();
            }
        }
        for (FetchResult.NotFound gone : result.notFound()) {
            log.warn("source no longer has {} {} ({}); skipped", gone.id(), describe(gone.rev()), gone.reason());
        }
        return new FetchResult(unique, result.notFound());
    }

    private static String describe(Rev rev) {
        return rev == null ? "(unknown rev)" : rev.toString();
    }
}
