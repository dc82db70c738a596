package org.biaslab.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Fixed computations that exercise what biaslab asks of the engine, each compared with the same
 * computation in plain Java doubles ({@link ReferenceMath}): a TensorFlow-style convolution stack
 * (as face-api's networks: a strided 3x3 convolution, depthwise and pointwise convolutions, leaky
 * ReLU, max pooling) on a 112x112 image, the fused LSTM kernel at the LIC paper's sizes, a
 * pre-norm Transformer encoder layer (layer norm, multi-head attention, GELU feed-forward) as the
 * debiaser's, and a plain matrix product. Inputs are drawn from fixed seeds and rounded to float, so
 * the reference sees exactly what the engine sees; the only differences left are float32 rounding,
 * far below each tolerance.
 *
 * <p>The checks run with the engine's own intra-op thread count, since some wrong kernels are wrong
 * only when they run on several threads.
 */
public final class SelfCheck {
    /** System property naming a check whose reference is deliberately shifted, to see the failure path. */
    public static final String DRILL_PROPERTY = "biaslab.selfcheck.drill";
    /** What the drill adds to the first reference value. */
    static final double DRILL_SHIFT = 0.5;

    private SelfCheck() {}

    /**
     * One computation's outcome.
     *
     * @param op          short name (conv-stack, lstm, transformer-layer, matmul)
     * @param description what was computed, with its sizes
     * @param maxAbsDiff  largest |engine - reference| over the output
     * @param tolerance   the largest difference accepted
     * @param expected    the reference value where the difference is largest
     * @param actual      the engine's value there
     * @param values      how many values were compared
     */
    public record Result(String op, String description, double maxAbsDiff, double tolerance, double expected,
            double actual, int values) {
        public boolean passed() {
            return maxAbsDiff <= tolerance;
        }

        /** One line: op, outcome, worst difference and tolerance. */
        public String summary() {
            return String.format(Locale.ROOT, "%-17s %s  max |engine - reference| %.3g (tolerance %.1g; %s)", op,
                    passed() ? "ok  " : "FAIL", maxAbsDiff, tolerance, description);
        }
    }

    /**
     * All checks of one run.
     *
     * @param results    each computation's outcome
     * @param threads    the engine's intra-op threads during the checks
     * @param millis     wall time of the whole check
     * @param drill      the check whose reference was shifted on purpose, or empty
     */
    public record Report(List<Result> results, int threads, long millis, Optional<String> drill) {
        public Report {
            results = List.copyOf(results);
        }

        public boolean passed() {
            return results.stream().allMatch(Result::passed);
        }

        /** The first failed computation, if any. */
        public Optional<Result> firstFailure() {
            return results.stream().filter(r -> !r.passed()).findFirst();
        }
    }

    /** A check: sizes, the engine side and the reference side over the same inputs. */
    record Check(String op, String description, double tolerance, Function<NDManager, float[]> engine,
            double[] reference) {}

