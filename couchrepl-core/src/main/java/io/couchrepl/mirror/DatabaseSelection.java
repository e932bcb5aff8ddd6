package io.couchrepl.mirror;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which databases of a server to keep in step: those named, and those whose whole name the
 * {@code include} pattern matches. System databases (names starting with {@code _}: {@code _users},
 * {@code _replicator}, ...) are left out unless named.
 */
public record DatabaseSelection(Set<String> names, Optional<Pattern> include) {

    public DatabaseSelection {
        names = Set.copyOf(new LinkedHashSet<>(names));
        Objects.requireNonNull(include, "include");
        if (names.isEmpty() && include.isEmpty()) {
            throw new IllegalArgumentException("a database selection needs names or an include pattern");
        }
    }

    /** Every database of the server but the system ones. */
    public static DatabaseSelection all() {
        return new DatabaseSelection(Set.of(), Optional.of(Pattern.compile(".*")));
    }

    /**
     * The databases whose name matches {@code regex}.
     *
     * @throws IllegalArgumentException naming the pattern's error, for a pattern that does not compile
     */
    public static DatabaseSelection matching(String regex) {
        return new DatabaseSelection(Set.of(), Optional.of(compile(regex)));
    }

    /** Exactly these databases. */
    public static DatabaseSelection named(List<String> names) {
        return new DatabaseSelection(new LinkedHashSet<>(names), Optional.empty());
    }

    /** A regular expression, or an error that says what is wrong with it in one line. */
    public static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a regular expression: " + regex + " (" + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + ")", e);
        }
    }

    /** Whether the selection has a pattern, and so must list the server's databases. */
    public boolean needsListing() {
        return include.isPresent();
    }

    public boolean selects(String database) {
        if (names.contains(database)) {
            return true;
        }
        return !database.startsWith("_") && include.map(p -> p.matcher(database).matches()).orElse(false);
    }

    /** The selected databases among a server's. Named ones are kept even when the list lacks them. */
    public Set<String> select(List<String> allDbs) {
        Set<String> selected = new LinkedHashSet<>(names);
        for (String db : allDbs) {
            if (selects(db)) {
                selected.add(db);
            }
        }
        return selected;
    }
}
