package org.biaslab.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biaslab.store.Shard;

/**
 * Runs a validated experiment into its folder: stores the spec and provenance, runs (or resumes)
 * the kind, then marks the run complete. A complete run with the same resolved spec is not redone;
 * a folder holding a different spec is refused rather than mixed.
 */
public final class Runner {
    private final PrintStream log;
    private final int threads;

    public Runner(PrintStream log, int threads) {
        this.log = log;
        this.threads = threads;
    }

    /** Outcome of {@link #run}. */
    public enum Outcome { RAN, ALREADY_COMPLETE }

    public <S> Outcome run(Experiment<S> exp, Path out, List<String> overrides) throws Exception {
        RunDirectory dir = new RunDirectory(out);
        String resolved = exp.document().resolvedYaml();
        checkSpec(dir, resolved);
        var stored = dir.storedSpec();
        RunContext ctx = new RunContext(exp.header(), dir, log, threads);
        if (stored.isPresent() && dir.isComplete()) {
            ctx.info("run already complete in %s (nothing to do)", dir.root());
            return Outcome.ALREADY_COMPLETE;
        }
        Files.createDirectories(dir.root());
        dir.clearComplete();
        if (stored.isPresent()) {
            ctx.info("resuming run in %s", dir.root());
        }
        dir.writeText(RunDirectory.ORIGINAL_SPEC, exp.document().text());
        dir.writeText(RunDirectory.RESOLVED_SPEC, resolved);
        dir.writeJson(RunDirectory.PROVENANCE,
                Provenance.capture(exp, resolved, overrides, exp.kind().inputs(exp.spec())));
        exp.kind().run(exp.spec(), ctx);
        dir.markComplete();
        ctx.info("done: %s", dir.resolve(RunDirectory.REPORT));
        return Outcome.RAN;
    }

    /**
     * Stores the spec and provenance in {@code out} as {@link #run} does first, and runs nothing: the
     * folder becomes a run of this spec that {@link #run} resumes. Finished units copied into its
     * {@code units/} folder before that (e.g. from a run whose spec differs only in an added
     * classifier) are then reused as this run's own; whether they fit this spec is for the one who
     * copies them to check. A complete run is left as it is.
     */
    public <S> void prepare(Experiment<S> exp, Path out, List<String> overrides) throws Exception {
        RunDirectory dir = new RunDirectory(out);
        String resolved = exp.document().resolvedYaml();
        checkSpec(dir, resolved);
        RunContext ctx = new RunContext(exp.header(), dir, log, threads);
        if (dir.isComplete()) {
            ctx.info("run already complete in %s (nothing to prepare)", dir.root());
            return;
        }
        Files.createDirectories(dir.resolve(RunDirectory.UNITS));
        writeSpec(exp, dir, resolved, overrides);
        ctx.info("prepared %s: copy finished units into %s, then run the same experiment with --out %s", dir.root(),
                dir.resolve(RunDirectory.UNITS), dir.root());
    }

    /**
     * Runs one shard ({@code i/N}, N > 1) of a shardable experiment into {@code out}: its records
     * only. The folder gets {@value RunDirectory#SHARD_NOTE} saying it is partial, and is never marked
     * complete or given a report; {@link #merge} combines the finished shards.
     */
    public <S> void runShard(Experiment<S> exp, Path out, List<String> overrides, Shard shard) throws Exception {
        if (shard.count() == 1) {
            run(exp, out, overrides);
            return;
        }
        if (!exp.kind().shardable()) {
            throw new IllegalArgumentException("experiment kind '" + exp.header().kind() + "' cannot run in shards; "
                    + "run it without --shard");
        }
        RunDirectory dir = new RunDirectory(out);
        String resolved = exp.document().resolvedYaml();
        checkSpec(dir, resolved);
        if (dir.isComplete()) {
            throw new IOException("output folder " + dir.root() + " holds a complete whole run; a shard needs its own "
                    + "--out folder");
        }
        var note = dir.shardNote();
        if (note.isPresent() && !note.get().path("shard").asText().equals(shard.toString())) {
            throw new IOException("output folder " + dir.root() + " holds shard " + note.get().path("shard").asText()
                    + ", not " + shard + "; give each shard its own --out folder");
        }
        RunContext ctx = new RunContext(exp.header(), dir, log, threads);
        Files.createDirectories(dir.root());
        writeSpec(exp, dir, resolved, overrides);
        dir.writeShardNote(shard, false);
        exp.kind().runShard(exp.spec(), ctx, shard);
        dir.writeShardNote(shard, true);
        ctx.info("shard %s done: %s holds a PARTIAL run (records of this shard only; no results, no report, not "
                + "complete). When all %d shards are done: biaslab merge OUT_DIR SHARD_DIR...", shard, dir.root(),
                shard.count());
    }

