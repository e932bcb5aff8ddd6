package io.couchrepl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Apache CouchDB 3.5.0 started with the shared folder's {@code couchdb/start.sh PORT DATA_DIR};
 * admin {@code admin}/{@code secret}, a fresh data directory per start.
 */
final class CouchDbProcess implements ServerProcess {

  static final String USER = "admin";
  static final String PASSWORD = "secret";

  /** start.sh waits up to 60 s for the port; the first start also unpacks the release. */
  private static final long SCRIPT_TIMEOUT_SECONDS = 180;

  private static final int ATTEMPTS = 3;

  private final int port;
  private final long pid;
  private final Path dataDir;
  private final Process guard;
  private boolean stopped;

  private CouchDbProcess(int port, long pid, Path dataDir) {
    this.port = port;
    this.pid = pid;
    this.dataDir = dataDir;
    this.guard = ServerProcess.orphanGuard(pid);
  }

  static CouchDbProcess start(Path startScript) {
    return start(startScript, "");
  }

  /**
   * Starts with {@code extraIni} in the first {@code local.ini}, for settings CouchDB reads only at
   * start (its TLS listener, its authentication handlers).
   */
  static CouchDbProcess start(Path startScript, String extraIni) {
    if (!Files.isRegularFile(startScript)) {
      throw new IllegalStateException("no CouchDB start script at " + startScript);
    }
    for (int attempt = 1; ; attempt++) {
      int port = ServerProcess.freePort();
      Path dataDir = ProjectLayout.newServerDir("couchdb-");
      Path log = dataDir.resolve("start.log");
      if (!extraIni.isEmpty()) {
        writeLocalIni(dataDir, extraIni);
      }
      long started = System.nanoTime();
      int exit = runScript(startScript, port, dataDir, log);
      if (exit == 0) {
        CouchDbProcess server = new CouchDbProcess(port, readPid(dataDir), dataDir);
        System.err.printf(
            "couchrepl-testing: CouchDB 3.5.0 on 127.0.0.1:%d up in %d ms (data %s)%n",
            port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDir);
        return server;
      }
      // Another process may take the free port between our probe and CouchDB's bind.
      String tail = ServerProcess.tail(log, 30);
      if (attempt < ATTEMPTS && tail.contains("already in use")) {
        continue;
      }
      throw new IllegalStateException(
          "CouchDB did not start: bash " + startScript + " " + port + " " + dataDir
              + " exited with " + exit + "\n" + tail + "\n"
              + ServerProcess.tail(dataDir.resolve("couchdb.stdout"), 20));
    }
  }

  /** What start.sh writes on a first start (the admin), plus {@code extraIni}; it keeps an existing one. */
  private static void writeLocalIni(Path dataDir, String extraIni) {
    try {
      Files.writeString(dataDir.resolve("local.ini"), "[admins]\n" + USER + " = " + PASSWORD + "\n\n" + extraIni + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dataDir.resolve("local.ini"), e);
    }
  }

  private static int runScript(Path script, int port, Path dataDir, Path log) {
    Process process;
    try {
      process =
          new ProcessBuilder("bash", script.toString(), String.valueOf(port), dataDir.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run bash " + script, e);
    }
    try {
      if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        stopStarted(dataDir);
        throw new IllegalStateException(
            "CouchDB start script did not finish in " + SCRIPT_TIMEOUT_SECONDS + " s\n"
                + ServerProcess.tail(log, 30));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      stopStarted(dataDir);
      throw new IllegalStateException("interrupted while starting CouchDB", e);
    }
  }

  /** After a failed start: stop whatever the script launched. */
  private static void stopStarted(Path dataDir) {
    try {
      ProcessHandle.of(readPid(dataDir)).ifPresent(p -> ServerProcess.terminate(p, 10));
    } catch (RuntimeException e) {
      // no pid file: nothing was launched
    }
  }

  private static long readPid(Path dataDir) {
    Path pidFile = dataDir.resolve("couchdb.pid");
    try {
      return Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the CouchDB pid from " + pidFile, e);
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public boolean isAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public String logTail() {
    return ServerProcess.tail(dataDir.resolve("couchdb.log"), 30);
  }

  @Override
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    // SIGTERM makes the Erlang VM shut down cleanly, in about 3 s.
    ProcessHandle.of(pid).ifPresent(p -> ServerProcess.terminate(p, 10));
    if (guard != null) {
      guard.destroy();
    }
  }

  @Override
  public String toString() {
    return "CouchDB 3.5.0 pid " + pid + " on 127.0.0.1:" + port + " (data " + dataDir + ")";
  }
}
