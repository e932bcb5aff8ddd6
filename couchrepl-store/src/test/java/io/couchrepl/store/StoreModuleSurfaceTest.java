package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The store module exports its one package, to everyone; any other export fails this test. */
class StoreModuleSurfaceTest {

    @Test
    void exportsTheStorePackageAlone() throws Exception {
        Path classes = Path.of(SqliteStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }

        assertThat(module.name()).isEqualTo("io.couchrepl.store");
        assertThat(module.exports()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("io.couchrepl.store");
            assertThat(e.isQualified()).isFalse();
        });
    }
}
