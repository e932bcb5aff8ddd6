package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.protocol.ChangesFilter;
import io.couchrepl.protocol.Seq;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicationOptionsTest {

    @Test
    void defaultsToOneShotWithBatchesOf1000() {
        ReplicationOptions options = ReplicationOptions.defaults();
        assertThat(options.continuous()).isFalse();
        assertThat(options.batchSize()).isEqualTo(1000);
    }

    @Test
    void toBuilderKeepsEveryOption() {
        ReplicationOptions options = ReplicationOptions.builder()
                .continuous(true)
                .batchSize(10)
                .replicationId("r1")
                .changesParam("conflicts", "true")
                .heartbeat(Duration.ofSeconds(3))
                .since(new Seq("\"5-g1AA\""))
                .filter(new ChangesFilter.Selector("{\"type\":\"a\"}"))
                .winningRevsOnly(true)
                .checkpoints(CheckpointPlacement.BOTH)
                .checkpointInterval(Duration.ofSeconds(9))
                .restartPolicy(RetryPolicy.forever(Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .build();

        assertThat(options.toBuilder().build()).isEqualTo(options);
        assertThat(options.toBuilder().batchSize(20).build().restartPolicy()).isEqualTo(options.restartPolicy());
    }

    @Test
    void refusesABadBatchSizeNamingTheOption() {
        assertThatThrownBy(() -> ReplicationOptions.builder().batchSize(0).build())
                .hasMessage("batchSize must be between 1 and 10000, got 0");
    }

    @Test
    void refusesFeedOptionsTheEngineOwns() {
        assertThatThrownBy(() -> ReplicationOptions.builder().changesParam("since", "now").build())
                .hasMessageContaining("\"since\"");
    }
}
