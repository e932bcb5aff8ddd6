package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.CheckpointPlacement;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.Seq;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Arguments become options without touching the network. */
class PullCommandOptionsTest {

    private static PullCommand parse(String... args) {
        PullCommand command = new PullCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void defaultsToOneShotWithBatchesOf1000() {
        ReplicationOptions options = parse("http://h:1/db", "store.db").options();
        assertThat(options.continuous()).isFalse();
        assertThat(options.batchSize()).isEqualTo(1000);
        assertThat(options.replicationId()).isEmpty();
    }

    @Test
    void takesContinuousBatchSizeAndReplicationId() {
        ReplicationOptions options = parse("--continuous", "--batch-size", "50", "--repl-id", "mine",
                "http://h:1/db", "store.db").options();
        assertThat(options.continuous()).isTrue();
        assertThat(options.batchSize()).isEqualTo(50);
        assertThat(options.replicationId()).hasValue("mine");
    }

    @Test
    void refusesABadBatchSizeNamingTheFlag() {
        assertThatThrownBy(() -> parse("--batch-size", "0", "http://h:1/db", "s").options())
                .hasMessage("--batch-size must be between 1 and 10000, got 0");
    }

    @Test
    void aBadBatchSizeExitsWithTheUsageCodeAndOneLine() {
        CliRun run = CliRun.of("pull", "--batch-size", "0", "http://h:1/db", "s");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo("couchrepl: --batch-size must be between 1 and 10000, got 0");
    }

    @Test
    void aMissingArgumentExitsWithTheUsageCode() {
        CliRun run = CliRun.of("pull", "http://h:1/db");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("STORE");
    }

    @Test
    void aUrlThatIsNotADatabaseUrlExitsWithTheUsageCodeWithoutThePassword() {
        CliRun run = CliRun.of("pull", "ftp://u:hunter2@h/db", "s");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("couchrepl: not a database URL").doesNotContain("hunter2");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void takesEachFilterAndThePlacement() {
        ReplicationOptions ids = parse("--doc-id", "a", "--doc-id", "b/c", "--checkpoint", "both", "h", "s").options();
        assertThat(ids.filter()).contains(new ChangesFilter.DocIds(List.of("a", "b/c")));
        assertThat(ids.checkpoints()).isEqualTo(CheckpointPlacement.BOTH);

        assertThat(parse("--selector", "{ \"type\" : \"x\" }", "h", "s").options().filter())
                .contains(new ChangesFilter.Selector("{\"type\":\"x\"}"));
        assertThat(parse("--filter", "app/by", "--param", "k=v", "--param", "n=1", "h", "s").options().filter())
                .contains(new ChangesFilter.Named("app/by", Map.of("k", "v", "n", "1")));
        assertThat(parse("--winning-revs-only", "h", "s").options().winningRevsOnly()).isTrue();
    }

    @Test
    void takesSinceAsJsonOrAsABareCouchDbSequence() {
        assertThat(parse("--since", "0", "h", "s").options().since()).contains(new Seq("0"));
        assertThat(parse("--since", "12-g1AAAA", "h", "s").options().since()).contains(new Seq("\"12-g1AAAA\""));
        assertThat(parse("--since", "\"12-g1AAAA\"", "h", "s").options().since()).contains(new Seq("\"12-g1AAAA\""));
    }

    @Test
    void refusesFiltersThatDoNotFitNamingTheFlag() {
        assertThatThrownBy(() -> parse("--doc-id", "a", "--selector", "{}", "h", "s").options())
                .hasMessage("choose one of --doc-id, --selector and --filter");
        assertThatThrownBy(() -> parse("--param", "k=v", "h", "s").options()).hasMessage("--param goes with --filter");
        assertThatThrownBy(() -> parse("--selector", "[1]", "h", "s").options())
                .hasMessage("--selector must be a JSON object, got: [1]");
        assertThatThrownBy(() -> parse("--selector", "{type:", "h", "s").options())
                .hasMessage("--selector is not JSON: {type:");
        assertThatThrownBy(() -> parse("--filter", "nodesign", "h", "s").options())
                .hasMessage("--filter must be DESIGN_DOC/FILTER, got \"nodesign\"");
        assertThatThrownBy(() -> parse("--checkpoint", "cloud", "h", "s").options())
                .hasMessage("--checkpoint must be target, both, source or none, got \"cloud\"");
    }
}