    /**
     * Merges finished shard runs of {@code exp} into {@code out} and writes results and report there,
     * as a whole run would; then marks the run complete. Every shard 1..N must be given once, each
     * finished and holding the same resolved spec.
     */
    public <S> void merge(Experiment<S> exp, Path out, List<String> overrides, List<Path> shardDirs) throws Exception {
        if (!exp.kind().shardable()) {
            throw new IllegalArgumentException("experiment kind '" + exp.header().kind() + "' cannot merge shards");
        }
        if (shardDirs.isEmpty()) {
            throw new IllegalArgumentException("no shard folders to merge");
        }
        RunDirectory dir = new RunDirectory(out);
        String resolved = exp.document().resolvedYaml();
        List<RunDirectory> shards = new ArrayList<>();
        java.util.TreeMap<Integer, Path> byIndex = new java.util.TreeMap<>();
        int count = -1;
        for (Path p : shardDirs) {
            RunDirectory s = new RunDirectory(p);
            if (s.root().equals(dir.root())) {
                throw new IllegalArgumentException("the output folder " + dir.root() + " is also listed as a shard");
            }
            var note = s.shardNote().orElseThrow(() -> new IOException(s.root() + " is not a shard run (no "
                    + RunDirectory.SHARD_NOTE + ")"));
            Shard sh = Shard.parse(note.path("shard").asText());
            if (!note.path("finished").asBoolean(false)) {
                throw new IOException("shard " + sh + " in " + s.root() + " is not finished; run it again first");
            }
            var spec = s.storedSpec();
            if (spec.isEmpty() || !spec.get().equals(resolved)) {
                throw new IOException("shard " + sh + " in " + s.root() + " holds a different spec ("
                        + s.resolve(RunDirectory.RESOLVED_SPEC) + ") from the merged experiment");
            }
            if (count >= 0 && sh.count() != count) {
                throw new IOException("shard " + sh + " in " + s.root() + " is one of " + sh.count()
                        + " shards, the others of " + count);
            }
            count = sh.count();
            Path prev = byIndex.put(sh.index(), s.root());
            if (prev != null) {
                throw new IOException("shard " + sh + " is given twice: " + prev + " and " + s.root());
            }
            shards.add(s);
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i + "/" + count);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("shard" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + " not given; merge needs all " + count + " shards");
        }
        checkSpec(dir, resolved);
        if (dir.shardNote().isPresent()) {
            throw new IOException("output folder " + dir.root() + " is itself a shard run; merge into a new folder");
        }
        RunContext ctx = new RunContext(exp.header(), dir, log, threads);
        Files.createDirectories(dir.root());
        dir.clearComplete();
        writeSpec(exp, dir, resolved, overrides);
        exp.kind().merge(exp.spec(), ctx, shards);
        dir.markComplete();
        ctx.info("merged %d shards; done: %s", shards.size(), dir.resolve(RunDirectory.REPORT));
    }

    /** The folder is new, empty or a run of this very spec; anything else is refused before a byte is written. */
    private static void checkSpec(RunDirectory dir, String resolved) throws IOException {
        dir.requireRunOrEmpty();
        var stored = dir.storedSpec();
        if (stored.isPresent() && !stored.get().equals(resolved)) {
            throw new IOException("output folder " + dir.root() + " holds a run of a different spec ("
                    + dir.resolve(RunDirectory.RESOLVED_SPEC) + "); choose another --out or delete the folder");
        }
    }

    private static <S> void writeSpec(Experiment<S> exp, RunDirectory dir, String resolved, List<String> overrides)
            throws IOException {
        dir.writeText(RunDirectory.ORIGINAL_SPEC, exp.document().text());
        dir.writeText(RunDirectory.RESOLVED_SPEC, resolved);
        dir.writeJson(RunDirectory.PROVENANCE,
                Provenance.capture(exp, resolved, overrides, exp.kind().inputs(exp.spec())));
    }
}
