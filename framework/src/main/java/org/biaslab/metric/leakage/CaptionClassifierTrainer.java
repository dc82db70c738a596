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

    /**
     * Trains on the texts at {@code train} and scores the texts at {@code test}: the scores of
     * {@link #train} then {@link CaptionClassifier#scores}, which this default runs on the texts as
     * strings. Trainers that can work on the token ids directly override it (the texts are encoded
     * once and shared by every training); the result must be the same.
     *
     * @param texts all items' token sequences
     * @param labels all items' labels (0/1)
     * @param train indexes of the training items, in training order
     * @param test indexes of the test items
     * @return {@code [i][label]} probabilities of test item i
     */
    default double[][] trainAndScore(TokenTexts texts, int[] labels, int[] train, int[] test, long seed)
            throws LeakageException {
        List<List<String>> all = texts.asLists();
        try (CaptionClassifier c = train(Leakage.pick(all, train), Leakage.pick(labels, train), seed)) {
            return c.scores(Leakage.pick(all, test));
        }
    }

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
     * Whether the result depends on the seed (default: yes). A trainer that says no gives the same
     * scores for the same texts, labels and split whatever the seed, so a run computes such a
     * training once ({@link TrainingMemo}).
     */
    default boolean usesSeed() {
        return true;
    }

    /** Whether training or scoring uses the PyTorch engine (default: no). */
    default boolean usesEngine() {
        return false;
    }

    /**
     * This trainer reporting each epoch to {@code progress} (a new instance; the results are the
     * same). Trainers without epochs worth reporting return themselves.
     */
    default CaptionClassifierTrainer withProgress(TrainingProgress progress) {
        return this;
    }

    /**
     * This trainer keeping a checkpoint of each training in {@code checkpoint} after every epoch and
     * resuming from it (a new instance). A resumed training must end exactly (bit for bit) where the
     * uninterrupted one ends. Trainers without epochs worth keeping return themselves, and say so
     * through {@link #checkpoints}.
     */
    default CaptionClassifierTrainer withCheckpoint(TrainingCheckpoint checkpoint) {
        return this;
    }

    /** Whether {@link #withCheckpoint} keeps checkpoints (default: no). */
    default boolean checkpoints() {
        return false;
    }
}
