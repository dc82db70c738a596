package org.biaslab.metric.leakage;

import java.util.List;
import java.util.Map;

/**
 * Trains a binary classifier on tokenized (already masked) captions. Implementations must be
 * deterministic for a given seed and must not touch the network.
 */
public interface CaptionClassifierTrainer {
    /**
     * @param texts token sequences, one per caption (may be empty sequences)
     * @param labels 0 or 1 per text
     * @param seed seed of every random draw of the training (initialisation, shuffling, dropout)
     */
    CaptionClassifier train(List<List<String>> texts, int[] labels, long seed) throws LeakageException;

    /** Registered name, e.g. {@code linear} or {@code lstm}. */
    String name();

    /** Hyperparameters, for provenance and the report. */
    Map<String, Object> config();

    /**
     * Whether several trainings may run at once on separate threads. Backends that already use
     * every core inside one training (native tensor libraries) say no.
     */
    default boolean parallelUnits() {
        return true;
    }

    /**
     * This trainer reporting each epoch to {@code progress} (a new instance; the results are the
     * same). Trainers without epochs worth reporting return themselves.
     */
    default CaptionClassifierTrainer withProgress(TrainingProgress progress) {
        return this;
    }
}
