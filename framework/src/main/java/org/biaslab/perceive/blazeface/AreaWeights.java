package org.biaslab.perceive.blazeface;

/**
 * Area (box-filter) resampling weights along one axis: output pixel {@code i} of {@code out}
 * covers source interval {@code [i * in / out, (i + 1) * in / out)}; each source pixel it touches
 * is weighted by the length of the overlap, the weights summing to 1.
 */
final class AreaWeights {
    private AreaWeights() {}

    /** Per output pixel: {first source index, weight of it, weight of the next, ...}. */
    static double[][] of(int in, int out) {
        double[][] w = new double[out][];
        double step = (double) in / out;
        for (int i = 0; i < out; i++) {
            double lo = i * step;
            double hi = (i + 1) * step;
            int first = (int) Math.floor(lo);
            int last = Math.min(in - 1, (int) Math.ceil(hi) - 1);
            double[] v = new double[last - first + 2];
            v[0] = first;
            for (int s = first; s <= last; s++) {
                v[s - first + 1] = (Math.min(hi, s + 1) - Math.max(lo, s)) / step;
            }
            w[i] = v;
        }
        return w;
    }
}
