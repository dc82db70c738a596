package org.biaslab.perceive.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.biaslab.perceive.model.ModelException;

/**
 * The op table: TensorFlow ops as the TF.js graph executor runs them, on the PyTorch engine.
 *
 * <p>Layout: every tensor keeps TensorFlow's logical layout (NHWC images), so no op but the
 * convolutions and pooling needs to translate axes (reductions, concatenations, reshapes,
 * broadcasting). Convolutions and pooling hand PyTorch a contiguous NCHW array ({@link #nchw}) and
 * return the NCHW result viewed as NHWC ({@code permute}, no copy); elementwise ops keep that
 * memory order, so in a chain of convolutions only the first input is copied.
 *
 * <p>Padding: TF "SAME" gives {@code out = ceil(in / stride)} and pads
 * {@code total = max((out - 1) * stride + effectiveKernel - in, 0)}, {@code floor(total / 2)}
 * before and the rest after (the extra row and column at the bottom and right), which PyTorch's
 * symmetric padding cannot express: such inputs are padded explicitly (zeros for convolutions,
 * -inf for max pooling, where TF ignores padded cells).
 */
final class Ops {
    private Ops() {}

    private static final Map<String, Op> TABLE;

    static {
        Map<String, Op> t = new TreeMap<>();
        t.put("Identity", (n, p) -> {
            p.requireInputs(1, 1);
            return (e, in) -> new NDArray[] {in[0]};
        });
        t.put("Add", binary((a, b) -> a.add(b), true));
        t.put("AddV2", binary((a, b) -> a.add(b), true));
        t.put("Sub", binary((a, b) -> a.sub(b), false));
        t.put("Mul", binary((a, b) -> a.mul(b), true));
        t.put("RealDiv", binary((a, b) -> a.div(b), false));
        t.put("Minimum", binary((a, b) -> a.minimum(b), true));
        t.put("Maximum", binary((a, b) -> a.maximum(b), true));
        t.put("BiasAdd", Ops::biasAdd);
        t.put("Relu", unary(Activation::relu));
        t.put("Relu6", unary(Ops::relu6));
        t.put("Sigmoid", unary(Activation::sigmoid));
        t.put("Elu", unary(Ops::elu));
        t.put("LeakyRelu", (n, p) -> {
            p.requireInputs(1, 1);
            float alpha = n.floating("alpha", 0.2f);
            return (e, in) -> new NDArray[] {leakyRelu(in[0], alpha)};
        });
        t.put("Prelu", (n, p) -> {
            p.requireInputs(2, 2);
            return (e, in) -> new NDArray[] {prelu(e.own(in[0]), in[1])};
        });
        t.put("Softmax", unary(x -> x.softmax(-1)));
        t.put("Mean", Ops::mean);
        t.put("MatMul", (n, p) -> matMul(n, p, false));
        t.put("_FusedMatMul", (n, p) -> matMul(n, p, true));
        t.put("Conv2D", (n, p) -> Convolution.prepare(n, p, false, false));
        t.put("_FusedConv2D", (n, p) -> Convolution.prepare(n, p, false, true));
        t.put("DepthwiseConv2dNative", (n, p) -> Convolution.prepare(n, p, true, false));
        t.put("FusedDepthwiseConv2dNative", (n, p) -> Convolution.prepare(n, p, true, true));
        t.put("MaxPool", Ops::maxPool);
        t.put("Reshape", (n, p) -> {
            p.requireInputs(2, 2);
            int[] dims = p.ints(1);
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = dims[i];
            }
            return (e, in) -> new NDArray[] {e.own(in[0]).reshape(new Shape(shape))};
        });
        t.put("ConcatV2", Ops::concat);
        t.put("Pad", Ops::pad);
        t.put("PadV2", Ops::pad);
        TensorOps.register(t);
        TABLE = Collections.unmodifiableMap(t);
    }

    /** The op named {@code name}, or {@code null} if the table has none. */
    static Op get(String name) {
        return TABLE.get(name);
    }

    /** Names of the supported ops (besides Const and Placeholder), sorted. */
    static List<String> names() {
        return List.copyOf(TABLE.keySet());
    }

    // ---- elementwise ----------------------------------------------------------------------

    private static Op unary(UnaryOperator<NDArray> f) {
        return (n, p) -> {
            p.requireInputs(1, 1);
            return (e, in) -> new NDArray[] {f.apply(e.own(in[0]))};
        };
    }

    /**
     * A broadcasting binary op. The engine attaches a result to its first operand's manager: a
     * constant first operand is swapped to second place where the op commutes, else copied into the
     * call.
     */
    private static Op binary(BinaryOperator<NDArray> f, boolean commutes) {
        return (n, p) -> {
            p.requireInputs(2, 2);
            boolean swap = commutes && p.constant(0) != null && p.constant(1) == null;
            if (swap) {
                return (e, in) -> new NDArray[] {f.apply(in[1], in[0])};
            }
            return (e, in) -> new NDArray[] {f.apply(e.own(in[0]), in[1])};
        };
    }

    static NDArray relu6(NDArray x) {
        return x.clip(0, 6);
    }

    static NDArray elu(NDArray x) {
        return Activation.elu(x, 1f);
    }

    static NDArray leakyRelu(NDArray x, float alpha) {
        return Activation.leakyRelu(x, alpha);
    }

    /** TF.js prelu: {@code x < 0 ? alpha * x : x}, alpha broadcast against x. */
    static NDArray prelu(NDArray x, NDArray alpha) {
        try (NDArray negative = x.lt(0); NDArray scaled = x.mul(alpha)) {
            return NDArrays.where(negative, scaled, x);
        }
    }

    /** BiasAdd: bias [C] added along the last axis (data_format NHWC). */
    private static Kernel biasAdd(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(2, 2);
        requireNhwc(n);
        return (e, in) -> new NDArray[] {e.own(in[0]).add(in[1])};
    }

    /**
     * An activation of TF.js's fused ops ({@code fused_ops[1]}): linear, Relu, Relu6, Elu,
     * LeakyRelu, Prelu (alpha a further input) or Sigmoid.
     */
    interface Activator {
        NDArray apply(NDArray x, NDArray preluAlpha);
    }

    static Activator activation(TfNode n, String name) throws ModelException {
        if (name == null) {
            return (x, a) -> x;
        }
        float leak = n.floating("leakyrelu_alpha", 0.2f);
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relu" -> (x, a) -> Activation.relu(x);
            case "relu6" -> (x, a) -> relu6(x);
            case "elu" -> (x, a) -> elu(x);
            case "leakyrelu" -> (x, a) -> leakyRelu(x, leak);
            case "prelu" -> Ops::prelu;
            case "sigmoid" -> (x, a) -> Activation.sigmoid(x);
            default -> throw new ModelException(n.where() + ": fused activation '" + name
                    + "' is not supported (supported: Relu, Relu6, Elu, LeakyRelu, Prelu, Sigmoid)");
        };
    }

    /**
     * TF.js's reading of {@code fused_ops} and {@code num_args} for fused convolutions and matrix
     * products: {@code [BiasAdd]} or {@code [BiasAdd, activation]} (Prelu: bias then alpha), or an
     * activation alone (Prelu: alpha).
     *
     * @param bias       index of the bias among the node's inputs, -1 if none
     * @param alpha      index of the Prelu alpha, -1 if none
     * @param activation the activation after the bias
     */
    record Fused(int bias, int alpha, Activator activation) {
        static Fused read(TfNode n, Op.Prep p, int firstArg) throws ModelException {
            List<String> ops = n.strings("fused_ops");
            int numArgs = (int) n.integer("num_args", 0);
            if (ops.isEmpty() || ops.size() > 2) {
                throw new ModelException(n.where() + ": fused_ops " + ops + " is not supported");
            }
            String extra = ops.get(0).toLowerCase(Locale.ROOT);
            if (extra.equals("fusedbatchnorm")) {
                throw new ModelException(n.where() + ": FusedBatchNorm as a fused op is not supported (nor by TF.js)");
            }
            boolean biasAdd = extra.equals("biasadd");
            String act = biasAdd ? (ops.size() > 1 ? ops.get(1) : null) : ops.get(0);
            if (!biasAdd && ops.size() > 1) {
                throw new ModelException(n.where() + ": fused_ops " + ops + " is not supported");
            }
            boolean isPrelu = act != null && act.equalsIgnoreCase("prelu");
            int expected = (biasAdd ? 1 : 0) + (isPrelu ? 1 : 0);
            if (numArgs != expected || p.inputCount() != firstArg + expected) {
                throw new ModelException(n.where() + ": fused_ops " + ops + " take " + expected
                        + " extra argument(s); the node has num_args " + numArgs + " and "
                        + (p.inputCount() - firstArg));
            }
            int bias = biasAdd ? firstArg : -1;
            int alpha = isPrelu ? firstArg + (biasAdd ? 1 : 0) : -1;
            return new Fused(bias, alpha, Ops.activation(n, act));
        }

        NDArray apply(NDArray x, NDArray[] in) {
            NDArray y = bias >= 0 ? x.add(in[bias]) : x;
            if (y != x) {
                x.close();
            }
            NDArray z = activation.apply(y, alpha >= 0 ? in[alpha] : null);
            if (z != y) {
                y.close();
            }
            return z;
        }
    }

    // ---- reductions and matrix products -----------------------------------------------------

    private static Kernel mean(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(2, 2);
        int[] axes = p.ints(1);
        boolean keep = n.bool("keep_dims", false);
        return (e, in) -> new NDArray[] {mean(e.own(in[0]), axes, keep)};
    }

    /**
     * The mean over {@code axes} (negative from the end). DJL's PyTorch mean takes one axis: the
     * reduced axes are moved last and flattened into one.
     */
    static NDArray mean(NDArray x, int[] axes, boolean keep) {
        Shape s = x.getShape();
        int rank = s.dimension();
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            int ax = a < 0 ? a + rank : a;
            if (ax < 0 || ax >= rank) {
                throw new IllegalArgumentException("axis " + a + " out of range for shape " + s);
            }
            reduced[ax] = true;
        }
        int[] perm = new int[rank];
        int k = 0;
        List<Long> kept = new java.util.ArrayList<>();
        List<Long> keptDims = new java.util.ArrayList<>();
        long count = 1;
        for (int d = 0; d < rank; d++) {
            if (!reduced[d]) {
                perm[k++] = d;
                kept.add(s.get(d));
                keptDims.add(s.get(d));
            } else {
                keptDims.add(1L);
            }
        }
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                perm[k++] = d;
                count *= s.get(d);
            }
        }
        long[] flatShape = new long[kept.size() + 1];
        for (int i = 0; i < kept.size(); i++) {
            flatShape[i] = kept.get(i);
        }
        flatShape[kept.size()] = count;
        NDArray m;
        try (NDArray moved = x.transpose(perm); NDArray flat = moved.reshape(new Shape(flatShape))) {
            m = flat.mean(new int[] {kept.size()});
        }
        long[] out = (keep ? keptDims : kept).stream().mapToLong(Long::longValue).toArray();
        try (NDArray r = m) {
            return m.reshape(new Shape(out));
        }
    }

    private static Kernel matMul(TfNode n, Op.Prep p, boolean fused) throws ModelException {
        if (!fused) {
            p.requireInputs(2, 2);
        }
        boolean ta = n.bool("transpose_a", false);
        boolean tb = n.bool("transpose_b", false);
        Fused f = fused ? Fused.read(n, p, 2) : null;
        NDArray b = p.constant(1);
        NDArray constB = null;
        if (b != null) {
            // a copy: the consumed constant itself is freed once the model is loaded
            p.consume(1);
            try (NDArray view = tb ? b.transpose() : null) {
                constB = materialise(p.manager(), tb ? view : b);
            }
        }
        NDArray bFixed = constB;
        return (e, in) -> {
            NDArray a = e.own(in[0]);
            NDArray at = ta ? a.transpose() : a;
            NDArray bb = bFixed != null ? bFixed : (tb ? in[1].transpose() : in[1]);
            NDArray y = at.matMul(bb);
            if (at != a) {
                at.close();
            }
            return new NDArray[] {f == null ? y : f.apply(y, in)};
        };
    }

    /**
     * {@code wrapped} (an array just made from Java data, which it closes) as an array of the same
     * manager in the engine's own memory. DJL's PyTorch engine wraps a Java-side buffer without
     * copying, and only that array object keeps the buffer alive:
     * a view taken of it (a transpose, a reshape, an expand) would read freed memory once the array
     * is closed and the garbage collector has run (measured: centernet's detections lost on about
     * half of the images of a run with frequent collections). The engine's clone owns its memory.
     */
    static NDArray owned(NDArray wrapped) {
        try (wrapped) {
            return wrapped.duplicate();
        }
    }

    /** A contiguous copy of {@code x} in {@code m} (a transposed constant, for instance). */
    static NDArray materialise(NDManager m, NDArray x) {
        NDArray out;
        if (x.getDataType() == DataType.INT32) {
            out = m.create(x.toIntArray(), x.getShape());
        } else {
            out = m.create(x.toFloatArray(), x.getShape());
        }
        return out;
    }

    // ---- pooling, padding, shapes ------------------------------------------------------------

    private static Kernel maxPool(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(1, 1);
        requireNhwc(n);
        int[] k = n.ints("ksize");
        int[] s = n.ints("strides");
        if (k == null || k.length != 4 || k[0] != 1 || k[3] != 1 || s == null || s.length != 4 || s[0] != 1
                || s[3] != 1) {
            throw new ModelException(n.where() + ": ksize and strides must be [1, h, w, 1]");
        }
        String padding = n.string("padding", "");
        if (!padding.equals("SAME") && !padding.equals("VALID")) {
            throw new ModelException(n.where() + ": padding '" + padding + "' is not supported (SAME, VALID)");
        }
        boolean same = padding.equals("SAME");
        return (e, in) -> {
            NDArray x = e.own(in[0]);
            Shape shape = x.getShape();
            int[] ph = same ? samePadding((int) shape.get(1), k[1], s[1], 1) : new int[2];
            int[] pw = same ? samePadding((int) shape.get(2), k[2], s[2], 1) : new int[2];
            boolean pad = ph[0] + ph[1] + pw[0] + pw[1] > 0;
            NDArray y;
            try (NDArray nchw = nchw(x); NDArray xp = pad ? nchw.pad(new Shape(pw[0], pw[1], ph[0], ph[1]),
                    Double.NEGATIVE_INFINITY) : null) {
                y = separableMax(pad ? xp : nchw, k[1], k[2], s[1], s[2]);
            }
            NDArray out = y.transpose(0, 2, 3, 1);
            y.close();
            return new NDArray[] {out};
        };
    }

    /**
     * Max pooling of an NCHW array (already padded) as the maximum of the kernel's shifted, strided
     * views, first over rows, then over columns: the same values as PyTorch's max_pool2d (a maximum
     * is exact in any order, and both propagate NaN), but vectorised, where libtorch's NCHW pooling
     * kernel visits every window element by element (38 ms of centernet's 3x3 pooling of
     * 128x128x80, against a few ms).
     */
    static NDArray separableMax(NDArray x, int kh, int kw, int sh, int sw) {
        Shape s = x.getShape();
        long oh = (s.get(2) - kh) / sh + 1;
        long ow = (s.get(3) - kw) / sw + 1;
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("pooling window " + kh + "x" + kw + " larger than the input " + s);
        }
        NDArray rows = shiftedMax(x, kh, sh, oh, 2);
        try {
            NDArray out = shiftedMax(rows, kw, sw, ow, 3);
            if (out == x) { // a 1x1 window with stride 1
                out = x.duplicate();
            }
            return out;
        } finally {
            if (rows != x) {
                rows.close();
            }
        }
    }

    /** The maximum over k views of x along axis (2 or 3), view j starting at j with the stride. */
    private static NDArray shiftedMax(NDArray x, int k, int stride, long count, int axis) {
        if (k == 1 && stride == 1 && count == x.getShape().get(axis)) {
            return x;
        }
        NDArray acc = null; // view 0, then the running maximum (a new array)
        for (int j = 0; j < k; j++) {
            String range = j + ":" + (j + (count - 1) * stride + 1) + ":" + stride;
            NDArray view = x.get(new ai.djl.ndarray.index.NDIndex(axis == 2 ? ":,:," + range + ",:" : ":,:,:," + range));
            if (acc == null) {
                acc = view;
                continue;
            }
            NDArray next = acc.maximum(view);
            view.close();
            acc.close();
            acc = next;
        }
        if (k == 1) { // still a view of x: a copy the caller may close
            NDArray copy = acc.duplicate();
            acc.close();
            acc = copy;
        }
        return acc;
    }

    private static Kernel concat(TfNode n, Op.Prep p) throws ModelException {
        int count = p.inputCount() - 1;
        if (count < 1) {
            throw new ModelException(n.where() + ": needs at least one tensor and the axis");
        }
        int[] axis = p.ints(count);
        if (axis.length != 1) {
            throw new ModelException(n.where() + ": the axis must be a scalar");
        }
        return (e, in) -> {
            NDList list = new NDList();
            for (int i = 0; i < count; i++) {
                list.add(in[i]);
            }
            int rank = in[0].getShape().dimension();
            int a = axis[0] < 0 ? axis[0] + rank : axis[0];
            NDArray first = e.own(in[0]);
            if (first != in[0]) {
                list.set(0, first);
            }
            NDArray out = NDArrays.concat(list, a);
            if (first != in[0]) {
                first.close();
            }
            return new NDArray[] {out};
        };
    }

    /** Pad / PadV2 (constant mode): paddings [[before, after]] per dimension, value 0 or input 2. */
    private static Kernel pad(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(2, 3);
        int[] pads = p.ints(1);
        float value = 0;
        if (p.inputCount() == 3) {
            NDArray v = p.consume(2);
            if (v.getShape().size() != 1) {
                throw new ModelException(n.where() + ": the constant value must be a scalar");
            }
            value = v.toType(DataType.FLOAT32, false).toFloatArray()[0];
        }
        float fill = value;
        int rank = pads.length / 2;
        long[] torchPads = new long[pads.length];
        for (int d = 0; d < rank; d++) {
            // PyTorch lists the last dimension first
            torchPads[2 * (rank - 1 - d)] = pads[2 * d];
            torchPads[2 * (rank - 1 - d) + 1] = pads[2 * d + 1];
        }
        return (e, in) -> {
            NDArray x = e.own(in[0]);
            if (x.getShape().dimension() != rank) {
                throw new IllegalArgumentException(n.where() + ": paddings for rank " + rank + ", input has shape "
                        + x.getShape());
            }
            return new NDArray[] {x.pad(new Shape(torchPads), fill)};
        };
    }

    /**
     * An NHWC array as a contiguous NCHW array: a view when its memory is already in NCHW order (the
     * output of an earlier convolution), else one copy. A bare {@code permute} would hand PyTorch a
     * channels-last tensor, and libtorch 2.7.1's oneDNN (capped at AVX2) dies of SIGFPE choosing a
     * 1x1 channels-last convolution kernel on this project's AMD EPYC machines; contiguous NCHW
     * input takes the kernels face-api's port uses. (DJL has no {@code contiguous()}: a flat
     * {@code reshape} copies a non-contiguous array in logical order.)
     */
    static NDArray nchw(NDArray nhwc) {
        Shape s = nhwc.getShape();
        try (NDArray view = nhwc.transpose(0, 3, 1, 2); NDArray flat = view.reshape(-1)) {
            return flat.reshape(s.get(0), s.get(3), s.get(1), s.get(2));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    static void requireNhwc(TfNode n) throws ModelException {
        String format = n.string("data_format", "NHWC");
        if (!format.equals("NHWC")) {
            throw new ModelException(n.where() + ": data_format '" + format + "' is not supported (NHWC only, as TF.js)");
        }
    }

    /**
     * TF "SAME" padding of one axis, {before, after}, for a kernel of {@code kernel} taps spaced
     * {@code dilation} apart.
     */
    static int[] samePadding(int in, int kernel, int stride, int dilation) {
        int effective = (kernel - 1) * dilation + 1;
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + effective - in, 0);
        return new int[] {total / 2, total - total / 2};
    }
}
