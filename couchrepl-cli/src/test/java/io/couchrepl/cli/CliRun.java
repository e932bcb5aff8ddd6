package io.couchrepl.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the command: its exit code, stdout and stderr (standard input replaced when given). */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return run(args);
    }

    /** A run whose standard input holds {@code input}. */
    static CliRun withInput(byte[] input, String... args) {
        InputStream previousIn = System.in;
        System.setIn(new ByteArrayInputStream(input));
        try {
            return run(args);
        } finally {
            System.setIn(previousIn);
        }
    }

    private static CliRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previousErr = System.err;
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setErr(errStream);
        try {
            int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8), errStream);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(previousErr);
        }
    }
}
