package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couchrepl.testing.SampleDocs;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/couchrepl} as users run it, after {@code package}: on JDK 17 with its class-data
 * archive, and on JDK 25 or later with its ahead-of-time cache. The first pull records what the
 * later ones map; every pull's stdout is its JSON summary and nothing else, whatever the JVM does.
 */
class LauncherIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path LAUNCHER = ROOT.resolve("bin/couchrepl");
    private static final Path TARGET = ROOT.resolve("couchrepl-cli/target");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOCS = 40;

    private static TestDb db;

    @TempDir
    Path dir;

    @BeforeAll
    static void fill() {
        db = TestServer.shared().createDb("launcher");
        SampleDocs.fill(db, DOCS);
    }

    @AfterAll
    static void drop() {
        db.drop();
    }

    @Test
    void pullsOnJdk17WithTheClassDataArchive() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assumeTrue(Runtime.version().feature() < 25, "the tests run on JDK " + Runtime.version().feature());
        Path archive = TARGET.resolve("couchrepl-jdk" + Runtime.version().feature() + ".jsa");
        Files.deleteIfExists(archive);

        Run first = pull(java, "first");
        Run second = pull(java, "second");

        assertThat(archive).isNotEmptyFile();
        first.assertCleanPull();
        second.assertCleanPull();
    }

    @Test
    void pullsOnJdk25WithTheAheadOfTimeCache() throws Exception {
        Path java = jdk25();
        Path cache = noCacheOf(java);

        Run first = pull(java, "first");
        Path failed = Path.of(cache + ".failed");
        assertThat(Files.exists(cache) || Files.exists(failed))
                .as("a cache, or a note that this JDK could not make one").isTrue();
        Run second = pull(java, "second");

        first.assertCleanPull();
        second.assertCleanPull();
        if (Files.exists(failed)) { // the class-data archive serves instead
            assertThat(Path.of(cache.toString().replaceFirst("\\.aot$", ".jsa"))).isNotEmptyFile();
        }
        try (Stream<Path> left = Files.list(TARGET)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no record, lock or half-made cache left behind")
                    .noneMatch(name -> name.matches("couchrepl-jdk\\d+\\.aot\\.(?!failed$).*"));
        }
    }

    @Test
    void aStaleCacheIsIgnoredQuietly() throws Exception {
        Path java = jdk25();
        Path cache = noCacheOf(java);
        Files.write(cache, new byte[] {1, 2, 3, 4}); // newer than the jar, and not a cache

        Run run = pull(java, "stale");

        run.assertCleanPull();
        Files.deleteIfExists(cache);
    }

    /** The newest JDK 25 or later, as bin/couchrepl finds it; the test is skipped without one. */
    private static Path jdk25() throws IOException {
        Optional<Path> java = newestJdk(25);
        assumeTrue(java.isPresent(), "no JDK 25 or later in /usr/lib/jvm");
        return java.get();
    }

    /** Where bin/couchrepl keeps its cache for {@code java}, deleted. */
    private static Path noCacheOf(Path java) throws IOException {
        int major = majorOf(java.getParent().getParent()).orElseThrow();
        Path cache = TARGET.resolve("couchrepl-jdk" + major + ".aot");
        Files.deleteIfExists(cache);
        Files.deleteIfExists(Path.of(cache + ".failed"));
        Files.deleteIfExists(TARGET.resolve("couchrepl-jdk" + major + ".jsa"));
        return cache;
    }

    @Test
    void aLockLeftByAKilledRecordingIsTakenOver() throws Exception {
        Path java = jdk25();
        Path cache = noCacheOf(java);
        Path lock = Path.of(cache + ".lock");
        Files.createDirectories(lock);
        Files.writeString(lock.resolve("pid"), "999999999\n"); // no such process

        Run run = pull(java, "after-kill");

        run.assertCleanPull();
        assertThat(cache).isNotEmptyFile();
        assertThat(lock).doesNotExist();
    }

    private record Run(int exit, String out, String err) {
        void assertCleanPull() throws IOException {
            assertThat(exit).as("exit; stderr: %s", err).isZero();
            assertThat(err).isEmpty();
            List<String> lines = out.strip().lines().toList();
            assertThat(lines).as("stdout holds the summary only").hasSize(1);
            JsonNode summary = JSON.readTree(lines.get(0));
            assertThat(summary.path("status").asText()).isEqualTo("completed");
            assertThat(summary.path("docs_written").asInt()).isEqualTo(db.leaves().size());
        }
    }

    private Run pull(Path java, String store) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "pull", db.url(), dir.resolve(store).toString());
        builder.environment().put("COUCHREPL_JAVA", java.toString());
        builder.environment().remove("COUCHREPL_JAVA_OPTS");
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Path out = dir.resolve(store + ".out");
        Path err = dir.resolve(store + ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        int exit = builder.start().waitFor();
        return new Run(exit, Files.readString(out), Files.readString(err));
    }

    private static Optional<Path> newestJdk(int atLeast) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        Path best = null;
        int bestMajor = 0;
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.toList()) {
                Optional<Integer> major = majorOf(home);
                if (major.isPresent() && major.get() >= atLeast && major.get() > bestMajor
                        && Files.isExecutable(home.resolve("bin/java"))) {
                    best = home.resolve("bin/java");
                    bestMajor = major.get();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<Integer> majorOf(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isReadable(release)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                return Optional.of(Integer.parseInt(version.split("[.+-]")[0]));
            }
        }
        return Optional.empty();
    }
}
