package io.couchrepl.http;

import io.couchrepl.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an answer that is not a success into a {@link CouchHttpException}. */
final class Refusals {

    private static final int MAX_BODY = 64 * 1024;

    private Refusals() {}

    /**
     * CouchDB's {@code error} and {@code reason} when the body is its JSON, else the first line of
     * whatever came (a proxy's HTML page, an empty body); plus {@code Retry-After}.
     */
    static CouchHttpException read(String method, String url, Response response) {
        int status = response.status();
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "";
        }
        String error = "http_" + status;
        String reason = "";
        try {
            JsonNode node = Jackson.mapper().readTree(text);
            if (node != null && node.isObject()) {
                error = node.path("error").asText(error);
                reason = node.path("reason").asText("");
            }
        } catch (IOException notJson) {
            String firstLine = text.strip().lines().findFirst().orElse("");
            reason = firstLine.length() > 200 ? firstLine.substring(0, 200) + "..." : firstLine;
        }
        return new CouchHttpException(status, error, reason, method, url, retryAfter(response.headers()));
    }

    /** {@code Retry-After} as seconds or as an HTTP date; absent when missing or unreadable. */
    static Optional<Duration> retryAfter(Headers headers) {
        Optional<String> value = headers.first("Retry-After").map(String::strip);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
