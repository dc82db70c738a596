package org.biaslab.debias.lm;

import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** Interval estimates of held-out scores. */
final class HeldOut {
    static final double CONFIDENCE = 0.95;
    static final int RESAMPLES = 1000;

    private HeldOut() {}

    /**
     * Perplexity {@code exp(sum CE / sum n)} over captions, with a percentile bootstrap interval
     * that resamples captions (positions of one caption are not independent).
     *
     * @param lossSums per caption, the summed cross-entropy (nats) of its predicted positions
     * @param counts per caption, the number of predicted positions (&ge; 1 each)
     */
    static Estimate perplexity(double[] lossSums, int[] counts, long seed) {
        long total = Arrays.stream(counts).asLongStream().sum();
        if (lossSums.length == 0 || total == 0) {
            return Estimate.undefined("no predicted positions");
        }
        double value = Math.exp(Arrays.stream(lossSums).sum() / total);
        int n = lossSums.length;
        if (n == 1) {
            return new Estimate(value, value, value, Double.NaN, 1, "single caption, no interval");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] stats = new double[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            double s = 0;
            long c = 0;
            for (int i = 0; i < n; i++) {
                int j = rng.nextInt(n);
                s += lossSums[j];
                c += counts[j];
            }
            stats[b] = Math.exp(s / c);
        }
        Arrays.sort(stats);
        double alpha = (1 - CONFIDENCE) / 2;
        double lo = Intervals.quantile(stats, alpha);
        double hi = Intervals.quantile(stats, 1 - alpha);
        return new Estimate(value, Math.min(lo, value), Math.max(hi, value), Double.NaN, n,
                String.format(Locale.ROOT, "caption bootstrap percentile %.0f%% (%d resamples); n = captions, %d positions",
                        CONFIDENCE * 100, RESAMPLES, total));
    }

    /**
     * Share of correct positions with a Wilson interval. Positions of one caption are treated as
     * independent, so the interval is somewhat too narrow.
     */
    static Estimate accuracy(long correct, long positions) {
        if (positions > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many positions: " + positions);
        }
        if (positions == 0) {
            return Estimate.undefined("no positions");
        }
        return Intervals.wilson(correct, positions, CONFIDENCE);
    }

    static Map<String, Object> toMap(Estimate e) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("value", finite(e.value()));
        map.put("lower", finite(e.lower()));
        map.put("upper", finite(e.upper()));
        map.put("n", e.n());
        map.put("method", e.method());
        return map;
    }

    /** JSON has no NaN: undefined values are written as null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String format(Estimate e) {
        if (!e.defined()) {
            return "undefined (" + e.method() + ")";
        }
        return String.format(Locale.ROOT, "%.4f [%.4f, %.4f], n = %d", e.value(), e.lower(), e.upper(), e.n());
    }
}
