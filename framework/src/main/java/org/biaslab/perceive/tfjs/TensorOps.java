package org.biaslab.perceive.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.biaslab.perceive.model.ModelException;

/**
 * The ops beyond faceres that Human's object detectors (centernet, nanodet) use: shape and index
 * manipulation (Transpose, ExpandDims, StridedSlice, SplitV, GatherV2, SparseToDense), TopKV2,
 * comparisons and casts, integer division, and ResizeBilinear. Where PyTorch has no op with TF.js's
 * exact semantics (legacy bilinear resizing, TF.js's tie order of top-k, gathers), the kernel
 * computes in Java, mirroring TF.js's CPU kernel.
 */
final class TensorOps {
    private TensorOps() {}

    static void register(Map<String, Op> t) {
        t.put("Transpose", (n, p) -> {
            p.requireInputs(2, 2);
            int[] perm = p.ints(1);
            return (e, in) -> new NDArray[] {e.own(in[0]).transpose(perm)};
        });
        t.put("ExpandDims", (n, p) -> {
            p.requireInputs(2, 2);
            int[] axis = p.ints(1);
            if (axis.length != 1) {
                throw new ModelException(n.where() + ": the axis must be a single value");
            }
            return (e, in) -> {
                NDArray x = e.own(in[0]);
                int rank = x.getShape().dimension();
                int a = axis[0] < 0 ? axis[0] + rank + 1 : axis[0];
                return new NDArray[] {x.expandDims(a)};
            };
        });
        t.put("Cast", TensorOps::cast);
        t.put("Equal", (n, p) -> {
            p.requireInputs(2, 2);
            return (e, in) -> new NDArray[] {e.own(in[0]).eq(in[1])};
        });
        t.put("FloorDiv", (n, p) -> {
            p.requireInputs(2, 2);
            return (e, in) -> new NDArray[] {floorDiv(e.own(in[0]), e.own(in[1]))};
        });
        t.put("FloorMod", (n, p) -> {
            p.requireInputs(2, 2);
            return (e, in) -> new NDArray[] {floorMod(e.own(in[0]), e.own(in[1]))};
        });
        t.put("StridedSlice", TensorOps::stridedSlice);
        t.put("SplitV", TensorOps::splitV);
        t.put("GatherV2", TensorOps::gather);
        t.put("TopKV2", TensorOps::topK);
        t.put("SparseToDense", TensorOps::sparseToDense);
        t.put("ResizeBilinear", TensorOps::resizeBilinear);
    }

    private static DataType dtype(TfNode n, String key) throws ModelException {
        String t = n.type(key, "");
        return switch (t) {
            case "DT_FLOAT" -> DataType.FLOAT32;
            case "DT_INT32", "DT_INT64" -> DataType.INT32; // TF.js holds int64 as int32
            case "DT_BOOL" -> DataType.BOOLEAN;
            default -> throw new ModelException(n.where() + ": " + key + " " + t + " is not supported");
        };
    }

    /** Cast: float to int truncates towards zero, as TF.js's Int32Array conversion. */
    private static Kernel cast(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(1, 1);
        DataType to = dtype(n, "DstT");
        return (e, in) -> {
            NDArray x = e.own(in[0]);
            if (to == DataType.BOOLEAN) {
                return new NDArray[] {x.neq(0)};
            }
            return new NDArray[] {x.toType(to, true)};
        };
    }

    private static boolean isInt(NDArray x) {
        DataType t = x.getDataType();
        return t == DataType.INT32 || t == DataType.INT64;
    }

    /**
     * floor(a / b) in float64, as int32 whatever the input type: TF.js's FloorDiv kernel computes
     * {@code Math.floor(a / b)} and always returns int32 (exact for int32 and float32 operands).
     */
    static NDArray floorDiv(NDArray a, NDArray b) {
        try (NDArray a64 = a.toType(DataType.FLOAT64, false); NDArray b64 = b.toType(DataType.FLOAT64, false);
                NDArray q = a64.div(b64); NDArray f = q.floor()) {
            return f.toType(DataType.INT32, false);
        }
    }

