package org.biaslab.metric.captioning;

/**
 * The floating-point sums of NumPy that the reference scorers rely on, reproduced so that scores
 * agree with pycocoevalcap to the last bit rather than to rounding.
 */
final class NumpyMath {
    private static final int BLOCK = 128;

    private NumpyMath() {}

    /** {@code np.mean} of a contiguous float64 array: NumPy's pairwise sum divided by the count. */
    static double mean(double[] a) {
        return pairwiseSum(a, 0, a.length) / a.length;
    }

    /**
     * NumPy's pairwise summation of {@code a[from, from + n)}: plain loop below 8 values, eight
     * running partial sums up to 128 values, otherwise halves split at a multiple of 8.
     */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }
}
