package io.couchrepl.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A database on a {@link TestServer}, made by {@link TestServer#createDb(String)}; the helpers
 * assert success (JUnit assertion failures carry the server's answer).
 */
public final class TestDb {

  private static final String DESIGN_PREFIX = "_design/";
  private static final int CHANGES_PAGE = 500;
  private static final Duration DROP_SETTLE = Duration.ofSeconds(10);
  private static final Duration DROP_POLL = Duration.ofMillis(20);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final TestServer server;
  private final String name;

  TestDb(TestServer server, String name) {
    this.server = server;
    this.name = name;
  }

  public TestServer server() {
    return server;
  }

  public String name() {
    return name;
  }

  /** {@code server.url() + "/" + name}, with credentials when the server needs them. */
  public String url() {
    return server.url() + "/" + name;
  }

  public String urlWithoutCredentials() {
    return server.urlWithoutCredentials() + "/" + name;
  }

  /** PUT /db/&lt;encoded id&gt;; asserts 2xx and returns the new rev. */
  public String put(String docId, String json) {
    return revOf(expectSuccess("PUT", "/" + encodeDocId(docId), json));
  }

  /** DELETE /db/&lt;encoded id&gt;?rev=...; asserts 2xx and returns the tombstone's rev. */
  public String delete(String docId, String rev) {
    return revOf(expectSuccess("DELETE", "/" + encodeDocId(docId) + "?rev=" + percentEncode(rev), null));
  }

  /**
   * PUT /db/&lt;id&gt;/&lt;name&gt;?rev=...: adds or replaces an attachment with these bytes; asserts
   * 2xx and returns the document's new rev. {@code rev} null creates the document.
   */
  public String putAttachment(String docId, String rev, String name, String contentType, byte[] bytes) {
    return putAttachment(docId, rev, name, contentType, HttpRequest.BodyPublishers.ofByteArray(bytes));
  }

  /** The same, the bytes streamed from {@code bytes} ({@code length} of them): for attachments too large to hold. */
  public String putAttachment(
      String docId, String rev, String name, String contentType, Supplier<InputStream> bytes, long length) {
    return putAttachment(
        docId, rev, name, contentType, HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(bytes), length));
  }

  private String putAttachment(
      String docId, String rev, String name, String contentType, HttpRequest.BodyPublisher body) {
    String path = "/" + this.name + "/" + encodeDocId(docId) + "/" + percentEncode(name)
        + (rev == null ? "" : "?rev=" + percentEncode(rev));
    HttpResult result = server.upload("PUT", path, contentType, body);
    if (!result.isSuccess()) {
      fail("PUT " + path + " answered " + result.status() + ": " + Json.abbreviate(result.body()));
    }
    return revOf(result);
  }

  /** GET /db/&lt;id&gt;/&lt;name&gt;?rev=...: the attachment's content, decoded as the server serves it. */
  public byte[] attachment(String docId, String rev, String name) {
    return server.download(attachmentPath(docId, rev, name));
  }

  /** The same as a stream, for attachments too large to hold; the caller closes it. */
  public InputStream openAttachment(String docId, String rev, String name) {
    return server.open(attachmentPath(docId, rev, name));
  }

  private String attachmentPath(String docId, String rev, String name) {
    return "/" + this.name + "/" + encodeDocId(docId) + "/" + percentEncode(name) + "?rev=" + percentEncode(rev);
  }

  /** POST _bulk_docs {"docs":[...],"new_edits":b}; asserts 2xx and no per-document error. */
  public void bulkDocs(String docsJsonArray, boolean newEdits) {
    String body = "{\"docs\":" + docsJsonArray + ",\"new_edits\":" + newEdits + "}";
    HttpResult result = expectSuccess("POST", "/_bulk_docs", body);
    for (JsonNode entry : result.json()) {
      if (entry.has("error")) {
        fail("POST /" + name + "/_bulk_docs rejected a document: " + Json.abbreviate(result.body()));
      }
    }
  }

  /** GET relative to the database: {@code get("/_changes?style=all_docs")}; {@code get("")} is GET /db. */
  public HttpResult get(String pathAndQuery) {
    return request("GET", pathAndQuery, null);
  }

  /** A request relative to the database; the path and query must already be percent-encoded. */
  public HttpResult request(String method, String pathAndQuery, String jsonBody) {
    return server.request(method, "/" + name + pathAndQuery, jsonBody);
  }

  /**
   * Every leaf revision as the server returns it for {@code GET /db/<id>?open_revs=all&revs=true},
   * for every id in {@code _changes?style=all_docs}, each compact JSON, sorted by _id then _rev.
   * Only requests PouchDB Server answers without crashing.
   */
  public List<String> leaves() {
    Set<String> ids = new TreeSet<>();
    String since = "0";
    while (true) {
      JsonNode page =
          expectSuccess(
                  "GET", "/_changes?style=all_docs&limit=" + CHANGES_PAGE + "&since=" + percentEncode(since), null)
              .json();
      JsonNode results = page.path("results");
      if (results.isEmpty()) {
        break;
      }
      results.forEach(row -> ids.add(row.path("id").asText()));
      // Opaque strings on CouchDB, integers on PouchDB Server: passed back verbatim.
      JsonNode last = page.path("last_seq");
      if (last.isMissingNode() || last.isNull()) {
        fail("_changes of " + name + " has no last_seq: " + page);
      }
      since = last.isTextual() ? last.asText() : last.toString();
    }
    List<JsonNode> leaves = new ArrayList<>();
    for (String id : ids) {
      for (JsonNode entry : expectSuccess("GET", "/" + encodeDocId(id) + "?open_revs=all&revs=true", null).json()) {
        if (entry.has("ok")) {
          leaves.add(entry.get("ok"));
        }
      }
    }
    leaves.sort(
        Comparator.comparing((JsonNode doc) -> doc.path("_id").asText())
            .thenComparing(doc -> doc.path("_rev").asText()));
    return leaves.stream().map(Json::write).toList();
  }

  /**
   * The id as one URL path segment: "_design/x y" becomes "_design/x%20y"; any other id is fully
   * percent-encoded as UTF-8 ('/', '+', '%', '?', '#' and space too; space as %20).
   */
  public static String encodeDocId(String docId) {
    if (docId.startsWith(DESIGN_PREFIX)) {
      // CouchDB answers GET _design%2Fx with a 301 to _design/x: keep the slash literal.
      return DESIGN_PREFIX + percentEncode(docId.substring(DESIGN_PREFIX.length()));
    }
    return percentEncode(docId);
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters. */
  static String percentEncode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  /** DELETE /db; a database that is already gone is fine. */
  /**
   * DELETE /db, then waits until the server answers 404 for it: CouchDB 3 may answer 500 "No DB
   * shards could be opened" for a moment after the delete, while its shard cache catches up.
   */
  public void drop() {
    HttpResult result = request("DELETE", "", null);
    if (!result.isSuccess() && result.status() != 404) {
      fail("DELETE /" + name + " answered " + result.status() + ": " + Json.abbreviate(result.body()));
    }
    long deadline = System.nanoTime() + DROP_SETTLE.toNanos();
    HttpResult after = request("GET", "", null);
    while (after.status() != 404 && System.nanoTime() < deadline) {
      pause(DROP_POLL);
      after = request("GET", "", null);
    }
    if (after.status() != 404) {
      fail("GET /" + name + " after its DELETE still answers " + after.status() + ": " + Json.abbreviate(after.body()));
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a dropped database to go", e);
    }
  }

  private HttpResult expectSuccess(String method, String pathAndQuery, String jsonBody) {
    HttpResult result = request(method, pathAndQuery, jsonBody);
    if (!result.isSuccess()) {
      fail(method + " /" + name + pathAndQuery + " answered " + result.status() + ": " + Json.abbreviate(result.body()));
    }
    return result;
  }

  private String revOf(HttpResult result) {
    JsonNode rev = result.json().path("rev");
    if (!rev.isTextual()) {
      fail("no rev in the answer: " + Json.abbreviate(result.body()));
    }
    return rev.asText();
  }

  @Override
  public String toString() {
    return urlWithoutCredentials();
  }
}
