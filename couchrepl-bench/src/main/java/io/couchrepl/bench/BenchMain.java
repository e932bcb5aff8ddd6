package io.couchrepl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's command line, used by {@code bench/run.sh}:
 *
 * <pre>
 * run --server URL --root DIR --work DIR [--docs N] [--rounds R] [--lag-writes W] [--sizes N,N...] [--read-docs N]
 *     [--out FILE] [--jvm-opt OPT]...
 * load DB_URL N          fill a new database with N documents
 * floor DB_URL           the protocol floor, one pass
 * pull DB_URL [--store FILE]   an in-process pull into memory (or a store file), with stage times
 * lag DB_URL STORE WRITES      the continuous lag (DB_URL must not exist yet)
 * </pre>
 *
 * Each prints one JSON line (run: the Markdown table) on stdout; a failure is one line on stderr.
 */
public final class BenchMain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchMain() {}

    public static void main(String[] args) {
        try {
            System.exit(execute(new ArrayDeque<>(List.of(args))));
        } catch (IllegalArgumentException e) {
            System.err.println("couchrepl-bench: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("couchrepl-bench: " + BenchHttp.redact(String.valueOf(e.getMessage())));
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("couchrepl-bench: interrupted");
            System.exit(130);
        }
    }

    private static int execute(Deque<String> args) throws IOException, InterruptedException {
        String command = next(args, "a command: run, load, floor, pull or lag");
        switch (command) {
            case "run" -> run(args);
            case "load" -> {
                String url = next(args, "DB_URL");
                int docs = positive(next(args, "N"), "N");
                long millis = new DocumentLoader(new BenchHttp(url)).load(new DataSet(docs, DataSet.DEFAULT_SEED));
                print(Map.of("docs", docs, "elapsed_ms", millis));
            }
            case "floor" -> {
                ProtocolFloor.Result r = new ProtocolFloor(new BenchHttp(next(args, "DB_URL"))).run();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("leaves", r.leaves());
                out.put("bulk_gets", r.bulkGets());
                out.put("bytes", r.bytes());
                out.put("changes_ms", r.changesMillis());
                out.put("elapsed_ms", r.elapsedMillis());
                print(out);
            }
            case "pull" -> {
                String url = next(args, "DB_URL");
                Optional<Path> store = Optional.empty();
                if (!args.isEmpty()) {
                    if (!args.poll().equals("--store")) {
                        throw new IllegalArgumentException("pull takes DB_URL [--store FILE]");
                    }
                    store = Optional.of(Path.of(next(args, "FILE")));
                }
                print(InProcessPull.run(url, store));
            }
            case "lag" -> {
                String url = next(args, "DB_URL");
                Path store = Path.of(next(args, "STORE"));
                int writes = positive(next(args, "WRITES"), "WRITES");
                ContinuousLag.Result r = new ContinuousLag(url, store).run(writes);
                print(Map.of("lags_ms", r.lagsMillis()));
            }
            case "growth" -> {
                String url = next(args, "DB_URL");
                Path work = Path.of(next(args, "WORK_DIR"));
                int docs = positive(next(args, "DOCS"), "DOCS");
                int rounds = positive(next(args, "ROUNDS"), "ROUNDS");
                GrowthScenario.Result r = new GrowthScenario(url, work).run(docs, rounds);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("docs", r.docs());
                out.put("rounds", r.rounds());
                out.put("store_bytes", r.storeBytes());
                out.put("compacted_bytes", r.compactedBytes());
                out.put("fresh_bytes", r.freshBytes());
                out.put("round_lags_ms", r.roundLagsMillis());
                print(out);
            }
            default -> throw new IllegalArgumentException("unknown command " + command + " (run, load, floor, pull, lag, growth)");
        }
        return 0;
    }

    private static void run(Deque<String> args) throws IOException, InterruptedException {
        String server = null;
        Path root = null;
        Path work = null;
        Path out = null;
        int docs = 100_000;
        int rounds = 3;
        int lagWrites = 300;
        int growthDocs = 300;
        int growthRounds = 40;
        List<String> jvmOptions = new ArrayList<>();
        List<Integer> sizes = List.of(200, 2_000, 20_000, 100_000);
        int readDocs = 1_000;
        while (!args.isEmpty()) {
            String option = args.poll();
            switch (option) {
                case "--server" -> server = next(args, "--server URL");
                case "--root" -> root = Path.of(next(args, "--root DIR"));
                case "--work" -> work = Path.of(next(args, "--work DIR"));
                case "--out" -> out = Path.of(next(args, "--out FILE"));
                case "--docs" -> docs = positive(next(args, "--docs N"), "--docs");
                case "--rounds" -> rounds = positive(next(args, "--rounds R"), "--rounds");
                case "--lag-writes" -> lagWrites = positive(next(args, "--lag-writes W"), "--lag-writes");
                case "--growth-docs" -> growthDocs = positive(next(args, "--growth-docs N"), "--growth-docs");
                case "--growth-rounds" -> growthRounds = positive(next(args, "--growth-rounds R"), "--growth-rounds");
                case "--jvm-opt" -> jvmOptions.add(next(args, "--jvm-opt OPTION"));
                case "--sizes" -> sizes = sizes(next(args, "--sizes N,N..."));
                case "--read-docs" -> readDocs = positive(next(args, "--read-docs N"), "--read-docs");
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (server == null || root == null || work == null) {
            throw new IllegalArgumentException("run needs --server, --root and --work");
        }
        Path jar = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        BenchRun.Config config = new BenchRun.Config(server, new DataSet(docs, DataSet.DEFAULT_SEED), rounds, lagWrites,
                growthDocs, growthRounds, root, jar, work, jvmOptions, sizes, readDocs);
        Report.Data data = new BenchRun(config).run();
        String markdown = Report.markdown(data);
        System.out.println(markdown);
        if (out != null) {
            String kept = Files.exists(out) ? Report.notesOf(Files.readString(out, StandardCharsets.UTF_8)) : "";
            Files.writeString(out, Report.document(markdown) + kept, StandardCharsets.UTF_8);
            System.err.println("bench: report written to " + out);
        }
    }

    private static String next(Deque<String> args, String what) {
        String value = args.poll();
        if (value == null) {
            throw new IllegalArgumentException("missing " + what);
        }
        return value;
    }

    /** The sweep's sizes, {@code 200,2000}: positive, or none at all ({@code ""}). */
    private static List<Integer> sizes(String value) {
        List<Integer> sizes = new ArrayList<>();
        for (String size : value.split(",")) {
            if (!size.isBlank()) {
                sizes.add(positive(size.strip(), "--sizes"));
            }
        }
        return sizes;
    }

    private static int positive(String value, String name) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number, got \"" + value + "\"");
        }
    }

    private static void print(Map<String, ?> summary) throws IOException {
        System.out.println(JSON.writeValueAsString(summary));
        System.out.flush();
    }
}
