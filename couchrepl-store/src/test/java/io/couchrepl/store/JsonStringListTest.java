package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonStringListTest {

    @Test
    void roundTripsStringsWithQuotesBackslashesAndControlCharacters() {
        List<String> strings = List.of("", "abc", "q\"uote", "back\\slash", "line\nfeed\u0000\u001f", "\u00E9\uD83D\uDE00");

        String json = JsonStringList.write(strings);

        assertThat(json).isEqualTo("[\"\",\"abc\",\"q\\\"uote\",\"back\\\\slash\",\"line\\u000afeed\\u0000\\u001f\",\"\u00E9\uD83D\uDE00\"]");
        assertThat(JsonStringList.parse(json)).isEqualTo(strings);
    }

    @Test
    void readsAnEmptyListAndJsonWrittenByOtherTools() {
        assertThat(JsonStringList.parse("[]")).isEmpty();
        assertThat(JsonStringList.parse(" [ \"a\" , \"\\/\\t\\u00e9\" ] ")).containsExactly("a", "/\t\u00E9");
    }

    @Test
    void failsOnAnythingButAListOfStrings() {
        assertThatThrownBy(() -> JsonStringList.parse("[1]"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("damaged store: not a JSON list of strings: [1]");
        assertThatThrownBy(() -> JsonStringList.parse("[\"a\"")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JsonStringList.parse("[\"a\"] x")).isInstanceOf(IllegalStateException.class);
    }
}
