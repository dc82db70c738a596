package org.biaslab.engine;

import org.apache.commons.math3.special.Erf;

/**
 * Plain double-precision reference implementations of the engine operations biaslab uses, written
 * from their definitions (PyTorch's documentation of each op), with no engine involved. Arrays are
 * row-major; images are NCHW.
 */
public final class ReferenceMath {
    private ReferenceMath() {}

    /** {@code (m, k) x (k, n)}. */
    public static double[] matMul(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[i * k + p];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aip * b[p * n + j];
                }
            }
        }
        return c;
    }

    /**
     * {@code torch.nn.functional.conv2d}: input {@code (n, c, h, w)}, weight {@code (o, c/groups, kh,
     * kw)}, bias {@code (o)} or null, symmetric zero padding. Returns {@code (n, o, oh, ow)} with
     * {@code oh = (h + 2 pad - kh) / stride + 1}.
     */
    public static double[] conv2d(double[] x, int[] shape, double[] weight, int[] wShape, double[] bias, int stride,
            int pad, int groups) {
        int n = shape[0];
        int c = shape[1];
        int h = shape[2];
        int w = shape[3];
        int o = wShape[0];
        int cg = wShape[1];
        int kh = wShape[2];
        int kw = wShape[3];
        if (cg * groups != c || o % groups != 0) {
            throw new IllegalArgumentException("channels " + c + " and groups " + groups + " do not match weight "
                    + o + "x" + cg);
        }
        int oh = (h + 2 * pad - kh) / stride + 1;
        int ow = (w + 2 * pad - kw) / stride + 1;
        int og = o / groups;
        double[] out = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                int g = oc / og;
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        double s = bias == null ? 0 : bias[oc];
                        for (int ic = 0; ic < cg; ic++) {
                            int inC = g * cg + ic;
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = y * stride - pad + ky;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = xx * stride - pad + kx;
                                    if (ix < 0 || ix >= w) {
                                        continue;
                                    }
                                    s += x[((b * c + inC) * h + iy) * w + ix]
                                            * weight[((oc * cg + ic) * kh + ky) * kw + kx];
                                }
                            }
                        }
                        out[((b * o + oc) * oh + y) * ow + xx] = s;
                    }
                }
            }
        }
        return out;
    }

    /** Max pooling {@code k x k}, stride {@code k}, no padding, on {@code (n, c, h, w)} with h, w divisible by k. */
    public static double[] maxPool(double[] x, int[] shape, int k) {
        int n = shape[0];
        int c = shape[1];
        int h = shape[2];
        int w = shape[3];
        int oh = h / k;
        int ow = w / k;
        double[] out = new double[n * c * oh * ow];
        for (int p = 0; p < n * c; p++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int dy = 0; dy < k; dy++) {
                        for (int dx = 0; dx < k; dx++) {
                            m = Math.max(m, x[(p * h + y * k + dy) * w + xx * k + dx]);
                        }
                    }
                    out[(p * oh + y) * ow + xx] = m;
                }
            }
        }
        return out;
    }

    /** {@code leaky_relu} with the given negative slope, in place. */
    public static double[] leakyRelu(double[] x, double slope) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] < 0) {
                x[i] *= slope;
            }
        }
        return x;
    }

    /**
     * One direction of {@code torch.nn.LSTM} (one layer, batch first, gates i, f, g, o) from zero
     * states: input {@code (b, t, in)}, weights {@code (4h, in)}, {@code (4h, h)}, biases {@code
     * (4h)}. Returns the hidden state at every step, {@code (b, t, h)}.
     */
    public static double[] lstm(double[] x, int batch, int time, int in, int hidden, double[] wih, double[] whh,
            double[] bih, double[] bhh) {
        double[] out = new double[batch * time * hidden];
        for (int b = 0; b < batch; b++) {
            double[] h = new double[hidden];
            double[] cell = new double[hidden];
            for (int t = 0; t < time; t++) {
                int xOff = (b * time + t) * in;
                double[] gates = new double[4 * hidden];
                for (int r = 0; r < 4 * hidden; r++) {
                    double z = bih[r] + bhh[r];
                    for (int k = 0; k < in; k++) {
                        z += wih[r * in + k] * x[xOff + k];
                    }
                    for (int k = 0; k < hidden; k++) {
                        z += whh[r * hidden + k] * h[k];
                    }
                    gates[r] = z;
                }
                double[] next = new double[hidden];
                for (int k = 0; k < hidden; k++) {
                    double i = sigmoid(gates[k]);
                    double f = sigmoid(gates[hidden + k]);
                    double g = Math.tanh(gates[2 * hidden + k]);
                    double o = sigmoid(gates[3 * hidden + k]);
                    cell[k] = f * cell[k] + i * g;
                    next[k] = o * Math.tanh(cell[k]);
                }
                h = next;
                System.arraycopy(next, 0, out, (b * time + t) * hidden, hidden);
            }
        }
        return out;
    }

    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** Layer normalisation over the last axis of {@code (rows, d)} with gain and bias (biased variance). */
    public static double[] layerNorm(double[] x, int rows, int d, double[] gamma, double[] beta, double eps) {
        double[] out = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int j = 0; j < d; j++) {
                mean += x[r * d + j];
            }
            mean /= d;
            double var = 0;
            for (int j = 0; j < d; j++) {
                double z = x[r * d + j] - mean;
                var += z * z;
            }
            var /= d;
            double inv = 1.0 / Math.sqrt(var + eps);
            for (int j = 0; j < d; j++) {
                out[r * d + j] = (x[r * d + j] - mean) * inv * gamma[j] + beta[j];
            }
        }
        return out;
    }

    /** Softmax of each row of {@code (rows, d)}. */
    public static double[] softmaxRows(double[] x, int rows, int d) {
        double[] out = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < d; j++) {
                max = Math.max(max, x[r * d + j]);
            }
            double sum = 0;
            for (int j = 0; j < d; j++) {
                out[r * d + j] = Math.exp(x[r * d + j] - max);
                sum += out[r * d + j];
            }
            for (int j = 0; j < d; j++) {
                out[r * d + j] /= sum;
            }
        }
        return out;
    }

    /** The exact GELU, {@code x * Phi(x)}, in place. */
    public static double[] gelu(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 * x[i] * (1 + Erf.erf(x[i] / Math.sqrt(2)));
        }
        return x;
    }

    /** {@code x W^T + b}: {@code (rows, in) -> (rows, out)} with W {@code (out, in)}. */
    public static double[] linear(double[] x, int rows, int in, double[] w, int out, double[] b) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int k = 0; k < in; k++) {
                    s += x[r * in + k] * w[o * in + k];
                }
                y[r * out + o] = s;
            }
        }
        return y;
    }

    /** Elementwise sum. */
    public static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }
}
