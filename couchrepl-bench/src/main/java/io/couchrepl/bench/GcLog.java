package io.couchrepl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JVM's peak heap from its unified GC log ({@code -Xlog:gc,gc+heap+exit:file=...}): the
 * largest heap in use before any collection, or at exit if that was larger.
 */
final class GcLog {

    /** The JVM options that write the log this class reads. */
    static String options(Path log) {
        return "-Xlog:gc,gc+heap+exit:file=" + log;
    }

    // "GC(3) Pause Young (Normal) (G1 Evacuation Pause) 28M->20M(256M) 7.156ms"
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) .*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    // " garbage-first heap   total 262144K, used 171373K" (Serial and Parallel print one line per generation)
    private static final Pattern EXIT = Pattern.compile("\\[gc,heap,exit\\s*\\].*total (\\d+)K, used (\\d+)K");

    private GcLog() {}

    /** Peak heap in use, in MiB; empty when the log holds neither a collection nor the exit summary. */
    static OptionalLong peakUsedMb(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return OptionalLong.empty();
        }
        long peak = -1;
        long exitUsedKb = 0;
        boolean sawExit = false;
        for (String line : Files.readAllLines(log)) {
            Matcher pause = PAUSE.matcher(line);
            if (pause.find()) {
                peak = Math.max(peak, Long.parseLong(pause.group(1)));
                continue;
            }
            Matcher exit = EXIT.matcher(line);
            if (exit.find()) {
                sawExit = true;
                exitUsedKb += Long.parseLong(exit.group(2));
            }
        }
        if (sawExit) {
            peak = Math.max(peak, (exitUsedKb + 1023) / 1024);
        }
        return peak < 0 ? OptionalLong.empty() : OptionalLong.of(peak);
    }
}
