package io.couchrepl.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real CouchDB-compatible server for tests: Apache CouchDB 3.5.0 or PouchDB Server 4.2.0,
 * started by this fixture, or the CouchDB named by {@code COUCHDB_URL}.
 *
 * <p>{@link #shared()} chooses, in order: {@code COUCHDB_URL} (nothing is started);
 * {@code COUCHREPL_TEST_SERVER=pouchdb}; CouchDB 3.5.0 from the shared folder
 * ({@code ../shared/couchdb/start.sh} beside the project root, or {@code COUCHREPL_SHARED_DIR});
 * otherwise PouchDB Server. Requests never carry wrong credentials (CouchDB locks an account after
 * a few failures). Thread-safe.
 */
public final class TestServer implements AutoCloseable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final AtomicInteger DB_COUNTER = new AtomicInteger();
  private static final String DB_SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

  private static TestServer shared;
  private static RuntimeException sharedFailure;

  private final ServerKind kind;
  private final String url;
  private final String urlWithoutCredentials;
  private final int port;
  private final String authorization;
  private final ServerProcess process;
  private final boolean isShared;
  private final HttpClient http;

  private TestServer(ServerKind kind, String url, ServerProcess process, boolean isShared) {
    URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("not a server URL: " + url);
    }
    this.kind = kind;
    this.url = uri.toString();
    this.port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    this.urlWithoutCredentials =
        uri.getScheme() + "://" + uri.getHost() + (uri.getPort() != -1 ? ":" + uri.getPort() : "")
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
    String userInfo = uri.getUserInfo(); // percent-decoded "user:password"
    this.authorization =
        userInfo == null
            ? null
            : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    this.process = process;
    this.isShared = isShared;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /**
   * The server shared by all tests of this JVM, started lazily once, stopped by a JVM shutdown
   * hook. Its {@link #close()} does nothing. A failed start is remembered and rethrown.
   */
  public static synchronized TestServer shared() {
    if (shared != null) {
      return shared;
    }
    if (sharedFailure != null) {
      throw new IllegalStateException("the shared test server failed to start earlier", sharedFailure);
    }
    try {
      shared = startDefault();
    } catch (RuntimeException e) {
      sharedFailure = e;
      throw e;
    }
    TestServer server = shared;
    Runtime.getRuntime().addShutdownHook(new Thread(server::stopProcess, "couchrepl-test-server-stop"));
    return server;
  }

  private static TestServer startDefault() {
    String external = env("COUCHDB_URL");
    if (external != null) {
      return new TestServer(ServerKind.COUCHDB, external, null, true);
    }
    String choice = env("COUCHREPL_TEST_SERVER");
    if (choice != null && !choice.equals("pouchdb") && !choice.equals("couchdb")) {
      throw new IllegalStateException("COUCHREPL_TEST_SERVER must be pouchdb or couchdb, not " + choice);
    }
    boolean couchDb = choice == null ? Files.isRegularFile(couchDbStartScript()) : choice.equals("couchdb");
    return couchDb ? startCouchDb(true) : startPouchDb(true);
  }

  /**
   * A new dedicated server of the given kind (for tests that may crash PouchDB Server or need a
   * restart); close() stops it. For COUCHDB when COUCHDB_URL is set, a non-owning handle to that
   * server.
   */
  public static TestServer startNew(ServerKind kind) {
    return switch (kind) {
      case COUCHDB -> {
        String external = env("COUCHDB_URL");
        yield external != null
            ? new TestServer(ServerKind.COUCHDB, external, null, false)
            : startCouchDb(false);
      }
      case POUCHDB -> startPouchDb(false);
    };
  }

  /**
   * A new dedicated CouchDB 3.5.0 started with {@code localIni} in its configuration, for settings
   * it reads only at start ({@code [ssl]}, {@code [chttpd] authentication_handlers}); close() stops
   * it. Null when {@code COUCHDB_URL} names a server, which cannot be configured so: the caller skips.
   */
  public static TestServer startNewCouchDb(String localIni) {
    if (env("COUCHDB_URL") != null || !Files.isRegularFile(couchDbStartScript())) {
      return null;
    }
    CouchDbProcess process = CouchDbProcess.start(couchDbStartScript(), localIni);
    String url =
        "http://" + CouchDbProcess.USER + ":" + CouchDbProcess.PASSWORD + "@127.0.0.1:" + process.port();
    return new TestServer(ServerKind.COUCHDB, url, process, false);
  }

  /** A free port on 127.0.0.1, for a second listener of a server started here. */
  public static int freePort() {
    return ServerProcess.freePort();
  }

  private static TestServer startCouchDb(boolean isShared) {
    CouchDbProcess process = CouchDbProcess.start(couchDbStartScript());
    String url =
        "http://" + CouchDbProcess.USER + ":" + CouchDbProcess.PASSWORD + "@127.0.0.1:" + process.port();
    return new TestServer(ServerKind.COUCHDB, url, process, isShared);
  }

  private static TestServer startPouchDb(boolean isShared) {
    PouchDbProcess process =
        PouchDbProcess.start(ProjectLayout.projectRoot().resolve("couchrepl-testing").resolve("pouchdb-server"));
    return new TestServer(ServerKind.POUCHDB, "http://127.0.0.1:" + process.port(), process, isShared);
  }

  private static Path couchDbStartScript() {
    return ProjectLayout.sharedDir().resolve("couchdb").resolve("start.sh");
  }

  private static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  public ServerKind kind() {
    return kind;
  }

  /** Base URL with credentials when the server needs them, no trailing slash: "http://admin:secret@127.0.0.1:PORT". */
  public String url() {
    return url;
  }

  /** "http://127.0.0.1:PORT". */
  public String urlWithoutCredentials() {
    return urlWithoutCredentials;
  }

  public int port() {
    return port;
  }

  /**
   * Creates a database with a unique valid name: the prefix lowercased, characters CouchDB does not
   * allow replaced by '-', then "-", a counter and a short random suffix ("pull-3-k2x9q").
   */
  public TestDb createDb(String prefix) {
    String name = dbName(prefix);
    HttpResult result = request("PUT", "/" + name, null);
    if (result.status() != 201) {
      fail("PUT /" + name + " answered " + result.status() + ", not 201: " + Json.abbreviate(result.body()));
    }
    return new TestDb(this, name);
  }

  static String dbName(String prefix) {
    String base = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    if (base.isEmpty() || base.charAt(0) < 'a' || base.charAt(0) > 'z') {
      base = "db-" + base; // CouchDB names must start with a letter
    }
    if (base.length() > 100) {
      base = base.substring(0, 100);
    }
    StringBuilder name = new StringBuilder(base).append('-').append(DB_COUNTER.incrementAndGet()).append('-');
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 5; i++) {
      name.append(DB_SUFFIX_CHARS.charAt(random.nextInt(DB_SUFFIX_CHARS.length())));
    }
    return name.toString();
  }

  /**
   * Sends a request relative to the server root ("/_session"), with Basic auth when the URL has
   * credentials, {@code Accept: application/json}, and {@code Content-Type: application/json} when
   * there is a body. The path and query must already be percent-encoded.
   */
  public HttpResult request(String method, String pathAndQuery, String jsonBody) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(urlWithoutCredentials + pathAndQuery))
            .timeout(REQUEST_TIMEOUT)
            // PouchDB Server answers text/plain without it.
            .header("Accept", "application/json");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (jsonBody == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    }
    return send(builder, method, pathAndQuery);
  }

  private HttpResult send(HttpRequest.Builder builder, String method, String pathAndQuery) {
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new HttpResult(response.statusCode(), response.body(), response.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(describeFailure(method, pathAndQuery, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + urlWithoutCredentials + pathAndQuery, e);
    }
  }

  /**
   * Sends a request whose body has any content type (an attachment), streamed from {@code body};
   * same headers and credentials as {@link #request}.
   */
  public HttpResult upload(
      String method, String pathAndQuery, String contentType, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(urlWithoutCredentials + pathAndQuery))
            .timeout(REQUEST_TIMEOUT.multipliedBy(5))
            .header("Accept", "application/json")
            .header("Content-Type", contentType)
            .method(method, body);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return send(builder, method, pathAndQuery);
  }

  /** GET relative to the server root; the answer's body as it arrived (an attachment), or a failed assertion. */
  public byte[] download(String pathAndQuery) {
    try (InputStream in = open(pathAndQuery)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(describeFailure("GET", pathAndQuery, e), e);
    }
  }

  /** GET relative to the server root, the answer's body as a stream (a large attachment); the caller closes it. */
  public InputStream open(String pathAndQuery) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(urlWithoutCredentials + pathAndQuery)).timeout(REQUEST_TIMEOUT).GET();
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    try {
      HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        try (InputStream in = response.body()) {
          fail("GET " + urlWithoutCredentials + pathAndQuery + " answered " + response.statusCode() + ": "
              + Json.abbreviate(new String(in.readNBytes(4000), StandardCharsets.UTF_8)));
        }
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(describeFailure("GET", pathAndQuery, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: GET " + urlWithoutCredentials + pathAndQuery, e);
    }
  }

  private String describeFailure(String method, String pathAndQuery, IOException e) {
    String message = method + " " + urlWithoutCredentials + pathAndQuery + " failed: " + e;
    if (process != null && !process.isAlive()) {
      message += "\nthe server process has exited: " + process + "\n" + process.logTail();
    }
    return message;
  }

  /** Stops the process if this handle owns it, and waits for it to exit; the shared server's handle does nothing. */
  @Override
  public void close() {
    if (!isShared) {
      stopProcess();
    }
  }

  private void stopProcess() {
    if (process != null) {
      process.stop();
    }
  }

  @Override
  public String toString() {
    return kind + " at " + urlWithoutCredentials + (process == null ? " (not started here)" : "");
  }
}
