package io.couchrepl.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CouchDB to Kafka to CouchDB through a real broker and two distributed Connect workers started by
 * {@code bin/kafka-local}, against the real test server: several databases with history,
 * conflicts, deleted conflicts, odd ids and attachments over 3 source tasks; a worker killed with
 * SIGKILL mid-stream, more writes and a database created during the run; every copy ends identical
 * to its source. One scenario, small data: the module's time stays within a few minutes.
 */
class KafkaConnectIT {

    private static final String PASSWORD = "kpw-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private static final String USER = "kafka" + ThreadLocalRandom.current().nextInt(1 << 30);

    @TempDir
    static Path tmp;

    private static KafkaLocal cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        // A server admin of its own, with a password no log or REST answer may show.
        TestServer.shared().request("PUT", "/_node/_local/_config/admins/" + USER, "\"" + PASSWORD + "\"");
        TestServer.shared().request("PUT", "/_global_changes", null);
        cluster = KafkaLocal.start(tmp.resolve("kafka"), 2, Map.of("COUCHREPL_IT_PASSWORD", PASSWORD));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String serverWithoutCredentials() {
        URI uri = URI.create(TestServer.shared().url());
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static String credentials() {
        return "\"couchdb.url\":\"" + serverWithoutCredentials() + "\",\"couchdb.user\":\"" + USER
                + "\",\"couchdb.password\":\"${env:COUCHREPL_IT_PASSWORD}\"";
    }

    private static void fill(TestDb db, int n) {
        StringBuilder docs = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            docs.append(i == 0 ? "" : ",").append("{\"_id\":\"doc-").append(i).append("\",\"n\":").append(i).append(".10}");
        }
        db.bulkDocs(docs.append("]").toString(), true);
        String rev = db.put("history", "{\"v\":1}");
        rev = db.put("history", "{\"_rev\":\"" + rev + "\",\"v\":2}");
        db.put("history", "{\"_rev\":\"" + rev + "\",\"v\":3}");
        String base = db.put("conflicted", "{\"v\":0}");
        db.bulkDocs("[{\"_id\":\"conflicted\",\"_rev\":\"2-0123456789abcdef0123456789abcdef\",\"_revisions\":{\"start\":2,"
                + "\"ids\":[\"0123456789abcdef0123456789abcdef\",\"" + base.substring(2) + "\"]},\"side\":\"a\"},"
                + "{\"_id\":\"conflicted\",\"_rev\":\"2-fedcba9876543210fedcba9876543210\",\"_revisions\":{\"start\":2,"
                + "\"ids\":[\"fedcba9876543210fedcba9876543210\",\"" + base.substring(2) + "\"]},\"_deleted\":true}]", false);
        db.put("with/slash and ümlaut+?", "{\"odd\":true}");
        String att = db.put("attached", "{}");
        att = db.putAttachment("attached", att, "note.txt", "text/plain", "a note".repeat(50).getBytes(StandardCharsets.UTF_8));
        db.putAttachment("attached", att, "bytes.bin", "application/octet-stream", new byte[] {0, 1, 2, (byte) 255});
        String gone = db.put("gone", "{}");
        db.delete("gone", gone);
    }

    private static void awaitCopiesIdentical(List<TestDb> dbs, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (TestDb db : dbs) {
            while (true) {
                List<JsonNode> source = ServerLeaves.of(db.name());
                List<JsonNode> copy = ServerLeaves.of("copy-" + db.name());
                if (copy.equals(source)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    assertThat(copy).as("copy of " + db.name()).containsExactlyElementsOf(source);
                }
                Thread.sleep(1000);
            }
        }
    }

    @Test
    void everyCopyEndsIdenticalToItsSourceThroughAWorkerKillAndANewDatabase() throws Exception {
        String tag = "kit" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        List<TestDb> dbs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestDb db = TestServer.shared().createDb(tag);
            fill(db, 40);
            dbs.add(db);
        }

        cluster.call(0, "POST", "/connectors", "{\"name\":\"" + tag + "-src\",\"config\":{"
                + "\"connector.class\":\"io.couchrepl.kafka.CouchDbSourceConnector\",\"tasks.max\":\"3\"," + credentials()
                + ",\"couchdb.databases.include\":\"" + tag + "-.*\",\"topic.prefix\":\"" + tag + ".\","
                + "\"batch.size\":\"10\",\"couchdb.poll.interval.ms\":\"500\",\"couchdb.discovery.interval.ms\":\"1000\"}}");
        cluster.call(0, "POST", "/connectors", "{\"name\":\"" + tag + "-sink\",\"config\":{"
                + "\"connector.class\":\"io.couchrepl.kafka.CouchDbSinkConnector\",\"tasks.max\":\"2\"," + credentials()
                + ",\"topics.regex\":\"" + tag + "\\\\..*\",\"couchdb.database.format\":\"copy-${database}\","
                + "\"couchdb.create.databases\":\"true\"}}");
        awaitCopiesIdentical(dbs, Duration.ofSeconds(90));
        JsonNode status = cluster.call(0, "GET", "/connectors/" + tag + "-src/status", null);
        assertThat(status.path("tasks")).hasSize(3);

