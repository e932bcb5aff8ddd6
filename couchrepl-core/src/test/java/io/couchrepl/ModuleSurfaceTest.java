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

/**
 * The core module exports its API and SPI; the engine, its stages and their helpers stay inside,
 * and the few the durable store shares are exported to it alone. Any other export fails this test.
 */
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
                "io.couchrepl.memory", "io.couchrepl.mirror");
        Set<String> store = Set.of("io.couchrepl.store");
        assertThat(exports.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).containsOnly(
                Map.entry("io.couchrepl.tree", store), Map.entry("io.couchrepl.edit", store),
                Map.entry("io.couchrepl.checkpoint", store), Map.entry("io.couchrepl.attachments", store),
                Map.entry("io.couchrepl.json", store));
        assertThat(exports).doesNotContainKeys("io.couchrepl.engine", "io.couchrepl.changes", "io.couchrepl.diff",
                "io.couchrepl.fetch", "io.couchrepl.write", "io.couchrepl.retry");
    }
}
