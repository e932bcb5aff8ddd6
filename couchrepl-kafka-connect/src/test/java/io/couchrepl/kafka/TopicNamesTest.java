package io.couchrepl.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The topic of a database. */
class TopicNamesTest {

    @Test
    void charactersKafkaRefusesAreEscaped() {
        assertThat(TopicNames.topic("couch.", "tenant_1-a")).isEqualTo("couch.tenant_1-a");
        assertThat(TopicNames.topic("couch.", "a/b+c$(d)")).isEqualTo("couch.a.2Fb.2Bc.24.28d.29");
    }

    @Test
    void aTopicLongerThanKafkaTakesIsRefused() {
        assertThatThrownBy(() -> TopicNames.topic("p.", "a".repeat(248)))
                .hasMessageStartingWith("the topic for database aaa").hasMessageContaining("more than Kafka's 249");
    }

    @Test
    void aPrefixHoldsOnlyTopicCharacters() {
        assertThat(TopicNames.isValidPrefix("couch.prod_1-")).isTrue();
        assertThat(TopicNames.isValidPrefix("couch/")).isFalse();
    }
}
