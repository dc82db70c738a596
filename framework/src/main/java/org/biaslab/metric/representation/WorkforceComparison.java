package org.biaslab.metric.representation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;

/**
 * A generated share (e.g. perceived women among an occupation's decided images) against a reference
 * share of the same group in the workforce (e.g. BLS CPS Table 11 % women), as in Bianchi et al.
 * (FAccT 2023) and Luccioni et al. (Stable Bias, 2023). The reference is treated as known (BLS
 * sampling error is far smaller than an audit's); the interval of the difference is the Wilson
 * interval of the generated share shifted by the reference. The test is the exact two-sided
 * binomial test of H0: share = reference (p-value: total probability of counts no more likely than
 * the observed one, the "minimum likelihood" rule).
 *
 * <p>Amplification (in the sense of Zhao et al. 2017, applied to a reference distribution): with the
 * workforce skewed towards one side of parity ({@code r != 0.5}), the signed amplification is
 * {@code (p - r) * sign(r - 0.5)}: positive when the generator is more skewed than the workforce in
 * the workforce's own direction, negative when it is less skewed or reversed.
 */
public final class WorkforceComparison {
    private WorkforceComparison() {}

    /**
     * One group compared with its reference.
     *
     * @param successes items of the category (e.g. perceived women)
     * @param n decided items (the denominator)
     * @param reference reference share in [0, 1]
     * @param share generated share with Wilson interval (undefined for n = 0)
     * @param difference share minus reference with the shifted interval (undefined for n = 0)
     * @param pValue exact two-sided binomial p-value (NaN for n = 0)
     * @param amplification signed amplification (NaN for n = 0 or a reference of exactly 0.5)
     */
    public record Row(long successes, long n, double reference, Estimate share, Estimate difference, double pValue,
            double amplification) {
        public Row {
            if (n < 0 || successes < 0 || successes > n) {
                throw new IllegalArgumentException("need 0 <= successes <= n, was " + successes + " of " + n);
            }
            if (!(reference >= 0 && reference <= 1)) {
                throw new IllegalArgumentException("reference must be in [0, 1], was " + reference);
            }
            Objects.requireNonNull(share, "share");
            Objects.requireNonNull(difference, "difference");
        }

        /** Generated and reference shares on the same side of parity, the generated further from it. */
        public boolean amplified() {
            return amplification > 0;
        }

        /** The generated share's point estimate is on the other side of parity than the reference. */
        public boolean reversed() {
            return share.defined() && reference != 0.5 && Math.signum(share.value() - 0.5) != 0
                    && Math.signum(share.value() - 0.5) != Math.signum(reference - 0.5);
        }
    }

    /**
     * Summary over groups with a defined comparison and a reference other than 0.5.
     *
     * @param groups groups compared
     * @param amplified groups whose point estimate amplifies the workforce skew
     * @param significantlyAmplified amplified groups whose binomial test rejects at {@code alpha}
     * @param reversed groups skewed the other way than the workforce
     * @param meanAmplification mean signed amplification over the groups, bootstrap interval over groups
     * @param meanAbsoluteDifference mean |share - reference| over the groups, bootstrap interval
     * @param alpha test level
     */
    public record Summary(int groups, int amplified, int significantlyAmplified, int reversed,
            Estimate meanAmplification, Estimate meanAbsoluteDifference, double alpha) {}

    /** Compares {@code successes} of {@code n} with {@code reference}. */
    public static Row compare(long successes, long n, double reference, double confidence) {
        if (n == 0) {
            return new Row(0, 0, reference, Estimate.undefined("no decided item"),
                    Estimate.undefined("no decided item"), Double.NaN, Double.NaN);
        }
        Estimate share = Intervals.wilson(successes, n, confidence);
        Estimate diff = new Estimate(share.value() - reference, share.lower() - reference, share.upper() - reference,
                Double.NaN, (int) n, share.method() + " of the share, minus the reference (taken as known)");
        double amp = reference == 0.5 ? Double.NaN : (share.value() - reference) * Math.signum(reference - 0.5);
        return new Row(successes, n, reference, share, diff, binomialTest(successes, n, reference), amp);
    }

    /**
     * Exact two-sided binomial test p-value: the sum of P(X = j) over all j with
     * {@code P(X = j) <= P(X = k)} (with a relative tolerance of 1e-7 for ties), X ~ Bin(n, p0).
     */
    public static double binomialTest(long k, long n, double p0) {
        if (n <= 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("need 0 <= k <= n and n > 0, was k=" + k + ", n=" + n);
        }
        if (p0 == 0) {
            return k == 0 ? 1 : 0;
        }
        if (p0 == 1) {
            return k == n ? 1 : 0;
        }
        BinomialDistribution d = new BinomialDistribution(null, (int) n, p0);
        double pk = d.probability((int) k);
        double limit = pk * (1 + 1e-7);
        double p = 0;
        for (int j = 0; j <= n; j++) {
            double pj = d.probability(j);
            if (pj <= limit) {
                p += pj;
            }
        }
        return Math.min(1, p);
    }

    /** Summarises rows (undefined ones and references of exactly 0.5 are left out). */
    public static Summary summarise(List<Row> rows, double alpha, double confidence, int resamples, long seed) {
        List<Row> used = new ArrayList<>();
        for (Row r : rows) {
            if (r.share().defined() && !Double.isNaN(r.amplification())) {
                used.add(r);
            }
        }
        double[] amp = new double[used.size()];
        double[] abs = new double[used.size()];
        int amplified = 0;
        int significant = 0;
        int reversed = 0;
        for (int i = 0; i < used.size(); i++) {
            Row r = used.get(i);
            amp[i] = r.amplification();
            abs[i] = Math.abs(r.difference().value());
            if (r.amplified()) {
                amplified++;
                if (r.pValue() < alpha) {
                    significant++;
                }
            }
            if (r.reversed()) {
                reversed++;
            }
        }
        return new Summary(used.size(), amplified, significant, reversed,
                Intervals.bootstrapMean(amp, confidence, resamples, seed),
                Intervals.bootstrapMean(abs, confidence, resamples, seed + 1), alpha);
    }
}
