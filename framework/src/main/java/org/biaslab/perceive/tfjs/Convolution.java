package org.biaslab.perceive.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import org.biaslab.perceive.model.ModelException;

/**
 * Conv2D, DepthwiseConv2dNative and their TF.js fused forms (_FusedConv2D,
 * FusedDepthwiseConv2dNative: bias and activation) on NHWC tensors. The input is handed to
 * PyTorch's convolution as contiguous NCHW ({@link Ops#nchw}) and the result viewed back as NHWC
 * (so its memory stays in NCHW order and the next convolution needs no copy); constant filters are turned into
 * PyTorch's layout once, at load time (HWIO to OIHW; depthwise [h, w, C, M] to [C*M, 1, h, w]
 * with groups C, which orders the output channels c*M + m as TF does).
 */
final class Convolution {
    private Convolution() {}

    static Kernel prepare(TfNode n, Op.Prep p, boolean depthwise, boolean fused) throws ModelException {
        if (!fused) {
            p.requireInputs(2, 2);
        }
        Ops.requireNhwc(n);
        int[] strides = fourInts(n, "strides", true);
        int[] dilations = n.has("dilations") ? fourInts(n, "dilations", true) : new int[] {1, 1, 1, 1};
        String padding = n.string("padding", "");
        int[] explicit = null;
        switch (padding) {
            case "SAME", "VALID" -> { }
            case "EXPLICIT" -> {
                explicit = n.ints("explicit_paddings");
                if (explicit == null || explicit.length != 8 || explicit[0] != 0 || explicit[1] != 0
                        || explicit[6] != 0 || explicit[7] != 0) {
                    throw new ModelException(n.where() + ": explicit_paddings must pad only height and width (8 values)");
                }
            }
            default -> throw new ModelException(n.where() + ": padding '" + padding
                    + "' is not supported (SAME, VALID, EXPLICIT)");
        }
        Ops.Fused f = fused ? Ops.Fused.read(n, p, 2) : null;
        NDArray filter = p.constant(1);
        NDArray weight = filter == null ? null : torchWeight(p.manager(), p.consume(1), depthwise, n);
        boolean same = padding.equals("SAME");
        int[] pads = explicit == null ? null : new int[] {explicit[2], explicit[3], explicit[4], explicit[5]};
        return (e, in) -> {
            NDArray x = e.own(in[0]);
            NDArray w = weight;
            boolean ownW = false;
            if (w == null) {
                w = torchWeightAtRun(in[1], depthwise);
                ownW = true;
            }
            Shape xs = x.getShape();
            Shape ws = w.getShape();
            if (xs.dimension() != 4) {
                throw new IllegalArgumentException(n.where() + ": input must be NHWC (rank 4), has shape " + xs);
            }
            int kh = (int) ws.get(2);
            int kw = (int) ws.get(3);
            int channels = (int) xs.get(3);
            int[] ph;
            int[] pw;
            if (same) {
                ph = Ops.samePadding((int) xs.get(1), kh, strides[1], dilations[1]);
                pw = Ops.samePadding((int) xs.get(2), kw, strides[2], dilations[2]);
            } else if (pads != null) {
                ph = new int[] {pads[0], pads[1]};
                pw = new int[] {pads[2], pads[3]};
            } else {
                ph = new int[2];
                pw = new int[2];
            }
            int groups = depthwise ? channels : 1;
            long inChannels = depthwise ? 1 : ws.get(1);
            if (depthwise ? ws.get(0) % channels != 0 : inChannels != channels) {
                throw new IllegalArgumentException(n.where() + ": input has " + channels + " channels, filter "
                        + ws + " (PyTorch layout)");
            }
            boolean symmetric = ph[0] == ph[1] && pw[0] == pw[1];
            NDArray y;
            // padded (when PyTorch's symmetric padding cannot express TF's) after the NCHW view, so
            // that the padded copy is the convolution's contiguous NCHW input
            try (NDArray nchw = Ops.nchw(x); NDArray xp = symmetric ? null
                    : nchw.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0)) {
                y = Conv2d.conv2d(symmetric ? nchw : xp, w, null, new Shape(strides[1], strides[2]),
                        new Shape(symmetric ? ph[0] : 0, symmetric ? pw[0] : 0),
                        new Shape(dilations[1], dilations[2]), groups).singletonOrThrow();
            }
            if (ownW) {
                w.close();
            }
            NDArray out = y.transpose(0, 2, 3, 1);
            y.close();
            return new NDArray[] {f == null ? out : f.apply(out, in)};
        };
    }

    private static int[] fourInts(TfNode n, String key, boolean unitOuter) throws ModelException {
        int[] v = n.ints(key);
        if (v == null || v.length != 4 || v[1] < 1 || v[2] < 1 || (unitOuter && (v[0] != 1 || v[3] != 1))) {
            throw new ModelException(n.where() + ": " + key + " must be [1, h, w, 1] with h, w >= 1");
        }
        return v;
    }

    /** A constant TF filter in PyTorch's layout, contiguous, in the constants' manager. */
    static NDArray torchWeight(NDManager m, NDArray filter, boolean depthwise, TfNode n) throws ModelException {
        Shape s = filter.getShape();
        if (s.dimension() != 4) {
            throw new ModelException(n.where() + ": filter must have rank 4, has shape " + s);
        }
        try (NDArray t = torchWeightAtRun(filter, depthwise)) {
            return Ops.materialise(m, t);
        }
    }

    /** TF filter to PyTorch layout as a view or reshape attached to the filter's manager. */
    private static NDArray torchWeightAtRun(NDArray filter, boolean depthwise) {
        if (!depthwise) {
            return filter.transpose(3, 2, 0, 1);
        }
        Shape s = filter.getShape();
        try (NDArray t = filter.transpose(2, 3, 0, 1)) {
            return t.reshape(s.get(2) * s.get(3), 1, s.get(0), s.get(1));
        }
    }
}
