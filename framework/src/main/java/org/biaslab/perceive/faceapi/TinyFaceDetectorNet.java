package org.biaslab.perceive.faceapi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import org.biaslab.perceive.model.ModelException;

/**
 * face-api's TinyFaceDetector: a TinyYolov2 with separable convolutions (first layer a plain 3x3
 * convolution without padding), leaky ReLU 0.1, 2x2 max pooling, one class and five anchors, giving
 * a {@code inputSize/32} grid of 5 x (x, y, w, h, score) logits.
 */
final class TinyFaceDetectorNet {
    /** face-api {@code tinyFaceDetector/const.ts}. */
    static final float[] MEAN_RGB = {117.001f, 114.697f, 97.404f};
    static final double[][] ANCHORS = {
        {1.603231, 2.094468}, {6.041143, 7.080126}, {2.882459, 3.518061}, {4.266906, 5.178857},
        {9.041765, 10.66308},
    };
    static final double IOU_THRESHOLD = 0.4;
    /** Values per anchor: x, y, w, h, score (one class, so no class scores). */
    static final int BOX_ENCODING = 5;

    private static final int[] FILTERS = {16, 32, 64, 128, 256, 512};
    private static final float LEAK = 0.1f;

    private final Params.Conv conv0;
    private final Params.SepConv[] separable = new Params.SepConv[5];
    private final Params.Conv conv8;

    TinyFaceDetectorNet(Params p) throws ModelException {
        conv0 = p.conv("conv0", 3, 3, FILTERS[0]);
        for (int i = 1; i <= 5; i++) {
            separable[i - 1] = p.sep("conv" + i, FILTERS[i - 1], FILTERS[i]);
        }
        conv8 = p.conv("conv8", 1, FILTERS[5], ANCHORS.length * BOX_ENCODING);
        p.requireAllUsed();
    }

    /**
     * Logits [N, 25, cells, cells] (channel = anchor * 5 + k) of a normalised batch [N, 3, S, S].
     *
     * <p>Computed in an equivalent, cheaper order: leaky ReLU is increasing, so it commutes with max
     * pooling and is applied after it, on a quarter of the values; and the first convolution with
     * its 2x2/2 pooling is the maximum of four stride-2 convolutions, one per pooling phase, which
     * never materialises the full-resolution feature map.
     */
    NDArray forward(NDArray x) {
        NDArray out = null;
        for (int py = 0; py < 2; py++) {
            for (int px = 0; px < 2; px++) {
                try (NDArray phase = x.get(new NDIndex(":, :, {}:, {}:", py, px))) {
                    NDArray conv = TfOps.convValid(phase, conv0.filters(), conv0.bias(), 2, 1);
                    out = out == null ? conv : TfOps.maxClose(out, conv);
                }
            }
        }
        out = leaky(out);
        for (int i = 0; i < separable.length; i++) {
            out = Eager.replace(out, separable[i].applyPadded1(out));
            out = Eager.replace(out, TfOps.maxPoolSame(out, 2, i == separable.length - 1 ? 1 : 2));
            out = leaky(out);
        }
        return Eager.replace(out, TfOps.convValid(out, conv8.filters(), conv8.bias(), 1, 1));
    }

    /** face-api's leaky(x) = relu(x - 0.1x) + 0.1x, i.e. leaky ReLU with slope 0.1; closes {@code x}. */
    private static NDArray leaky(NDArray x) {
        return Eager.replace(x, Activation.leakyRelu(x, LEAK));
    }
}
