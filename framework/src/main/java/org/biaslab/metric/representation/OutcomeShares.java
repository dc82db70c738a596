package org.biaslab.metric.representation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.util.Hashing;

/**
 * The share of each outcome among a group's items, e.g. perceived gender woman / man / uncertain /
 * no face among one occupation's images. Each share has a Wilson (1927) score interval and a
 * percentile bootstrap interval of the mean of the 0/1 indicator; with n = 0 both are undefined.
 *
 * @param n items in the group
 * @param counts items per outcome, in the order of the outcomes given
 * @param wilson share per outcome with a Wilson interval
 * @param bootstrap share per outcome with a bootstrap interval
 */
public record OutcomeShares(int n, Map<String, Long> counts, Map<String, Estimate> wilson,
        Map<String, Estimate> bootstrap) {
    public OutcomeShares {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        wilson = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(wilson));
        bootstrap = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bootstrap));
    }

    /**
     * Shares of {@code outcomes} among {@code items}.
     *
     * @param items one outcome per item; every item must be one of {@code outcomes}
     * @param outcomes the categories, in report order
     * @param confidence e.g. 0.95
     * @param resamples bootstrap resamples
     * @param seed seed of the bootstrap (each outcome derives its own stream)
     * @throws IllegalArgumentException when an item is not among the outcomes
     */
    public static OutcomeShares of(List<String> items, List<String> outcomes, double confidence, int resamples,
            long seed) {
        Objects.requireNonNull(items, "items");
        Map<String, Long> counts = new LinkedHashMap<>();
        outcomes.forEach(o -> counts.put(o, 0L));
        for (String s : items) {
            if (!counts.containsKey(s)) {
                throw new IllegalArgumentException("outcome '" + s + "' is not one of " + outcomes);
            }
            counts.merge(s, 1L, Long::sum);
        }
        Map<String, Estimate> w = new LinkedHashMap<>();
        Map<String, Estimate> b = new LinkedHashMap<>();
        for (String o : outcomes) {
            w.put(o, Intervals.wilson(counts.get(o), items.size(), confidence));
            double[] x = new double[items.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = items.get(i).equals(o) ? 1 : 0;
            }
            b.put(o, Intervals.bootstrapMean(x, confidence, resamples, Hashing.seed(seed, "share", o)));
        }
        return new OutcomeShares(items.size(), counts, w, b);
    }

    /**
     * Shares of {@code outcomes} from counts alone (e.g. a study's published counts): the same Wilson
     * intervals as {@link #of}, and bootstrap intervals drawn as binomial counts
     * ({@link org.biaslab.metric.CountResampling#bootstrapShare}) instead of item by item.
     *
     * @param counts items per outcome; every key must be one of {@code outcomes}, none negative
     */
    public static OutcomeShares ofCounts(Map<String, Long> counts, List<String> outcomes, double confidence,
            int resamples, long seed) {
        Map<String, Long> c = new LinkedHashMap<>();
        outcomes.forEach(o -> c.put(o, 0L));
        long n = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (!c.containsKey(e.getKey())) {
                throw new IllegalArgumentException("outcome '" + e.getKey() + "' is not one of " + outcomes);
            }
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("count of '" + e.getKey() + "' is negative: " + e.getValue());
            }
            c.merge(e.getKey(), e.getValue(), Long::sum);
            n += e.getValue();
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " items");
        }
        Map<String, Estimate> w = new LinkedHashMap<>();
        Map<String, Estimate> b = new LinkedHashMap<>();
        for (String o : outcomes) {
            w.put(o, Intervals.wilson(c.get(o), n, confidence));
            b.put(o, org.biaslab.metric.CountResampling.bootstrapShare(c.get(o), n, confidence, resamples,
                    Hashing.seed(seed, "share", o)));
        }
        return new OutcomeShares((int) n, c, w, b);
    }

    /** The count of one outcome (0 when it is not among the outcomes). */
    public long count(String outcome) {
        return counts.getOrDefault(outcome, 0L);
    }
}
