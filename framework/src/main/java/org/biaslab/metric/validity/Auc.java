package org.biaslab.metric.validity;

import java.util.Arrays;
import java.util.Locale;
import org.biaslab.metric.Estimate;

/**
 * Area under the ROC curve of a score separating two labelled groups, e.g. how well the
 * estimated skin tone (ITA) separates items labelled with two skin tone groups.
 *
 * <p>AUC is the Mann-Whitney probability {@code P(X > Y) + P(X = Y) / 2} for a score X of the
 * "positive" group and Y of the other (Hanley and McNeil 1982, "The meaning and use of the area
 * under a receiver operating characteristic (ROC) curve", Radiology 143:29); ties count one half.
 * A value below 0.5 means the score is ordered the other way: the AUC of the reversed order is
 * {@code 1 - AUC}.
 *
 * <p>Interval: DeLong, DeLong and Clarke-Pearson (1988), "Comparing the areas under two or more
 * correlated receiver operating characteristic curves: a nonparametric approach", Biometrics
 * 44:837. With the structural components (placements) {@code V10(x_i)} = share of Y below x_i
 * (ties one half) and {@code V01(y_j)} = share of X above y_j, {@code Var(AUC) = S10 / m + S01 / n},
 * S10 and S01 their sample variances (denominators m - 1 and n - 1), m = |X|, n = |Y|. The
 * placements are computed from midranks in O((m + n) log(m + n)) (Sun and Xu 2014, "Fast
 * implementation of DeLong's algorithm", IEEE Signal Process Lett 21:1389). The interval is
 * {@code AUC +- z * SE} clipped to [0, 1]; it collapses to a point when the groups are perfectly
 * separated (every placement equal), a known limit of DeLong's estimator.
 */
public final class Auc {
    private Auc() {}

    /**
     * AUC with its DeLong interval.
     *
     * @param auc the estimate, n = m + n items; undefined when a group is empty; when a group has a
     *     single item the interval is the point itself (said in the method)
     * @param standardError DeLong standard error (NaN when a group has fewer than two items)
     * @param positives m, items of the positive group
     * @param negatives n, items of the other group
     */
    public record Result(Estimate auc, double standardError, int positives, int negatives) {}

    /**
     * AUC of scores of the positive group against the other group.
     *
     * @param positive scores of the positive group (finite)
     * @param negative scores of the other group (finite)
     * @param confidence e.g. 0.95
     */
    public static Result delong(double[] positive, double[] negative, double confidence) {
        ConfusionMatrix.checkConfidence(confidence);
        checkFinite(positive, "positive");
        checkFinite(negative, "negative");
        int m = positive.length;
        int n = negative.length;
        if (m == 0 || n == 0) {
            return new Result(Estimate.undefined("a group has no items (" + m + " positive, " + n + " negative)"),
                    Double.NaN, m, n);
        }
        double[] all = new double[m + n];
        System.arraycopy(positive, 0, all, 0, m);
        System.arraycopy(negative, 0, all, m, n);
        double[] rAll = midranks(all);
        double[] rX = midranks(positive);
        double[] rY = midranks(negative);
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        double sumRankX = 0;
        for (int i = 0; i < m; i++) {
            v10[i] = (rAll[i] - rX[i]) / n;
            sumRankX += rAll[i];
        }
        for (int j = 0; j < n; j++) {
            v01[j] = 1 - (rAll[m + j] - rY[j]) / m;
        }
        // Mann-Whitney U from the rank sum of X: U = R_X - m (m + 1) / 2, AUC = U / (m n)
        double auc = (sumRankX - m * (m + 1) / 2.0) / ((double) m * n);
        auc = Math.max(0, Math.min(1, auc));
        if (m < 2 || n < 2) {
            return new Result(new Estimate(auc, auc, auc, Double.NaN, m + n,
                    "no interval: DeLong needs at least 2 items per group (" + m + " positive, " + n + " negative)"),
                    Double.NaN, m, n);
        }
        double se = Math.sqrt(variance(v10) / m + variance(v01) / n);
        double z = ConfusionMatrix.z(confidence);
        return new Result(new Estimate(auc, Math.max(0, auc - z * se), Math.min(1, auc + z * se), Double.NaN, m + n,
                String.format(Locale.ROOT, "DeLong %.0f%% (SE %.6g)", confidence * 100, se)), se, m, n);
    }

    /** Midranks (1-based; tied values share the mean of their ranks), in the input order. */
    static double[] midranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mid;
            }
            i = j + 1;
        }
        return r;
    }

    private static double variance(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s / (v.length - 1);
    }

    private static void checkFinite(double[] x, String name) {
        if (x == null) {
            throw new IllegalArgumentException(name + " scores must not be null");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + x[i]);
            }
        }
    }
}
