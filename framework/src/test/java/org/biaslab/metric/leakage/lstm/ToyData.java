package org.biaslab.metric.leakage.lstm;

import java.util.List;

/** Synthetic token sequences for the LSTM tests and benchmark. */
final class ToyData {
    final List<List<String>> texts;
    final int[] labels;

    ToyData(List<List<String>> texts, int[] labels) {
        this.texts = texts;
        this.labels = labels;
    }

    /** {@link SyntheticTexts#containsX}. */
    static ToyData containsX(int n, int minLength, int maxLength, int vocabulary, long seed) {
        SyntheticTexts s = SyntheticTexts.containsX(n, minLength, maxLength, vocabulary, seed);
        return new ToyData(s.texts(), s.labels());
    }
}
