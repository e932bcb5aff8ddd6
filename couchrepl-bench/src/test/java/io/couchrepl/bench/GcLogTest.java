package io.couchrepl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {

    @TempDir
    Path dir;

    @Test
    void peakIsTheLargestHeapBeforeACollectionOrAtExit() throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, """
                [0.006s][info][gc] Using G1
                [0.733s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 12M->4M(256M) 12.859ms
                [0.912s][info][gc] GC(2) Pause Young (Normal) (G1 Evacuation Pause) 84M->18M(256M) 6.696ms
                [1.020s][info][gc,heap,exit] Heap
                [1.020s][info][gc,heap,exit]  garbage-first heap   total 262144K, used 71373K [0x00000000f0000000, 0x0000000100000000)
                [1.020s][info][gc,heap,exit]  Metaspace       used 9338K, committed 9536K, reserved 1114112K
                """);

        assertThat(GcLog.peakUsedMb(log)).hasValue(84);
    }

    @Test
    void aRunWithoutCollectionsReportsTheHeapAtExitSummedOverGenerations() throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, """
                [0.004s][info][gc] Using Serial
                [0.401s][info][gc,heap,exit]  def new generation   total 78656K, used 4195K [0x0, 0x0, 0x0)
                [0.401s][info][gc,heap,exit]   eden space 69952K,   6% used [0x0, 0x0, 0x0)
                [0.401s][info][gc,heap,exit]  tenured generation   total 174784K, used 2048K [0x0, 0x0, 0x0)
                """);

        assertThat(GcLog.peakUsedMb(log)).hasValue(7);
    }

    @Test
    void aMissingLogReportsNothing() throws Exception {
        assertThat(GcLog.peakUsedMb(dir.resolve("none.log"))).isEmpty();
    }
}
