package io.couchrepl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The core module exports its API and SPI; the engine and its stages stay inside. */
class ModuleSurfaceTest {

    @Test
    void exportsTheApiAndSpiAndSharesInternalsWithTheStoreAlone() throws Exception {
        Path classes = Path.of(Replicator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        Map<String, Set<String>> exports = new TreeMap<>();
        module.exports().forEach(e -> exports.put(e.source(), e.targets()));

        assertThat(module.name()).isEqualTo("io.couchrepl.core");
        assertThat(exports.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey)
                .collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "io.couchrepl", "io.couchrepl.spi", "io.couchrepl.protocol", "io.couchrepl.http",
                "io.couchrepl.memory", "io.couchrepl.checkpoint", "io.couchrepl.retry", "io.couchrepl.edit");
        assertThat(exports).containsEntry("io.couchrepl.tree", Set.of("io.couchrepl.store"))
                .containsEntry("io.couchrepl.attachments", Set.of("io.couchrepl.store"))
                .containsEntry("io.couchrepl.json", Set.of("io.couchrepl.store"))
                .doesNotContainKeys("io.couchrepl.engine", "io.couchrepl.changes", "io.couchrepl.diff",
                        "io.couchrepl.fetch", "io.couchrepl.write");
    }
}
