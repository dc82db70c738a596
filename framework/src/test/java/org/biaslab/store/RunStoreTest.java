package org.biaslab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.biaslab.generate.BlankImageException;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException;
import org.biaslab.store.RunStore.Outcome;
import org.biaslab.util.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir
    Path dir;

    @Test
    void imagesAreContentAddressedAndRecordsRoundTrip() throws Exception {
        GeneratedImage img = StoreFixtures.image(0);
        try (RunStore s = RunStore.open(dir)) {
            assertEquals(Outcome.INSERTED, s.recordImage(StoreFixtures.key(0), StoreFixtures.request(0), img));
            String sha = img.sha256();
            Path file = dir.resolve("images").resolve(sha.substring(0, 2)).resolve(sha + ".png");
            assertEquals(file, s.imagePath(sha));
            assertArrayEquals(img.bytes(), Files.readAllBytes(file));
            assertArrayEquals(img.bytes(), s.readImage(sha));
            GenerationRecord r = s.generation(StoreFixtures.key(0)).orElseThrow();
            assertEquals(GenerationRecord.ok(StoreFixtures.key(0), StoreFixtures.request(0), img), r);
            assertEquals(GenerationRecord.Status.OK, r.status());
            assertEquals("v1-5 [6ce0161689]", r.model().orElseThrow());
            assertEquals(StoreFixtures.request(0).seed(), r.seedUsed().getAsLong());
            assertTrue(r.request().contains("\"prompt_id\":\"p0\""), r.request());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("run.sqlite"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
    }

    @Test
    void reRunsNeverDuplicateAndDoneResultsCannotBeOverwritten() throws Exception {
        try (RunStore s = RunStore.open(dir)) {
            WorkKey k = StoreFixtures.key(0);
            GeneratedImage img = StoreFixtures.image(0);
            assertEquals(Outcome.INSERTED, s.recordImage(k, StoreFixtures.request(0), img));
            assertEquals(Outcome.UNCHANGED, s.recordImage(k, StoreFixtures.request(0), img));
            StoreConflictException e = assertThrows(StoreConflictException.class,
                    () -> s.recordImage(k, StoreFixtures.request(0), StoreFixtures.image(1)));
            assertTrue(e.getMessage().startsWith("sd15/p0#0 is already recorded as ok (image "), e.getMessage());
            assertThrows(StoreConflictException.class, () -> s.recordFailure(k, StoreFixtures.request(0), "a1111",
                    StoreFixtures.failure(0)));
            assertEquals(1, s.generations().size());
            assertEquals(Set.of(k), s.doneKeys());
            // the refused image was written before its row would have been: an orphan file, never a dangling row
            IntegrityReport r = s.verify();
            assertTrue(r.sound(), r.toString());
            assertEquals(List.of(s.folder().resolve("images").resolve(StoreFixtures.image(1).sha256().substring(0, 2))
                    .resolve(StoreFixtures.image(1).sha256() + ".png")), r.orphanFiles());
        }
    }

    @Test
    void concurrentWritersAllLand() throws Exception {
        int n = 120;
        try (RunStore s = RunStore.open(dir)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int k = 0; k < n; k++) {
                int kk = k;
                futures.add(pool.submit(() -> {
                    StoreFixtures.record(s, kk);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertEquals(n, s.generations().size());
            IntegrityReport r = s.verify();
            assertTrue(r.sound(), r.toString());
            assertEquals(List.of(), r.orphanFiles());
            long ok = java.util.stream.IntStream.range(0, n)
                    .filter(k -> StoreFixtures.expectedStatus(k) == GenerationRecord.Status.OK).count();
            assertEquals(ok, s.perceptions().size());
        }
    }

    @Test
    void failuresAreRetriedOnResumeAndReplaced() throws Exception {
        try (RunStore s = RunStore.open(dir)) {
            WorkKey k0 = StoreFixtures.key(0);
            WorkKey k1 = StoreFixtures.key(1);
            WorkKey k2 = StoreFixtures.key(2);
            GenerationException boom = StoreFixtures.failure(0);
            assertEquals(Outcome.INSERTED, s.recordFailure(k0, StoreFixtures.request(0), "a1111", boom));
            s.recordImage(k1, StoreFixtures.request(1), StoreFixtures.image(1));
            GenerationRecord failed = s.generation(k0).orElseThrow();
            assertEquals(GenerationRecord.Status.FAILED, failed.status());
            assertEquals(Optional.of("HTTP_STATUS"), failed.errorKind());
            assertEquals(500, failed.httpStatus().getAsInt());
            assertEquals(3, failed.attempts());
            assertEquals(List.of(k0, k2), s.pending(List.of(k0, k1, k2, k0)));
            assertEquals(Outcome.REPLACED_FAILED, s.recordImage(k0, StoreFixtures.request(0), StoreFixtures.image(0)));
            assertEquals(List.of(k2), s.pending(List.of(k0, k1, k2)));
        }
    }

    @Test
    void blankImagesAreKeptAndCountAsDoneButAreNotPerceived() throws Exception {
        try (RunStore s = RunStore.open(dir)) {
            // keys 3 and 24 are both blank with the same flat colour: one file, two rows
            for (int k : new int[] {3, 24, 0}) {
                StoreFixtures.record(s, k);
            }
            GenerationRecord blank = s.generation(StoreFixtures.key(3)).orElseThrow();
            assertEquals(GenerationRecord.Status.BLANK, blank.status());
            assertEquals(Optional.of("BLANK_IMAGE"), blank.errorKind());
            assertEquals(blank.imageSha256(), s.generation(StoreFixtures.key(24)).orElseThrow().imageSha256());
            assertEquals(2, s.verify().images());
            assertEquals(List.of(), s.awaitingPerception(StoreFixtures.PERCEIVER));
            assertEquals(List.of(StoreFixtures.image(0).sha256()), s.awaitingPerception("other-perceiver"));
            assertEquals(Set.of(StoreFixtures.key(0), StoreFixtures.key(3), StoreFixtures.key(24)), s.doneKeys());
        }
    }

    @Test
    void perceptionsNeedTheirImageAndFollowTheSameRules() throws Exception {
        try (RunStore s = RunStore.open(dir)) {
            String missing = Hashing.sha256("nothing");
            StoreException e = assertThrows(StoreException.class,
                    () -> s.putPerception(PerceptionRecord.ok(missing, "p", "[]")));
            assertTrue(e.getMessage().contains("is not in store"), e.getMessage());
            GeneratedImage img = StoreFixtures.image(0);
            s.recordImage(StoreFixtures.key(0), StoreFixtures.request(0), img);
            assertEquals(Outcome.INSERTED, s.putPerception(PerceptionRecord.failed(img.sha256(), "p", "model crashed")));
            assertEquals(Outcome.REPLACED_FAILED, s.putPerception(PerceptionRecord.ok(img.sha256(), "p", "[{\"a\":1}]")));
            assertEquals(Outcome.UNCHANGED, s.putPerception(PerceptionRecord.ok(img.sha256(), "p", "[{\"a\":1}]")));
            assertThrows(StoreConflictException.class, () -> s.putPerception(PerceptionRecord.ok(img.sha256(), "p", "[]")));
            assertEquals(Optional.of(1), s.perception(img.sha256(), "p").orElseThrow().faceCount());
        }
        assertThrows(IllegalArgumentException.class, () -> PerceptionRecord.ok(Hashing.sha256("x"), "p", "{\"a\":1}"));
        assertThrows(IllegalArgumentException.class, () -> PerceptionRecord.ok(Hashing.sha256("x"), "p", "[1]"));
    }

    @Test
    void verifyFindsMissingCorruptAndOrphanFilesAndSweepRemovesOrphans() throws Exception {
        try (RunStore s = RunStore.open(dir)) {
            for (int k : new int[] {0, 1, 2}) {
                StoreFixtures.record(s, k);
            }
            assertTrue(s.verify().sound());
            Files.delete(s.imagePath(StoreFixtures.image(0).sha256()));
            Files.write(s.imagePath(StoreFixtures.image(1).sha256()), new byte[] {1, 2, 3});
            Path orphan = dir.resolve("images/ff/" + "f".repeat(64) + ".png");
            Files.createDirectories(orphan.getParent());
            Files.write(orphan, new byte[] {9});
            IntegrityReport r = s.verify();
            assertFalse(r.sound());
            assertEquals(List.of(StoreFixtures.image(0).sha256()), r.missingImages());
            assertEquals(List.of(StoreFixtures.image(1).sha256()), r.corruptImages());
            assertEquals(List.of(orphan), r.orphanFiles());
            StoreException corrupt = assertThrows(StoreException.class, () -> s.readImage(StoreFixtures.image(1).sha256()));
            assertTrue(corrupt.getMessage().contains("is corrupt"), corrupt.getMessage());
            assertEquals(1, s.sweepOrphans());
            assertFalse(Files.exists(orphan));
            // writing the same image again repairs its file
            assertEquals(Outcome.UNCHANGED, s.recordImage(StoreFixtures.key(1), StoreFixtures.request(1),
                    StoreFixtures.image(1)));
            assertEquals(List.of(), s.verify().corruptImages());
        }
    }

    @Test
    void oneProcessAtATimeAndLeftoverTemporaryFilesAreCleared() throws Exception {
        Path tmpFile = dir.resolve("images/ab/.x.png.123-1" + BlobStore.TMP_SUFFIX);
        Files.createDirectories(tmpFile.getParent());
        Files.write(tmpFile, new byte[] {1});
        try (RunStore s = RunStore.open(dir)) {
            assertFalse(Files.exists(tmpFile), "a killed write's temporary file is removed on open");
            StoreException e = assertThrows(StoreException.class, () -> RunStore.open(dir));
            assertTrue(e.getMessage().contains("is in use"), e.getMessage());
        }
        RunStore.open(dir).close();
        StoreException none = assertThrows(StoreException.class, () -> RunStore.openExisting(dir.resolve("nope")));
        assertTrue(none.getMessage().startsWith("no run store in"), none.getMessage());
    }

    @Test
    void metaIdentifiesTheRun() throws Exception {
        try (RunStore s = RunStore.open(dir)) {
            s.putMeta("spec_sha256", "abc");
            s.putMeta("spec_sha256", "abc");
            StoreConflictException e = assertThrows(StoreConflictException.class, () -> s.putMeta("spec_sha256", "def"));
            assertTrue(e.getMessage().contains("belongs to another run"), e.getMessage());
            assertEquals(Map.of("schema_version", "2", "spec_sha256", "abc"), s.meta());
            assertThrows(IllegalArgumentException.class, () -> s.putMeta("shard", "1/2"));
        }
    }

    @Test
    void recordsRejectInconsistentFields() {
        GeneratedImage img = StoreFixtures.image(0);
        GenerationRecord ok = GenerationRecord.ok(StoreFixtures.key(0), StoreFixtures.request(0), img);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GenerationRecord(ok.key(),
                GenerationRecord.Status.FAILED, ok.request(), ok.seed(), ok.imageSha256(), ok.seedUsed(),
                ok.seedHonoured(), ok.generatorId(), ok.endpoint(), ok.model(), 1, 0, Optional.of("X"),
                Optional.of("x"), ok.httpStatus(), "{}"));
        assertEquals("status FAILED must not have an image for sd15/p0#0", e.getMessage());
        assertEquals("sampleIndex must be >= 0, was -1",
                assertThrows(IllegalArgumentException.class, () -> new WorkKey("g", "p", -1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WorkKey("g\n", "p", 0));
        GenerationRecord blank = GenerationRecord.blank(StoreFixtures.key(3), StoreFixtures.request(3),
                new BlankImageException(StoreFixtures.image(3), "#000000", "nsfw"));
        assertTrue(blank.error().orElseThrow().contains("nsfw"));
    }
}
