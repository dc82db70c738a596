package org.biaslab.experiment;

import java.nio.file.Path;
import java.util.List;
import org.biaslab.spec.SpecMap;

/**
 * One kind of experiment ({@code kind:} in YAML): how its fields are read and validated, and how it
 * runs. Reading must not load models or touch the network: it only checks the file.
 *
 * @param <S> the immutable spec record of this kind
 */
public interface ExperimentKind<S> {
    /** Reads and validates the kind's fields from the root mapping; problems go to the document. */
    S read(SpecMap root, ExperimentHeader header);

    /** Input files whose SHA-256 goes into provenance. */
    List<Path> inputs(S spec);

    /** Runs (or resumes) the experiment, writing into {@code run}. */
    void run(S spec, RunContext run) throws Exception;

    /** Re-renders the report of a finished run from its stored results. */
    void report(RunDirectory run) throws Exception;

    /**
     * Whether a run of {@code spec} may use the PyTorch engine. Provenance loads and self-checks the
     * engine only for such runs (loading libtorch and checking it costs seconds of CPU and about
     * 170 MB); others record it as not loaded. Default: yes.
     */
    default boolean usesEngine(S spec) {
        return true;
    }

    /** Whether {@link #runShard} and {@link #merge} are supported (default: no). */
    default boolean shardable() {
        return false;
    }

    /**
     * Produces the records of one shard only ({@code shard} is {@code i/N}), without results or
     * report: a shard run is partial by construction.
     */
    default void runShard(S spec, RunContext run, org.biaslab.store.Shard shard) throws Exception {
        throw new UnsupportedOperationException("experiment kind '" + run.header().kind() + "' cannot run in shards");
    }

    /**
     * Merges the records of finished shard runs into {@code run} and computes the results, outputs and
     * report there as a whole run would.
     */
    default void merge(S spec, RunContext run, List<RunDirectory> shards) throws Exception {
        throw new UnsupportedOperationException("experiment kind '" + run.header().kind() + "' cannot merge shards");
    }
}
