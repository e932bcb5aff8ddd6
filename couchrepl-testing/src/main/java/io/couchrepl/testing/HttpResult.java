package io.couchrepl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One answer of the test server: status, body text and headers (names looked up case-insensitively).
 */
public record HttpResult(int status, String body, Map<String, List<String>> headers) {

  public HttpResult {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
  }

  /** The body parsed as JSON, numbers kept exactly as written; fails with the body in the message. */
  public JsonNode json() {
    return Json.parse(body);
  }

  boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
