package io.couchrepl.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * PouchDB Server 4.2.0 ({@code --in-memory}) from the module's pouchdb-server folder, installed
 * there with {@code npm ci} on first use; no credentials.
 */
final class PouchDbProcess implements ServerProcess {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final long NPM_TIMEOUT_MINUTES = 10;
  private static final int ATTEMPTS = 3;

  private final int port;
  private final Process process;
  private final Path workDir;
  private final Process guard;
  private boolean stopped;

  private PouchDbProcess(int port, Process process, Path workDir) {
    this.port = port;
    this.process = process;
    this.workDir = workDir;
    this.guard = ServerProcess.orphanGuard(process.pid());
  }

  static PouchDbProcess start(Path installDir) {
    Path bin = ensureInstalled(installDir);
    for (int attempt = 1; ; attempt++) {
      int port = ServerProcess.freePort();
      // It writes config.json and log.txt into its working directory: give it a fresh one.
      Path workDir = ProjectLayout.newServerDir("pouchdb-");
      Path log = workDir.resolve("server.out");
      long started = System.nanoTime();
      Process process;
      try {
        process =
            new ProcessBuilder(
                    bin.toString(), "--in-memory", "--port", String.valueOf(port), "--host", "127.0.0.1")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run " + bin, e);
      }
      PouchDbProcess server = new PouchDbProcess(port, process, workDir);
      if (server.awaitRoot()) {
        System.err.printf(
            "couchrepl-testing: PouchDB Server 4.2.0 on 127.0.0.1:%d up in %d ms (dir %s)%n",
            port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), workDir);
        return server;
      }
      server.stop();
      String tail = ServerProcess.tail(log, 30);
      if (attempt < ATTEMPTS && tail.contains("EADDRINUSE")) {
        continue;
      }
      throw new IllegalStateException(
          "PouchDB Server did not answer GET / on 127.0.0.1:" + port + " within "
              + START_TIMEOUT.toSeconds() + " s\n" + tail);
    }
  }

  /** Polls GET / until it answers 200; false if the process exits or the time runs out. */
  private boolean awaitRoot() {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest root =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline && process.isAlive()) {
        try {
          if (client.send(root, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return true;
          }
        } catch (IOException notYetListening) {
          // keep polling
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** Runs {@code npm ci} in {@code installDir} unless the server is already installed there. */
  private static synchronized Path ensureInstalled(Path installDir) {
    Path bin = installDir.resolve("node_modules/.bin/pouchdb-server");
    if (Files.isExecutable(bin)) {
      return bin;
    }
    if (!Files.isRegularFile(installDir.resolve("package-lock.json"))) {
      throw new IllegalStateException("no package-lock.json for PouchDB Server in " + installDir);
    }
    System.err.println(
        "couchrepl-testing: installing PouchDB Server 4.2.0 in " + installDir
            + " (npm ci --ignore-scripts, up to 2 minutes)...");
    Process npm;
    try {
      npm =
          new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
              .directory(installDir.toFile())
              .redirectErrorStream(true)
              .start();
      npm.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run npm (PouchDB Server needs node and npm)", e);
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread echo = new Thread(() -> echoToStderr(npm, tail), "npm-output");
    echo.setDaemon(true);
    echo.start();
    try {
      if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        npm.descendants().forEach(ProcessHandle::destroyForcibly);
        npm.destroyForcibly();
        throw new IllegalStateException("npm ci did not finish in " + NPM_TIMEOUT_MINUTES + " minutes in " + installDir);
      }
      echo.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      npm.destroyForcibly();
      throw new IllegalStateException("interrupted during npm ci", e);
    }
    if (npm.exitValue() != 0 || !Files.isExecutable(bin)) {
      synchronized (tail) {
        throw new IllegalStateException(
            "npm ci failed with exit " + npm.exitValue() + " in " + installDir + ":\n" + String.join("\n", tail));
      }
    }
    System.err.println("couchrepl-testing: PouchDB Server installed");
    return bin;
  }

  private static void echoToStderr(Process npm, Deque<String> tail) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(npm.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        System.err.println("  npm: " + line);
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > 30) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // npm was killed; its exit status tells the rest
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public String logTail() {
    return ServerProcess.tail(workDir.resolve("server.out"), 30);
  }

  @Override
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    ServerProcess.terminate(process.toHandle(), 10);
    if (guard != null) {
      guard.destroy();
    }
  }

  @Override
  public String toString() {
    return "PouchDB Server 4.2.0 pid " + process.pid() + " on 127.0.0.1:" + port + " (dir " + workDir + ")";
  }
}
