package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.http.RemoteDatabase;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.ChangesFilter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sync hands every shared option to both of its directions; building one touches no network. */
class SyncOptionsTest {

    @Test
    void bothDirectionsRunWithTheGivenRestartPolicyFilterAndBatchSize() {
        RetryPolicy restarts = RetryPolicy.forever(Duration.ofMillis(200), Duration.ofSeconds(2));
        ReplicationOptions options = ReplicationOptions.builder()
                .continuous(true)
                .batchSize(77)
                .restartPolicy(restarts)
                .filter(new ChangesFilter.DocIds(List.of("a")))
                .replicationId("mine")
                .build();
        try (MemoryStore local = new MemoryStore(); RemoteDatabase remote = RemoteDatabase.open("http://127.0.0.1:9/db")) {
            Sync sync = Sync.create(local, remote, options);
            for (boolean pull : new boolean[] {true, false}) {
                ReplicationOptions direction = sync.options(pull);
                assertThat(direction.restartPolicy()).isEqualTo(restarts);
                assertThat(direction.batchSize()).isEqualTo(77);
                assertThat(direction.filter()).isEqualTo(options.filter());
                assertThat(direction.continuous()).isTrue();
                assertThat(direction.replicationId()).as("an id names one direction only").isEmpty();
            }
            assertThat(sync.options(true).checkpoints()).isEqualTo(CheckpointPlacement.SOURCE);
            assertThat(sync.options(false).checkpoints()).isEqualTo(CheckpointPlacement.TARGET);
        }
    }
}