    /** Floor modulo (the result takes the divisor's sign), as TF.js's mod kernel. */
    static NDArray floorMod(NDArray a, NDArray b) {
        if (isInt(a) && isInt(b)) {
            try (NDArray a64 = a.toType(DataType.FLOAT64, false); NDArray b64 = b.toType(DataType.FLOAT64, false);
                    NDArray m = a64.mod(b64)) {
                return m.toType(a.getDataType(), false);
            }
        }
        return a.mod(b);
    }

    /**
     * StridedSlice with positive strides and begin, end, new-axis and shrink-axis masks (no
     * ellipsis), as TF normalises them: negative indices count from the end, then clamp to the
     * dimension.
     */
    private static Kernel stridedSlice(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(4, 4);
        int[] begin = p.ints(1);
        int[] end = p.ints(2);
        int[] strides = p.ints(3);
        long beginMask = n.integer("begin_mask", 0);
        long endMask = n.integer("end_mask", 0);
        long newAxisMask = n.integer("new_axis_mask", 0);
        long shrinkMask = n.integer("shrink_axis_mask", 0);
        if (n.integer("ellipsis_mask", 0) != 0) {
            throw new ModelException(n.where() + ": ellipsis_mask is not supported");
        }
        if (begin.length != end.length || begin.length != strides.length) {
            throw new ModelException(n.where() + ": begin, end and strides differ in length");
        }
        for (int s : strides) {
            if (s <= 0) {
                throw new ModelException(n.where() + ": only positive strides are supported, has " + Arrays.toString(strides));
            }
        }
        return (e, in) -> {
            NDArray x = e.own(in[0]);
            Shape s = x.getShape();
            List<String> parts = new ArrayList<>();
            List<Long> outShape = new ArrayList<>();
            int dim = 0;
            for (int i = 0; i < begin.length; i++) {
                if ((newAxisMask >> i & 1) != 0) {
                    outShape.add(1L);
                    continue;
                }
                if (dim >= s.dimension()) {
                    throw new IllegalArgumentException(n.where() + ": slice has more dimensions than the input " + s);
                }
                long size = s.get(dim);
                if ((shrinkMask >> i & 1) != 0) {
                    long b = begin[i] < 0 ? begin[i] + size : begin[i];
                    if (b < 0 || b >= size) {
                        throw new IllegalArgumentException(n.where() + ": index " + begin[i] + " out of range " + size);
                    }
                    parts.add(b + ":" + (b + 1));
                } else {
                    long b = (beginMask >> i & 1) != 0 ? 0 : clamp(begin[i] < 0 ? begin[i] + size : begin[i], size);
                    long en = (endMask >> i & 1) != 0 ? size : clamp(end[i] < 0 ? end[i] + size : end[i], size);
                    if (en < b) {
                        en = b;
                    }
                    parts.add(b + ":" + en + ":" + strides[i]);
                    outShape.add((en - b + strides[i] - 1) / strides[i]);
                }
                dim++;
            }
            for (; dim < s.dimension(); dim++) {
                parts.add(":");
                outShape.add(s.get(dim));
            }
            try (NDArray sliced = x.get(new NDIndex(String.join(",", parts)))) {
                return new NDArray[] {sliced.reshape(new Shape(outShape.stream().mapToLong(Long::longValue).toArray()))};
            }
        };
    }

    private static long clamp(long v, long size) {
        return Math.max(0, Math.min(size, v));
    }

