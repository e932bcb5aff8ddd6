package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.testing.FaultProxy;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --events}: one JSON line per event on stdout, then the summary line as it always was. */
class EventsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestDb source;
    private TestDb target;

    @BeforeEach
    void createDatabases() {
        source = TestServer.shared().createDb("cli-ev-src");
        target = TestServer.shared().createDb("cli-ev-tgt");
        StringBuilder docs = new StringBuilder("[");
        for (int i = 0; i < 25; i++) {
            docs.append(i == 0 ? "" : ",").append(String.format("{\"_id\":\"d%02d\",\"bad\":%s}", i, i % 4 == 1));
        }
        source.bulkDocs(docs.append(']').toString(), true);
    }

    @AfterEach
    void dropDatabases() {
        source.drop();
        target.drop();
    }

    /** The run's stdout as JSON lines: the events, then the summary last. */
    private static List<JsonNode> lines(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static List<JsonNode> events(List<JsonNode> lines, String name) {
        return lines.stream().filter(l -> name.equals(l.path("event").asText())).toList();
    }

    @Test
    void aPullInSmallBatchesWritesChangesWithPendingDownToZeroThenCompleteThenTheSummary() throws Exception {
        Path store = tmp.resolve("s.db");

        List<JsonNode> lines = lines(CliRun.of("pull", "--events", "--batch-size", "10", source.url(), store.toString()));

        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.has("event")).isFalse();
        assertThat(summary.get("status").asText()).isEqualTo("completed");
        assertThat(summary.get("docs_written").asLong()).isEqualTo(25);
        List<JsonNode> events = lines.subList(0, lines.size() - 1);
        assertThat(events.get(0).get("event").asText()).isEqualTo("active");
        JsonNode complete = events.get(events.size() - 1);
        assertThat(complete.get("event").asText()).isEqualTo("complete");
        assertThat(complete.get("docs_written").asLong()).isEqualTo(25);
        assertThat(complete.get("last_seq")).isEqualTo(summary.get("last_seq"));
        List<JsonNode> changes = events(events, "change");
        assertThat(changes).extracting(c -> c.get("pending").asLong()).containsExactly(15L, 5L, 0L);
        assertThat(changes).extracting(c -> c.get("docs_written").asLong()).containsExactly(10L, 20L, 25L);
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.has("docs")).isFalse();
            assertThat(c.get("last_seq").isNull()).isFalse();
        });
    }

    @Test
    void eventsDocsListsTheIdsAndRevsOfEachChange() throws Exception {
        Path store = tmp.resolve("s.db");

        List<JsonNode> lines = lines(CliRun.of("pull", source.url(), store.toString(), "--events=docs"));

        Set<String> ids = new TreeSet<>();
        for (JsonNode change : events(lines, "change")) {
            change.get("docs").forEach(doc -> {
                ids.add(doc.get("id").asText());
                assertThat(doc.get("rev").asText()).startsWith("1-");
            });
        }
        assertThat(ids).hasSize(25).contains("d00", "d24");
    }

    @Test
    void replicateIntoATargetThatRefusesSomeDocumentsWritesOneDeniedLineEachWithCouchDbsReason() throws Exception {
        Assumptions.assumeTrue(TestServer.shared().kind() == ServerKind.COUCHDB,
                "validate_doc_update is CouchDB's; PouchDB Server runs it only with a plugin");
        target.put("_design/guard", "{\"validate_doc_update\":\"function(newDoc) { if (newDoc.bad) "
                + "{ throw({forbidden: 'no bad docs here'}); } }\"}");

        List<JsonNode> lines = lines(CliRun.of("replicate", "--events", source.url(), target.url()));

        List<JsonNode> denied = events(lines, "denied");
        assertThat(denied).extracting(d -> d.get("id").asText())
                .containsExactlyInAnyOrder("d01", "d05", "d09", "d13", "d17", "d21");
        assertThat(denied).allSatisfy(d -> {
            assertThat(d.get("error").asText()).isEqualTo("forbidden");
            assertThat(d.get("reason").asText()).isEqualTo("no bad docs here");
            assertThat(d.get("rev").asText()).startsWith("1-");
        });
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.get("doc_write_failures").asLong()).isEqualTo(denied.size());
        assertThat(lines.get(lines.size() - 2).get("event").asText()).isEqualTo("complete");
    }

    @Test
    void syncNamesTheDirectionOfEachEvent() throws Exception {
        Path store = tmp.resolve("s.db");

        List<JsonNode> lines = lines(CliRun.of("sync", store.toString(), source.url(), "--events"));

        List<JsonNode> complete = events(lines, "complete");
        assertThat(complete).extracting(c -> c.get("direction").asText()).containsExactly("pull", "push");
        assertThat(events(lines, "change")).allSatisfy(c -> assertThat(c.get("direction").asText()).isIn("pull", "push"));
        assertThat(lines.get(lines.size() - 1).get("pull").get("docs_written").asLong()).isEqualTo(25);
    }

    @Test
    void anUnknownEventsValueIsOneLineAndAUsageError() {
        CliRun run = CliRun.of("pull", "--events=all", source.url(), tmp.resolve("s.db").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo("couchrepl: --events takes no value or =docs, got \"all\"");
        assertThat(run.out()).isEmpty();
        assertThat(tmp.resolve("s.db")).doesNotExist();
    }

    @Test
    void aPullThatBringsANewConflictListsItInItsChangeLine() throws Exception {
        Path store = tmp.resolve("s.db");
        source.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"1-aaaa\"}]", false);
        List<JsonNode> first = lines(CliRun.of("pull", "--events", source.url(), store.toString()));
        assertThat(events(first, "change")).allSatisfy(c -> assertThat(c.get("conflicts")).isEmpty());

        source.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"1-bbbb\"}]", false);
        List<JsonNode> second = lines(CliRun.of("pull", "--events", source.url(), store.toString()));

        assertThat(events(second, "change")).singleElement()
                .satisfies(c -> assertThat(c.get("conflicts").toString()).isEqualTo("[\"c\"]"));
    }

    @Test
    void aPushHasNoConflictList() throws Exception {
        Path store = tmp.resolve("s.db");
        lines(CliRun.of("pull", source.url(), store.toString()));

        List<JsonNode> lines = lines(CliRun.of("push", "--events", store.toString(), target.url()));

        assertThat(events(lines, "change")).isNotEmpty().allSatisfy(c -> assertThat(c.has("conflicts")).isFalse());
    }

    @Test
    void aContinuousPullThroughAnOutageWritesPausedWithItsCauseThenActiveAgain() throws Exception {
        List<JsonNode> heard = throughAnOutage(false);
        assertThat(heard.get(heard.size() - 1).get("status").asText()).isEqualTo("stopped");
        assertThat(heard.get(heard.size() - 2).get("event").asText()).isEqualTo("complete");
    }

    @Test
    void aContinuousSyncThroughAnOutageWritesPausedWithItsCauseThenActiveAgainForEachDirection() throws Exception {
        List<JsonNode> heard = throughAnOutage(true);
        assertThat(heard.get(heard.size() - 1).get("pull").get("status").asText()).isEqualTo("stopped");
        assertThat(heard.subList(0, heard.size() - 1)).allSatisfy(l -> assertThat(l.get("direction").asText()).isIn("pull", "push"));
    }

    /** A continuous pull or sync through a proxy that goes down and comes back; every stdout line. */
    private List<JsonNode> throughAnOutage(boolean sync) throws Exception {
        Path store = tmp.resolve("s.db");
        List<JsonNode> heard = new CopyOnWriteArrayList<>();
        try (FaultProxy proxy = FaultProxy.in(source.server())) {
            Process pull = sync
                    ? CliProcess.start("sync", "--continuous", "--events", "--retries", "1", "--max-retry-wait", "1",
                            store.toString(), proxy.urlOf(source))
                    : CliProcess.start("pull", "--continuous", "--events", "--retries", "1", "--max-retry-wait", "1",
                            proxy.urlOf(source), store.toString());
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(pull.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            CompletableFuture<Void> out = CompletableFuture.runAsync(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(pull.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        heard.add(JSON.readTree(line));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                awaitLine(heard, l -> "paused".equals(l.path("event").asText()) && "caught_up".equals(l.path("cause").asText()));
                proxy.down();
                source.put("during", "{}");
                JsonNode outage = awaitLine(heard, l -> "unavailable".equals(l.path("cause").asText()));
                assertThat(outage.get("event").asText()).isEqualTo("paused");
                assertThat(outage.get("error").asText()).contains("connection refused").doesNotContain("secret");
                assertThat(outage.get("retry_in_ms").asLong()).isPositive();
                int afterOutage = heard.indexOf(outage);
                proxy.up();
                awaitLine(heard, l -> "change".equals(l.path("event").asText()) && l.get("docs_written").asLong() == 26
                        && !"push".equals(l.path("direction").asText()));
                assertThat(heard.subList(afterOutage, heard.size())).extracting(l -> l.path("event").asText())
                        .containsSubsequence("paused", "active", "change");
            } finally {
                new ProcessBuilder("kill", "-INT", Long.toString(pull.pid())).start().waitFor();
                assertThat(pull.waitFor()).as(err.join()).isZero();
                out.join();
            }
        }
        return heard;
    }

    private static JsonNode awaitLine(List<JsonNode> heard, Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            for (JsonNode line : heard) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            assertThat(System.nanoTime()).as("an event line among " + heard).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
