package org.biaslab.metric;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Adjusted p-values for a family of tests (e.g. one per occupation): Holm's step-down method, which
 * controls the family-wise error rate (Holm 1979, Scand. J. Statist. 6:65-70), and the
 * Benjamini-Hochberg step-up method, which controls the false discovery rate (Benjamini and Hochberg
 * 1995, JRSS B 57:289-300). NaN p-values (tests that could not be done) are left out of the family
 * and stay NaN.
 */
public final class MultipleTesting {
    private MultipleTesting() {}

    /** Holm-adjusted p-values, in the input order. */
    public static double[] holm(double[] p) {
        Integer[] order = order(p);
        int m = order.length;
        double[] out = nanCopy(p.length);
        double running = 0;
        for (int i = 0; i < m; i++) {
            double adj = Math.min(1, (m - i) * p[order[i]]);
            running = Math.max(running, adj);
            out[order[i]] = running;
        }
        return out;
    }

    /** Benjamini-Hochberg-adjusted p-values (q-values), in the input order. */
    public static double[] benjaminiHochberg(double[] p) {
        Integer[] order = order(p);
        int m = order.length;
        double[] out = nanCopy(p.length);
        double running = 1;
        for (int i = m - 1; i >= 0; i--) {
            double adj = Math.min(1, (double) m / (i + 1) * p[order[i]]);
            running = Math.min(running, adj);
            out[order[i]] = running;
        }
        return out;
    }

    /** Indices of the defined p-values, smallest first (ties in input order). */
    private static Integer[] order(double[] p) {
        return java.util.stream.IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
    }

    private static double[] nanCopy(int n) {
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        return out;
    }
}
