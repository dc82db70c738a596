package org.biaslab.debias.lm;

/** Receives a {@link Progress} after every optimiser step; filter as needed (e.g. {@link Progress#endOfEpoch()}). */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(Progress progress);

    /** Ignores everything. */
    static ProgressListener none() {
        return p -> { };
    }
}
