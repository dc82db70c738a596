package org.biaslab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captions in the run store (schema version 2) and the migration of stores written by version 1. */
class CaptionStoreTest {
    static final Path V1 = Path.of(System.getProperty("biaslab.root", "..")).toAbsolutePath().normalize()
            .resolve("framework/src/test/resources/org/biaslab/store/v1-store");

    @TempDir
    Path dir;

    private static GeneratedCaption caption(String text) {
        return new GeneratedCaption(text, "llava:7b", "http://127.0.0.1:11434", Duration.ofMillis(12), 1, "{}");
    }

    @Test
    void aVersion1StoreOpensMigratedWithEveryRecordKept() throws Exception {
        Path copy = dir.resolve("v1");
        copyTree(V1, copy);
        assertEquals("1", rawMeta(copy.resolve(RunStore.DATABASE), "schema_version"));
        List<GenerationRecord> gens;
        List<PerceptionRecord> percs;
        try (RunStore store = RunStore.openExisting(copy)) {
            assertEquals("2", store.meta().get("schema_version"));
            gens = store.generations();
            percs = store.perceptions();
            assertEquals(13, gens.size());
            assertEquals(13, percs.size());
            assertTrue(store.verify().sound(), store.verify().toString());
            assertEquals(List.of(), store.captions());
            // the migrated store takes captions
            String sha = gens.get(0).imageSha256().orElseThrow();
            assertEquals(13, store.awaitingCaption("c").size());
            store.putCaption(CaptionRecord.ok(sha, "c", caption("a nurse in a hospital")));
            assertEquals(12, store.awaitingCaption("c").size());
        }
        try (RunStore again = RunStore.openExisting(copy)) {
            assertEquals(gens, again.generations(), "the records survive the migration unchanged");
            assertEquals(percs, again.perceptions());
            assertEquals(1, again.captions().size());
        }
        assertEquals("2", rawMeta(copy.resolve(RunStore.DATABASE), "schema_version"));
    }

    @Test
    void aStoreOfANewerVersionIsRefusedNamingBothVersions() throws Exception {
        Path copy = dir.resolve("v9");
        copyTree(V1, copy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy.resolve(RunStore.DATABASE));
                Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE meta SET value = '9' WHERE key = 'schema_version'");
        }
        StoreException e = assertThrows(StoreException.class, () -> RunStore.openExisting(copy));
        assertTrue(e.getMessage().contains("schema version 9") && e.getMessage().contains("reads 2"), e.getMessage());
    }

    @Test
    void captionsResumeLikeImages() throws Exception {
        try (RunStore store = RunStore.open(dir.resolve("s"))) {
            GeneratedImage img = StoreFixtures.image(0);
            store.recordImage(StoreFixtures.key(0), StoreFixtures.request(0), img);
            String sha = img.sha256();
            GenerationException fault = new GenerationException(GenerationException.Kind.HTTP_STATUS, true, 500,
                    "http://x:1", null, 3, "gave up after 3 attempts: HTTP 500", null);
            assertEquals(RunStore.Outcome.INSERTED, store.putCaption(CaptionRecord.failed(sha, "c", fault)));
            assertEquals(List.of(sha), store.awaitingCaption("c"), "a failed caption is retried");
            assertEquals(RunStore.Outcome.REPLACED_FAILED, store.putCaption(CaptionRecord.ok(sha, "c", caption("a man"))));
            assertEquals(List.of(), store.awaitingCaption("c"));
            assertEquals(List.of(sha), store.awaitingCaption("other"), "captioners are independent");
            assertEquals(RunStore.Outcome.UNCHANGED, store.putCaption(CaptionRecord.ok(sha, "c", caption("a man"))));
            assertThrows(StoreConflictException.class, () -> store.putCaption(CaptionRecord.ok(sha, "c",
                    caption("a woman"))));
            assertThrows(StoreException.class, () -> store.putCaption(CaptionRecord.ok("ab".repeat(32), "c",
                    caption("x"))), "an image not in the store");
            CaptionRecord got = store.captions().get(0);
            assertEquals("a man", got.caption().orElseThrow());
            assertEquals("llava:7b", got.model().orElseThrow());
        }
    }

    @Test
    void mergeCarriesCaptionsAndRefusesDifferentOnes() throws Exception {
        GeneratedImage img = StoreFixtures.image(0);
        for (String s : List.of("a", "b", "c")) {
            try (RunStore store = RunStore.open(dir.resolve(s))) {
                store.recordImage(StoreFixtures.key(0), StoreFixtures.request(0), img);
                store.putCaption(CaptionRecord.ok(img.sha256(), "c", caption(s.equals("c") ? "other" : "same")));
            }
        }
        MergeReport r = RunStore.merge(dir.resolve("ab"), List.of(dir.resolve("a"), dir.resolve("b")));
        assertEquals(1, r.captionsAdded());
        try (RunStore merged = RunStore.openExisting(dir.resolve("ab"))) {
            assertEquals(1, merged.captions().size());
        }
        assertThrows(StoreConflictException.class,
                () -> RunStore.merge(dir.resolve("ac"), List.of(dir.resolve("a"), dir.resolve("c"))));
    }

    @Test
    void aBlankCaptionCannotBeStoredAsACaption() {
        assertThrows(IllegalArgumentException.class, () -> caption("  "));
    }

    private static String rawMeta(Path db, String key) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = '" + key + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
