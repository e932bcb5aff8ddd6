package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code couchrepl put}, {@code get} and {@code delete} in process, end to end, answers compared with the real server's. */
class LocalEditCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        return run;
    }

    @Test
    void putsUpdatesDeletesAndRecreatesWithCouchDbsRevisionIds() {
        String store = tmp.resolve("edits.db").toString();

        assertThat(ok("put", store, "same", "{\"name\": \"identical\", \"n\": 1}").out())
                .isEqualTo("{\"ok\":true,\"id\":\"same\",\"rev\":\"1-269e23421d4eb2da03b2d135979096b1\"}\n");
        assertThat(ok("get", store, "same").out())
                .isEqualTo("{\"_id\":\"same\",\"_rev\":\"1-269e23421d4eb2da03b2d135979096b1\",\"name\":\"identical\",\"n\":1}\n");

        CliRun update = CliRun.withInput(
                "{\"_rev\":\"1-269e23421d4eb2da03b2d135979096b1\",\"name\":\"identical\",\"n\":2}".getBytes(StandardCharsets.UTF_8),
                "put", store, "same", "-");
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(update.out()).isEqualTo("{\"ok\":true,\"id\":\"same\",\"rev\":\"2-b87ec53eeb2efda05649881b7ae51211\"}\n");

        assertThat(ok("delete", store, "same", "--rev", "2-b87ec53eeb2efda05649881b7ae51211").out())
                .isEqualTo("{\"ok\":true,\"id\":\"same\",\"rev\":\"3-1c108f04b1398349cfb743e3fcdb9e01\"}\n");
        assertThat(ok("get", store, "same", "--rev", "3-1c108f04b1398349cfb743e3fcdb9e01").out())
                .isEqualTo("{\"_id\":\"same\",\"_rev\":\"3-1c108f04b1398349cfb743e3fcdb9e01\",\"_deleted\":true}\n");

        assertThat(parse(ok("put", store, "same", "{\"name\":\"back\"}").out()).get("rev").asText()).startsWith("4-");
    }

    @Test
    void aStaleRevisionIsAConflictOnOneLineWithItsOwnExitCode() {
        String store = tmp.resolve("conflict.db").toString();
        ok("put", store, "same", "{\"name\":\"identical\",\"n\":1}");
        ok("put", store, "same", "{\"_rev\":\"1-269e23421d4eb2da03b2d135979096b1\",\"name\":\"identical\",\"n\":2}");

        CliRun stale = CliRun.of("put", store, "same", "{\"_rev\":\"1-269e23421d4eb2da03b2d135979096b1\",\"n\":3}");

        assertThat(stale.exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(stale.out()).isEmpty();
        assertThat(stale.err()).isEqualTo("couchrepl: conflict: Document update conflict. (same has leaf "
                + "2-b87ec53eeb2efda05649881b7ae51211; _rev 1-269e23421d4eb2da03b2d135979096b1 is not a leaf)\n");
        assertThat(CliRun.of("put", store, "same", "{\"n\":3}").exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(CliRun.of("delete", store, "same", "--rev", "1-269e23421d4eb2da03b2d135979096b1").exitCode())
                .isEqualTo(ExitCodes.CONFLICT);
    }

    @Test
    void whatIsNotThereIsNotFoundWithItsOwnExitCode() {
        String store = tmp.resolve("missing.db").toString();
        String rev = parse(ok("put", store, "gone", "{}").out()).get("rev").asText();
        ok("delete", store, "gone", "--rev", rev);

        CliRun deleted = CliRun.of("get", store, "gone");
        assertThat(deleted.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(deleted.err()).startsWith("couchrepl: not_found: deleted (gone has leaf 2-").endsWith(" (deleted))\n");

        CliRun missing = CliRun.of("get", store, "never");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).isEqualTo("couchrepl: not_found: missing (no document never)\n");
        assertThat(CliRun.of("get", store, "gone", "--rev", "9-abc").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);

        CliRun noStore = CliRun.of("get", tmp.resolve("nothing.db").toString(), "x");
        assertThat(noStore.exitCode()).isEqualTo(ExitCodes.STORE_UNUSABLE);
        assertThat(tmp.resolve("nothing.db")).doesNotExist();
    }

    @Test
    void aPulledConflictReadsAsOnTheServerAndIsResolvedByDeletingTheLoser() {
        TestDb db = TestServer.shared().createDb("cli-edits");
        try {
            String root = db.put("c", "{\"v\":0}");
            db.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"2-aaaa\",\"_revisions\":{\"start\":2,\"ids\":[\"aaaa\",\""
                    + root.substring(2) + "\"]},\"v\":\"a\"},{\"_id\":\"c\",\"_rev\":\"2-bbbb\",\"_revisions\":"
                    + "{\"start\":2,\"ids\":[\"bbbb\",\"" + root.substring(2) + "\"]},\"v\":\"b\"}]", false);
            String store = tmp.resolve("pulled.db").toString();
            ok("pull", db.url(), store);

            assertThat(parse(ok("get", store, "c", "--conflicts").out()))
                    .isEqualTo(db.get("/c?conflicts=true").json());
            assertThat(sortedByRev(parse(ok("get", store, "c", "--open-revs").out())))
                    .isEqualTo(sortedByRev(db.get("/c?open_revs=all").json()));
            if (TestServer.shared().kind() == ServerKind.COUCHDB) {
                assertThat(ok("get", store, "c", "--open-revs").out().strip())
                        .isEqualTo(db.get("/c?open_revs=all").body().strip());
            }

            String tombstone = parse(ok("delete", store, "c", "--rev", "2-aaaa").out()).get("rev").asText();

            JsonNode winner = parse(ok("get", store, "c", "--conflicts").out());
            assertThat(winner.get("_rev").asText()).isEqualTo("2-bbbb");
            assertThat(winner.has("_conflicts")).isFalse();
            assertThat(tombstone).startsWith("3-");
        } finally {
            db.drop();
        }
    }

    private static List<JsonNode> sortedByRev(JsonNode openRevs) {
        List<JsonNode> docs = new ArrayList<>();
        openRevs.forEach(entry -> docs.add(entry.get("ok")));
        docs.sort(Comparator.comparing(doc -> doc.get("_rev").asText()));
        return docs;
    }
}
