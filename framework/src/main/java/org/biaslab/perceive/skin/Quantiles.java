package org.biaslab.perceive.skin;

import java.util.function.DoubleUnaryOperator;

/**
 * Order statistics over the first {@code n} values of an array, in expected linear time
 * (quickselect on a copy; the input is not reordered). Quantiles interpolate linearly between
 * order statistics ("type 7", the default of R and NumPy): for p in [0, 1], h = (n - 1) p and
 * q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 */
final class Quantiles {

    private Quantiles() {}

    static double median(double[] values, int n) {
        return quantile(values, n, 0.5);
    }

    /** Interquartile range q(0.75) - q(0.25); the lower quartile is selected left of the upper one only. */
    static double iqr(double[] values, int n) {
        return iqr(values, n, DoubleUnaryOperator.identity());
    }

    /**
     * Interquartile range of {@code map(v)} computed from the values {@code v}, for an increasing
     * {@code map}: order statistics are found on {@code v} and only the four neighbours of the
     * quartiles are mapped before interpolating. Lets a costly monotone transform (an angle) be
     * applied 4 times instead of n times.
     */
    static double iqr(double[] values, int n, DoubleUnaryOperator map) {
        double[] copy = copy(values, n);
        double upper = quantileInPlace(copy, n, 0.75, map);
        // Now copy[0..k75) <= copy[k75] <= copy[k75+1..n): q(0.25) needs order statistics k25 <= k75
        // and k25 + 1, which lies right of k25 (beyond k75 when k25 = k75, as for n = 2).
        int k75 = (int) Math.floor((n - 1) * 0.75);
        double h = (n - 1) * 0.25;
        int lo = (int) Math.floor(h);
        double low = select(copy, 0, k75 + 1, lo);
        double lower = map.applyAsDouble(low);
        if (lo + 1 < n && h != lo) {
            double next = Double.POSITIVE_INFINITY;
            int end = lo + 1 <= k75 ? k75 : n - 1;
            for (int i = lo + 1; i <= end; i++) next = Math.min(next, copy[i]);
            lower = lower + (h - lo) * (map.applyAsDouble(next) - lower);
        }
        return upper - lower;
    }

    /** Median of |x - centre|. */
    static double medianAbsoluteDeviation(double[] values, int n, double centre) {
        double[] dev = new double[n];
        for (int i = 0; i < n; i++) dev[i] = Math.abs(values[i] - centre);
        return quantileInPlace(dev, n, 0.5, DoubleUnaryOperator.identity());
    }

    static double quantile(double[] values, int n, double p) {
        return quantileInPlace(copy(values, n), n, p, DoubleUnaryOperator.identity());
    }

    private static double[] copy(double[] values, int n) {
        if (n < 1 || n > values.length) throw new IllegalArgumentException("n must be 1.." + values.length + ", was " + n);
        double[] copy = new double[n];
        System.arraycopy(values, 0, copy, 0, n);
        return copy;
    }

    /** Reorders {@code x[0..n)}; the result does not depend on the order the values came in. */
    private static double quantileInPlace(double[] x, int n, double p, DoubleUnaryOperator map) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("p must be in [0, 1], was " + p);
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        double low = map.applyAsDouble(select(x, 0, n, lo));
        if (lo + 1 >= n || h == lo) return low;
        double next = Double.POSITIVE_INFINITY; // the (lo+1)-th order statistic: minimum right of lo
        for (int i = lo + 1; i < n; i++) next = Math.min(next, x[i]);
        return low + (h - lo) * (map.applyAsDouble(next) - low);
    }

    /** The k-th smallest (0-based) of x[from..to); afterwards x[from..k) <= x[k] <= x[k+1..to). */
    private static double select(double[] x, int from, int to, int k) {
        int left = from;
        int right = to - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            // median of three as pivot
            if (x[mid] < x[left]) swap(x, mid, left);
            if (x[right] < x[left]) swap(x, right, left);
            if (x[right] < x[mid]) swap(x, right, mid);
            double pivot = x[mid];
            int i = left;
            int j = right;
            while (i <= j) {
                while (x[i] < pivot) i++;
                while (x[j] > pivot) j--;
                if (i <= j) {
                    swap(x, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return x[k];
        }
        return x[k];
    }

    private static void swap(double[] x, int i, int j) {
        double t = x[i];
        x[i] = x[j];
        x[j] = t;
    }
}
