package io.couchrepl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.testing.TestServer;
import org.junit.jupiter.api.Test;

/** The loader and the floor against the real test server: what is loaded is what the floor fetches. */
class ProtocolFloorTest {

    @Test
    void fetchesEveryLeafTheLoaderWroteInBatchesOfFiveHundred() throws Exception {
        DataSet data = new DataSet(1_100, DataSet.DEFAULT_SEED);
        // The loader creates the database itself: a fresh name, dropped afterwards.
        String url = TestServer.shared().url() + "/bench-floor-" + System.nanoTime();
        BenchHttp db = new BenchHttp(url);
        try {
            new DocumentLoader(db).load(data);

            ProtocolFloor.Result result = new ProtocolFloor(db).run();

            assertThat(result.leaves()).isEqualTo(data.leaves()).isEqualTo(1_155);
            assertThat(result.bulkGets()).isEqualTo(3);
            assertThat(result.bytes()).isGreaterThan(1_100L * 1_000);
        } finally {
            db.status("DELETE", "");
        }
    }
}
