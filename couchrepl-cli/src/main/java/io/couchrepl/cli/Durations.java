package io.couchrepl.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as options take them: {@code 30} or {@code 30s} seconds, {@code 500ms}, {@code 2m}. */
final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private Durations() {}

    /** The duration of {@code text}; a one-line usage error naming {@code option} when it is none. */
    static Duration parse(String option, String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " must be a duration such as 30, 30s, 500ms or 2m, got \""
                    + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
