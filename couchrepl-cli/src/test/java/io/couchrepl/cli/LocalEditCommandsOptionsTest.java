package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.protocol.Rev;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code put}, {@code get} and {@code delete} arguments, and the usage errors found before any store is opened. */
class LocalEditCommandsOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void getTakesARevisionConflictsAndOpenRevs() {
        GetCommand get = new GetCommand();
        new CommandLine(get).parseArgs("s.db", "doc", "--rev", "2-abc", "--conflicts", "--open-revs");
        assertThat(get.doc.store).isEqualTo(Path.of("s.db"));
        assertThat(get.doc.id).isEqualTo("doc");
        assertThat(get.rev).isEqualTo(Rev.parse("2-abc"));
        assertThat(get.conflicts).isTrue();
        assertThat(get.openRevs).isTrue();
    }

    @Test
    void putTakesTheDocumentOrADashForStandardInput() {
        PutCommand put = new PutCommand();
        new CommandLine(put).parseArgs("s.db", "doc", "-");
        assertThat(put.json).isEqualTo("-");
    }

    @Test
    void deleteNeedsTheRevisionToDelete() {
        CliRun run = CliRun.of("delete", "s.db", "doc");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("couchrepl: Missing required option: '--rev=REV'");
    }

    @Test
    void aMalformedRevisionIsAUsageErrorOnOneLine() {
        CliRun run = CliRun.of("get", tmp.resolve("s.db").toString(), "doc", "--rev", "abc");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines().findFirst()).contains(
                "couchrepl: Invalid value for option '--rev': 'abc' is not a revision id (N-hash, as 2-b87ec53e...)");
    }

    @Test
    void openRevsTakesNeitherARevisionNorConflicts() {
        CliRun run = CliRun.of("get", tmp.resolve("s.db").toString(), "doc", "--open-revs", "--conflicts");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines().findFirst())
                .contains("couchrepl: --open-revs prints every leaf: it takes neither --rev nor --conflicts");
        assertThat(CliRun.of("get", "s.db", "doc", "--rev", "1-a", "--conflicts").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aBadDocumentIsRefusedBeforeAStoreIsCreated() {
        Path store = tmp.resolve("new.db");
        CliRun run = CliRun.of("put", store.toString(), "doc", "{\"_oops\":1}");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("couchrepl: doc_validation: Bad special document member: _oops\n");
        assertThat(store).doesNotExist();
    }

    @Test
    void standardInputThatIsNotUtf8IsRefused() {
        CliRun run = CliRun.withInput(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},
                "put", tmp.resolve("s.db").toString(), "doc", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("couchrepl: standard input is not UTF-8 text\n");
    }

    @Test
    void helpListsTheConflictAndNotFoundExitCodes() {
        CliRun run = CliRun.of("--help");
        assertThat(run.out())
                .containsPattern("\n  put +Writes a document into a local store, as PUT does on CouchDB.\n")
                .containsPattern("\n  get +Prints a document of a local store, as GET does on CouchDB.\n")
                .containsPattern("\n  delete +Deletes a document of a local store, as DELETE does on CouchDB.\n")
                .containsPattern("\n  5 +conflict: the edit does not name a current leaf as _rev\n")
                .containsPattern("\n  6 +not found: no such document or revision, or the document is deleted\n");
    }
}
