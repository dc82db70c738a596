package org.biaslab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.biaslab.util.Json;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --shard i/N} and {@code merge} through the command line, on the simulated quick start. */
class ShardMergeTest {
    @TempDir
    Path dir;

    static Path quickstart() {
        Path root = TestPaths.root();
        return root.resolve("experiments/quickstart-simulated.yaml");
    }

    /** Exit code and stderr of one command line. */
    record Result(int code, String err) {}

    private static Result cli(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    private Result run(Path out, String... extra) {
        String[] base = {"run", quickstart().toString(), "--out", out.toString(), "--threads", "2", "--set",
            "prompts.images_per_prompt=6"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return cli(all);
    }

    @Test
    void twoShardsMergedGiveTheResultsOfAWholeRun() throws Exception {
        Path whole = dir.resolve("whole");
        Path s1 = dir.resolve("s1");
        Path s2 = dir.resolve("s2");
        Path merged = dir.resolve("merged");
        assertEquals(0, run(whole).code());
        Result r1 = run(s1, "--shard", "1/2");
        assertEquals(0, r1.code(), r1.err());
        assertTrue(r1.err().contains("PARTIAL"), r1.err());
        assertEquals(0, run(s2, "--shard", "2/2").code());

        // a shard run is partial: its note, its records, no results, no report, not complete
        for (Path s : new Path[] {s1, s2}) {
            JsonNode note = Json.mapper().readTree(s.resolve("shard.json").toFile());
            assertTrue(note.path("partial").asBoolean());
            assertTrue(note.path("finished").asBoolean());
            assertTrue(Files.isRegularFile(s.resolve("store/run.sqlite")));
            for (String f : new String[] {"results.json", "index.html", "complete.json"}) {
                assertFalse(Files.exists(s.resolve(f)), s + " must not hold " + f);
            }
        }
        assertEquals("1/2", Json.mapper().readTree(s1.resolve("shard.json").toFile()).path("shard").asText());

        Result m = cli("merge", merged.toString(), s1.toString(), s2.toString(), "--threads", "2");
        assertEquals(0, m.code(), m.err());
        assertTrue(Files.isRegularFile(merged.resolve("complete.json")));
        assertTrue(Files.isRegularFile(merged.resolve("index.html")));
        assertArrayEquals(Files.readAllBytes(whole.resolve("results.json")),
                Files.readAllBytes(merged.resolve("results.json")));
        assertArrayEquals(Files.readAllBytes(whole.resolve("images.csv")),
                Files.readAllBytes(merged.resolve("images.csv")));
        JsonNode counts = Json.mapper().readTree(merged.resolve("results.json").toFile()).path("counts");
        assertEquals(13 * 6, counts.path("ok").asInt());
    }

    @Test
    void aMissingOrForeignShardIsRefusedAndNothingIsMarkedComplete() throws Exception {
        Path s1 = dir.resolve("s1");
        Path other = dir.resolve("other2");
        assertEquals(0, run(s1, "--shard", "1/2").code());
        Result alone = cli("merge", dir.resolve("m1").toString(), s1.toString());
        assertEquals(1, alone.code());
        assertTrue(alone.err().contains("2/2") && alone.err().contains("not given"), alone.err());
        assertFalse(Files.exists(dir.resolve("m1/complete.json")));

        // shard 2 of a run with another seed: a different spec, refused before anything is merged
        assertEquals(0, run(other, "--shard", "2/2", "--set", "seed=7").code());
        Result mixed = cli("merge", dir.resolve("m2").toString(), s1.toString(), other.toString());
        assertEquals(1, mixed.code());
        assertTrue(mixed.err().contains("different spec"), mixed.err());
        assertFalse(Files.exists(dir.resolve("m2/store/run.sqlite")));
    }

    @Test
    void aShardOutsideItsCountIsAUsageErrorNamingTheValue() {
        Result r = run(dir.resolve("bad"), "--shard", "3/2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("3/2"), r.err());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    /**
     * A Slurm job array as this machine allows: three shard runs as separate JVM processes, each told
     * its shard only by SLURM_ARRAY_TASK_* variables ({@code --shard auto}), then merged: the results
     * equal a whole run's.
     */
    @Test
    void shardsRunAsSeparateProcessesFromSlurmVariablesMergeToTheWholeRun() throws Exception {
        Path whole = dir.resolve("whole-auto");
        assertEquals(0, run(whole).code());
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        String root = System.getProperty("biaslab.root", Path.of("").toAbsolutePath().getParent().toString());
        List<String> shards = new ArrayList<>();
        for (int task = 1; task <= 3; task++) {
            Path out = dir.resolve("array-task-" + task);
            ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), "-Dai.djl.offline=true", "-Xmx1g",
                    "-Dbiaslab.root=" + root, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "run", quickstart().toString(), "--out", out.toString(), "--threads", "1", "--set",
                    "prompts.images_per_prompt=6", "--shard", "auto")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("task-" + task + ".log").toFile());
            pb.environment().put("OPT_OUT_TRACKING", "true");
            pb.environment().put("SLURM_ARRAY_TASK_ID", Integer.toString(task));
            pb.environment().put("SLURM_ARRAY_TASK_MIN", "1");
            pb.environment().put("SLURM_ARRAY_TASK_MAX", "3");
            pb.environment().put("SLURM_ARRAY_TASK_COUNT", "3");
            Process p = pb.start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "task " + task + " finished");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("task-" + task + ".log")));
            assertEquals(task + "/3", Json.mapper().readTree(out.resolve("shard.json").toFile()).path("shard").asText());
            shards.add(out.toString());
        }
        Path merged = dir.resolve("merged-auto");
        List<String> args = new ArrayList<>(List.of("merge", merged.toString()));
        args.addAll(shards);
        Result m = cli(args.toArray(String[]::new));
        assertEquals(0, m.code(), m.err());
        assertArrayEquals(Files.readAllBytes(whole.resolve("results.json")),
                Files.readAllBytes(merged.resolve("results.json")));
    }
}
