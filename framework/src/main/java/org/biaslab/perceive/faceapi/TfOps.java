package org.biaslab.perceive.faceapi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import org.biaslab.perceive.tfjs.TfjsWeights;

/**
 * TensorFlow's convolution and pooling semantics on the PyTorch engine, on NCHW arrays.
 *
 * <p>TF "SAME" padding gives {@code out = ceil(in / stride)} and pads
 * {@code total = max((out - 1) * stride + k - in, 0)}, {@code floor(total / 2)} before and the rest
 * after: asymmetric (the extra row and column at the bottom and right) whenever the total is odd,
 * which PyTorch's symmetric padding cannot express, so such inputs are padded explicitly (zeros for
 * convolutions, -inf for max pooling, as TF ignores padded cells in a max).
 *
 * <p>Every op's result is attached to the manager of its first (data) operand, never to the
 * weights' manager, so freeing the per-call manager frees all intermediates.
 */
final class TfOps {
    private TfOps() {}

    /** TF "SAME" padding of one axis: {before, after}. */
    static int[] samePadding(int in, int kernel, int stride) {
        if (in < 1 || kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("in, kernel and stride must be >= 1, were " + in + ", " + kernel
                    + ", " + stride);
        }
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + kernel - in, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** 2-d convolution with TF "SAME" padding; weight OIHW; bias may be null; groups as PyTorch. */
    static NDArray convSame(NDArray x, NDArray weight, NDArray bias, int stride, int groups) {
        Shape s = x.getShape();
        Shape w = weight.getShape();
        int[] ph = samePadding((int) s.get(2), (int) w.get(2), stride);
        int[] pw = samePadding((int) s.get(3), (int) w.get(3), stride);
        if (ph[0] == ph[1] && pw[0] == pw[1]) {
            return conv(x, weight, bias, stride, ph[0], pw[0], groups);
        }
        try (NDArray padded = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0)) {
            return conv(padded, weight, bias, stride, 0, 0, groups);
        }
    }

    /** 2-d convolution without padding ("VALID"). */
    static NDArray convValid(NDArray x, NDArray weight, NDArray bias, int stride, int groups) {
        return conv(x, weight, bias, stride, 0, 0, groups);
    }

    /** Convolution with symmetric zero padding {@code padH, padW}. */
    static NDArray conv(NDArray x, NDArray weight, NDArray bias, int stride, int padH, int padW, int groups) {
        return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padH, padW), new Shape(1, 1),
                groups).singletonOrThrow();
    }

    /**
     * Max pooling with TF "SAME" padding (padded cells never win). Where TF pads only after the
     * input, PyTorch's ceil mode gives the same windows (cells past the end are ignored) and its
     * channels-last kernel is used directly; otherwise the input is padded with -inf and pooled as
     * the maximum of strided views, rows then columns. Both are exact.
     */
    static NDArray maxPoolSame(NDArray x, int kernel, int stride) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        int[] ph = samePadding(h, kernel, stride);
        int[] pw = samePadding(w, kernel, stride);
        int outH = (h + stride - 1) / stride;
        int outW = (w + stride - 1) / stride;
        if (ph[0] == 0 && pw[0] == 0 && ceilModeSize(h, kernel, stride) == outH
                && ceilModeSize(w, kernel, stride) == outW) {
            return Pool.maxPool2d(x, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(0, 0), true);
        }
        boolean pad = ph[0] + ph[1] + pw[0] + pw[1] > 0;
        NDArray p = pad ? x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), Double.NEGATIVE_INFINITY) : x;
        NDArray rows = null;
        for (int d = 0; d < kernel; d++) {
            NDArray view = p.get(new NDIndex(":, :, {}:{}:{}, :", d, d + stride * (outH - 1) + 1, stride));
            rows = rows == null ? view : maxClose(rows, view);
        }
        if (pad) {
            p.close();
        }
        NDArray out = null;
        for (int d = 0; d < kernel; d++) {
            NDArray view = rows.get(new NDIndex(":, :, :, {}:{}:{}", d, d + stride * (outW - 1) + 1, stride));
            out = out == null ? view : maxClose(out, view);
        }
        rows.close();
        return out;
    }

    /** PyTorch's pooled size with ceil mode and no padding (a last window must start inside the input). */
    static int ceilModeSize(int in, int kernel, int stride) {
        if (in < kernel) {
            return -1;
        }
        int out = (in - kernel + stride - 1) / stride + 1;
        if ((out - 1) * stride >= in) {
            out--;
        }
        return out;
    }

    /** Elementwise maximum; closes both operands. */
    static NDArray maxClose(NDArray a, NDArray b) {
        NDArray m = a.maximum(b);
        a.close();
        b.close();
        return m;
    }

    /** Average pooling without padding ("VALID"). */
    static NDArray avgPoolValid(NDArray x, int kernel, int stride) {
        return Pool.avgPool2d(x, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(0, 0), false, false);
    }

    /** TF HWIO filters [kh, kw, in, out] as PyTorch OIHW. */
    static NDArray filters(NDManager m, TfjsWeights.Tensor t) {
        int[] s = t.shape();
        check(t, 4);
        int kh = s[0];
        int kw = s[1];
        int in = s[2];
        int out = s[3];
        float[] src = t.data();
        float[] dst = new float[src.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        dst[((o * in + i) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * out + o];
                    }
                }
            }
        }
        return m.create(dst, new Shape(out, in, kh, kw));
    }

    /** TF depthwise filters [kh, kw, C, 1] as PyTorch grouped-convolution weights [C, 1, kh, kw]. */
    static NDArray depthwise(NDManager m, TfjsWeights.Tensor t) {
        int[] s = t.shape();
        check(t, 4);
        if (s[3] != 1) {
            throw new IllegalArgumentException(t.name() + ": depthwise multiplier must be 1, shape " + s[3]);
        }
        int kh = s[0];
        int kw = s[1];
        int c = s[2];
        float[] src = t.data();
        float[] dst = new float[src.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < c; i++) {
                    dst[(i * kh + y) * kw + x] = src[(y * kw + x) * c + i];
                }
            }
        }
        return m.create(dst, new Shape(c, 1, kh, kw));
    }

    /** A rank-1 or rank-2 tensor as it is. */
    static NDArray plain(NDManager m, TfjsWeights.Tensor t, int rank) {
        check(t, rank);
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = t.shape()[i];
        }
        return m.create(t.data(), new Shape(dims));
    }

    private static void check(TfjsWeights.Tensor t, int rank) {
        if (t.shape().length != rank) {
            throw new IllegalArgumentException(t.name() + ": expected rank " + rank + ", shape has "
                    + t.shape().length);
        }
    }
}
