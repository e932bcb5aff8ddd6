package io.couchrepl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command as a whole process and measures it from outside: wall time from start to exit, and
 * the peak resident memory the kernel accounted for it (through {@code /usr/bin/time}).
 */
final class ProcessRunner {

    /** One finished process: its exit code, wall time, peak RSS and what it printed on stdout. */
    record Finished(int exit, double wallSeconds, long peakRssKb, String stdout, String stderrTail) {}

    private static final Path TIME = Path.of("/usr/bin/time");

    private final Path work;

    ProcessRunner(Path work) {
        this.work = work;
    }

    /** Whether peak memory can be measured here (GNU time installed). */
    static boolean canMeasureMemory() {
        return Files.isExecutable(TIME);
    }

    Finished run(String name, List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        Path time = work.resolve(name + ".time");
        List<String> full = new ArrayList<>();
        if (canMeasureMemory()) {
            full.addAll(List.of(TIME.toString(), "-f", "%M", "-o", time.toString()));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException(name + " did not finish within " + timeoutSeconds + " s: " + String.join(" ", redacted(command)));
        }
        double wall = (System.nanoTime() - started) / 1e9;
        long rss = -1;
        if (canMeasureMemory() && Files.exists(time)) {
            List<String> lines = Files.readAllLines(time);
            // GNU time puts "Command exited with non-zero status N" first when the command failed.
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
            if (last.matches("\\d+")) {
                rss = Long.parseLong(last);
            }
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String tail = stderr.length() > 2000 ? stderr.substring(stderr.length() - 2000) : stderr;
        return new Finished(process.exitValue(), wall, rss, Files.readString(out, StandardCharsets.UTF_8), tail);
    }

    private static List<String> redacted(List<String> command) {
        return command.stream().map(BenchHttp::redact).toList();
    }
}
