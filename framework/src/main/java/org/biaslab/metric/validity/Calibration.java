package org.biaslab.metric.validity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.util.Hashing;

/**
 * Calibration of a classifier's probabilities: the reliability diagram, the expected calibration
 * error and, for binary probabilities, the Brier score.
 *
 * <p>Definitions follow Guo, Pleiss, Sun and Weinberger, "On Calibration of Modern Neural
 * Networks", ICML 2017, sec. 2: an item's confidence is the probability of its predicted
 * (top) label; the confidences are grouped into M equal-width bins {@code I_m = ((m-1)/M, m/M]}
 * (a confidence of exactly 0 goes to the first bin); per bin, accuracy is the share of correct
 * predictions and confidence the mean confidence; ECE (their eq. 3) is
 * {@code sum_m |B_m| / n * |acc(B_m) - conf(B_m)|}. This is the top-label form; for a binary
 * classifier giving {@code p} = P(positive), {@link #binary} takes the predicted label to be
 * positive when {@code p >= 0.5} and the confidence {@code max(p, 1 - p)}, so only bins above 0.5
 * are populated.
 *
 * <p>The Brier score (Brier 1950, "Verification of forecasts expressed in terms of probability",
 * Monthly Weather Review 78:1) of binary probabilities is {@code mean (p - y)^2} with y = 1 for a
 * positive item: 0 is perfect, 0.25 is the score of always saying 0.5.
 */
public final class Calibration {
    /** Bins of the reliability diagram and ECE, as in Guo et al. (2017), sec. 2 and 5. */
    public static final int BINS = 10;
    /** Default bootstrap resamples of the ECE and Brier intervals. */
    public static final int DEFAULT_RESAMPLES = 2000;

    private Calibration() {}

    /**
     * One bin of a reliability diagram.
     *
     * @param index 0-based bin index
     * @param lower lower edge (exclusive, except 0 for the first bin)
     * @param upper upper edge (inclusive)
     * @param n items whose confidence falls in the bin
     * @param meanConfidence mean confidence of those items (NaN when n = 0)
     * @param accuracy share of those items predicted correctly, Wilson interval (undefined when n = 0)
     */
    public record Bin(int index, double lower, double upper, int n, double meanConfidence, Estimate accuracy) {
        /** |accuracy - mean confidence|, NaN for an empty bin. */
        public double gap() {
            return n == 0 ? Double.NaN : Math.abs(accuracy.value() - meanConfidence);
        }
    }

    /**
     * A reliability diagram: the bins in order and the ECE they give.
     *
     * @param bins all bins, empty ones included
     * @param n items
     */
    public record ReliabilityDiagram(List<Bin> bins, int n) {
        public ReliabilityDiagram {
            bins = List.copyOf(bins);
        }

        /** Expected calibration error, Guo et al. (2017) eq. 3; NaN when there are no items. */
        public double ece() {
            if (n == 0) {
                return Double.NaN;
            }
            double s = 0;
            for (Bin b : bins) {
                if (b.n() > 0) {
                    s += (double) b.n() / n * b.gap();
                }
            }
            return s;
        }
    }

    /**
     * The calibration of binary probabilities.
     *
     * @param diagram reliability diagram of the top-label confidences
     * @param ece expected calibration error with a bootstrap percentile interval
     * @param brier Brier score with a bootstrap percentile interval
     * @param n items
     */
    public record Result(ReliabilityDiagram diagram, Estimate ece, Estimate brier, int n) {}

    /** The 0-based bin of a confidence in [0, 1]: {@code ((m-1)/M, m/M]} is bin m-1; 0 is in bin 0. */
    public static int bin(double confidence, int bins) {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        return binOf(confidence, bins);
    }

    private static int binOf(double confidence, int bins) {
        int m = (int) Math.ceil(confidence * bins) - 1;
        m = Math.max(0, Math.min(bins - 1, m));
        // guard the product's rounding against the exact edges m/M
        while (m > 0 && confidence <= (double) m / bins) {
            m--;
        }
        while (m < bins - 1 && confidence > (double) (m + 1) / bins) {
            m++;
        }
        return m;
    }

