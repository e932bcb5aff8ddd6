package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CouchUrlTest {

    @Test
    void keepsCredentialsOutOfItsPrintedForm() {
        CouchUrl url = CouchUrl.parse("http://admin:s3cr%40t@127.0.0.1:5984/my%2Fdb/");
        assertThat(url.toString()).isEqualTo("http://127.0.0.1:5984/my%2Fdb");
        assertThat(url.username()).hasValue("admin");
        assertThat(url.credentials().orElseThrow().basicAuthorization()).isEqualTo("Basic "
                + java.util.Base64.getEncoder().encodeToString("admin:s3cr@t".getBytes()));
        assertThat(url.credentials().orElseThrow().toString()).doesNotContain("s3cr@t");
    }

    @Test
    void aUrlWithAUserButNoPasswordLeavesThePasswordToBeGivenElsewhere() {
        CouchUrl url = CouchUrl.parse("http://admin@127.0.0.1:5984/db");
        assertThat(url.username()).hasValue("admin");
        assertThat(url.hasPassword()).isFalse();
        assertThat(url.credentials()).isEmpty();
        assertThat(CouchUrl.parse("http://admin:@127.0.0.1:5984/db").credentials()).isPresent();
    }

    @Test
    void findsTheSessionEndpointBesideTheDatabaseKeepingAPathPrefix() {
        assertThat(CouchUrl.parse("http://h:5984/db").resolveServer("/_session"))
                .hasToString("http://h:5984/_session");
        assertThat(CouchUrl.parse("https://h/couch/my%2Fdb").resolveServer("/_session"))
                .hasToString("https://h/couch/_session");
    }

    @Test
    void showsNoPasswordOfAUrlThatDoesNotParse() {
        assertThatThrownBy(() -> CouchUrl.parse("http://u:pa/ss@h:5984/db")).hasMessageNotContaining("pa/ss")
                .hasMessageNotContaining("ss@");
        assertThatThrownBy(() -> CouchUrl.parse("admin:hunter2@127.0.0.1:5984/db")).hasMessageNotContaining("hunter2")
                .hasMessageContaining("admin:***@127.0.0.1");
        assertThatThrownBy(() -> CouchUrl.parse("http://u:p@ss@h/")).hasMessageNotContaining("p@ss");
    }

    @Test
    void refusesUrlsWithoutSchemeHostOrDatabaseWithoutRepeatingThePassword() {
        assertThatThrownBy(() -> CouchUrl.parse("ftp://u:hunter2@h/db")).hasMessageNotContaining("hunter2")
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> CouchUrl.parse("http://u:hunter2@127.0.0.1:5984/")).hasMessageNotContaining("hunter2")
                .hasMessageContaining("no database name");
        assertThatThrownBy(() -> CouchUrl.parse("not a url")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redactsPasswordsInFreeText() {
        assertThat(CouchUrl.redact("GET http://bob:pa55@h:1/db failed")).isEqualTo("GET http://bob:***@h:1/db failed");
    }

    @Test
    void encodesDocumentIdsForPaths() {
        assertThat(DocIdPath.of("_design/app")).isEqualTo("_design/app");
        assertThat(DocIdPath.of("a/b c+d%e?f#g")).isEqualTo("a%2Fb%20c%2Bd%25e%3Ff%23g");
        assertThat(DocIdPath.of("ü")).isEqualTo("%C3%BC");
    }
}
