package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplicationOptionsTest {

    @Test
    void defaultsToOneShotBatchesOf500() {
        ReplicationOptions options = ReplicationOptions.defaults();
        assertThat(options.continuous()).isFalse();
        assertThat(options.batchSize()).isEqualTo(1000);
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
