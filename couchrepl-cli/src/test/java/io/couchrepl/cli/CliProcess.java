package io.couchrepl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The command in a JVM of its own, as a user runs it: for signals, {@code kill -9} and the environment. */
final class CliProcess {

    private CliProcess() {}

    /** {@code java -cp <test classpath> io.couchrepl.cli.Main args}, with extra environment variables. */
    static ProcessBuilder builder(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }

    static Process start(String... args) throws IOException {
        return builder(Map.of(), args).start();
    }

    /** Waits for the end, reading stdout and stderr side by side (a full pipe would stall the process). */
    static CliRun finish(Process process) throws InterruptedException {
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        return new CliRun(process.waitFor(), out, err.join());
    }

    static CliRun run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return finish(builder(environment, args).start());
    }

    static CliRun run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
