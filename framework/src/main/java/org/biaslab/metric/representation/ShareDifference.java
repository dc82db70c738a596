package org.biaslab.metric.representation;

import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.metric.validity.ReferenceComparison;

/**
 * The difference of two independent proportions {@code k1/n1 - k2/n2} (e.g. an occupation's
 * perceived woman share in run A minus run B), with Newcombe's hybrid score interval (square-and-add
 * of the two Wilson intervals; Newcombe 1998, Statistics in Medicine 17:873-890, method 10) and the
 * two-sided p-value of the pooled two-proportion z-test; or, for the same items measured twice,
 * the paired version ({@link #paired}).
 *
 * @param a          the first share with its Wilson interval
 * @param b          the second share with its Wilson interval
 * @param difference {@code a - b} with the Newcombe interval (undefined when either share is)
 * @param pValue     two-sided p-value of "no difference" (NaN when undefined)
 */
public record ShareDifference(Estimate a, Estimate b, Estimate difference, double pValue) {
    /** Compares {@code k1/n1} with {@code k2/n2} at {@code confidence}. */
    public static ShareDifference of(long k1, long n1, long k2, long n2, double confidence) {
        Estimate a = Intervals.wilson(k1, n1, confidence);
        Estimate b = Intervals.wilson(k2, n2, confidence);
        if (!a.defined() || !b.defined()) {
            return new ShareDifference(a, b, Estimate.undefined(n1 == 0 ? "no items in the first run"
                    : "no items in the second run"), Double.NaN);
        }
        double d = a.value() - b.value();
        double lower = d - Math.sqrt(sq(a.value() - a.lower()) + sq(b.upper() - b.value()));
        double upper = d + Math.sqrt(sq(a.upper() - a.value()) + sq(b.value() - b.lower()));
        Estimate diff = new Estimate(d, Math.max(-1, lower), Math.min(1, upper), Double.NaN, (int) (n1 + n2),
                String.format(Locale.ROOT, "Newcombe hybrid score %.0f%% (unpaired)", confidence * 100));
        double pooled = (double) (k1 + k2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        double p;
        if (se == 0) {
            p = d == 0 ? 1 : 0;
        } else {
            p = 2 * (1 - new NormalDistribution().cumulativeProbability(Math.abs(d) / se));
        }
        return new ShareDifference(a, b, diff, Math.min(1, p));
    }

    /**
     * The difference of two proportions measured on the same items (e.g. the same prompts and seeds
     * under two models): {@code a} items yes in both, {@code b} yes only in the first, {@code c} yes
     * only in the second, {@code d} in neither. The shares are the two margins with Wilson intervals,
     * the difference {@code (b - c) / n} has Newcombe's paired square-and-add interval ({@link
     * ReferenceComparison#pairedDifference}), and the p-value is McNemar's exact test (two-sided
     * binomial test of {@code b} among the {@code b + c} discordant items; 1 when there are none).
     */
    public static ShareDifference paired(long a, long b, long c, long d, double confidence) {
        long n = a + b + c + d;
        Estimate first = Intervals.wilson(a + b, n, confidence);
        Estimate second = Intervals.wilson(a + c, n, confidence);
        if (n == 0) {
            return new ShareDifference(first, second, Estimate.undefined("no paired items"), Double.NaN);
        }
        double p = b + c == 0 ? 1 : WorkforceComparison.binomialTest(b, b + c, 0.5);
        return new ShareDifference(first, second, ReferenceComparison.pairedDifference(a, b, c, d, confidence),
                Math.min(1, p));
    }

    private static double sq(double x) {
        return x * x;
    }
}
