package io.couchrepl.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink task writing revision records into the real test server. */
class CouchDbSinkTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDb source;
    private TestDb copy;
    private final List<TestDb> dropped = new ArrayList<>();
    private CouchDbSinkTask task;
    private RecordingSinkTaskContext context;

    @BeforeEach
    void setUp() {
        source = TestServer.shared().createDb("sinksrc");
        copy = TestServer.shared().createDb("sinkcopy");
        dropped.add(source);
        dropped.add(copy);
        context = new RecordingSinkTaskContext();
        task = new CouchDbSinkTask();
        task.initialize(context);
        task.start(Map.of("couchdb.url", TestServer.shared().url(), "couchdb.database.format", copy.name(),
                "couchdb.create.databases", "true"));
    }

    @AfterEach
    void tearDown() {
        task.stop();
        dropped.forEach(TestDb::drop);
    }

    private static SinkRecord record(String database, String value, long offset) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("database", database);
        return new SinkRecord("couch." + database, 0, Schema.STRING_SCHEMA, RecordHeaders.key(database, "x"),
                Schema.STRING_SCHEMA, value, offset, null, null, headers);
    }

    private List<SinkRecord> recordsOfEveryLeaf() {
        List<SinkRecord> records = new ArrayList<>();
        long offset = 0;
        for (String leaf : source.leaves()) {
            records.add(record(source.name(), leaf, offset++));
        }
        return records;
    }

    private static List<JsonNode> leaves(TestDb db) {
        List<JsonNode> leaves = new ArrayList<>();
        for (String leaf : db.leaves()) {
            try {
                leaves.add(JSON.readTree(leaf));
            } catch (Exception e) {
                throw new AssertionError(leaf, e);
            }
        }
        return leaves;
    }

    @Test
    void writesTheSourceRevisionTreeAndAReplayWritesNothing() throws Exception {
        String rev = source.put("doc", "{\"v\":1}");
        source.put("doc", "{\"_rev\":\"" + rev + "\",\"v\":2}");
        source.bulkDocs("[{\"_id\":\"doc\",\"_rev\":\"2-0123456789abcdef0123456789abcdef\",\"_revisions\":{\"start\":2,"
                + "\"ids\":[\"0123456789abcdef0123456789abcdef\",\"" + rev.substring(2) + "\"]},\"_deleted\":true}]", false);
        source.put("odd id/+?", "{\"n\":1.10}");

        task.put(recordsOfEveryLeaf());
        assertThat(leaves(copy)).isEqualTo(leaves(source));

        task.put(recordsOfEveryLeaf());
        assertThat(leaves(copy)).isEqualTo(leaves(source));
        assertThat(context.reported).isEmpty();
    }

    @Test
    void aRecordTheTargetRefusesGoesToErrorHandlingWithCouchDbsReason() throws Exception {
        copy.request("PUT", "/_design/guard",
                "{\"validate_doc_update\":\"function(doc){ if (doc.refuse) { throw({forbidden: 'no refusals here'}); } }\"}");
        source.put("fine", "{}");
        source.put("refused", "{\"refuse\":true}");

        task.put(recordsOfEveryLeaf());

        assertThat(context.reported).hasSize(1);
        assertThat(context.reported.get(0).error().getMessage()).endsWith(": forbidden: no refusals here")
                .contains("refused refused 1-");
        assertThat(leaves(copy)).extracting(n -> n.path("_id").asText()).contains("fine")
                .doesNotContain("refused");
    }

    @Test
    void aValueThatIsNotARevisionGoesToErrorHandling() {
        task.put(List.of(record(source.name(), "{\"_id\":\"x\",\"_rev\":\"1-abc\"}", 0),
                record(source.name(), null, 1)));

        assertThat(context.reported).hasSize(1);
        assertThat(context.reported.get(0).error()).hasMessage("not a revision: x 1-abc has no _revisions");
    }
}
