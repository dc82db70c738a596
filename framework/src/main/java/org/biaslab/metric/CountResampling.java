package org.biaslab.metric;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * Resampling of counts without materialising the items: a bootstrap resample of n items of which
 * k have a property is a Binomial(n, k / n) draw, and of n items over categories a multinomial
 * draw. Exact in distribution (no approximation), in time of the order of the standard deviation
 * per draw, so published counts of a million images resample as fast as a thousand.
 */
public final class CountResampling {
    private CountResampling() {}

    /**
     * Percentile bootstrap of a share {@code k / n}: the share in each resample is a Binomial(n, k/n)
     * draw over n. Same interval as {@link Intervals#bootstrapMean} of the 0/1 indicators (the
     * resamples have the same distribution; the draws differ). Undefined for n = 0.
     */
    public static Estimate bootstrapShare(long k, long n, double confidence, int resamples, long seed) {
        if (n == 0) {
            return Estimate.undefined("no values");
        }
        double m = (double) k / n;
        if (n == 1) {
            return new Estimate(m, m, m, Double.NaN, 1, "single value, no interval");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] shares = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            shares[b] = (double) binomial(rng, n, m) / n;
        }
        Arrays.sort(shares);
        double alpha = (1 - confidence) / 2;
        double lo = Intervals.quantile(shares, alpha);
        double hi = Intervals.quantile(shares, 1 - alpha);
        // the sample standard deviation of the 0/1 indicators
        double sd = Math.sqrt(m * (1 - m) * n / (n - 1.0));
        return new Estimate(m, Math.min(lo, m), Math.max(hi, m), sd, n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n,
                String.format(Locale.ROOT, "bootstrap percentile %.0f%% (%d resamples)", confidence * 100, resamples));
    }

    /** Multinomial draw of {@code n} items with probabilities {@code p}, as a chain of binomials. */
    public static void multinomial(SplittableRandom rng, long n, double[] p, long[] out) {
        long left = n;
        double mass = 1;
        for (int j = 0; j < p.length; j++) {
            if (j == p.length - 1) {
                out[j] = left;
                break;
            }
            double pj = mass <= 0 ? 0 : Math.min(1, p[j] / mass);
            long x = binomial(rng, left, pj);
            out[j] = x;
            left -= x;
            mass -= p[j];
        }
    }

    /**
     * Binomial draw by modal inversion (Kemp 1986, "A modal method for generating binomial
     * variables", Commun Stat Theory Methods 15:805): one uniform, from which the probabilities of the
     * mode, mode - 1, mode + 1, mode - 2, ... are subtracted in turn (each from its neighbour by the
     * ratio of successive probabilities) until it is used up; exact, with an expected number of steps
     * of the order of the standard deviation and no distribution-function evaluation.
     */
    public static long binomial(SplittableRandom rng, long n, double p) {
        if (n <= 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("binomial draw of more than " + Integer.MAX_VALUE + " items");
        }
        long mode = Math.min(n, (long) Math.floor((n + 1) * p));
        double pmfMode = Math.exp(Gamma.logGamma(n + 1.0) - Gamma.logGamma(mode + 1.0) - Gamma.logGamma(n - mode + 1.0)
                + mode * Math.log(p) + (n - mode) * Math.log1p(-p));
        double odds = p / (1 - p);
        double u = rng.nextDouble() - pmfMode;
        if (u < 0) {
            return mode;
        }
        long down = mode;
        long up = mode;
        double pmfDown = pmfMode;
        double pmfUp = pmfMode;
        while (down > 0 || up < n) {
            if (down > 0) {
                // P(down - 1) = P(down) * down / ((n - down + 1) * odds)
                pmfDown = pmfDown * down / ((n - down + 1) * odds);
                down--;
                u -= pmfDown;
                if (u < 0) {
                    return down;
                }
            }
            if (up < n) {
                // P(up + 1) = P(up) * (n - up) / (up + 1) * odds
                pmfUp = pmfUp * (n - up) / (up + 1) * odds;
                up++;
                u -= pmfUp;
                if (u < 0) {
                    return up;
                }
            }
        }
        return mode; // the probabilities summed to slightly less than u by rounding
    }
}
