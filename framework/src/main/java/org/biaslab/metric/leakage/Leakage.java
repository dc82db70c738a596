package org.biaslab.metric.leakage;

import java.util.ArrayList;
import java.util.List;

/**
 * The LIC leakage score (Hirota, Nakashima, Garcia, CVPR 2022, eq. 2-3): a classifier trained to
 * predict the protected attribute from masked captions is scored on held-out captions as
 *
 * <pre>LIC = 1/|D| * sum_i s_a(i) * 1[argmax = a_i]</pre>
 *
 * where s_a(i) is the classifier's probability of the predicted class, counted only when the
 * prediction is correct. A chance-level classifier of two balanced classes scores about 0.25-0.5;
 * a perfect, confident one scores 1. Results here are in [0, 1]; reports multiply by 100.
 */
public final class Leakage {
    private Leakage() {}

    /**
     * One trained-and-tested classifier.
     *
     * @param score LIC score in [0, 1]
     * @param accuracy share of test items predicted correctly
     * @param train training items
     * @param test test items
     */
    public record Score(double score, double accuracy, int train, int test) {}

    /**
     * The LIC score of scored test items. The predicted class is 1 when p(1) >= 0.5, as in the
     * reference code.
     *
     * @param scores {@code [i][label]} probabilities
     * @param labels true labels (0/1)
     */
    public static double score(double[][] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " score rows for " + labels.length + " labels");
        }
        if (labels.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            int predicted = scores[i][1] >= 0.5 ? 1 : 0;
            if (predicted == labels[i]) {
                sum += scores[i][predicted];
            }
        }
        return sum / labels.length;
    }

    /** Share of items whose predicted class (p(1) >= 0.5) is the true one. */
    public static double accuracy(double[][] scores, int[] labels) {
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((scores[i][1] >= 0.5 ? 1 : 0) == labels[i]) {
                ok++;
            }
        }
        return labels.length == 0 ? Double.NaN : (double) ok / labels.length;
    }

    /**
     * Trains on the split's training items and scores its test items.
     *
     * @param texts token sequences of all items
     * @param labels labels of all items
     */
    public static Score trainAndScore(CaptionClassifierTrainer trainer, List<List<String>> texts, int[] labels,
            BalancedSplit split, long seed) throws LeakageException {
        List<List<String>> trainTexts = pick(texts, split.train());
        List<List<String>> testTexts = pick(texts, split.test());
        int[] trainLabels = pick(labels, split.train());
        int[] testLabels = pick(labels, split.test());
        try (CaptionClassifier c = trainer.train(trainTexts, trainLabels, seed)) {
            double[][] s = c.scores(testTexts);
            return new Score(score(s, testLabels), accuracy(s, testLabels), trainTexts.size(), testTexts.size());
        }
    }

    /**
     * Trains on the split's training items and scores its test items, on texts stored as token ids
     * (shared by every seed and protocol; see {@link CaptionClassifierTrainer#trainAndScore}).
     *
     * @param texts token sequences of all items
     * @param labels labels of all items
     */
    public static Score trainAndScore(CaptionClassifierTrainer trainer, TokenTexts texts, int[] labels,
            BalancedSplit split, long seed) throws LeakageException {
        if (texts.size() != labels.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.length + " labels");
        }
        int[] testLabels = pick(labels, split.test());
        double[][] s = trainer.trainAndScore(texts, labels, split.train(), split.test(), seed);
        return new Score(score(s, testLabels), accuracy(s, testLabels), split.train().length, split.test().length);
    }

    static <T> List<T> pick(List<T> xs, int[] idx) {
        List<T> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(xs.get(i));
        }
        return out;
    }

    static int[] pick(int[] xs, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = xs[idx[i]];
        }
        return out;
    }
}
