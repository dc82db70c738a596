package org.biaslab.perceive.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.biaslab.perceive.model.ModelException;

/**
 * Writes the dense part of a TF.js graph (from one NHWC image input to chosen feature-map outputs)
 * as an ONNX model (IR 8, opset 13) for ONNX Runtime, whose CPU convolutions are several times
 * faster than PyTorch's on the depthwise and thin 1 x 1 convolutions of mobile networks (measured:
 * docs/objects.md).
 *
 * <p>Inside the ONNX graph every 4-D tensor is NCHW: the input is transposed once at the start and
 * each output once at the end, so the model's inputs and outputs keep TensorFlow's NHWC. Filters
 * and constants are rewritten into that layout here; TensorFlow's SAME padding becomes the same
 * explicit pads the PyTorch kernels use ({@link Ops#samePadding}), so the arithmetic is the same
 * but for the order of the sums inside a convolution.
 *
 * <p>Supported (anything else fails with a {@link ModelException} naming the node, and the caller
 * keeps the PyTorch runner): Conv2D, DepthwiseConv2dNative and their TF.js fused forms (BiasAdd,
 * then Relu, Relu6, Elu, LeakyRelu, Sigmoid or none; SAME, VALID or EXPLICIT padding), Add, AddV2,
 * Sub, Mul, RealDiv (a constant operand of rank 0, 1 or 4), Relu, Relu6, Sigmoid, Identity, Mean
 * with keep_dims, ConcatV2 of feature maps, ResizeBilinear without half-pixel centres, MaxPool, and
 * Equal of feature maps read only by a Cast to float.
 */