    /** SplitV: sizes along a constant axis (one size may be -1, the rest). */
    private static Kernel splitV(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(3, 3);
        int[] sizes = p.ints(1);
        int[] axis = p.ints(2);
        if (axis.length != 1) {
            throw new ModelException(n.where() + ": the axis must be a single value");
        }
        long numSplit = n.integer("num_split", sizes.length);
        if (numSplit != sizes.length) {
            throw new ModelException(n.where() + ": num_split " + numSplit + " but " + sizes.length + " sizes");
        }
        return (e, in) -> {
            NDArray x = e.own(in[0]);
            int rank = x.getShape().dimension();
            int a = axis[0] < 0 ? axis[0] + rank : axis[0];
            long total = x.getShape().get(a);
            long known = 0;
            int free = -1;
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] < 0) {
                    free = i;
                } else {
                    known += sizes[i];
                }
            }
            long[] actual = new long[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                actual[i] = i == free ? total - known : sizes[i];
            }
            long[] cuts = new long[sizes.length - 1];
            long at = 0;
            for (int i = 0; i < cuts.length; i++) {
                at += actual[i];
                cuts[i] = at;
            }
            NDList parts = x.split(cuts, a);
            return parts.toArray(new NDArray[0]);
        };
    }

    /** GatherV2 with batch_dims 0, in Java: out shape = params[:axis] + indices + params[axis+1:]. */
    private static Kernel gather(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(3, 3);
        int[] axis = p.ints(2);
        if (n.integer("batch_dims", 0) != 0) {
            throw new ModelException(n.where() + ": batch_dims other than 0 is not supported");
        }
        return (e, in) -> {
            NDArray params = in[0];
            Shape ps = params.getShape();
            int a = axis[0] < 0 ? axis[0] + ps.dimension() : axis[0];
            int[] idx = ints(in[1]);
            long outer = 1;
            for (int d = 0; d < a; d++) {
                outer *= ps.get(d);
            }
            long inner = 1;
            for (int d = a + 1; d < ps.dimension(); d++) {
                inner *= ps.get(d);
            }
            long axisSize = ps.get(a);
            long[] shape = new long[ps.dimension() - 1 + in[1].getShape().dimension()];
            int k = 0;
            for (int d = 0; d < a; d++) {
                shape[k++] = ps.get(d);
            }
            for (long d : in[1].getShape().getShape()) {
                shape[k++] = d;
            }
            for (int d = a + 1; d < ps.dimension(); d++) {
                shape[k++] = ps.get(d);
            }
            for (int i : idx) {
                if (i < 0 || i >= axisSize) {
                    throw new IllegalArgumentException(n.where() + ": index " + i + " out of range " + axisSize);
                }
            }
            NDManager m = e.manager();
            boolean floats = params.getDataType() == DataType.FLOAT32;
            int length = (int) (outer * idx.length * inner);
            // float32 or int32 values, copied row by row (System.arraycopy takes either array type)
            Object src = floats ? params.toFloatArray() : ints(params);
            Object out = floats ? new float[length] : new int[length];
            int o = 0;
            for (long b = 0; b < outer; b++) {
                for (int i : idx) {
                    System.arraycopy(src, (int) ((b * axisSize + i) * inner), out, o, (int) inner);
                    o += (int) inner;
                }
            }
            return new NDArray[] {floats ? Ops.owned(m.create((float[]) out, new Shape(shape)))
                    : Ops.owned(m.create((int[]) out, new Shape(shape)))};
        };
    }

    static int[] ints(NDArray x) {
        return switch (x.getDataType()) {
            case INT32 -> x.toIntArray();
            case INT64 -> Arrays.stream(x.toLongArray()).mapToInt(Math::toIntExact).toArray();
            default -> throw new IllegalArgumentException("expected integers, have " + x.getDataType());
        };
    }

    /**
     * TopKV2 over the last axis: values descending, ties by lower index first (TF.js's order), and
     * their int32 indices.
     */
    private static Kernel topK(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(2, 2);
        int[] kk = p.ints(1);
        if (kk.length != 1 || kk[0] < 0) {
            throw new ModelException(n.where() + ": k must be one value >= 0");
        }
        int k = kk[0];
        return (e, in) -> {
            NDArray x = in[0];
            Shape s = x.getShape();
            int last = (int) s.get(s.dimension() - 1);
            if (k > last) {
                throw new IllegalArgumentException(n.where() + ": k " + k + " exceeds the last dimension " + last);
            }
            float[] v;
            if (x.getDataType() == DataType.FLOAT32) {
                v = x.toFloatArray();
            } else {
                try (NDArray f = x.toType(DataType.FLOAT32, false)) {
                    v = f.toFloatArray();
                }
            }
            int batch = v.length / Math.max(1, last);
            float[] values = new float[batch * k];
            int[] indices = new int[batch * k];
            for (int b = 0; b < batch; b++) {
                int[] order = topK(v, b * last, last, k);
                for (int j = 0; j < k; j++) {
                    values[b * k + j] = v[b * last + order[j]];
                    indices[b * k + j] = order[j];
                }
            }
            long[] shape = s.getShape().clone();
            shape[shape.length - 1] = k;
            NDManager m = e.manager();
            return new NDArray[] {Ops.owned(m.create(values, new Shape(shape))),
                Ops.owned(m.create(indices, new Shape(shape)))};
        };
    }

    /**
     * The indices (relative to {@code off}) of the {@code k} best of {@code v[off, off + n)} in order:
     * higher value first ({@code Double.compare} of the negated values, so NaN last), ties by lower
     * index, the order a full sort by that comparator gives; a bounded heap of the k best so far,
     * O(n log k) without boxing.
     */
    static int[] topK(float[] v, int off, int n, int k) {
        int[] heap = new int[k]; // a heap whose root is the worst of the kept indices
        int size = 0;
        for (int i = 0; i < n && k > 0; i++) {
            if (size < k) {
                int c = size++;
                heap[c] = i;
                while (c > 0) { // sift up: a worse index goes towards the root
                    int parent = (c - 1) / 2;
                    if (!better(v, off, heap[parent], heap[c])) {
                        break;
                    }
                    int t = heap[parent];
                    heap[parent] = heap[c];
                    heap[c] = t;
                    c = parent;
                }
            } else if (better(v, off, i, heap[0])) {
                heap[0] = i;
                int c = 0;
                while (true) { // sift down
                    int l = 2 * c + 1;
                    if (l >= size) {
                        break;
                    }
                    int worse = l + 1 < size && better(v, off, heap[l], heap[l + 1]) ? l + 1 : l;
                    if (!better(v, off, heap[c], heap[worse])) {
                        break;
                    }
                    int t = heap[worse];
                    heap[worse] = heap[c];
                    heap[c] = t;
                    c = worse;
                }
            }
        }
        Integer[] order = new Integer[size];
        for (int j = 0; j < size; j++) {
            order[j] = heap[j];
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -v[off + i]).thenComparingInt(i -> i));
        int[] out = new int[size];
        for (int j = 0; j < size; j++) {
            out[j] = order[j];
        }
        return out;
    }

    /** Whether index a comes before index b in top-k order. */
    private static boolean better(float[] v, int off, int a, int b) {
        int c = Double.compare(-v[off + a], -v[off + b]);
        return c < 0 || c == 0 && a < b;
    }

    /** SparseToDense: values (or one scalar) at the given indices of a dense array of the default value. */
    private static Kernel sparseToDense(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(4, 4);
        return (e, in) -> {
            int[] indices = ints(in[0]);
            int[] shape = ints(in[1]);
            Shape is = in[0].getShape();
            int rank = shape.length;
            int count = is.dimension() == 0 ? 1 : (int) is.get(0);
            if (is.dimension() == 2 && is.get(1) != rank || is.dimension() > 2) {
                throw new IllegalArgumentException(n.where() + ": indices of shape " + is + " for rank " + rank);
            }
            long total = 1;
            for (int d : shape) {
                total *= d;
            }
            long[] dims = Arrays.stream(shape).asLongStream().toArray();
            boolean floats = in[2].getDataType() == DataType.FLOAT32;
            double[] vals = floats ? toDoubles(in[2].toFloatArray()) : Arrays.stream(ints(in[2])).asDoubleStream().toArray();
            double dflt = floats ? in[3].toFloatArray()[0] : ints(in[3])[0];
            double[] out = new double[(int) total];
            Arrays.fill(out, dflt);
            for (int i = 0; i < count; i++) {
                long flat = 0;
                for (int d = 0; d < rank; d++) {
                    int coord = rank == 1 && is.dimension() < 2 ? indices[i] : indices[i * rank + d];
                    if (coord < 0 || coord >= shape[d]) {
                        throw new IllegalArgumentException(n.where() + ": index " + coord + " out of range " + shape[d]);
                    }
                    flat = flat * shape[d] + coord;
                }
                out[(int) flat] = vals.length == 1 ? vals[0] : vals[i];
            }
            NDManager m = e.manager();
            if (floats) {
                float[] f = new float[out.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) out[i];
                }
                return new NDArray[] {Ops.owned(m.create(f, new Shape(dims)))};
            }
            return new NDArray[] {Ops.owned(m.create(Arrays.stream(out).mapToInt(d -> (int) d).toArray(),
                    new Shape(dims)))};
        };
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /**
     * ResizeBilinear of NHWC images to a constant size, in Java as TF.js's CPU kernel computes it
     * (align_corners, half_pixel_centers; the legacy mapping when both are false, which PyTorch's
     * interpolate does not offer).
     */
    private static Kernel resizeBilinear(TfNode n, Op.Prep p) throws ModelException {
        p.requireInputs(2, 2);
        int[] size = p.ints(1);
        if (size.length != 2 || size[0] < 1 || size[1] < 1) {
            throw new ModelException(n.where() + ": size must be two positive values");
        }
        boolean alignCorners = n.bool("align_corners", false);
        boolean halfPixel = n.bool("half_pixel_centers", false);
        return (e, in) -> {
            Shape s = in[0].getShape();
            if (s.dimension() != 4) {
                throw new IllegalArgumentException(n.where() + ": images must be NHWC, shape " + s);
            }
            int batch = (int) s.get(0);
            int oldH = (int) s.get(1);
            int oldW = (int) s.get(2);
            int ch = (int) s.get(3);
            int newH = size[0];
            int newW = size[1];
            // read and written plane by plane (NCHW order: an earlier convolution's output is already
            // so in memory, and the next convolution takes it without a copy); the same arithmetic
            // per value as TF.js's kernel
            float[] x;
            try (NDArray f = in[0].getDataType() == DataType.FLOAT32 ? null : in[0].toType(DataType.FLOAT32, false);
                    NDArray planes = Ops.nchw(f == null ? e.own(in[0]) : f)) {
                x = planes.toFloatArray();
            }
            float[] out = new float[batch * newH * newW * ch];
            double rowRatio = (double) (alignCorners && newH > 1 ? oldH - 1 : oldH) / (alignCorners && newH > 1 ? newH - 1 : newH);
            double colRatio = (double) (alignCorners && newW > 1 ? oldW - 1 : oldW) / (alignCorners && newW > 1 ? newW - 1 : newW);
            int[] c0s = new int[newW];
            int[] c1s = new int[newW];
            double[] colFracs = new double[newW];
            for (int c = 0; c < newW; c++) {
                double fc = halfPixel ? colRatio * (c + 0.5) - 0.5 : colRatio * c;
                c0s[c] = Math.max(0, (int) Math.floor(fc));
                colFracs[c] = fc - c0s[c];
                c1s[c] = Math.min(oldW - 1, (int) Math.ceil(fc));
            }
            int o = 0;
            for (int plane = 0; plane < batch * ch; plane++) {
                int base = plane * oldH * oldW;
                for (int r = 0; r < newH; r++) {
                    double fr = halfPixel ? rowRatio * (r + 0.5) - 0.5 : rowRatio * r;
                    int r0 = Math.max(0, (int) Math.floor(fr));
                    double rowFrac = fr - r0;
                    int r1 = Math.min(oldH - 1, (int) Math.ceil(fr));
                    int top0 = base + r0 * oldW;
                    int bottom0 = base + r1 * oldW;
                    for (int c = 0; c < newW; c++) {
                        double colFrac = colFracs[c];
                        float tl = x[top0 + c0s[c]];
                        float bl = x[bottom0 + c0s[c]];
                        double top = tl + (x[top0 + c1s[c]] - (double) tl) * colFrac;
                        double bottom = bl + (x[bottom0 + c1s[c]] - (double) bl) * colFrac;
                        out[o++] = (float) (top + (bottom - top) * rowFrac);
                    }
                }
            }
            NDArray nchw = Ops.owned(e.manager().create(out, new Shape(batch, ch, newH, newW)));
            NDArray nhwc = nchw.transpose(0, 2, 3, 1);
            nchw.close();
            return new NDArray[] {nhwc};
        };
    }
}
