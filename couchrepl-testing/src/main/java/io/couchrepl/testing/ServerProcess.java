package io.couchrepl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A test server process this JVM started and must stop. */
interface ServerProcess {

  int port();

  boolean isAlive();

  /** The end of the server's log, for failure messages. */
  String logTail();

  /** Stops the server and waits for it to exit; a second call does nothing. */
  void stop();

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  static String tail(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return "(no " + file + ")";
    }
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return "--- " + file + " ---\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /** SIGTERM, then up to {@code grace} for a clean exit, then SIGKILL to it and its descendants. */
  static void terminate(ProcessHandle process, long graceSeconds) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      process.onExit().get(graceSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Starts a shell that sends SIGTERM to {@code serverPid} once this JVM is gone, so that a killed
   * test JVM (surefire timeout, IDE stop button) leaves no server behind. Null if it cannot start.
   */
  static Process orphanGuard(long serverPid) {
    long jvm = ProcessHandle.current().pid();
    String script =
        "while kill -0 " + jvm + " 2>/dev/null; do sleep 1; done; kill " + serverPid + " 2>/dev/null";
    try {
      return new ProcessBuilder("sh", "-c", script)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      return null;
    }
  }
}
