package io.couchrepl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a certificate tool ({@code keytool}, {@code openssl}) for a test fixture; a failure says which step and why. */
final class CertificateTool {

    private CertificateTool() {}

    /** Runs {@code program args} in {@code dir} (the current directory when null), within a minute. */
    static void run(Path dir, String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(args));
        String name = Path.of(program).getFileName().toString();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(name + " " + args[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
    }
}
