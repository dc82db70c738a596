package org.biaslab.metric.representation;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How large a change of a perceived share the tests of {@link OccupationChanges} can find, and how
 * many images that takes: the power of the pooled two-proportion z-test (unpaired) and of McNemar's
 * test (paired) by their normal approximations, at the per-occupation level {@code alpha / m}
 * (Bonferroni; Holm's step-down finds a single changed occupation at exactly that level and several
 * at a level at least as high, so this is a lower bound on the power of the Holm-adjusted test that
 * {@code compare} reports).
 *
 * <p>Unpaired (Fleiss, Levin and Paik, Statistical Methods for Rates and Proportions, 3rd ed., eq.
 * 4.14, two-sided, one tail neglected): shares {@code p1} on {@code n1} and {@code p2} on {@code n2},
 * {@code power = Phi((|p1 - p2| - z * sqrt(pbar qbar (1/n1 + 1/n2))) / sqrt(p1 q1 / n1 + p2 q2 / n2))}
 * with {@code pbar} the size-weighted mean share.
 *
 * <p>Paired (Connor 1987, Biometrics 43:207-211): {@code n} pairs of which a share {@code psi} is
 * discordant, a change {@code delta = (b - c) / n};
 * {@code power = Phi((|delta| sqrt(n) - z sqrt(psi)) / sqrt(psi - delta^2))}. The discordance is what
 * pairing buys: images that the two runs read the same way carry no information about the change.
 *
 * <p>A perceiver that misreads some images and abstains on others shrinks a change of the true share
 * and the number of images it rests on: {@link #perceived} maps a true share through a classifier's
 * declared rates.
 */
public final class ComparisonPower {
    private static final NormalDistribution NORMAL = new NormalDistribution();
    /** The most images per occupation {@link #imagesNeeded} searches. */
    public static final long MAX_IMAGES = 100_000_000L;

    private ComparisonPower() {}

    /** The per-test level for {@code occupations} tests at family-wise level {@code alpha}. */
    public static double perTestLevel(double alpha, int occupations) {
        if (!(alpha > 0 && alpha < 1) || occupations < 1) {
            throw new IllegalArgumentException("alpha must be in (0, 1) and occupations at least 1: " + alpha + ", "
                    + occupations);
        }
        return alpha / occupations;
    }

    /** Power of the two-sided unpaired test of {@code p1} on {@code n1} items against {@code p2} on {@code n2}. */
    public static double unpaired(double p1, double p2, double n1, double n2, double level) {
        check(p1);
        check(p2);
        if (n1 <= 0 || n2 <= 0) {
            return 0;
        }
        double pbar = (n1 * p1 + n2 * p2) / (n1 + n2);
        double z = NORMAL.inverseCumulativeProbability(1 - level / 2);
        double null0 = Math.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2));
        double alt = Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        double d = Math.abs(p1 - p2);
        if (alt == 0) {
            return d > z * null0 ? 1 : 0;
        }
        return NORMAL.cumulativeProbability((d - z * null0) / alt);
    }

    /** Power of McNemar's two-sided test: {@code n} pairs, discordant share {@code psi}, change {@code delta}. */
    public static double paired(double delta, double psi, double n, double level) {
        double d = Math.abs(delta);
        if (!(psi >= 0 && psi <= 1) || d > psi + 1e-12) {
            throw new IllegalArgumentException("a change of " + delta + " needs at least that share of discordant pairs, "
                    + "got " + psi);
        }
        if (n <= 0 || psi == 0) {
            return 0;
        }
        double z = NORMAL.inverseCumulativeProbability(1 - level / 2);
        double sd = Math.sqrt(Math.max(0, psi - d * d));
        double num = d * Math.sqrt(n) - z * Math.sqrt(psi);
        if (sd == 0) {
            return num > 0 ? 1 : 0;
        }
        return NORMAL.cumulativeProbability(num / sd);
    }

    /**
     * The smallest change {@code |p1 - p2|} away from {@code p2} that the unpaired test finds with at
     * least {@code power}: the larger of the two directions' (a change toward 0.5 is the harder one to
     * find), over the directions in which some change is found; NaN when none is.
     */
    public static double minimumDetectableUnpaired(double p2, double n1, double n2, double level, double power) {
        check(p2);
        double best = Double.NaN;
        for (int sign : new int[] {1, -1}) {
            double max = sign > 0 ? 1 - p2 : p2;
            if (max <= 0 || unpaired(p2 + sign * max, p2, n1, n2, level) < power) {
                continue;
            }
            double lo = 0;
            double hi = max;
            for (int i = 0; i < 60; i++) {
                double mid = (lo + hi) / 2;
                if (unpaired(p2 + sign * mid, p2, n1, n2, level) >= power) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            best = Double.isNaN(best) ? hi : Math.max(best, hi);
        }
        return best;
    }

    /**
     * The smallest change the paired test finds with at least {@code power} among {@code n} pairs with
     * discordant share {@code psi} (a change cannot exceed the discordance); NaN when none is found.
     */
    public static double minimumDetectablePaired(double psi, double n, double level, double power) {
        if (paired(psi, psi, n, level) < power) {
            return Double.NaN;
        }
        double lo = 0;
        double hi = psi;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (paired(mid, psi, n, level) >= power) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * Images per occupation and run that give the unpaired test at least {@code power} to find a change
     * from {@code p2} to {@code p1}, when a share {@code decided} of the images enter the share (the
     * others have no face or an uncertain reading); -1 when {@link #MAX_IMAGES} is not enough.
     */
    public static long imagesNeededUnpaired(double p1, double p2, double decided, double level, double power) {
        return search(n -> unpaired(p1, p2, n * decided, n * decided, level) >= power);
    }

    /** Pairs needed for the paired test (discordant share {@code psi} of all pairs); -1 when too many. */
    public static long imagesNeededPaired(double delta, double psi, double level, double power) {
        return search(n -> paired(delta, psi, n, level) >= power);
    }

    /**
     * A true share of women seen through a perceiver: {@code rates} are P(read as woman), P(read as
     * man) for true women and for true men ({@code {ww, wm, mw, mm}}: truth then reading); the rest of
     * each row abstains (no face, uncertain).
     *
     * @return {perceived woman share among decided images, share of images decided}
     */
    public static double[] perceived(double trueShare, double[] rates) {
        check(trueShare);
        if (rates.length != 4) {
            throw new IllegalArgumentException("rates are {woman->woman, woman->man, man->woman, man->man}");
        }
        double readWoman = trueShare * rates[0] + (1 - trueShare) * rates[2];
        double decided = trueShare * (rates[0] + rates[1]) + (1 - trueShare) * (rates[2] + rates[3]);
        return new double[] {decided == 0 ? Double.NaN : readWoman / decided, decided};
    }

    /**
     * A perceiver's rates for {@link #perceived} from its confusion matrix: {woman->woman, woman->man,
     * man->woman, man->man} as shares of each true label's items (abstentions included in the totals).
     *
     * @throws IllegalArgumentException when the matrix has no items of the true labels woman and man
     */
    public static double[] rates(org.biaslab.metric.validity.ConfusionMatrix m) {
        String w = org.biaslab.perceive.PerceptionPolicy.WOMAN;
        String man = org.biaslab.perceive.PerceptionPolicy.MAN;
        if (!m.labels().contains(w) || !m.labels().contains(man) || m.rowTotal(w) == 0 || m.rowTotal(man) == 0) {
            throw new IllegalArgumentException("the confusion matrix needs items of the true labels 'woman' and 'man', "
                    + "found labels " + m.labels());
        }
        return new double[] {(double) m.count(w, w) / m.rowTotal(w), (double) m.count(w, man) / m.rowTotal(w),
            (double) m.count(man, w) / m.rowTotal(man), (double) m.count(man, man) / m.rowTotal(man)};
    }

    private interface Enough {
        boolean at(long n);
    }

    /** The smallest n in [1, MAX_IMAGES] for which {@code enough} holds, power being monotone in n. */
    private static long search(Enough enough) {
        if (!enough.at(MAX_IMAGES)) {
            return -1;
        }
        long lo = 0;
        long hi = 1;
        while (!enough.at(hi)) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (enough.at(mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static void check(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a share must be in [0, 1], got " + p);
        }
    }
}