final class OnnxExport {
    private OnnxExport() {}

    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    /**
     * Exports the nodes between {@code input} (a Placeholder of static NHWC shape) and
     * {@code outputs}.
     *
     * @param order     the graph's nodes in topological order
     * @param constants every constant's value, folded sub-graphs included (TF layout)
     */
    static byte[] export(List<TfNode> order, Map<String, NDArray[]> constants, String input, long[] inputShape,
            List<String> outputs) throws ModelException {
        Map<String, TfNode> byName = new HashMap<>();
        for (TfNode n : order) {
            byName.put(n.name(), n);
        }
        if (inputShape.length != 4 || java.util.Arrays.stream(inputShape).anyMatch(d -> d < 1)) {
            throw new ModelException("input '" + input + "' needs a static NHWC shape to be exported, has "
                    + java.util.Arrays.toString(inputShape));
        }
        // the nodes the outputs need, back to the input
        Set<String> needed = new java.util.HashSet<>();
        Deque<String> todo = new ArrayDeque<>(outputs);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.equals(input) || constants.containsKey(name) || !needed.add(name)) {
                continue;
            }
            TfNode n = byName.get(name);
            if (n == null) {
                throw new ModelException("no node '" + name + "' to export");
            }
            if (n.op().equals("Placeholder")) {
                throw new ModelException(n.where() + ": a second input; only '" + input + "' can be exported");
            }
            for (TfNode.Ref r : n.inputs()) {
                if (r.index() != 0) {
                    throw new ModelException(n.where() + ": reads output " + r.index() + " of '" + r.node()
                            + "'; only single-output ops are exported");
                }
                todo.push(r.node());
            }
        }
        Writer w = new Writer(constants);
        w.shapes.put(input, new long[] {inputShape[0], inputShape[3], inputShape[1], inputShape[2]});
        w.node("Transpose", List.of("input"), input, Map.of("perm", new long[] {0, 3, 1, 2}));
        for (TfNode n : order) {
            if (needed.contains(n.name())) {
                w.convert(n);
            }
        }
        for (String o : outputs) {
            w.node("Transpose", List.of(o), o + "/nhwc", Map.of("perm", new long[] {0, 2, 3, 1}));
        }
        return w.model(inputShape, outputs);
    }

    /** Builds the graph's nodes and initializers while tracking each feature map's NCHW shape. */
    private static final class Writer {
        private final Map<String, NDArray[]> constants;
        final Map<String, long[]> shapes = new HashMap<>();
        private final List<byte[]> nodes = new ArrayList<>();
        private final List<byte[]> initializers = new ArrayList<>();
        private final Set<String> initialized = new java.util.HashSet<>();
        /** Feature maps of booleans (Equal's), which only Cast may read. */
        private final Set<String> bool = new java.util.HashSet<>();

        Writer(Map<String, NDArray[]> constants) {
            this.constants = constants;
        }

        void convert(TfNode n) throws ModelException {
            switch (n.op()) {
                case "Conv2D", "_FusedConv2D" -> conv(n, false, n.op().startsWith("_"));
                case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> conv(n, true, n.op().startsWith("Fused"));
                case "Add", "AddV2" -> binary(n, "Add");
                case "Sub" -> binary(n, "Sub");
                case "Mul" -> binary(n, "Mul");
                case "RealDiv" -> binary(n, "Div");
                case "Relu", "Relu6", "Sigmoid", "Identity" -> {
                    String x = map(n, 0);
                    activation(n, n.op(), x, n.name());
                    shapes.put(n.name(), shapes.get(x));
                }
                case "Mean" -> mean(n);
                case "ConcatV2" -> concat(n);
                case "ResizeBilinear" -> resize(n);
                case "MaxPool" -> maxPool(n);
                case "Equal" -> {
                    binary(n, "Equal");
                    bool.add(n.name());
                }
                case "Cast" -> cast(n);
                default -> throw new ModelException(n.where() + ": op '" + n.op() + "' is not exported to ONNX");
            }
        }

        /** The feature map read as input {@code i} (never a constant). */
        private String map(TfNode n, int i) throws ModelException {
            String name = n.inputs().get(i).node();
            if (bool.contains(name) && !n.op().equals("Cast")) {
                throw new ModelException(n.where() + ": reads the booleans of '" + name + "'; only Cast to float is "
                        + "exported");
            }
            if (!shapes.containsKey(name)) {
                throw new ModelException(n.where() + ": input " + i + " ('" + name + "') is not a feature map of the "
                        + "exported part");
            }
            return name;
        }

        private NDArray constant(TfNode n, int i) throws ModelException {
            NDArray[] v = constants.get(n.inputs().get(i).node());
            if (v == null) {
                throw new ModelException(n.where() + ": input " + i + " must be a constant to be exported");
            }
            return v[0];
        }

        private void conv(TfNode n, boolean depthwise, boolean fused) throws ModelException {
            Ops.requireNhwc(n);
            String x = map(n, 0);
            long[] xs = shapes.get(x);
            NDArray filter = constant(n, 1);
            long[] f = filter.getShape().getShape();
            if (f.length != 4) {
                throw new ModelException(n.where() + ": filter must have rank 4, has " + filter.getShape());
            }
            int kh = (int) f[0];
            int kw = (int) f[1];
            long channels = xs[1];
            if (f[2] != channels) {
                throw new ModelException(n.where() + ": input has " + channels + " channels, filter " + filter.getShape());
            }
            float[] v = filter.toType(DataType.FLOAT32, false).toFloatArray();
            long out = depthwise ? f[2] * f[3] : f[3];
            float[] onnx = new float[v.length];
            // TF [kh, kw, in, out] -> ONNX [out, in, kh, kw]; depthwise TF [kh, kw, c, m] -> [c * m, 1, kh, kw]
            long inPer = depthwise ? 1 : f[2];
            for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                    for (int c = 0; c < f[2]; c++) {
                        for (int d = 0; d < f[3]; d++) {
                            float value = v[(int) (((a * f[1] + b) * f[2] + c) * f[3] + d)];
                            long o = depthwise ? c * f[3] + d : d;
                            long i = depthwise ? 0 : c;
                            onnx[(int) (((o * inPer + i) * kh + a) * kw + b)] = value;
                        }
                    }
                }
            }
            String weight = n.name() + "/W";
            initializer(weight, new long[] {out, inPer, kh, kw}, onnx);
            int[] strides = n.ints("strides");
            int[] dilations = n.has("dilations") ? n.ints("dilations") : new int[] {1, 1, 1, 1};
            if (strides == null || strides.length != 4 || strides[0] != 1 || strides[3] != 1 || dilations.length != 4
                    || dilations[0] != 1 || dilations[3] != 1) {
                throw new ModelException(n.where() + ": strides and dilations must be [1, h, w, 1]");
            }
            long[] pads = pads(n, xs, kh, kw, strides, dilations);
            List<String> in = new ArrayList<>(List.of(x, weight));
            String activation = null;
            if (fused) {
                List<String> ops = n.strings("fused_ops");
                if (ops.isEmpty() || !ops.get(0).equalsIgnoreCase("BiasAdd") || ops.size() > 2
                        || n.integer("num_args", 0) != 1 || n.inputs().size() != 3) {
                    throw new ModelException(n.where() + ": fused_ops " + ops + " is not exported (BiasAdd, then "
                            + "Relu, Relu6, Elu, LeakyRelu or Sigmoid)");
                }
                activation = ops.size() > 1 ? ops.get(1) : null;
                float[] bias = constant(n, 2).toType(DataType.FLOAT32, false).toFloatArray();
                if (bias.length != out) {
                    throw new ModelException(n.where() + ": bias has " + bias.length + " values for " + out + " channels");
                }
                initializer(n.name() + "/B", new long[] {out}, bias);
                in.add(n.name() + "/B");
            } else if (n.inputs().size() != 2) {
                throw new ModelException(n.where() + ": " + n.inputs().size() + " inputs, expected 2");
            }
            long oh = convOut(xs[2], kh, strides[1], dilations[1], pads[0] + pads[2]);
            long ow = convOut(xs[3], kw, strides[2], dilations[2], pads[1] + pads[3]);
            String conv = activation == null ? n.name() : n.name() + "/conv";
            Map<String, Object> attrs = new java.util.LinkedHashMap<>();
            attrs.put("kernel_shape", new long[] {kh, kw});
            attrs.put("strides", new long[] {strides[1], strides[2]});
            attrs.put("dilations", new long[] {dilations[1], dilations[2]});
            attrs.put("pads", pads);
            attrs.put("group", depthwise ? channels : 1L);
            node("Conv", in, conv, attrs);
            if (activation != null) {
                activation(n, activation, conv, n.name());
            }
            shapes.put(n.name(), new long[] {xs[0], out, oh, ow});
        }

        /**
         * ONNX pads {@code [top, left, bottom, right]} for a {@code kh x kw} window over NCHW shape
         * {@code xs}: TensorFlow's SAME (the extra row or column at the end, {@link Ops#samePadding}),
         * VALID or EXPLICIT padding.
         */
        private static long[] pads(TfNode n, long[] xs, int kh, int kw, int[] strides, int[] dilations)
                throws ModelException {
            String padding = n.string("padding", "");
            switch (padding) {
                case "SAME" -> {
                    int[] ph = Ops.samePadding((int) xs[2], kh, strides[1], dilations[1]);
                    int[] pw = Ops.samePadding((int) xs[3], kw, strides[2], dilations[2]);
                    return new long[] {ph[0], pw[0], ph[1], pw[1]};
                }
                case "VALID" -> {
                    return new long[4];
                }
                case "EXPLICIT" -> {
                    int[] e = n.ints("explicit_paddings");
                    if (e == null || e.length != 8 || e[0] != 0 || e[1] != 0 || e[6] != 0 || e[7] != 0) {
                        throw new ModelException(n.where() + ": explicit_paddings must pad only height and width");
                    }
                    return new long[] {e[2], e[4], e[3], e[5]};
                }
                default -> throw new ModelException(n.where() + ": padding '" + padding + "' is not exported");
            }
        }

        private static long convOut(long in, int k, int stride, int dilation, long padTotal) {
            return (in + padTotal - ((long) (k - 1) * dilation + 1)) / stride + 1;
        }

        private void activation(TfNode n, String op, String x, String y) throws ModelException {
            switch (op.toLowerCase(Locale.ROOT)) {
                case "relu" -> node("Relu", List.of(x), y, Map.of());
                case "sigmoid" -> node("Sigmoid", List.of(x), y, Map.of());
                case "identity" -> node("Identity", List.of(x), y, Map.of());
                case "elu" -> node("Elu", List.of(x), y, Map.of("alpha", 1.0f));
                case "leakyrelu" -> node("LeakyRelu", List.of(x), y, Map.of("alpha", n.floating("leakyrelu_alpha",
                        0.2f)));
                case "relu6" -> {
                    scalar("onnx/zero", 0f);
                    scalar("onnx/six", 6f);
                    node("Clip", List.of(x, "onnx/zero", "onnx/six"), y, Map.of());
                }
                default -> throw new ModelException(n.where() + ": activation '" + op + "' is not exported");
            }
        }

        private void scalar(String name, float value) {
            if (initialized.add(name)) {
                initializers.add(tensor(name, new long[0], FLOAT, floats(new float[] {value})));
            }
        }

        private void binary(TfNode n, String op) throws ModelException {
            if (n.inputs().size() != 2) {
                throw new ModelException(n.where() + ": " + n.inputs().size() + " inputs, expected 2");
            }
            String[] names = new String[2];
            long[] shape = null;
            for (int i = 0; i < 2; i++) {
                String in = n.inputs().get(i).node();
                if (shapes.containsKey(in)) {
                    names[i] = in;
                    shape = broadcast(n, shape, shapes.get(in));
                } else {
                    names[i] = n.name() + "/c" + i;
                    long[] cs = constantNchw(n, i, names[i]);
                    shape = broadcast(n, shape, cs);
                }
            }
            node(op, List.of(names), n.name(), Map.of());
            shapes.put(n.name(), shape);
        }

        /** Writes constant input {@code i} as NCHW-broadcastable initializer {@code name}; its shape. */
        private long[] constantNchw(TfNode n, int i, String name) throws ModelException {
            NDArray c = constant(n, i);
            if (c.getDataType() != DataType.FLOAT32) {
                throw new ModelException(n.where() + ": constant input " + i + " is " + c.getDataType()
                        + "; only float32 is exported");
            }
            long[] s = c.getShape().getShape();
            float[] v = c.toFloatArray();
            long[] shape;
            float[] data = v;
            if (s.length == 0 || v.length == 1) {
                shape = new long[0];
            } else if (s.length == 1) {
                shape = new long[] {s[0], 1, 1};
            } else if (s.length == 4) {
                shape = new long[] {s[0], s[3], s[1], s[2]};
                data = new float[v.length];
                for (int a = 0; a < s[0]; a++) {
                    for (int h = 0; h < s[1]; h++) {
                        for (int ww = 0; ww < s[2]; ww++) {
                            for (int ch = 0; ch < s[3]; ch++) {
                                data[(int) (((a * s[3] + ch) * s[1] + h) * s[2] + ww)] =
                                        v[(int) (((a * s[1] + h) * s[2] + ww) * s[3] + ch)];
                            }
                        }
                    }
                }
            } else {
                throw new ModelException(n.where() + ": constant input " + i + " of shape " + c.getShape()
                        + " is not exported (rank 0, 1 or 4)");
            }
            initializer(name, shape, data);
            return shape.length == 3 ? new long[] {1, shape[0], 1, 1} : shape;
        }

        private static long[] broadcast(TfNode n, long[] a, long[] b) throws ModelException {
            if (a == null) {
                return b;
            }
            if (a.length == 0) {
                return b;
            }
            if (b.length == 0) {
                return a;
            }
            long[] out = new long[4];
            for (int d = 0; d < 4; d++) {
                if (a[d] != b[d] && a[d] != 1 && b[d] != 1) {
                    throw new ModelException(n.where() + ": shapes " + java.util.Arrays.toString(a) + " and "
                            + java.util.Arrays.toString(b) + " (NCHW) do not broadcast");
                }
                out[d] = Math.max(a[d], b[d]);
            }
            return out;
        }

        private static long nchwAxis(TfNode n, int axis) throws ModelException {
            int a = axis < 0 ? axis + 4 : axis;
            return switch (a) {
                case 0 -> 0;
                case 1 -> 2;
                case 2 -> 3;
                case 3 -> 1;
                default -> throw new ModelException(n.where() + ": axis " + axis + " out of range for rank 4");
            };
        }

        private void mean(TfNode n) throws ModelException {
            String x = map(n, 0);
            if (!n.bool("keep_dims", false)) {
                throw new ModelException(n.where() + ": Mean without keep_dims is not exported");
            }
            int[] axes = constant(n, 1).toType(DataType.INT32, false).toIntArray();
            long[] mapped = new long[axes.length];
            long[] shape = shapes.get(x).clone();
            for (int i = 0; i < axes.length; i++) {
                mapped[i] = nchwAxis(n, axes[i]);
                shape[(int) mapped[i]] = 1;
            }
            node("ReduceMean", List.of(x), n.name(), Map.of("axes", mapped, "keepdims", 1L));
            shapes.put(n.name(), shape);
        }

        private void concat(TfNode n) throws ModelException {
            int count = n.inputs().size() - 1;
            int[] axisValue = constant(n, count).toType(DataType.INT32, false).toIntArray();
            long axis = nchwAxis(n, axisValue[0]);
            List<String> in = new ArrayList<>();
            long[] shape = null;
            for (int i = 0; i < count; i++) {
                String x = map(n, i);
                in.add(x);
                long[] s = shapes.get(x);
                if (shape == null) {
                    shape = s.clone();
                } else {
                    shape[(int) axis] += s[(int) axis];
                }
            }
            node("Concat", in, n.name(), Map.of("axis", axis));
            shapes.put(n.name(), shape);
        }

        private void resize(TfNode n) throws ModelException {
            String x = map(n, 0);
            boolean corners = n.bool("align_corners", false);
            if (n.bool("half_pixel_centers", false)) {
                throw new ModelException(n.where() + ": ResizeBilinear with half_pixel_centers is not exported");
            }
            int[] size = constant(n, 1).toType(DataType.INT32, false).toIntArray();
            long[] xs = shapes.get(x);
            long[] sizes = {xs[0], xs[1], size[0], size[1]};
            String sizesName = n.name() + "/sizes";
            initializers.add(tensor(sizesName, new long[] {4}, INT64, longs(sizes)));
            Map<String, Object> attrs = new java.util.LinkedHashMap<>();
            attrs.put("mode", "linear");
            // TF: source = destination * in / out, or * (in - 1) / (out - 1) with corners aligned
            attrs.put("coordinate_transformation_mode", corners ? "align_corners" : "asymmetric");
            node("Resize", List.of(x, "", "", sizesName), n.name(), attrs);
            shapes.put(n.name(), sizes);
        }

        private void maxPool(TfNode n) throws ModelException {
            Ops.requireNhwc(n);
            String x = map(n, 0);
            long[] xs = shapes.get(x);
            int[] k = n.ints("ksize");
            int[] strides = n.ints("strides");
            if (k == null || strides == null || k.length != 4 || strides.length != 4 || k[0] != 1 || k[3] != 1
                    || strides[0] != 1 || strides[3] != 1) {
                throw new ModelException(n.where() + ": ksize and strides must be [1, h, w, 1]");
            }
            long[] pads = pads(n, xs, k[1], k[2], strides, new int[] {1, 1, 1, 1});
            Map<String, Object> attrs = new java.util.LinkedHashMap<>();
            attrs.put("kernel_shape", new long[] {k[1], k[2]});
            attrs.put("strides", new long[] {strides[1], strides[2]});
            attrs.put("pads", pads); // padded positions never win the maximum, as in TensorFlow
            node("MaxPool", List.of(x), n.name(), attrs);
            shapes.put(n.name(), new long[] {xs[0], xs[1], convOut(xs[2], k[1], strides[1], 1, pads[0] + pads[2]),
                    convOut(xs[3], k[2], strides[2], 1, pads[1] + pads[3])});
        }

        private void cast(TfNode n) throws ModelException {
            String x = map(n, 0);
            if (!bool.contains(x) || !n.type("DstT", "").equals("DT_FLOAT")) {
                throw new ModelException(n.where() + ": only Cast of Equal's booleans to float is exported");
            }
            node("Cast", List.of(x), n.name(), Map.of("to", (long) FLOAT));
            shapes.put(n.name(), shapes.get(x));
        }

        private void initializer(String name, long[] shape, float[] data) {
            initializers.add(tensor(name, shape, FLOAT, floats(data)));
        }

        void node(String op, List<String> inputs, String output, Map<String, Object> attrs) {
            Proto p = new Proto();
            for (String i : inputs) {
                p.string(1, i);
            }
            p.string(2, output);
            p.string(3, output + "/" + op);
            p.string(4, op);
            for (Map.Entry<String, Object> e : attrs.entrySet()) {
                Proto a = new Proto();
                a.string(1, e.getKey());
                Object v = e.getValue();
                if (v instanceof long[] ints) {
                    for (long i : ints) {
                        a.varint(8, i);
                    }
                    a.varint(20, 7); // INTS
                } else if (v instanceof Long i) {
                    a.varint(3, i);
                    a.varint(20, 2); // INT
                } else if (v instanceof Float f) {
                    a.fixed32(2, Float.floatToRawIntBits(f));
                    a.varint(20, 1); // FLOAT
                } else if (v instanceof String s) {
                    a.bytes(4, s.getBytes(StandardCharsets.UTF_8));
                    a.varint(20, 3); // STRING
                } else {
                    throw new IllegalArgumentException("attribute " + e.getKey() + ": " + v);
                }
                p.bytes(5, a.toBytes());
            }
            nodes.add(p.toBytes());
        }

        byte[] model(long[] inputShape, List<String> outputs) {
            Proto g = new Proto();
            for (byte[] n : nodes) {
                g.bytes(1, n);
            }
            g.string(2, "biaslab-tfjs-export");
            for (byte[] t : initializers) {
                g.bytes(5, t);
            }
            g.bytes(11, valueInfo("input", inputShape));
            for (String o : outputs) {
                long[] s = shapes.get(o);
                g.bytes(12, valueInfo(o + "/nhwc", new long[] {s[0], s[2], s[3], s[1]}));
            }
            Proto m = new Proto();
            m.varint(1, 8); // IR version 8
            m.string(2, "biaslab");
            m.bytes(7, g.toBytes());
            Proto opset = new Proto();
            opset.string(1, "");
            opset.varint(2, 13);
            m.bytes(8, opset.toBytes());
            return m.toBytes();
        }

        private static byte[] valueInfo(String name, long[] shape) {
            Proto tensorType = new Proto();
            tensorType.varint(1, FLOAT);
            Proto dims = new Proto();
            for (long d : shape) {
                Proto dim = new Proto();
                dim.varint(1, d);
                dims.bytes(1, dim.toBytes());
            }
            tensorType.bytes(2, dims.toBytes());
            Proto type = new Proto();
            type.bytes(1, tensorType.toBytes());
            Proto v = new Proto();
            v.string(1, name);
            v.bytes(2, type.toBytes());
            return v.toBytes();
        }

        private static byte[] tensor(String name, long[] shape, int type, byte[] raw) {
            Proto t = new Proto();
            for (long d : shape) {
                t.varint(1, d);
            }
            t.varint(2, type);
            t.string(8, name);
            t.bytes(9, raw);
            return t.toBytes();
        }

        private static byte[] floats(float[] v) {
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            return b.array();
        }

        private static byte[] longs(long[] v) {
            ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(v);
            return b.array();
        }
    }

    /** Protocol-buffer wire format, the few field kinds ONNX's messages need. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            tag(field, 0);
            raw(value);
        }

        void fixed32(int field, int bits) {
            tag(field, 5);
            for (int k = 0; k < 4; k++) {
                out.write((bits >>> (8 * k)) & 0xFF);
            }
        }

        void string(int field, String s) {
            bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        void bytes(int field, byte[] b) {
            tag(field, 2);
            raw(b.length);
            out.writeBytes(b);
        }

        private void tag(int field, int wireType) {
            raw(((long) field << 3) | wireType);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
