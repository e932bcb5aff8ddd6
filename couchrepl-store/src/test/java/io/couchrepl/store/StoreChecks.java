package io.couchrepl.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the crash tests check of a store after a kill, and how they start the process they kill. */
final class StoreChecks {

    private StoreChecks() {}

    /** SQLite's {@code PRAGMA quick_check}: "ok" for a sound file. */
    static String quickCheck(Path file) throws Exception {
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = sql.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The body files of a store (not what is in {@code tmp/}). */
    static long bodyFiles(SqliteStore store) throws Exception {
        if (!Files.isDirectory(store.attachmentsDirectory())) {
            return 0;
        }
        try (var files = Files.find(store.attachmentsDirectory(), 2, (path, attributes) -> attributes.isRegularFile()
                && !path.getParent().getFileName().toString().equals("tmp"))) {
            return files.count();
        }
    }

    /** {@code main} of a test class in a JVM of its own, to be killed; its stdout is readable. */
    static Process start(Class<?> main, String... args) throws Exception {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaCommand, "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
