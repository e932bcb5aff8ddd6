package io.couchrepl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class TestServerTest {

  @Test
  void sharedServerAnswersRootRequest() {
    TestServer server = TestServer.shared();

    HttpResult root = server.request("GET", "/", null);

    assertThat(root.status()).isEqualTo(200);
    if (server.kind() == ServerKind.COUCHDB) {
      assertThat(root.json().path("couchdb").asText()).isEqualTo("Welcome");
    } else {
      assertThat(root.json().path("express-pouchdb").asText()).isEqualTo("Welcome!");
    }
    assertThat(root.headers().get("content-type")).anySatisfy(type -> assertThat(type).startsWith("application/json"));
  }

  @Test
  void sharedServerIsStartedOnce() {
    assertThat(TestServer.shared()).isSameAs(TestServer.shared());
  }

  @Test
  void urlsHaveNoTrailingSlashAndOnlyUrlCarriesCredentials() {
    TestServer server = TestServer.shared();

    assertThat(server.url()).doesNotEndWith("/").endsWith(":" + server.port());
    assertThat(server.urlWithoutCredentials()).doesNotContain("@").doesNotEndWith("/");
    if (System.getenv("COUCHDB_URL") == null) {
      assertThat(server.urlWithoutCredentials()).isEqualTo("http://127.0.0.1:" + server.port());
      assertThat(server.url())
          .isEqualTo(server.kind() == ServerKind.COUCHDB
              ? "http://admin:secret@127.0.0.1:" + server.port()
              : server.urlWithoutCredentials());
    }
  }

  @Test
  void sendsCredentialsFromTheUrl() {
    TestServer server = TestServer.shared();

    HttpResult session = server.request("GET", "/_session", null);

    assertThat(session.status()).isEqualTo(200);
    assertThat(session.json().path("userCtx").path("roles").toString()).contains("_admin");
  }

  @Test
  void createDbMakesUniqueValidNamesFromAnyPrefix() {
    TestServer server = TestServer.shared();

    TestDb first = server.createDb("Odd Prefix/+$!");
    TestDb second = server.createDb("Odd Prefix/+$!");

    assertThat(first.name()).matches("odd-prefix-----\\d+-[a-z0-9]{5}");
    assertThat(second.name()).isNotEqualTo(first.name());
    assertThat(first.url()).isEqualTo(server.url() + "/" + first.name());
    assertThat(first.get("").json().path("db_name").asText()).isEqualTo(first.name());
    first.drop();
    second.drop();
  }

  @Test
  void dbNamesStartWithALetter() {
    assertThat(TestServer.dbName("9lives")).matches("db-9lives-\\d+-[a-z0-9]{5}");
    assertThat(TestServer.dbName("")).matches("db--\\d+-[a-z0-9]{5}");
  }

  @Test
  void droppedDbIsGone() {
    TestDb db = TestServer.shared().createDb("drop");

    db.drop();

    assertThat(db.get("").status()).isEqualTo(404);
  }

  @Test
  void startNewServerIsDedicatedAndStopsOnClose() {
    assumeTrue(System.getenv("COUCHDB_URL") == null, "COUCHDB_URL names a server the fixture does not own");
    ServerKind kind = TestServer.shared().kind();

    TestServer server = TestServer.startNew(kind);
    try (server) {
      assertThat(server.kind()).isEqualTo(kind);
      assertThat(server.port()).isNotEqualTo(TestServer.shared().port());
      assertThat(server.request("GET", "/", null).status()).isEqualTo(200);
    }

    assertThatThrownBy(() -> server.request("GET", "/", null)).isInstanceOf(UncheckedIOException.class);
    assertThat(TestServer.shared().request("GET", "/", null).status()).isEqualTo(200);
  }
}
