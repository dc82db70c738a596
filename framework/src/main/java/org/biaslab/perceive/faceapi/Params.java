package org.biaslab.perceive.faceapi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.tfjs.TfjsWeights;

/**
 * Named weights of one TF.js model turned into engine arrays in the model's manager, with shape
 * checks; every weight of the file must be used exactly as face-api uses it.
 */
final class Params {
    private final Path source;
    private final Map<String, TfjsWeights.Tensor> weights;
    private final NDManager manager;
    private final Set<String> used = new HashSet<>();

    Params(Path source, Map<String, TfjsWeights.Tensor> weights, NDManager manager) {
        this.source = source;
        this.weights = weights;
        this.manager = manager;
    }

    /** A convolution: filters HWIO [k, k, in, out] and bias [out]. */
    record Conv(NDArray filters, NDArray bias) {}

    /** TF separableConv2d (depthwise 3x3, multiplier 1, then pointwise 1x1) plus bias. */
    record SepConv(NDArray depthwise, NDArray pointwise, NDArray bias, int channels) {
        /** {@code separableConv2d(x, dw, pw, stride, 'same') + bias}. */
        NDArray apply(NDArray x, int stride) {
            try (NDArray d = TfOps.convSame(x, depthwise, null, stride, channels)) {
                return TfOps.convValid(d, pointwise, bias, 1, 1);
            }
        }

        /** The same with symmetric padding 1 and stride 1 (TinyYolov2's explicit tf.pad then 'valid'). */
        NDArray applyPadded1(NDArray x) {
            try (NDArray d = TfOps.conv(x, depthwise, null, 1, 1, 1, channels)) {
                return TfOps.convValid(d, pointwise, bias, 1, 1);
            }
        }
    }

    Conv conv(String prefix, int kernel, int in, int out) throws ModelException {
        TfjsWeights.Tensor f = get(prefix + "/filters", kernel, kernel, in, out);
        TfjsWeights.Tensor b = get(prefix + "/bias", out);
        return new Conv(TfOps.filters(manager, f), TfOps.plain(manager, b, 1));
    }

    SepConv sep(String prefix, int in, int out) throws ModelException {
        TfjsWeights.Tensor d = get(prefix + "/depthwise_filter", 3, 3, in, 1);
        TfjsWeights.Tensor p = get(prefix + "/pointwise_filter", 1, 1, in, out);
        TfjsWeights.Tensor b = get(prefix + "/bias", out);
        return new SepConv(TfOps.depthwise(manager, d), TfOps.filters(manager, p), TfOps.plain(manager, b, 1), in);
    }

    /** Fully connected: weights [in, out] (for x [N, in] matMul) and bias [out]. */
    Conv fc(String prefix, int in, int out) throws ModelException {
        TfjsWeights.Tensor w = get(prefix + "/weights", in, out);
        TfjsWeights.Tensor b = get(prefix + "/bias", out);
        return new Conv(TfOps.plain(manager, w, 2), TfOps.plain(manager, b, 1));
    }

    private TfjsWeights.Tensor get(String name, int... shape) throws ModelException {
        TfjsWeights.Tensor t = weights.get(name);
        if (t == null) {
            throw new ModelException(source + ": weight '" + name + "' is missing");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new ModelException(source + ": weight '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(shape));
        }
        used.add(name);
        return t;
    }

    /** Fails when the file holds weights the network does not use (a different model). */
    void requireAllUsed() throws ModelException {
        Set<String> extra = new TreeSet<>(weights.keySet());
        extra.removeAll(used);
        if (!extra.isEmpty()) {
            throw new ModelException(source + ": weights not used by the network: " + extra);
        }
    }
}
