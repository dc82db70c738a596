package org.biaslab.metric.representation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;

/**
 * How far a group's distribution over categories is from balance.
 *
 * <p>{@link #heim}: HEIM's demographic-stereotype bias for a binary attribute (Lee et al., "Holistic
 * Evaluation of Text-to-Image Models", NeurIPS 2023 D&B, Sec. on bias; following Bianchi et al. 2023):
 * {@code |p - 0.5|} where p is the share of one category (perceived woman) among the items that have
 * one of the two categories (decided items), in [0, 0.5].
 *
 * <p>{@link #madFromUniform}: DALL-Eval's social-bias score (Cho, Zala and Bansal, ICCV 2023, Sec. 4.2):
 * the mean absolute deviation of the category shares from the uniform distribution,
 * {@code (1/K) sum_k |p_k - 1/K|}. For K = 2 it equals {@code |p - 0.5|}.
 *
 * <p>Intervals are percentile bootstraps over the group's items (and, for averages, over each
 * group's items independently, the average recomputed per resample). A group with no item is
 * undefined, and an average over groups leaves undefined groups out (the n says how many were used).
 */
public final class Imbalance {
    private Imbalance() {}

    /** HEIM imbalance from counts of the two categories. */
    public static double heim(long a, long b) {
        long n = a + b;
        return n == 0 ? Double.NaN : Math.abs((double) a / n - 0.5);
    }

    /** DALL-Eval mean absolute deviation from uniform of the counts' shares; NaN when all are 0. */
    public static double madFromUniform(long[] counts) {
        long n = Arrays.stream(counts).sum();
        if (n == 0 || counts.length == 0) {
            return Double.NaN;
        }
        double k = counts.length;
        double s = 0;
        for (long c : counts) {
            s += Math.abs(c / (double) n - 1 / k);
        }
        return s / k;
    }

    /**
     * The mean absolute deviation from uniform for one group with a bootstrap interval.
     *
     * @param items category index per item, each in {@code [0, categories)}
     */
    public static Estimate mad(int[] items, int categories, double confidence, int resamples, long seed) {
        return average(List.of(items), categories, confidence, resamples, seed);
    }

    /**
     * The mean over groups of the mean absolute deviation from uniform, with a bootstrap interval
     * (each group resampled on its own). With two categories this is the mean HEIM imbalance.
     *
     * @param groups per group, the category index of each item
     * @param categories number of categories K
     */
    public static Estimate average(List<int[]> groups, int categories, double confidence, int resamples, long seed) {
        if (categories < 2) {
            throw new IllegalArgumentException("categories must be >= 2, was " + categories);
        }
        List<int[]> used = new ArrayList<>();
        for (int[] g : groups) {
            for (int c : g) {
                if (c < 0 || c >= categories) {
                    throw new IllegalArgumentException("category index " + c + " outside [0, " + categories + ")");
                }
            }
            if (g.length > 0) {
                used.add(g);
            }
        }
        if (used.isEmpty()) {
            return Estimate.undefined("no group has an item");
        }
        double point = meanMad(used, categories, null);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] boot = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            boot[b] = meanMad(used, categories, rng);
        }
        Arrays.sort(boot);
        double alpha = (1 - confidence) / 2;
        double lo = Intervals.quantile(boot, alpha);
        double hi = Intervals.quantile(boot, 1 - alpha);
        int n = used.stream().mapToInt(g -> g.length).sum();
        return new Estimate(point, Math.min(lo, point), Math.max(hi, point), Double.NaN,
                used.size() == 1 ? n : used.size(),
                String.format(Locale.ROOT, "bootstrap percentile %.0f%% (%d resamples, items resampled within %s)",
                        confidence * 100, resamples, used.size() == 1 ? "the group; n = items"
                                : "each group; n = groups, " + n + " items"));
    }

    /**
     * {@link #average} from counts per group (group x category) instead of items, each group's
     * resample a multinomial draw of its counts. With {@code resampleGroups} the bootstrap has two
     * levels: groups are drawn with replacement first (the groups as a sample of possible groups,
     * e.g. occupations), then each drawn group's items; the interval then also covers which groups
     * were studied. Groups with no item are left out (n says how many were used).
     */
    public static Estimate averageCounts(List<long[]> groups, double confidence, int resamples, long seed,
            boolean resampleGroups) {
        List<long[]> used = new ArrayList<>();
        int k = -1;
        for (long[] g : groups) {
            if (k >= 0 && g.length != k) {
                throw new IllegalArgumentException("groups have " + k + " and " + g.length + " categories");
            }
            k = g.length;
            long n = 0;
            for (long c : g) {
                if (c < 0) {
                    throw new IllegalArgumentException("negative count " + c);
                }
                n += c;
            }
            if (n > 0) {
                used.add(g);
            }
        }
        if (k >= 0 && k < 2) {
            throw new IllegalArgumentException("categories must be >= 2, was " + k);
        }
        if (used.isEmpty()) {
            return Estimate.undefined("no group has an item");
        }
        int m = used.size();
        double[][] p = new double[m][];
        long[] n = new long[m];
        double point = 0;
        for (int i = 0; i < m; i++) {
            long[] g = used.get(i);
            n[i] = Arrays.stream(g).sum();
            p[i] = new double[g.length];
            for (int j = 0; j < g.length; j++) {
                p[i][j] = (double) g[j] / n[i];
            }
            point += madFromUniform(g);
        }
        point /= m;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] boot = new double[resamples];
        long[] draw = new long[k];
        for (int b = 0; b < resamples; b++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                int g = resampleGroups ? rng.nextInt(m) : i;
                org.biaslab.metric.CountResampling.multinomial(rng, n[g], p[g], draw);
                s += madFromUniform(draw);
            }
            boot[b] = s / m;
        }
        Arrays.sort(boot);
        double alpha = (1 - confidence) / 2;
        double lo = Intervals.quantile(boot, alpha);
        double hi = Intervals.quantile(boot, 1 - alpha);
        long items = Arrays.stream(n).sum();
        return new Estimate(point, Math.min(lo, point), Math.max(hi, point), Double.NaN, m == 1
                ? (int) Math.min(Integer.MAX_VALUE, items) : m,
                String.format(Locale.ROOT, "bootstrap percentile %.0f%% (%d resamples, %s)", confidence * 100,
                        resamples, resampleGroups ? "groups resampled, then items within each drawn group; n = groups, "
                                + items + " items" : m == 1 ? "items resampled within the group; n = items"
                                : "items resampled within each group; n = groups, " + items + " items"));
    }

    private static double meanMad(List<int[]> groups, int k, SplittableRandom rng) {
        double s = 0;
        for (int[] g : groups) {
            long[] counts = new long[k];
            for (int i = 0; i < g.length; i++) {
                counts[g[rng == null ? i : rng.nextInt(g.length)]]++;
            }
            s += madFromUniform(counts);
        }
        return s / groups.size();
    }
}
