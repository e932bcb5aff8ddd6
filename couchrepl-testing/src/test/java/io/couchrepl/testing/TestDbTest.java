package io.couchrepl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestDbTest {

  private TestDb db;

  @AfterEach
  void dropDb() {
    if (db != null) {
      db.drop();
    }
  }

  @Test
  void leavesListEveryLeafIncludingConflictsAndDeletions() {
    db = TestServer.shared().createDb("leaves");
    String a1 = db.put("a", "{\"v\":1}");
    String a2 = db.put("a", "{\"_rev\":\"" + a1 + "\",\"v\":2}");
    String gone1 = db.put("gone", "{\"v\":1}");
    String gone2 = db.delete("gone", gone1);
    String branch = "f".repeat(32);
    db.bulkDocs(
        "[{\"_id\":\"a\",\"_rev\":\"2-" + branch + "\",\"v\":\"branch\","
            + "\"_revisions\":{\"start\":2,\"ids\":[\"" + branch + "\",\"" + hash(a1) + "\"]}}]",
        false);

    List<String> leaves = db.leaves();

    assertThat(leaves).hasSize(3);
    assertThat(leaves).allSatisfy(leaf -> assertThat(leaf).doesNotContain(" ", "\n"));
    List<String> sortedRevs = List.of(a2, "2-" + branch).stream().sorted().toList();
    assertThat(leaves.subList(0, 2).stream().map(leaf -> Json.parse(leaf).path("_rev").asText()))
        .containsExactlyElementsOf(sortedRevs);
    assertThat(leaves.stream().map(Json::parse))
        .contains(
            Json.parse("{\"_id\":\"a\",\"_rev\":\"" + a2 + "\",\"v\":2,"
                + "\"_revisions\":{\"start\":2,\"ids\":[\"" + hash(a2) + "\",\"" + hash(a1) + "\"]}}"),
            Json.parse("{\"_id\":\"a\",\"_rev\":\"2-" + branch + "\",\"v\":\"branch\","
                + "\"_revisions\":{\"start\":2,\"ids\":[\"" + branch + "\",\"" + hash(a1) + "\"]}}"));
    assertThat(Json.parse(leaves.get(2)))
        .isEqualTo(Json.parse("{\"_id\":\"gone\",\"_rev\":\"" + gone2 + "\",\"_deleted\":true,"
            + "\"_revisions\":{\"start\":2,\"ids\":[\"" + hash(gone2) + "\",\"" + hash(gone1) + "\"]}}"));
  }

  @Test
  void leavesOfAnEmptyDbAreEmpty() {
    db = TestServer.shared().createDb("empty");

    assertThat(db.leaves()).isEmpty();
  }

  @Test
  void oddDocIdsRoundTripThroughPutAndGet() {
    db = TestServer.shared().createDb("ids");
    List<String> ids =
        List.of("a/b", "with space", "plus+sign", "100%", "what?", "#hash", "semi;colon&eq=",
            "ünïcødé-日本-😀", "_design/x y");

    for (String id : ids) {
      db.put(id, "{\"id\":" + quote(id) + "}");
    }

    for (String id : ids) {
      HttpResult doc = db.get("/" + TestDb.encodeDocId(id));
      assertThat(doc.status()).as(id).isEqualTo(200);
      assertThat(doc.json().path("_id").asText()).isEqualTo(id);
      assertThat(doc.json().path("id").asText()).isEqualTo(id);
    }
    assertThat(db.leaves().stream().map(leaf -> Json.parse(leaf).path("_id").asText()))
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void encodeDocIdPercentEncodesEverythingButUnreservedCharacters() {
    assertThat(TestDb.encodeDocId("_design/x y")).isEqualTo("_design/x%20y");
    assertThat(TestDb.encodeDocId("_design/a/b")).isEqualTo("_design/a%2Fb");
    assertThat(TestDb.encodeDocId("_local/x")).isEqualTo("_local%2Fx");
    assertThat(TestDb.encodeDocId("a/b")).isEqualTo("a%2Fb");
    assertThat(TestDb.encodeDocId("a+b c")).isEqualTo("a%2Bb%20c");
    assertThat(TestDb.encodeDocId("100%")).isEqualTo("100%25");
    assertThat(TestDb.encodeDocId("what?#x")).isEqualTo("what%3F%23x");
    assertThat(TestDb.encodeDocId("é😀")).isEqualTo("%C3%A9%F0%9F%98%80");
    assertThat(TestDb.encodeDocId("Plain-id_1.~")).isEqualTo("Plain-id_1.~");
    assertThat(TestDb.encodeDocId("_designer")).isEqualTo("_designer");
  }

  @Test
  void putFailsOnAConflict() {
    db = TestServer.shared().createDb("conflict");
    db.put("a", "{}");

    assertThatThrownBy(() -> db.put("a", "{}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("409");
  }

  @Test
  void bulkDocsFailsWhenTheServerRejectsADocument() {
    db = TestServer.shared().createDb("bulk");
    db.put("a", "{}");

    assertThatThrownBy(() -> db.bulkDocs("[{\"_id\":\"b\"},{\"_id\":\"a\"}]", true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("conflict");
  }

  @Test
  void requestsAreRelativeToTheDb() {
    db = TestServer.shared().createDb("relative");
    db.put("a", "{}");

    HttpResult changes = db.get("/_changes?style=all_docs");
    HttpResult allDocs = db.request("POST", "/_all_docs", "{\"keys\":[\"a\"]}");

    assertThat(changes.json().path("results")).hasSize(1);
    assertThat(allDocs.json().path("rows").get(0).path("id").asText()).isEqualTo("a");
    assertThat(db.urlWithoutCredentials()).isEqualTo(db.server().urlWithoutCredentials() + "/" + db.name());
  }

  private static String hash(String rev) {
    return rev.substring(rev.indexOf('-') + 1);
  }

  private static String quote(String text) {
    return Json.write(TextNode.valueOf(text));
  }
}
