package io.couchrepl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine and the versions a run measured, as the report states them. */
record Machine(int cores, String memory, String cpu, String jdk, String node, String couchdb, String pouchdb) {

    /** @param java the java that bin/couchrepl and the other JVM contenders run on */
    static Machine describe(BenchHttp server, Path pouchdbDir, String java) {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                memTotal(),
                cpuModel(),
                command(List.of(java, "-version")).lines().filter(l -> l.contains("Runtime")).findFirst()
                        .orElse("unknown"),
                command(List.of("node", "--version")),
                couchdbVersion(server),
                packageVersion(pouchdbDir.resolve("node_modules/pouchdb-core/package.json")));
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // reported as unknown
        }
        return "unknown";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // reported as unknown
        }
        return "unknown";
    }

    private static String command(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return out.isEmpty() ? "unknown" : out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String couchdbVersion(BenchHttp server) {
        try {
            var welcome = new ObjectMapper().readTree(server.text("GET", "/", null));
            return welcome.has("couchdb") ? "CouchDB " + welcome.path("version").asText() : welcome.toString();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String packageVersion(Path packageJson) {
        try {
            return "PouchDB " + new ObjectMapper().readTree(packageJson.toFile()).path("version").asText();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
