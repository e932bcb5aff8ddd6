package io.couchrepl;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what a replication running on its own thread will make true. */
final class Eventually {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Eventually() {}

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
