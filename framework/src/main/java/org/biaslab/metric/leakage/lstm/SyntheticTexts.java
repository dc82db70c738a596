package org.biaslab.metric.leakage.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic token sequences for LSTM throughput measurements and tests: label 1 iff the token
 * {@code x} occurs (at a random position) among random {@code w0..} tokens; lengths uniform in
 * {@code [minLength, maxLength]}; classes balanced in expectation. The draws are
 * {@link java.util.Random}'s, so another program (the PyTorch anchor under tools/) can make the
 * same sequences from the same seed.
 *
 * @param texts  the token sequences
 * @param labels 1 where {@code x} occurs, else 0
 */
public record SyntheticTexts(List<List<String>> texts, int[] labels) {
    public static SyntheticTexts containsX(int n, int minLength, int maxLength, int vocabulary, long seed) {
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
        return new SyntheticTexts(texts, labels);
    }
}
