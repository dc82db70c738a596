package org.biaslab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of a writing process: a child JVM records keys in a loop and is killed with
 * {@link Process#destroyForcibly()} after it has reported a number of records (the moment within
 * the write it is hit is whatever it happens to be). After each kill the store must be sound (no
 * row without its image, no duplicate key, every row exactly what it should be) and the final
 * resume must produce exactly the expected set.
 */
class RunStoreCrashTest {
    static final int N = 150;

    @TempDir
    Path tmp;

    private static Process child(Path dir, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), StoreKillChild.class.getName(),
                dir.toString(), Integer.toString(N)));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reads the child's progress until it has reported {@code records} records (or ended); returns how many it reported. */
    private static int waitForRecords(Process p, int records) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int seen = 0;
        String line;
        while (seen < records && (line = r.readLine()) != null) {
            if (line.startsWith("done ")) {
                seen++;
            }
        }
        return seen;
    }

    private static String lastLine(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String last = null;
        String line;
        while ((line = r.readLine()) != null) {
            last = line;
        }
        return last;
    }

    /** Every generation row is the expected one for its key, and no key appears twice. */
    private static void assertSoundAndConsistent(RunStore s) throws Exception {
        IntegrityReport report = s.verify();
        assertTrue(report.sound(), report.toString());
        List<GenerationRecord> rows = s.generations();
        Set<WorkKey> keys = new HashSet<>();
        Map<WorkKey, Integer> index = new HashMap<>();
        for (int k = 0; k < N; k++) {
            index.put(StoreFixtures.key(k), k);
        }
        for (GenerationRecord g : rows) {
            assertTrue(keys.add(g.key()), "duplicate " + g.key());
            int k = index.get(g.key());
            assertEquals(StoreFixtures.expectedStatus(k), g.status(), g.key().toString());
            if (g.status() != GenerationRecord.Status.FAILED) {
                String sha = StoreFixtures.image(k).sha256();
                assertEquals(Optional.of(sha), g.imageSha256());
                assertEquals(sha, org.biaslab.util.Hashing.sha256(s.readImage(sha)));
            }
        }
        for (PerceptionRecord p : s.perceptions()) {
            assertTrue(p.faces().isPresent());
        }
    }

    private static Map<String, String> snapshot(RunStore s) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (GenerationRecord g : s.generations()) {
            m.put("g " + g.key(), g.toString());
        }
        for (PerceptionRecord p : s.perceptions()) {
            m.put("p " + p.imageSha256() + " " + p.perceiver(), p.toString());
        }
        return m;
    }

    @Test
    void killedWritersLeaveASoundStoreAndResumeToExactlyTheExpectedSet() throws Exception {
        Path dir = tmp.resolve("killed");
        int[] killAfter = {4, 17, 29};
        for (int round = 0; round < killAfter.length; round++) {
            Process p = child(dir);
            try {
                waitForRecords(p, killAfter[round]);
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child ended");
            }
            try (RunStore s = RunStore.open(dir)) {
                assertSoundAndConsistent(s);
                if (round == 0) {
                    assertTrue(s.generations().size() < N, "the first child was interrupted, not finished");
                }
            }
        }
        Map<String, String> resumed;
        try (RunStore s = RunStore.open(dir)) {
            StoreFixtures.resume(s, N, null);
            assertSoundAndConsistent(s);
            assertEquals(N, s.generations().size());
            s.sweepOrphans();
            assertTrue(s.verify().orphanFiles().isEmpty());
            resumed = snapshot(s);
        }
        // the expected set: the same keys recorded by one uninterrupted run
        Path clean = tmp.resolve("clean");
        try (RunStore s = RunStore.open(clean)) {
            StoreFixtures.resume(s, N, null);
            assertEquals(snapshot(s), resumed);
        }
    }

    @Test
    void shardsWrittenByKilledProcessesMergeIntoTheWholeRun() throws Exception {
        List<Path> shards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path dir = tmp.resolve("shard" + i);
            shards.add(dir);
            Process p = child(dir, i + "/3");
            try {
                waitForRecords(p, 6);
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            }
            Process finish = child(dir, i + "/3");
            assertEquals("finished", lastLine(finish), "resumed shard " + i);
            assertTrue(finish.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, finish.exitValue());
        }
        Path merged = tmp.resolve("merged");
        MergeReport report = RunStore.merge(merged, shards);
        assertEquals(3, report.sources());
        Path clean = tmp.resolve("clean");
        try (RunStore whole = RunStore.open(clean); RunStore m = RunStore.open(merged)) {
            StoreFixtures.resume(whole, N, null);
            assertEquals(snapshot(whole), snapshot(m));
            assertTrue(m.verify().sound());
        }
    }
}
