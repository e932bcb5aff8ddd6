package io.couchrepl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataSetTest {

    private final DataSet data = new DataSet(200, DataSet.DEFAULT_SEED);

    @Test
    void holdsEveryShapeAtItsShareWithAboutOneKilobytePerDocument() throws Exception {
        JsonNode docs = new ObjectMapper().readTree(data.bulkDocs(0, 200));
        int deleted = 0;
        int history = 0;
        Set<String> ids = new HashSet<>();
        long bodyBytes = 0;
        for (JsonNode doc : docs) {
            ids.add(doc.get("_id").asText());
            if (doc.path("_deleted").asBoolean()) {
                deleted++;
            } else {
                bodyBytes += doc.toString().length();
            }
            if (doc.get("_revisions").get("ids").size() == 3) {
                history++;
            }
        }
        assertThat(ids).hasSize(200);
        assertThat(docs.size()).as("one entry per leaf").isEqualTo(data.leaves()).isEqualTo(210);
        assertThat(deleted).isEqualTo(10);
        assertThat(history).isEqualTo(20);
        assertThat(bodyBytes / (docs.size() - deleted)).isBetween(900L, 1300L);
    }

    @Test
    void theSameSeedGivesTheSameDocuments() {
        assertThat(new DataSet(200, DataSet.DEFAULT_SEED).bulkDocs(50, 60)).isEqualTo(data.bulkDocs(50, 60));
        assertThat(new DataSet(200, 8).bulkDocs(50, 60)).isNotEqualTo(data.bulkDocs(50, 60));
    }
}
