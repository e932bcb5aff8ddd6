package io.couchrepl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One benchmark run: loads the source database, then times the four contenders in turn
 * (A B C D A B C D ...), then the stage times of a durable pull and the continuous lag, and writes the
 * report.
 */
final class BenchRun {

    /**
     * What to run.
     *
     * @param serverUrl  the CouchDB server, with credentials ({@code http://admin:secret@127.0.0.1:PORT})
     * @param data       the documents to load
     * @param rounds     how many times each contender runs
     * @param lagWrites  how many single-document writes the lag measurement makes
     * @param growthDocs   documents of the growth scenario
     * @param growthRounds update rounds of the growth scenario
     * @param root       the project root ({@code bin/couchrepl}, {@code bench/pouchdb})
     * @param benchJar   this module's shaded jar, for the JVM contenders
     * @param work       scratch directory: store files, GC logs, outputs
     * @param jvmOptions options for the JVM contenders, on top of the GC log
     * @param sweepSizes the sizes of the size sweep (all first revisions; A, C and D at each)
     * @param readDocs   the documents of the store that {@code get} and {@code dump} read
     */
    record Config(String serverUrl, DataSet data, int rounds, int lagWrites, int growthDocs, int growthRounds,
            Path root, Path benchJar, Path work, List<String> jvmOptions, List<Integer> sweepSizes, int readDocs) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 3600;

    private final Config config;
    private final ProcessRunner runner;
    private String java = "java";

    BenchRun(Config config) {
        this.config = config;
        this.runner = new ProcessRunner(config.work());
    }

    Report.Data run() throws IOException, InterruptedException {
        Files.createDirectories(config.work());
        BenchHttp server = new BenchHttp(config.serverUrl());
        java = cliJava();
        Machine machine = Machine.describe(server, config.root().resolve("bench/pouchdb"), java);
        String dbName = "bench-" + config.data().docs();
        String dbUrl = config.serverUrl() + "/" + dbName;
        progress("loading %,d documents into %s/%s", config.data().docs(), server.url(), dbName);
        long loadMillis = new DocumentLoader(new BenchHttp(dbUrl)).load(config.data());
        progress("loaded in %.1f s", loadMillis / 1000.0);
        // One untimed pass warms the server's caches, so round 1 is not the only one reading from disk.
        measure(Contender.FLOOR, 0, dbUrl, config.data().leaves());
        // The first pull after a build records bin/couchrepl's class-data archive or ahead-of-time
        // cache: not in round 1 either.
        String warmUpUrl = config.serverUrl() + "/warm-up-" + config.data().docs();
        new DocumentLoader(new BenchHttp(warmUpUrl)).load(new DataSet(200, DataSet.DEFAULT_SEED));
        measure(Contender.DURABLE, 0, warmUpUrl, 200);

        List<Sample> samples = new ArrayList<>();
        for (int round = 1; round <= config.rounds(); round++) {
            for (Contender contender : Contender.values()) {
                Sample sample = measure(contender, round, dbUrl, config.data().leaves());
                samples.add(sample);
                progress("round %d %s: %.2f s, %,d revisions", round, contender.letter, sample.wallSeconds(), sample.revisions());
            }
        }
        List<Report.SweepRow> sweep = new ArrayList<>();
        for (int size : config.sweepSizes()) {
            sweep.add(sweep(size));
        }
        Report.StoreReads reads = storeReads();
        Map<String, Map<String, Long>> stages = new LinkedHashMap<>();
        stages.put("durable store", stages(dbUrl, true));
        stages.put("in-memory store", stages(dbUrl, false));
        progress("measuring the continuous lag over %d writes", config.lagWrites());
        List<Double> lags = lag(config.serverUrl() + "/lag-" + config.data().docs());
        progress("the growth scenario: %d documents, %d update rounds", config.growthDocs(), config.growthRounds());
        Optional<GrowthScenario.Result> growth = Optional.of(growth(config.serverUrl() + "/growth-" + config.data().docs()));
        return new Report.Data(machine, config.data(), config.rounds(), loadMillis, samples, stages, lags, growth, sweep,
                reads);
    }

