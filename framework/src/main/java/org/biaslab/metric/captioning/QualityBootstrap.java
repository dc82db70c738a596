package org.biaslab.metric.captioning;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;

/**
 * Percentile bootstrap intervals over images (Efron and Tibshirani 1993, ch. 13) for corpus BLEU-n
 * and CIDEr-D, and paired intervals for the difference between two caption sets of the same
 * images (Koehn 2004, "Statistical Significance Tests for Machine Translation Evaluation"): each
 * resample draws images with replacement, the same draw for both sets.
 *
 * <ul>
 * <li>BLEU is recomputed from the resampled images' summed counts (it is not a mean of image
 * scores), so its estimates carry no sd (NaN).</li>
 * <li>CIDEr-D is the mean of image scores; a resample averages them, with the document
 * frequencies of the full evaluated set held fixed (recomputing them on a resample that repeats
 * images would change what an n-gram's rarity means). Its sd is that of the image scores (or of
 * the per-image differences).</li>
 * </ul>
 * The point value is the full-set score; the interval is widened to contain it where the
 * percentiles do not (as {@link Intervals#bootstrapMean} does). All randomness comes from the seed.
 */
public final class QualityBootstrap {
    private QualityBootstrap() {}

    /** Corpus BLEU-n of one caption set with its interval. */
    public static Estimate bleu(CaptionQualityResult r, int order, double confidence, int resamples, long seed) {
        check(confidence, resamples);
        double value = r.bleu().corpus(order);
        List<BleuResult.ImageCounts> counts = r.bleu().images();
        double[] stats = new double[resamples];
        SplittableRandom rng = new SplittableRandom(seed);
        int[] idx = new int[counts.size()];
        for (int b = 0; b < resamples; b++) {
            draw(rng, idx);
            stats[b] = Bleu.corpus(counts, idx).get(order - 1);
        }
        return estimate(value, stats, Double.NaN, r.n(), confidence, resamples, seed, "BLEU-" + order);
    }

    /** CIDEr-D of one caption set with its interval. */
    public static Estimate ciderD(CaptionQualityResult r, double confidence, int resamples, long seed) {
        check(confidence, resamples);
        double[] x = r.ciderD().perImageArray();
        return estimate(r.ciderDScore(), resampledMeans(x, confidence, resamples, seed), Intervals.sd(x), r.n(),
                confidence, resamples, seed, "CIDEr-D (document frequencies of the full set)");
    }

    /** Paired difference after - before of corpus BLEU-n. */
    public static Estimate bleuDifference(CaptionQualityResult before, CaptionQualityResult after, int order,
            double confidence, int resamples, long seed) {
        checkPaired(before, after);
        check(confidence, resamples);
        double value = after.bleu().corpus(order) - before.bleu().corpus(order);
        List<BleuResult.ImageCounts> cb = before.bleu().images();
        List<BleuResult.ImageCounts> ca = after.bleu().images();
        double[] stats = new double[resamples];
        SplittableRandom rng = new SplittableRandom(seed);
        int[] idx = new int[cb.size()];
        for (int b = 0; b < resamples; b++) {
            draw(rng, idx);
            stats[b] = Bleu.corpus(ca, idx).get(order - 1) - Bleu.corpus(cb, idx).get(order - 1);
        }
        return estimate(value, stats, Double.NaN, before.n(), confidence, resamples, seed,
                "paired difference of BLEU-" + order);
    }

    /** Paired difference after - before of CIDEr-D. */
    public static Estimate ciderDDifference(CaptionQualityResult before, CaptionQualityResult after,
            double confidence, int resamples, long seed) {
        checkPaired(before, after);
        check(confidence, resamples);
        double[] b = before.ciderD().perImageArray();
        double[] a = after.ciderD().perImageArray();
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return estimate(after.ciderDScore() - before.ciderDScore(), resampledMeans(d, confidence, resamples, seed),
                Intervals.sd(d), before.n(), confidence, resamples, seed,
                "paired difference of CIDEr-D (document frequencies of the full set)");
    }

    private static double[] resampledMeans(double[] x, double confidence, int resamples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[resamples];
        int[] idx = new int[x.length];
        for (int b = 0; b < resamples; b++) {
            draw(rng, idx);
            double s = 0;
            for (int i : idx) {
                s += x[i];
            }
            means[b] = s / x.length;
        }
        return means;
    }

    private static void draw(SplittableRandom rng, int[] idx) {
        for (int i = 0; i < idx.length; i++) {
            idx[i] = rng.nextInt(idx.length);
        }
    }

    private static Estimate estimate(double value, double[] stats, double sd, int n, double confidence, int resamples,
            long seed, String what) {
        Arrays.sort(stats);
        double alpha = (1 - confidence) / 2;
        double lo = Intervals.quantile(stats, alpha);
        double hi = Intervals.quantile(stats, 1 - alpha);
        return new Estimate(value, Math.min(lo, value), Math.max(hi, value), sd, n, String.format(Locale.ROOT,
                "%s, bootstrap percentile %.0f%% over images (%d resamples, seed %d)", what, confidence * 100,
                resamples, seed));
    }

    private static void check(double confidence, int resamples) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
    }

    private static void checkPaired(CaptionQualityResult before, CaptionQualityResult after) {
        if (!before.imageIds().equals(after.imageIds())) {
            throw new IllegalArgumentException("before and after must score the same images in the same order ("
                    + before.n() + " vs " + after.n() + " images)");
        }
        if (before.referencesHash() != after.referencesHash()) {
            throw new IllegalArgumentException("before and after were scored against different references");
        }
    }
}