    /**
     * The reliability diagram of top-label confidences.
     *
     * @param confidence per item, the probability of the predicted label, in [0, 1]
     * @param correct per item, whether the predicted label was the true one
     * @param bins number of equal-width bins (see {@link #BINS})
     * @param level confidence level of the Wilson intervals, e.g. 0.95
     */
    public static ReliabilityDiagram reliability(double[] confidence, boolean[] correct, int bins, double level) {
        checkInputs(confidence, correct, bins);
        ConfusionMatrix.checkConfidence(level);
        int[] n = new int[bins];
        int[] right = new int[bins];
        double[] sum = new double[bins];
        for (int i = 0; i < confidence.length; i++) {
            int b = binOf(confidence[i], bins);
            n[b]++;
            sum[b] += confidence[i];
            if (correct[i]) {
                right[b]++;
            }
        }
        List<Bin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(new Bin(b, (double) b / bins, (double) (b + 1) / bins, n[b], n[b] == 0 ? Double.NaN : sum[b] / n[b],
                    Intervals.wilson(right[b], n[b], level)));
        }
        return new ReliabilityDiagram(out, confidence.length);
    }

    /** ECE of top-label confidences (Guo et al. 2017, eq. 3); NaN without items. */
    public static double ece(double[] confidence, boolean[] correct, int bins) {
        checkInputs(confidence, correct, bins);
        int[] idx = new int[confidence.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return ece(confidence, correct, bins, idx);
    }

    /** ECE over the items {@code idx} (with repeats, as a bootstrap resample draws them). */
    private static double ece(double[] confidence, boolean[] correct, int bins, int[] idx) {
        if (idx.length == 0) {
            return Double.NaN;
        }
        int[] n = new int[bins];
        double[] gap = new double[bins];
        for (int i : idx) {
            int b = binOf(confidence[i], bins);
            n[b]++;
            gap[b] += (correct[i] ? 1 : 0) - confidence[i];
        }
        double s = 0;
        for (int b = 0; b < bins; b++) {
            s += Math.abs(gap[b]);
        }
        // sum_m |B_m|/n * |acc_m - conf_m| = sum_m |sum_{i in B_m} (correct_i - conf_i)| / n
        return s / idx.length;
    }

    /**
     * ECE with a bootstrap percentile interval: items are resampled with replacement
     * {@code resamples} times from {@code seed} and the ECE recomputed (Efron and Tibshirani 1993,
     * ch. 13). The ECE of a finite sample is biased upwards, so the bootstrap distribution can lie
     * above the point estimate; the interval is then widened to contain it (said in the method).
     */
    public static Estimate eceWithInterval(double[] confidence, boolean[] correct, int bins, double level,
            int resamples, long seed) {
        checkInputs(confidence, correct, bins);
        ConfusionMatrix.checkConfidence(level);
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        int n = confidence.length;
        if (n == 0) {
            return Estimate.undefined("no items");
        }
        double point = ece(confidence, correct, bins);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] boot = new double[resamples];
        int[] idx = new int[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                idx[i] = rng.nextInt(n);
            }
            boot[r] = ece(confidence, correct, bins, idx);
        }
        Arrays.sort(boot);
        double alpha = (1 - level) / 2;
        double lo = Intervals.quantile(boot, alpha);
        double hi = Intervals.quantile(boot, 1 - alpha);
        boolean widened = point < lo || point > hi;
        return new Estimate(point, Math.min(lo, point), Math.max(hi, point), Intervals.sd(boot), n,
                String.format(Locale.ROOT, "bootstrap percentile %.0f%% (%d resamples, seed %d)%s", level * 100,
                        resamples, seed, widened ? ", widened to contain the estimate" : ""));
    }

    /** Calibration of binary probabilities with 95% intervals, {@link #BINS} bins and {@link #DEFAULT_RESAMPLES}. */
    public static Result binary(double[] pPositive, boolean[] positive, long seed) {
        return binary(pPositive, positive, BINS, 0.95, DEFAULT_RESAMPLES, seed);
    }

    /**
     * Calibration of binary probabilities.
     *
     * @param pPositive per item, the classifier's probability of the positive label, in [0, 1]
     * @param positive per item, whether its true label is the positive one
     * @param bins reliability bins
     * @param level interval confidence level
     * @param resamples bootstrap resamples of the ECE and Brier intervals
     * @param seed seed of the resampling (ECE and Brier use seeds derived from it)
     */
    public static Result binary(double[] pPositive, boolean[] positive, int bins, double level, int resamples,
            long seed) {
        checkInputs(pPositive, positive, bins);
        int n = pPositive.length;
        double[] conf = new double[n];
        boolean[] correct = new boolean[n];
        double[] squared = new double[n];
        for (int i = 0; i < n; i++) {
            double p = pPositive[i];
            boolean predictedPositive = p >= 0.5;
            conf[i] = predictedPositive ? p : 1 - p;
            correct[i] = predictedPositive == positive[i];
            double y = positive[i] ? 1 : 0;
            squared[i] = (p - y) * (p - y);
        }
        ReliabilityDiagram diagram = reliability(conf, correct, bins, level);
        Estimate ece = eceWithInterval(conf, correct, bins, level, resamples, Hashing.seed(seed, "ece"));
        Estimate brier = n == 0 ? Estimate.undefined("no items")
                : Intervals.bootstrapMean(squared, level, resamples, Hashing.seed(seed, "brier"));
        return new Result(diagram, ece, brier, n);
    }

    private static void checkInputs(double[] p, boolean[] flags, int bins) {
        if (p == null || flags == null) {
            throw new IllegalArgumentException("probabilities and outcomes must not be null");
        }
        if (p.length != flags.length) {
            throw new IllegalArgumentException("need one outcome per probability: " + p.length + " probabilities, "
                    + flags.length + " outcomes");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        for (int i = 0; i < p.length; i++) {
            checkProbability(p[i], "probability", i);
        }
    }

    private static void checkProbability(double p, String what, int i) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + "[" + i + "] must be in [0, 1], got " + p);
        }
    }
}