    /**
     * One size of the sweep: a database of {@code size} first revisions, and A, C and D in turn over
     * the rounds; small sizes get at least 5 rounds, since a whole process of a second or less is noisy.
     */
    private Report.SweepRow sweep(int size) throws IOException, InterruptedException {
        DataSet data = DataSet.firstRevisions(size);
        String dbUrl = config.serverUrl() + "/sweep-" + size;
        progress("size sweep: loading %,d first revisions", size);
        new DocumentLoader(new BenchHttp(dbUrl)).load(data);
        measure(Contender.FLOOR, 0, dbUrl, data.leaves()); // warms the server's caches
        int rounds = size <= 2_000 ? Math.max(config.rounds(), 5) : config.rounds();
        List<Sample> samples = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Contender contender : List.of(Contender.DURABLE, Contender.POUCHDB, Contender.FLOOR)) {
                samples.add(measure(contender, round, dbUrl, data.leaves()));
            }
        }
        Report.SweepRow row = new Report.SweepRow(size, samples);
        progress("size sweep %,d: A %.2f s, C %.2f s, D %.2f s", size, row.median(Contender.DURABLE),
                row.median(Contender.POUCHDB), row.median(Contender.FLOOR));
        return row;
    }

    /** {@code couchrepl get} of one document and {@code dump} of a store of {@code readDocs} documents, whole process. */
    private Report.StoreReads storeReads() throws IOException, InterruptedException {
        DataSet data = DataSet.firstRevisions(config.readDocs());
        String dbUrl = config.serverUrl() + "/reads-" + config.readDocs();
        new DocumentLoader(new BenchHttp(dbUrl)).load(data);
        Path store = config.work().resolve("reads.store");
        deleteStore(store);
        String couchrepl = config.root().resolve("bin/couchrepl").toString();
        check("reads-pull", runner.run("reads-pull", List.of(couchrepl, "pull", dbUrl, store.toString()), Map.of(),
                TIMEOUT_SECONDS));
        int runs = Math.max(config.rounds(), 5);
        List<Double> gets = new ArrayList<>();
        List<Double> dumps = new ArrayList<>();
        String id = data.id(data.docs() / 2);
        for (int run = 0; run <= runs; run++) { // run 0 warms the page cache and is not counted
            ProcessRunner.Finished get = check("get-" + run,
                    runner.run("get-" + run, List.of(couchrepl, "get", store.toString(), id), Map.of(), TIMEOUT_SECONDS));
            ProcessRunner.Finished dump = check("dump-" + run,
                    runner.run("dump-" + run, List.of(couchrepl, "dump", store.toString()), Map.of(), TIMEOUT_SECONDS));
            if (dump.stdout().lines().count() != data.leaves()) {
                throw new IOException("dump printed " + dump.stdout().lines().count() + " leaves of " + data.leaves());
            }
            if (run > 0) {
                gets.add(get.wallSeconds());
                dumps.add(dump.wallSeconds());
            }
        }
        deleteStore(store);
        Report.StoreReads reads = new Report.StoreReads(config.readDocs(), gets, dumps);
        progress("store reads of %,d documents: get %.2f s, dump %.2f s", config.readDocs(), Stats.median(gets),
                Stats.median(dumps));
        return reads;
    }

    private static ProcessRunner.Finished check(String name, ProcessRunner.Finished done) throws IOException {
        if (done.exit() != 0) {
            throw new IOException(name + " exited with " + done.exit() + ":\n" + BenchHttp.redact(done.stderrTail()));
        }
        return done;
    }

    private Sample measure(Contender contender, int round, String dbUrl, long leaves)
            throws IOException, InterruptedException {
        String name = contender.letter + "-" + round;
        Path gcLog = config.work().resolve(name + ".gc.log");
        Path store = config.work().resolve(name + ".store");
        Files.deleteIfExists(gcLog);
        deleteStore(store);
        Map<String, String> env = new LinkedHashMap<>();
        List<String> command = switch (contender) {
            case DURABLE -> {
                env.put("COUCHREPL_JAVA_OPTS", String.join(" ", jvmOptions(gcLog)));
                yield List.of(config.root().resolve("bin/couchrepl").toString(), "pull", dbUrl, store.toString());
            }
            case MEMORY -> java(gcLog, cliTuning(), "pull", dbUrl);
            case POUCHDB -> List.of("node", config.root().resolve("bench/pouchdb/replicate.js").toString(), dbUrl);
            case FLOOR -> java(gcLog, "floor", dbUrl);
        };
        ProcessRunner.Finished done = runner.run(name, command, env, TIMEOUT_SECONDS);
        deleteStore(store);
        if (done.exit() != 0) {
            throw new IOException(name + " (" + contender.description + ") exited with " + done.exit() + ":\n"
                    + BenchHttp.redact(done.stderrTail()));
        }
        JsonNode summary = lastJsonLine(name, done.stdout());
        long revisions = contender == Contender.FLOOR ? summary.path("leaves").asLong() : summary.path("docs_written").asLong();
        if (round > 0 && revisions != leaves) {
            throw new IOException(name + " (" + contender.description + ") handled " + revisions
                    + " revisions; the source has " + leaves + " leaves");
        }
        double wall = contender == Contender.FLOOR ? summary.path("elapsed_ms").asLong() / 1000.0 : done.wallSeconds();
        OptionalLong heap = contender.isJvm() ? GcLog.peakUsedMb(gcLog)
                : summary.has("heap_peak_mb") ? OptionalLong.of(summary.path("heap_peak_mb").asLong()) : OptionalLong.empty();
        return new Sample(contender, round, wall, done.wallSeconds(), done.peakRssKb(), heap, revisions);
    }

    private Map<String, Long> stages(String dbUrl, boolean durable) throws IOException, InterruptedException {
        String name = "stages-" + (durable ? "durable" : "memory");
        Path store = config.work().resolve(name + ".store");
        deleteStore(store);
        List<String> command = durable
                ? java(config.work().resolve(name + ".gc.log"), "pull", dbUrl, "--store", store.toString())
                : java(config.work().resolve(name + ".gc.log"), "pull", dbUrl);
        ProcessRunner.Finished done = runner.run(name, command, Map.of(), TIMEOUT_SECONDS);
        deleteStore(store);
        if (done.exit() != 0) {
            throw new IOException(name + " exited with " + done.exit() + ":\n" + BenchHttp.redact(done.stderrTail()));
        }
        JsonNode summary = lastJsonLine(name, done.stdout());
        Map<String, Long> stages = new LinkedHashMap<>();
        summary.path("stages_ms").fields().forEachRemaining(e -> stages.put(e.getKey(), e.getValue().asLong()));
        stages.put("total", summary.path("elapsed_ms").asLong());
        return stages;
    }

    private List<Double> lag(String dbUrl) throws IOException, InterruptedException {
        Path store = config.work().resolve("lag.store");
        ProcessRunner.Finished done = runner.run("lag",
                java(config.work().resolve("lag.gc.log"), "lag", dbUrl, store.toString(), Integer.toString(config.lagWrites())),
                Map.of(), TIMEOUT_SECONDS);
        deleteStore(store);
        if (done.exit() != 0) {
            throw new IOException("lag exited with " + done.exit() + ":\n" + BenchHttp.redact(done.stderrTail()));
        }
        List<Double> lags = new ArrayList<>();
        lastJsonLine("lag", done.stdout()).path("lags_ms").forEach(n -> lags.add(n.asDouble()));
        return lags;
    }

    private GrowthScenario.Result growth(String dbUrl) throws IOException, InterruptedException {
        Path dir = config.work().resolve("growth");
        Files.createDirectories(dir);
        ProcessRunner.Finished done = runner.run("growth", java(config.work().resolve("growth.gc.log"), "growth", dbUrl,
                dir.toString(), Integer.toString(config.growthDocs()), Integer.toString(config.growthRounds())),
                Map.of(), TIMEOUT_SECONDS);
        if (done.exit() != 0) {
            throw new IOException("growth exited with " + done.exit() + ":\n" + BenchHttp.redact(done.stderrTail()));
        }
        JsonNode r = lastJsonLine("growth", done.stdout());
        List<Double> lags = new ArrayList<>();
        r.path("round_lags_ms").forEach(n -> lags.add(n.asDouble()));
        return new GrowthScenario.Result(r.path("docs").asInt(), r.path("rounds").asInt(), r.path("store_bytes").asLong(),
                r.path("compacted_bytes").asLong(), r.path("fresh_bytes").asLong(), lags);
    }

    private List<String> java(Path gcLog, String... args) {
        return java(gcLog, List.of(), args);
    }

    private List<String> java(Path gcLog, List<String> tuning, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(tuning);
        command.addAll(jvmOptions(gcLog));
        command.addAll(List.of("-jar", config.benchJar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** The java bin/couchrepl chooses, so that every JVM contender runs on the same JDK. */
    private String cliJava() throws IOException, InterruptedException {
        ProcessRunner.Finished done = check("which-java", runner.run("which-java",
                List.of(config.root().resolve("bin/couchrepl").toString()), Map.of("COUCHREPL_WHICH_JAVA", "1"), 600));
        String chosen = done.stdout().strip();
        return chosen.isEmpty() ? "java" : chosen;
    }

    /** The JVM flags bin/couchrepl runs with, so the in-memory pull (B) runs as the durable one (A). */
    private List<String> cliTuning() throws IOException {
        String flags = Files.readString(config.root().resolve("bin/jvm-tuning")).strip();
        return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }

    private List<String> jvmOptions(Path gcLog) {
        List<String> options = new ArrayList<>(config.jvmOptions());
        options.add(GcLog.options(gcLog));
        return options;
    }

    private static JsonNode lastJsonLine(String name, String stdout) throws IOException {
        List<String> lines = stdout.strip().lines().filter(l -> l.startsWith("{")).toList();
        if (lines.isEmpty()) {
            throw new IOException(name + " printed no JSON summary; its output: " + BenchHttp.redact(stdout));
        }
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private static void deleteStore(Path store) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(store + suffix));
        }
    }

    private static void progress(String format, Object... args) {
        System.err.println("bench: " + String.format(format, args));
    }
}
