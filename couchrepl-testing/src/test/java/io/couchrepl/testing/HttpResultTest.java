package io.couchrepl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpResultTest {

  @Test
  void jsonKeepsNumbersExactly() {
    HttpResult result = new HttpResult(200, "{\"a\":1.10,\"b\":12345678901234567890123,\"c\":1e400}", Map.of());

    assertThat(Json.write(result.json())).isEqualTo("{\"a\":1.10,\"b\":12345678901234567890123,\"c\":1E+400}");
  }

  @Test
  void jsonFailsWithTheBodyWhenItIsNotJson() {
    HttpResult result = new HttpResult(500, "<html>oops</html>", Map.of());

    assertThatThrownBy(result::json).hasMessageContaining("<html>oops</html>");
  }
}
