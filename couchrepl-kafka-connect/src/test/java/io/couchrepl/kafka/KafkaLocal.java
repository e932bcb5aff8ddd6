package io.couchrepl.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka cluster started as a user starts it, with {@code bin/kafka-local start DIR --workers N},
 * and the Connect REST API of its workers. Every REST answer is kept, so a test can search them all.
 */
final class KafkaLocal implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path dir;
    final String bootstrap;
    final List<String> connect;
    final List<Long> workerPids;
    final List<String> answers = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KafkaLocal(Path root, Path dir, JsonNode cluster) {
        this.root = root;
        this.dir = dir;
        this.bootstrap = cluster.path("bootstrap").asText();
        List<String> urls = new ArrayList<>();
        cluster.path("connect").forEach(u -> urls.add(u.asText()));
        this.connect = List.copyOf(urls);
        List<Long> pids = new ArrayList<>();
        cluster.path("pids").path("workers").forEach(p -> pids.add(p.asLong()));
        this.workerPids = List.copyOf(pids);
    }

    /** The project root: where {@code bin/kafka-local} is, at or above the working directory. */
    static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/kafka-local"))) {
                return p;
            }
        }
        throw new IllegalStateException("no bin/kafka-local above " + Path.of("").toAbsolutePath());
    }

    static KafkaLocal start(Path dir, int workers, Map<String, String> env) throws IOException, InterruptedException {
        Path root = projectRoot();
        ProcessBuilder builder = new ProcessBuilder("bin/kafka-local", "start", dir.toString(), "--workers",
                String.valueOf(workers)).directory(root.toFile()).redirectError(dir.resolveSibling("kafka-local.err").toFile());
        builder.environment().putAll(env);
        Files.createDirectories(dir.getParent());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("bin/kafka-local start failed: " + out + "\n"
                    + Files.readString(dir.resolveSibling("kafka-local.err")));
        }
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new IllegalStateException("bin/kafka-local printed no JSON line: " + out));
        JsonNode cluster = JSON.readTree(line);
        if (!cluster.equals(JSON.readTree(Files.readString(dir.resolve("cluster.json"))))) {
            throw new IllegalStateException("cluster.json differs from the printed line " + line);
        }
        return new KafkaLocal(root, dir, cluster);
    }

    /** A REST call to worker {@code worker}; the answer's body is kept. */
    JsonNode call(int worker, String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(connect.get(worker) + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        answers.add(response.body());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    /** Every worker's log, as text. */
    List<String> workerLogs() throws IOException {
        List<String> logs = new ArrayList<>();
        for (int i = 0; i < connect.size(); i++) {
            logs.add(Files.readString(dir.resolve("worker" + i + "/worker.log"), StandardCharsets.UTF_8));
        }
        return logs;
    }

    /** Ends a worker as a crash would: SIGKILL, no goodbye to its group. */
    void kill(int worker) throws InterruptedException {
        ProcessHandle handle = ProcessHandle.of(workerPids.get(worker)).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().join();
    }

    /** Stops the cluster with {@code bin/kafka-local stop}. */
    @Override
    public void close() throws IOException {
        Process stop = new ProcessBuilder("bin/kafka-local", "stop", dir.toString()).directory(root.toFile())
                .redirectErrorStream(true).start();
        stop.getInputStream().readAllBytes();
        try {
            stop.waitFor(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
