package io.couchrepl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A secret an option names: given as the argument itself (visible to every user of the machine in
 * the process list), read from a file, or from an environment variable; at most one of the three.
 * A mistake is a one-line usage error that names the option and never repeats the secret.
 */
final class Secrets {

    private Secrets() {}

    /**
     * The secret from {@code argument}, the first line of {@code file}, or environment variable
     * {@code envName}, whichever is given; empty when none is.
     *
     * @param option the option's stem, such as {@code --cacert-password}: the others are
     *               {@code option + "-file"} and {@code option + "-env"}
     */
    static Optional<String> read(String option, String argument, Path file, String envName,
            UnaryOperator<String> environment) {
        int given = (argument != null ? 1 : 0) + (file != null ? 1 : 0) + (envName != null ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("give " + option + " once: " + option + ", " + option + "-file or "
                    + option + "-env, not more than one");
        }
        if (argument != null) {
            return Optional.of(argument);
        }
        if (file != null) {
            return Optional.of(firstLine(file, option.substring(2).replace('-', ' ') + " file"));
        }
        if (envName != null) {
            String value = environment.apply(envName);
            if (value == null) {
                throw new IllegalArgumentException(option + "-env names " + envName + ", which is not set");
            }
            return Optional.of(value);
        }
        return Optional.empty();
    }

    /**
     * The file's first line: editors and {@code echo} end it with a newline that is not part of the
     * secret. {@code what} names the file in messages ("password file").
     */
    static String firstLine(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + " (no such file)");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + " (permission denied)");
        } catch (IOException e) {
            // NIO messages are often just the path again; the exception's kind says more.
            String why = e.getMessage() == null || e.getMessage().equals(file.toString())
                    ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException("cannot read " + what + " " + file + " (" + why + ")");
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + " is empty");
        }
        return line;
    }
}
