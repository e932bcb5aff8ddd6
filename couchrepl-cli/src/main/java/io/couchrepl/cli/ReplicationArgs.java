package io.couchrepl.cli;

import io.couchrepl.CheckpointPlacement;
import io.couchrepl.ReplicationOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every replicating command shares, turned into {@link ReplicationOptions} once. */
final class ReplicationArgs {

    @Option(names = "--continuous", description = "Keep following the source's changes until interrupted (Ctrl-C).")
    boolean continuous;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ReplicationOptions.DEFAULT_BATCH_SIZE,
            description = "Changes per batch, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--repl-id", paramLabel = "ID",
            description = "Replication id to use instead of the one derived from source, target and filter.")
    String replicationId;

    @Option(names = "--doc-id", paramLabel = "ID",
            description = "Replicate only this document (repeat for several): filter=_doc_ids.")
    List<String> docIds = new ArrayList<>();

    @Option(names = "--selector", paramLabel = "JSON",
            description = "Replicate only documents this Mango selector matches: filter=_selector.")
    String selector;

    @Option(names = "--filter", paramLabel = "DDOC/NAME",
            description = "Replicate only documents this design document filter function accepts.")
    String filter;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "A query parameter for --filter (repeat for several).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--winning-revs-only",
            description = "Replicate only each document's winning revision, not its conflicts.")
    boolean winningRevsOnly;

    @Option(names = "--since", paramLabel = "SEQ",
            description = "Start at this source sequence instead of the checkpoint (0 for the beginning).")
    String since;

    @Option(names = "--checkpoint", paramLabel = "WHERE",
            description = "Where to keep the replication log: target, both, source or none.")
    String checkpoint;

    @Mixin
    PaceArgs pace;

    @Option(names = {"-v", "--verbose"}, description = "Log what the replication does on stderr.")
    boolean verbose;

    /** The options these arguments ask for; refuses invalid values with the flag's name. */
    ReplicationOptions options(CheckpointPlacement defaultPlacement) {
        try {
            ReplicationOptions.Builder options = ReplicationOptions.builder()
                    .continuous(continuous)
                    .batchSize(batchSize)
                    .replicationId(replicationId)
                    .winningRevsOnly(winningRevsOnly)
                    .checkpoints(checkpoint == null ? defaultPlacement : placement(checkpoint));
            pace.applyTo(options);
            FilterArguments.filter(docIds, selector, filter, params).ifPresent(options::filter);
            if (since != null) {
                options.since(FilterArguments.seq(since));
            }
            return options.build();
        } catch (IllegalArgumentException e) {
            throw PaceArgs.named(new IllegalArgumentException(e.getMessage()
                    .replace("batchSize", "--batch-size")
                    .replace("replicationId", "--repl-id"), e));
        }
    }

    private static CheckpointPlacement placement(String word) {
        for (CheckpointPlacement p : CheckpointPlacement.values()) {
            if (p.word().equals(word)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--checkpoint must be target, both, source or none, got \"" + word + "\"");
    }
}
