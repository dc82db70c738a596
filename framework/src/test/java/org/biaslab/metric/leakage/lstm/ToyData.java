package org.biaslab.metric.leakage.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic token sequences for the LSTM tests and benchmark. */
final class ToyData {
    final List<List<String>> texts;
    final int[] labels;

    ToyData(List<List<String>> texts, int[] labels) {
        this.texts = texts;
        this.labels = labels;
    }

    /**
     * Label 1 iff the token {@code x} occurs (at a random position) among random {@code w0..}
     * tokens; lengths uniform in {@code [minLength, maxLength]}; classes balanced in expectation.
     */
    static ToyData containsX(int n, int minLength, int maxLength, int vocabulary, long seed) {
        Random random = new Random(seed);
        List<List<String>> texts = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            List<String> text = new ArrayList<>(length);
            for (int t = 0; t < length; t++) {
                text.add("w" + random.nextInt(vocabulary));
            }
            if (random.nextBoolean()) {
                text.set(random.nextInt(length), "x");
                labels[i] = 1;
            }
            texts.add(text);
        }
        return new ToyData(texts, labels);
    }
}