    /** Runs every check on {@code engine}; never throws for a wrong number (see {@link Report#passed()}). */
    public static Report run(Engine engine) {
        String drill = System.getProperty(DRILL_PROPERTY, "").trim();
        long start = System.nanoTime();
        List<Result> results = new ArrayList<>();
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            for (Check c : checks()) {
                double[] reference = c.reference().clone();
                if (c.op().equals(drill)) {
                    reference[0] += DRILL_SHIFT;
                }
                float[] got;
                try (NDManager sub = manager.newSubManager()) {
                    got = c.engine().apply(sub);
                }
                results.add(compare(c, reference, got));
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Report(results, Torch.intraOpThreads(), millis, drill.isEmpty() ? Optional.empty()
                : Optional.of(drill));
    }

    static Result evaluate(Engine engine, Check c) {
        try (NDManager m = engine.newBaseManager(Device.cpu())) {
            return compare(c, c.reference(), c.engine().apply(m));
        }
    }

    private static Result compare(Check c, double[] reference, float[] got) {
        if (got.length != reference.length) {
            return new Result(c.op(), c.description() + "; engine gave " + got.length + " values, reference "
                    + reference.length, Double.POSITIVE_INFINITY, c.tolerance(), Double.NaN, Double.NaN,
                    reference.length);
        }
        double worst = -1;
        int at = 0;
        for (int i = 0; i < got.length; i++) {
            double d = Math.abs(got[i] - reference[i]);
            if (!(d <= worst)) { // NaN counts as worst
                worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                at = i;
                if (Double.isInfinite(worst)) {
                    break;
                }
            }
        }
        return new Result(c.op(), c.description(), worst, c.tolerance(), reference[at], got[at], got.length);
    }

    private static List<Check> checks() {
        return List.of(convStack(), lstmPaper(), lstmSmall(), transformerLayer(), matMul());
    }

    // ---- the computations ------------------------------------------------------------------------

    /** Values in [-scale, scale) rounded to float, from a fixed seed. */
    static double[] draw(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble(-1, 1) * scale);
        }
        return v;
    }

    static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static NDArray array(NDManager m, double[] v, long... shape) {
        return m.create(floats(v), new Shape(shape));
    }

    private static Check matMul() {
        int m = 96;
        int k = 256;
        int n = 128;
        double[] a = draw(11, m * k, 1);
        double[] b = draw(12, k * n, 1);
        return new Check("matmul", m + "x" + k + " times " + k + "x" + n, 1e-3,
                mgr -> array(mgr, a, m, k).matMul(array(mgr, b, k, n)).toFloatArray(),
                ReferenceMath.matMul(a, b, m, k, n));
    }

    private static Check convStack() {
        return convStack(2, 28, 64, 256, 512);
    }

    /**
     * A batch of channels-last images through: 3x3/2 convolution to {@code c1} channels, leaky
     * ReLU, depthwise 3x3, pointwise to {@code c2}, leaky ReLU, 2x2 max pool, pointwise to {@code
     * c3} (the shape of AgeGenderNet's exit: 256 to 512 channels on 7x7, which oneDNN's AVX-512
     * kernel gets wrong for a batch of two on some AMD EPYC processors).
     */
    static Check convStack(int batch, int size, int c1, int c2, int c3) {
        double[] x = draw(21, batch * 3 * size * size, 1);
        double[] w1 = draw(22, c1 * 3 * 9, 0.3);
        double[] b1 = draw(23, c1, 0.1);
        double[] dw = draw(24, c1 * 9, 0.4);
        double[] pw = draw(25, c2 * c1, 1 / Math.sqrt(c1));
        double[] b2 = draw(26, c2, 0.1);
        double[] pw2 = draw(27, c3 * c2, 1 / Math.sqrt(c2));
        double[] b3 = draw(28, c3, 0.1);
        int h = size / 2;
        int q = h / 2;
        double[] r = ReferenceMath.leakyRelu(ReferenceMath.conv2d(x, new int[] {batch, 3, size, size}, w1,
                new int[] {c1, 3, 3, 3}, b1, 2, 1, 1), 0.1);
        int[] s1 = {batch, c1, h, h};
        r = ReferenceMath.conv2d(r, s1, dw, new int[] {c1, 1, 3, 3}, null, 1, 1, c1);
        r = ReferenceMath.leakyRelu(ReferenceMath.conv2d(r, s1, pw, new int[] {c2, c1, 1, 1}, b2, 1, 0, 1), 0.1);
        r = ReferenceMath.maxPool(r, new int[] {batch, c2, h, h}, 2);
        double[] reference = ReferenceMath.conv2d(r, new int[] {batch, c2, q, q}, pw2, new int[] {c3, c2, 1, 1}, b3, 1,
                0, 1);
        return new Check("conv-stack", "batch of " + batch + " channels-last 3x" + size + "x" + size
                + " images: 3x3/2 conv to " + c1 + ", depthwise 3x3, pointwise to " + c2 + ", 2x2 max pool, pointwise to "
                + c3 + " on " + q + "x" + q, 1e-4,
                mgr -> {
                    // as face-api's input: NHWC pixels viewed as NCHW (channels-last memory), which makes
                    // PyTorch run the whole stack on oneDNN's channels-last kernels
                    NDArray image = array(mgr, nhwc(x, batch, 3, size, size), batch, size, size, 3)
                            .transpose(0, 3, 1, 2);
                    NDArray y = Conv2d.conv2d(image, array(mgr, w1, c1, 3, 3, 3), array(mgr, b1, c1), new Shape(2, 2),
                            new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                    y = Activation.leakyRelu(y, 0.1f);
                    y = Conv2d.conv2d(y, array(mgr, dw, c1, 1, 3, 3), null, new Shape(1, 1), new Shape(1, 1),
                            new Shape(1, 1), c1).singletonOrThrow();
                    y = Conv2d.conv2d(y, array(mgr, pw, c2, c1, 1, 1), array(mgr, b2, c2), new Shape(1, 1),
                            new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow();
                    y = Activation.leakyRelu(y, 0.1f);
                    y = Pool.maxPool2d(y, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
                    return Conv2d.conv2d(y, array(mgr, pw2, c3, c2, 1, 1), array(mgr, b3, c3), new Shape(1, 1),
                            new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow().toFloatArray();
                },
                reference);
    }

    /** A {@code (n, c, h, w)} array's values in {@code (n, h, w, c)} order. */
    static double[] nhwc(double[] nchw, int n, int c, int h, int w) {
        double[] out = new double[nchw.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out[((b * h + y) * w + x) * c + ch] = nchw[((b * c + ch) * h + y) * w + x];
                    }
                }
            }
        }
        return out;
    }

    /** The fused LSTM at the LIC paper's sizes (input 100, hidden 256). */
    private static Check lstmPaper() {
        return lstm("lstm", 4, 12, 100, 256);
    }

    /** The fused LSTM at small sizes (a different oneDNN kernel; wrong on some AVX-512 CPUs). */
    private static Check lstmSmall() {
        return lstm("lstm-small", 8, 10, 16, 16);
    }

    static Check lstm(String op, int batch, int time, int in, int hidden) {
        double bound = 1 / Math.sqrt(hidden);
        double[] x = draw(31, batch * time * in, 1);
        double[] wih = draw(32, 4 * hidden * in, bound);
        double[] whh = draw(33, 4 * hidden * hidden, bound);
        double[] bih = draw(34, 4 * hidden, bound);
        double[] bhh = draw(35, 4 * hidden, bound);
        return new Check(op, "fused LSTM, batch " + batch + " x " + time + " steps, input " + in + ", hidden "
                + hidden, 1e-4,
                mgr -> {
                    NDArray input = array(mgr, x, batch, time, in);
                    NDArray zero = mgr.zeros(new Shape(1, batch, hidden));
                    NDList params = new NDList(array(mgr, wih, 4L * hidden, in), array(mgr, whh, 4L * hidden, hidden),
                            array(mgr, bih, 4L * hidden), array(mgr, bhh, 4L * hidden));
                    return input.getNDArrayInternal()
                            .lstm(input, new NDList(zero, zero), params, true, 1, 0.0, false, false, true)
                            .get(0).toFloatArray();
                },
                ReferenceMath.lstm(x, batch, time, in, hidden, wih, whh, bih, bhh));
    }

    private static Check transformerLayer() {
        int batch = 2;
        int seq = 16;
        int d = 64;
        int heads = 4;
        int ff = 256;
        int rows = batch * seq;
        double[] x = draw(41, rows * d, 1);
        double[] g1 = draw(42, d, 1);
        double[] be1 = draw(43, d, 0.1);
        double[] wq = draw(44, d * d, 1 / Math.sqrt(d));
        double[] wk = draw(45, d * d, 1 / Math.sqrt(d));
        double[] wv = draw(46, d * d, 1 / Math.sqrt(d));
        double[] wo = draw(47, d * d, 1 / Math.sqrt(d));
        double[] bq = draw(48, d, 0.1);
        double[] bo = draw(49, d, 0.1);
        double[] g2 = draw(50, d, 1);
        double[] be2 = draw(51, d, 0.1);
        double[] w1 = draw(52, ff * d, 1 / Math.sqrt(d));
        double[] bf1 = draw(53, ff, 0.1);
        double[] w2 = draw(54, d * ff, 1 / Math.sqrt(ff));
        double[] bf2 = draw(55, d, 0.1);
        double eps = 1e-5;
        int dh = d / heads;

        // reference
        double[] h1 = ReferenceMath.layerNorm(x, rows, d, g1, be1, eps);
        double[] q = ReferenceMath.linear(h1, rows, d, wq, d, bq);
        double[] k = ReferenceMath.linear(h1, rows, d, wk, d, null);
        double[] v = ReferenceMath.linear(h1, rows, d, wv, d, null);
        double[] ctx = new double[rows * d];
        for (int b = 0; b < batch; b++) {
            for (int hd = 0; hd < heads; hd++) {
                double[] scores = new double[seq * seq];
                for (int i = 0; i < seq; i++) {
                    for (int j = 0; j < seq; j++) {
                        double s = 0;
                        for (int t = 0; t < dh; t++) {
                            s += q[(b * seq + i) * d + hd * dh + t] * k[(b * seq + j) * d + hd * dh + t];
                        }
                        scores[i * seq + j] = s / Math.sqrt(dh);
                    }
                }
                double[] p = ReferenceMath.softmaxRows(scores, seq, seq);
                for (int i = 0; i < seq; i++) {
                    for (int t = 0; t < dh; t++) {
                        double s = 0;
                        for (int j = 0; j < seq; j++) {
                            s += p[i * seq + j] * v[(b * seq + j) * d + hd * dh + t];
                        }
                        ctx[(b * seq + i) * d + hd * dh + t] = s;
                    }
                }
            }
        }
        double[] x2 = ReferenceMath.add(x, ReferenceMath.linear(ctx, rows, d, wo, d, bo));
        double[] h2 = ReferenceMath.layerNorm(x2, rows, d, g2, be2, eps);
        double[] f = ReferenceMath.gelu(ReferenceMath.linear(h2, rows, d, w1, ff, bf1));
        double[] reference = ReferenceMath.add(x2, ReferenceMath.linear(f, rows, ff, w2, d, bf2));

        return new Check("transformer-layer", "pre-norm encoder layer, batch " + batch + " x " + seq + " tokens, width "
                + d + ", " + heads + " heads, feed-forward " + ff + " (GELU)", 1e-4,
                mgr -> {
                    NDArray in = array(mgr, x, batch, seq, d);
                    NDArray n1 = LayerNorm.layerNorm(in, new Shape(d), array(mgr, g1, d), array(mgr, be1, d), (float) eps)
                            .singletonOrThrow();
                    NDArray qa = n1.matMul(array(mgr, wq, d, d).transpose()).add(array(mgr, bq, d));
                    NDArray ka = n1.matMul(array(mgr, wk, d, d).transpose());
                    NDArray va = n1.matMul(array(mgr, wv, d, d).transpose());
                    NDArray qh = qa.reshape(batch, seq, heads, dh).transpose(0, 2, 1, 3);
                    NDArray kh = ka.reshape(batch, seq, heads, dh).transpose(0, 2, 3, 1);
                    NDArray vh = va.reshape(batch, seq, heads, dh).transpose(0, 2, 1, 3);
                    NDArray probs = qh.matMul(kh).div(Math.sqrt(dh)).softmax(-1);
                    NDArray c = probs.matMul(vh).transpose(0, 2, 1, 3).reshape(batch, seq, d);
                    NDArray xa2 = in.add(c.matMul(array(mgr, wo, d, d).transpose()).add(array(mgr, bo, d)));
                    NDArray n2 = LayerNorm.layerNorm(xa2, new Shape(d), array(mgr, g2, d), array(mgr, be2, d),
                            (float) eps).singletonOrThrow();
                    NDArray fa = Activation.gelu(n2.matMul(array(mgr, w1, ff, d).transpose()).add(array(mgr, bf1, ff)));
                    return xa2.add(fa.matMul(array(mgr, w2, d, ff).transpose()).add(array(mgr, bf2, d)))
                            .toFloatArray();
                },
                reference);
    }
}