        // Mid-stream: one worker dies, the sources go on changing, and a database is created.
        for (TestDb db : dbs) {
            StringBuilder more = new StringBuilder("[");
            for (int i = 0; i < 30; i++) {
                more.append(i == 0 ? "" : ",").append("{\"_id\":\"more-").append(i).append("\"}");
            }
            db.bulkDocs(more.append("]").toString(), true);
        }
        long killed = System.nanoTime();
        cluster.kill(1);
        TestDb created = TestServer.shared().createDb(tag);
        fill(created, 10);
        dbs.add(created);
        for (TestDb db : dbs) {
            db.put("after-kill", "{\"late\":true}");
        }
        awaitTasksOn(tag + "-src", 3, cluster.connect.get(0), killed, Duration.ofSeconds(30));
        awaitCopiesIdentical(dbs, Duration.ofSeconds(120));

        // Connect delivers at least once: records delivered again are counted and change nothing.
        int replayed = replay(tag + "." + dbs.get(0).name());
        assertThat(replayed).isGreaterThan(40);
        awaitLog("duplicates so far", Duration.ofSeconds(60));
        awaitCopiesIdentical(dbs, Duration.ofSeconds(30));

        // A connector with a wrong password is refused when created, asked once: no task, no retry loop.
        TestServer.shared().request("PUT", "/_users/org.couchdb.user:" + tag + "bad",
                "{\"name\":\"" + tag + "bad\",\"password\":\"right\",\"roles\":[],\"type\":\"user\"}");
        assertThatThrownBy(() -> cluster.call(0, "POST", "/connectors", "{\"name\":\"" + tag + "-bad\",\"config\":{"
                + "\"connector.class\":\"io.couchrepl.kafka.CouchDbSourceConnector\",\"couchdb.url\":\""
                + serverWithoutCredentials() + "\",\"couchdb.user\":\"" + tag + "bad\",\"couchdb.password\":\"wrong-pw-xyzzy\","
                + "\"couchdb.databases\":\"" + dbs.get(0).name() + "\",\"topic.prefix\":\"" + tag + "bad.\"}}"))
                .hasMessageContaining("answered 400")
                .hasMessageContaining("refused the credentials (401 unauthorized: Name or password is incorrect.)");

        // A bad config is answered per key by Connect's validation.
        JsonNode validation = cluster.call(0, "PUT", "/connector-plugins/CouchDbSourceConnector/config/validate",
                "{\"connector.class\":\"io.couchrepl.kafka.CouchDbSourceConnector\"," + credentials()
                        + ",\"couchdb.databases.include\":\"x-([\"}");
        assertThat(errorsOf(validation, "couchdb.databases.include").get(0)).contains("not a regular expression: x-([");
        assertThat(errorsOf(validation, "topic.prefix").get(0)).contains("Missing required configuration");

        // The password is in no worker log and no REST answer.
        for (TestDb db : dbs) {
            cluster.call(0, "GET", "/connectors/" + tag + "-src/status", null);
            cluster.call(0, "GET", "/connectors/" + tag + "-src/tasks", null);
            cluster.call(0, "GET", "/connectors/" + tag + "-src/config", null);
            cluster.call(0, "GET", "/connectors/" + tag + "-sink/status", null);
        }
        for (String log : cluster.workerLogs()) {
            assertThat(log).doesNotContain(PASSWORD).doesNotContain("wrong-pw-xyzzy");
        }
        assertThat(cluster.answers).allSatisfy(answer -> assertThat(answer).doesNotContain(PASSWORD)
                .doesNotContain("wrong-pw-xyzzy"));

        for (TestDb db : dbs) {
            db.drop();
            TestServer.shared().request("DELETE", "/copy-" + db.name(), null);
        }
    }

    private static List<String> errorsOf(JsonNode validation, String key) {
        for (JsonNode config : validation.path("configs")) {
            if (config.path("value").path("name").asText().equals(key)) {
                List<String> errors = new ArrayList<>();
                config.path("value").path("errors").forEach(e -> errors.add(e.asText()));
                return errors;
            }
        }
        throw new AssertionError("no key " + key + " in " + validation);
    }

    /** Waits until every task of a connector runs on the worker at {@code url}, within {@code limit} of {@code since}. */
    private static void awaitTasksOn(String connector, int tasks, String url, long since, Duration limit)
            throws Exception {
        String host = URI.create(url).getHost() + ":" + URI.create(url).getPort();
        while (true) {
            JsonNode status = cluster.call(0, "GET", "/connectors/" + connector + "/status", null);
            List<JsonNode> running = new ArrayList<>();
            status.path("tasks").forEach(t -> {
                if (t.path("state").asText().equals("RUNNING") && t.path("worker_id").asText().equals(host)) {
                    running.add(t);
                }
            });
            if (running.size() == tasks) {
                System.out.printf("KafkaConnectIT: %d tasks running on the surviving worker %.1f s after the kill%n",
                        tasks, (System.nanoTime() - since) / 1e9);
                return;
            }
            if (System.nanoTime() - since > limit.toNanos()) {
                throw new AssertionError("the tasks of " + connector + " did not resume on " + host + " within "
                        + limit.toSeconds() + " s of the kill: " + status);
            }
            Thread.sleep(500);
        }
    }

    private static void awaitLog(String text, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (cluster.workerLogs().stream().noneMatch(log -> log.contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no worker logged \"" + text + "\"");
            }
            Thread.sleep(500);
        }
    }

    /** Produces every committed record of a topic once more, as a retried delivery would. */
    private static int replay(String topic) {
        Properties consumerProps = new Properties();
        consumerProps.put("bootstrap.servers", cluster.bootstrap);
        consumerProps.put("isolation.level", "read_committed");
        consumerProps.put("key.deserializer", ByteArrayDeserializer.class.getName());
        consumerProps.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", cluster.bootstrap);
        producerProps.put("key.serializer", ByteArraySerializer.class.getName());
        producerProps.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers()));
            }
        }
        return records.size();
    }
}
