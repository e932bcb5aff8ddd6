package io.couchrepl.kafka;

import java.nio.charset.StandardCharsets;

/**
 * The topic of a database: {@code topic.prefix} plus the database's name, in which each character
 * Kafka refuses in a topic name ({@code $ ( ) + /}, anything outside {@code a-z A-Z 0-9 . _ -}) is
 * written as {@code .} and its two hex digits: {@code tenant/a+b} becomes {@code tenant.2Fa.2Bb}.
 * CouchDB database names never hold a {@code .}, so no two databases share a topic.
 */
final class TopicNames {

    /** Kafka's longest topic name. */
    static final int MAX_LENGTH = 249;

    private TopicNames() {}

    static String topic(String prefix, String database) {
        StringBuilder topic = new StringBuilder(prefix);
        for (byte b : database.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                topic.append((char) c);
            } else {
                topic.append('.').append(String.format("%02X", c));
            }
        }
        if (topic.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the topic for database " + database + " would be " + topic.length()
                    + " characters long, more than Kafka's " + MAX_LENGTH + ": choose a shorter topic.prefix");
        }
        return topic.toString();
    }

    /** Whether a prefix holds only characters Kafka takes in a topic name. */
    static boolean isValidPrefix(String prefix) {
        return prefix.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.');
    }
}
