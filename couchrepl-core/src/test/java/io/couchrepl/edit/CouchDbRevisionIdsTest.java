package io.couchrepl.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.InvalidDocumentException;
import io.couchrepl.testing.HttpResult;
import io.couchrepl.testing.ServerKind;
import io.couchrepl.testing.TestDb;
import io.couchrepl.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same edits made on the real CouchDB and in a local store get the same revision ids: a first
 * revision, an update, a delete and a re-creation, for bodies of every JSON shape. PouchDB Server
 * computes its ids differently by design, so there is nothing to compare there.
 */
class CouchDbRevisionIdsTest {

    private static TestDb db;

    @BeforeAll
    static void createDatabase() {
        assumeTrue(TestServer.shared().kind() == ServerKind.COUCHDB, "PouchDB Server's revision ids are its own");
        db = TestServer.shared().createDb("revids");
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.drop();
        }
    }

    static Stream<String> bodies() {
        StringBuilder longString = new StringBuilder();
        for (int i = 0; i < 70_000; i++) {
            longString.append((char) ('a' + i % 26));
        }
        StringBuilder longList = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            longList.append(i == 0 ? "" : ",").append(i * 7919);
        }
        longList.append(']');
        return Stream.of(
                "{\"name\":\"identical\",\"n\":1}",
                "{}",
                "{\"nested\":{\"a\":{\"b\":{\"c\":[1,[2,[3,{}]],{\"d\":null}]}}},\"empty_obj\":{},\"empty_arr\":[]}",
                "{\"s\":\"\u00e9t\u00e9 \u2013 \u65e5\u672c\u8a9e \uD83D\uDE00\",\"k\u00e9y\":\"\\u0000\\t\\\"\\\\/\\u00e9\"}",
                "{\"ints\":[0,255,256,-1,-255,-2147483648,2147483647,2147483648,-2147483649,9223372036854775807,"
                        + "9223372036854775808,-9223372036854775809,123456789012345678901234567890123456789]}",
                "{\"huge\":1" + "0".repeat(307) + ",\"negative_huge\":-9" + "9".repeat(300) + "}",
                "{\"floats\":[1.0,1.5,-0.0,0.1,1e2,1E-7,6.02214076e23,1.7976931348623157e308,5e-324,"
                        + "3.141592653589793,-2.5E+10,100.00]}",
                // Where jiffy does not give the correctly rounded double: long texts and strtod's range errors.
                "{\"jiffy\":[5e-324,3e-324,2.5e-324,1e-400,1.0e-400,4e-320,-5e-324,22250738585072011e-324,"
                        + "166153499473114511783091993099370501e0,1000000000000000000000000000000e23,"
                        + "1234567890123456789012345678901234567e-17,12345678901234567890123456789012345e210,"
                        + "0.12345678901234567890123456789012345678]}",
                "{\"t\":true,\"f\":false,\"n\":null,\"mixed\":[true,false,null,\"\",0,0.0]}",
                "{\"a\":1,\"b\":{\"x\":1,\"x\":2},\"a\":3}",
                "{\"_access\":[\"alice\"],\"_replication_state\":\"completed\",\"v\":1}",
                "{\"long\":\"" + longString + "\",\"list\":" + longList + "}");
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void aCreateAnUpdateADeleteAndARecreationGetCouchDbsRevisionIds(String body) throws Exception {
        String id = "doc-" + Integer.toHexString(body.hashCode());
        MemoryStore store = new MemoryStore();

        String created = db.put(id, body);
        assertThat(store.put(id, body)).isEqualTo(Rev.parse(created));

        String changed = body.equals("{}") ? "{\"added\":true}" : body.replaceFirst("\\}$", ",\"added\":true}");
        String updated = db.put(id, withRev(changed, created));
        assertThat(store.put(id, withRev(changed, created))).isEqualTo(Rev.parse(updated));

        String deleted = db.delete(id, updated);
        assertThat(store.delete(id, Rev.parse(updated))).isEqualTo(Rev.parse(deleted));

        String recreated = db.put(id, body);
        assertThat(store.put(id, body)).isEqualTo(Rev.parse(recreated));
        assertThat(Rev.parse(recreated).pos()).isEqualTo(4);
    }

    @Test
    void anIntegerBeyondADoubleIsRefusedAsCouchDbFailsOnIt() {
        String body = "{\"i\":1" + "0".repeat(309) + "}";

        assertThat(db.request("PUT", "/too-big", body).status()).isEqualTo(500);
        assertThatThrownBy(() -> new MemoryStore().put("too-big", body))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("is too large: CouchDB 3.5 fails on integers it cannot turn into a double");
    }

    @Test
    void aDeletionByPutKeepsItsBodyInTheHash() throws Exception {
        MemoryStore store = new MemoryStore();
        String created = db.put("put-deleted", "{\"v\":1}");
        store.put("put-deleted", "{\"v\":1}");
        String body = withRev("{\"_deleted\":true,\"why\":\"obsolete\"}", created);

        String deleted = db.put("put-deleted", body);

        assertThat(store.put("put-deleted", body)).isEqualTo(Rev.parse(deleted));
        assertThat(store.get("put-deleted", Rev.parse(deleted)).body()).isEqualTo("{\"why\":\"obsolete\"}");
    }

    @Test
    void editingALosingLeafOfAReplicatedConflictGetsCouchDbsId() throws Exception {
        db.bulkDocs("[{\"_id\":\"c\",\"_rev\":\"1-aaa\",\"v\":\"a\"},"
                + "{\"_id\":\"c\",\"_rev\":\"1-bbb\",\"v\":\"b\"}]", false);
        MemoryStore store = new MemoryStore();
        store.writeDocs(List.of(
                new io.couchrepl.protocol.DocRevision("c", Rev.parse("1-aaa"), false, List.of("aaa"), "{\"v\":\"a\"}"),
                new io.couchrepl.protocol.DocRevision("c", Rev.parse("1-bbb"), false, List.of("bbb"), "{\"v\":\"b\"}")));

        String resolved = db.delete("c", "1-aaa");
        String edited = db.put("c", withRev("{\"v\":\"b2\"}", "1-bbb"));

        assertThat(store.delete("c", Rev.parse("1-aaa"))).isEqualTo(Rev.parse(resolved));
        assertThat(store.put("c", withRev("{\"v\":\"b2\"}", "1-bbb"))).isEqualTo(Rev.parse(edited));
        assertThat(store.openRevs("c")).extracting(r -> r.rev().toString())
                .containsExactlyElementsOf(openRevs("c"));
    }

    @Test
    void attachmentsEnterTheHashAsNameTypeAndDigestInReverseOrder() {
        // Inline data: CouchDB stores the text/plain one gzipped and the other as it is; the digest it
        // reports is the one it hashed either way.
        String body = "{\"v\":1,\"_attachments\":{"
                + "\"z.bin\":{\"content_type\":\"application/octet-stream\",\"data\":\"AAECAwQFBgc=\"},"
                + "\"a.txt\":{\"content_type\":\"text/plain\",\"data\":\"" + "aGVsbG8gd29ybGQK".repeat(40) + "\"}}}";
        String created = db.put("atts", body);
        JsonNode stubs = db.get("/atts").json().get("_attachments");
        List<RevisionHasher.AttachmentDigest> digests = new ArrayList<>();
        for (String name : List.of("z.bin", "a.txt")) {
            JsonNode stub = stubs.get(name);
            digests.add(new RevisionHasher.AttachmentDigest(
                    name, stub.get("content_type").asText(), stub.get("digest").asText()));
        }

        Rev computed = RevisionHasher.next(Optional.empty(), false, (EJson.Obj) EJsonText.parse("{\"v\":1}"), digests);

        assertThat(computed).isEqualTo(Rev.parse(created));
    }

    private static List<String> openRevs(String id) {
        HttpResult result = db.get("/" + id + "?open_revs=all");
        List<String> revs = new ArrayList<>();
        result.json().forEach(entry -> revs.add(entry.get("ok").get("_rev").asText()));
        return revs;
    }

    private static String withRev(String body, String rev) {
        String rest = body.substring(1).strip();
        return "{\"_rev\":\"" + rev + "\"" + (rest.equals("}") ? "}" : "," + rest);
    }
}
