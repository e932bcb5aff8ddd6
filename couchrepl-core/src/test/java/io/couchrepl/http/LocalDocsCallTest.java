package io.couchrepl.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.spi.WriteRefusedException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code _local} documents, on the exchanges of EXCHANGES.md section 7. */
class LocalDocsCallTest {

    @Test
    void sendsTheRevisionLastSeenWithTheNextWrite() throws Exception {
        try (RecordedServer server = RecordedServer.answering(r -> r.method().equals("GET")
                ? RecordedServer.Answer.json(200, "{\"_id\":\"_local/ckpt\",\"_rev\":\"0-1\",\"last_seq\":\"42-g1AAAAB...\","
                        + "\"note\":\"checkpoint v1\"}")
                : RecordedServer.Answer.json(201, "{\"ok\":true,\"id\":\"_local/ckpt\",\"rev\":\"0-2\"}"))) {
            LocalDocsCall local = new LocalDocsCall(server.client("loc"));

            assertThat(local.getLocal("_local/ckpt")).hasValueSatisfying(json -> assertThat(json).contains("checkpoint v1"));
            local.putLocal("_local/ckpt", "{\"last_seq\":\"43-g1AAAAB...\",\"note\":\"checkpoint v2\"}");
            local.putLocal("_local/ckpt", "{\"last_seq\":\"44-g1AAAAB...\"}");

            assertThat(server.requests()).extracting(r -> r.method() + " " + r.pathAndQuery())
                    .containsExactly("GET /loc/_local/ckpt", "PUT /loc/_local/ckpt", "PUT /loc/_local/ckpt");
            assertThat(Json.MAPPER.readTree(server.requests().get(1).body()).get("_rev").asText()).isEqualTo("0-1");
            assertThat(Json.MAPPER.readTree(server.requests().get(2).body()).get("_rev").asText()).isEqualTo("0-2");
        }
    }

    @Test
    void aMissingLocalDocumentIsAbsent() throws Exception {
        try (RecordedServer server = RecordedServer.answering(
                    r -> RecordedServer.Answer.json(404, "{\"error\":\"not_found\",\"reason\":\"missing\"}"))) {
            assertThat(new LocalDocsCall(server.client("loc")).getLocal("_local/none")).isEmpty();
        }
    }

    @Test
    void aConflictIsAnsweredByReadingTheCurrentRevisionOnce() throws Exception {
        AtomicInteger puts = new AtomicInteger();
        try (RecordedServer server = RecordedServer.answering(r -> r.method().equals("GET")
                ? RecordedServer.Answer.json(200, "{\"_id\":\"_local/ckpt\",\"_rev\":\"0-7\"}")
                : puts.getAndIncrement() == 0
                        ? RecordedServer.Answer.json(409, "{\"error\":\"conflict\",\"reason\":\"Document update conflict.\"}")
                        : RecordedServer.Answer.json(201, "{\"ok\":true,\"id\":\"_local/ckpt\",\"rev\":\"0-8\"}"))) {
            new LocalDocsCall(server.client("loc")).putLocal("_local/ckpt", "{\"n\":1}");

            assertThat(server.requests()).extracting(RecordedServer.Request::method).containsExactly("PUT", "GET", "PUT");
            assertThat(Json.MAPPER.readTree(server.requests().get(2).body()).get("_rev").asText()).isEqualTo("0-7");
        }
    }

    @Test
    void aWriteRefusedForLackOfRightsIsTypedAsSuch() throws Exception {
        try (RecordedServer server = RecordedServer.answering(
                    r -> RecordedServer.Answer.json(403, "{\"error\":\"forbidden\",\"reason\":\"read-only\"}"))) {
            assertThatThrownBy(() -> new LocalDocsCall(server.client("loc")).putLocal("_local/ckpt", "{}"))
                    .isInstanceOf(WriteRefusedException.class)
                    .hasMessageEndingWith("/loc/_local/ckpt answered 403 forbidden: read-only")
                    .hasCauseInstanceOf(CouchHttpException.class);
        }
    }
}
