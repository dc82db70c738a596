package org.biaslab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.biaslab.util.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardTest {
    @TempDir
    Path dir;

    @Test
    void assignmentFollowsTheDocumentedFormula() {
        WorkKey k = new WorkKey("sd15", "nurse/t03", 7);
        assertEquals("sd15\nnurse/t03\n7", k.text());
        String hex = Hashing.sha256("sd15\nnurse/t03\n7").substring(0, 16);
        long u = new java.math.BigInteger(hex, 16).mod(java.math.BigInteger.valueOf(5)).longValue();
        assertEquals(1 + u, Shard.of(k, 5));
        assertEquals(1, Shard.of(k, 1));
    }

    @Test
    void shardsPartitionTheKeysNearUniformly() {
        int n = 4000;
        int[] counts = new int[4];
        for (int i = 0; i < n; i++) {
            WorkKey k = new WorkKey("g", "p" + (i % 100), i / 100);
            int owners = 0;
            for (int s = 1; s <= 4; s++) {
                if (new Shard(s, 4).contains(k)) {
                    owners++;
                    counts[s - 1]++;
                }
            }
            assertEquals(1, owners, "each key in exactly one shard");
        }
        for (int c : counts) {
            // expected 1000, sd ~27: +/-150 is beyond 5 sd
            assertTrue(c > 850 && c < 1150, java.util.Arrays.toString(counts));
        }
    }

    @Test
    void parseNamesTheProblem() {
        assertEquals(new Shard(2, 4), Shard.parse("2/4"));
        assertEquals("2/4", new Shard(2, 4).toString());
        assertEquals("shard index must be in 1..4, was 5",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("5/4")).getMessage());
        assertEquals("shard index must be in 1..4, was 0",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/4")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("2of4")).getMessage()
                .contains("written i/N"));
    }

    @Test
    void aShardStoreRefusesOtherKeysAndOtherShards() throws Exception {
        Shard two = new Shard(2, 3);
        try (RunStore s = RunStore.open(dir, two)) {
            int mine = -1;
            int other = -1;
            for (int k = 0; k < 50 && (mine < 0 || other < 0); k++) {
                if (StoreFixtures.expectedStatus(k) != GenerationRecord.Status.OK) {
                    continue;
                }
                if (two.contains(StoreFixtures.key(k))) {
                    mine = k;
                } else {
                    other = k;
                }
            }
            StoreFixtures.record(s, mine);
            int o = other;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreFixtures.record(s, o));
            assertTrue(e.getMessage().contains("not to this store's 2/3"), e.getMessage());
            assertEquals(Map.of("schema_version", "2", "shard", "2/3"), s.meta());
        }
        assertTrue(assertThrows(StoreException.class, () -> RunStore.open(dir, new Shard(1, 3))).getMessage()
                .contains("belongs to shard 2/3, not 1/3"));
        try (RunStore s = RunStore.open(dir)) {
            assertEquals(two, s.shard().orElseThrow(), "reopened without a shard, it keeps its own");
        }
    }

    private List<Path> shardStores(int count, int n, String spec) throws Exception {
        List<Path> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Path d = dir.resolve("s" + i);
            out.add(d);
            try (RunStore s = RunStore.open(d, new Shard(i, count))) {
                s.putMeta("spec_sha256", spec);
                for (int k = 0; k < n; k++) {
                    if (s.accepts(StoreFixtures.key(k))) {
                        StoreFixtures.record(s, k);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void mergeCombinesShardsAndAcceptsIdenticalDuplicates() throws Exception {
        List<Path> shards = shardStores(3, 40, "abc");
        MergeReport r = RunStore.merge(dir.resolve("all"), shards);
        assertEquals(40, r.generationsAdded());
        assertEquals(0, r.duplicatesSkipped());
        try (RunStore all = RunStore.open(dir.resolve("all")); RunStore whole = RunStore.open(dir.resolve("whole"))) {
            for (int k = 0; k < 40; k++) {
                StoreFixtures.record(whole, k);
            }
            assertEquals(whole.generations(), all.generations());
            assertEquals(whole.perceptions(), all.perceptions());
            assertEquals("abc", all.meta().get("spec_sha256"));
            assertTrue(all.shard().isEmpty());
            assertTrue(all.verify().sound());
        }
        // merging again changes nothing
        MergeReport again = RunStore.merge(dir.resolve("all"), shards);
        assertEquals(0, again.generationsAdded());
        assertEquals(0, again.perceptionsAdded());
        assertEquals(0, again.failuresReplaced());
        assertEquals(40 + countPerceptions(shards), again.duplicatesSkipped(), "every row an identical duplicate");
    }

    private static int countPerceptions(List<Path> stores) throws Exception {
        int n = 0;
        for (Path p : stores) {
            try (RunStore s = RunStore.open(p)) {
                n += s.perceptions().size();
            }
        }
        return n;
    }

    @Test
    void mergeRefusesConflictingResultsAndWritesNothing() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        try (RunStore s = RunStore.open(a)) {
            s.recordImage(StoreFixtures.key(0), StoreFixtures.request(0), StoreFixtures.image(0));
            s.recordImage(StoreFixtures.key(1), StoreFixtures.request(1), StoreFixtures.image(1));
        }
        try (RunStore s = RunStore.open(b)) {
            s.recordImage(StoreFixtures.key(2), StoreFixtures.request(2), StoreFixtures.image(2));
            // the same key as in a, with another image
            s.recordImage(StoreFixtures.key(1), StoreFixtures.request(1), StoreFixtures.image(7));
        }
        StoreConflictException e = assertThrows(StoreConflictException.class,
                () -> RunStore.merge(dir.resolve("t"), List.of(a, b)));
        assertTrue(e.getMessage().startsWith("sd15/p1#0 has different results: ok (image "), e.getMessage());
        try (RunStore t = RunStore.open(dir.resolve("t"))) {
            assertEquals(List.of(), t.generations(), "all or nothing");
            assertTrue(t.verify().sound());
        }
    }

    @Test
    void mergeLetsASuccessReplaceAFailureAndRefusesOtherRuns() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        try (RunStore s = RunStore.open(a)) {
            s.putMeta("spec_sha256", "one");
            s.recordFailure(StoreFixtures.key(0), StoreFixtures.request(0), "a1111", StoreFixtures.failure(0));
        }
        try (RunStore s = RunStore.open(b)) {
            s.putMeta("spec_sha256", "one");
            s.recordImage(StoreFixtures.key(0), StoreFixtures.request(0), StoreFixtures.image(0));
        }
        MergeReport r = RunStore.merge(dir.resolve("t"), List.of(a, b));
        assertEquals(1, r.generationsAdded());
        assertEquals(1, r.failuresReplaced());
        try (RunStore t = RunStore.open(dir.resolve("t"))) {
            assertEquals(GenerationRecord.Status.OK, t.generation(StoreFixtures.key(0)).orElseThrow().status());
        }
        Path c = dir.resolve("c");
        try (RunStore s = RunStore.open(c)) {
            s.putMeta("spec_sha256", "two");
        }
        StoreConflictException e = assertThrows(StoreConflictException.class,
                () -> RunStore.merge(dir.resolve("u"), List.of(a, c)));
        assertTrue(e.getMessage().contains("come from different runs: spec_sha256: 'one' vs 'two'"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("u").resolve("run.sqlite")), "refused before the target was created");
    }
}
