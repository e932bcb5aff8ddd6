package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.ReplicationOptions;
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
    void defaultsToOneShotWithBatchesOf500() {
        ReplicationOptions options = parse("http://h:1/db", "store.db").options();
        assertThat(options.continuous()).isFalse();
        assertThat(options.batchSize()).isEqualTo(500);
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
}
