package org.biaslab.perceive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.biaslab.util.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching with the real npm from the npm registry (as CI does): the project's face-api package,
 * and, in temporary roots, the failure modes. A small package keeps those fast: the face-api
 * package's LICENSE and one manifest are enough to exercise the paths.
 */
class ModelStoreTest {
    private static final ModelStore PROJECT = ModelStore.forProject();

    @TempDir
    Path root;

    private static ModelManifest faceApi() throws ModelException {
        return PROJECT.manifest("vladmandic-face-api.yaml");
    }

    /** The face-api manifest reduced to two files, with {@code change} applied to the file hashes. */
    private static ModelManifest small(String integrity, String licenseSha) throws ModelException {
        ModelManifest m = faceApi();
        Map<String, String> files = new TreeMap<>();
        files.put("LICENSE", licenseSha == null ? m.files().get("LICENSE") : licenseSha);
        String manifest = "model/tiny_face_detector_model-weights_manifest.json";
        files.put(manifest, m.files().get(manifest));
        return new ModelManifest(m.packageName(), m.version(), m.license(), integrity == null ? m.integrity() : integrity,
                files);
    }

    @Test
    void fetchesTheProjectsPackageAndEveryFileMatchesItsHash() throws Exception {
        ModelManifest m = faceApi();
        Path dir = PROJECT.fetch(m);
        assertEquals(PROJECT.root().resolve(".cache/models/vladmandic-face-api-1.7.15"), dir);
        for (var e : m.files().entrySet()) {
            assertEquals(e.getValue(), Hashing.sha256(dir.resolve(e.getKey())), e.getKey());
        }
        assertNull(ModelStore.verify(m, dir));
        assertEquals(dir, PROJECT.fetch(m));
    }

    @Test
    void concurrentFetchesPublishOneCompleteFolderAndReplaceADamagedOne() throws Exception {
        ModelManifest m = small(null, null);
        ModelStore store = new ModelStore(root);
        Path dir = store.cacheDir(m);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("LICENSE"), "damaged");
        assertTrue(ModelStore.verify(m, dir).contains("LICENSE"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Path>> f = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                f.add(pool.submit(() -> store.fetch(m)));
            }
            for (Future<Path> p : f) {
                assertEquals(dir, p.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertNull(ModelStore.verify(m, dir));
        try (var s = Files.list(dir.getParent())) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of(".vladmandic-face-api-1.7.15.lock", "vladmandic-face-api-1.7.15"), names,
                    "no staging folders are left");
        }
    }

    @Test
    void aHashMismatchNamesThePackageVersionAndFileAndPublishesNothing() throws Exception {
        String wrong = "ab".repeat(32);
        ModelStore store = new ModelStore(root);
        ModelManifest m = small(null, wrong);
        ModelException e = assertThrows(ModelException.class, () -> store.fetch(m));
        assertTrue(e.getMessage().contains("@vladmandic/face-api@1.7.15") && e.getMessage().contains("'LICENSE'")
                && e.getMessage().contains(wrong), e.getMessage());
        assertFalse(Files.exists(store.cacheDir(m)));
    }

    @Test
    void aTarballIntegrityMismatchIsReported() throws Exception {
        String other = "sha512-" + "B".repeat(86) + "==";
        ModelStore store = new ModelStore(root);
        ModelException e = assertThrows(ModelException.class, () -> store.fetch(small(other, null)));
        assertTrue(e.getMessage().contains("integrity") && e.getMessage().contains(other), e.getMessage());
    }

    @Test
    void npmFailuresCarryNpmsErrorOutput() {
        ModelManifest m = new ModelManifest("@vladmandic/face-api", "0.0.999", "MIT", "sha512-" + "A".repeat(86) + "==",
                Map.of("LICENSE", "0".repeat(64)));
        ModelException e = assertThrows(ModelException.class, () -> new ModelStore(root).fetch(m));
        assertTrue(e.getMessage().contains("@vladmandic/face-api@0.0.999") && e.getMessage().contains("npm stderr")
                && e.getMessage().contains("0.0.999"), e.getMessage());
    }

    @Test
    void aMissingNpmIsReportedClearly() throws Exception {
        ModelStore store = new ModelStore(root, List.of(root.resolve("no-such-npm").toString()));
        ModelException e = assertThrows(ModelException.class, () -> store.fetch(small(null, null)));
        assertTrue(e.getMessage().contains("@vladmandic/face-api@1.7.15")
                && e.getMessage().contains("npm could not be started"), e.getMessage());
    }
}
