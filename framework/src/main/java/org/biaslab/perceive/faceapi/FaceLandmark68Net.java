package org.biaslab.perceive.faceapi;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.biaslab.perceive.model.ModelException;

/**
 * face-api's FaceLandmark68Net: four dense blocks of (separable) convolutions with ReLU on a
 * 112x112 input, 7x7 average pooling and a fully connected layer giving 68 (x, y) pairs relative to
 * the padded square input.
 */
final class FaceLandmark68Net {
    /** face-api {@code FaceFeatureExtractor}. */
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
    static final int INPUT_SIZE = 112;
    static final int POINTS = 68;

    private static final int[] CHANNELS = {32, 64, 128, 256};

    private final Params.Conv firstConv;
    private final Params.SepConv[][] blocks = new Params.SepConv[4][4];
    private final Params.Conv fc;

    FaceLandmark68Net(Params p) throws ModelException {
        firstConv = p.conv("dense0/conv0", 3, 3, CHANNELS[0]);
        for (int b = 0; b < 4; b++) {
            int out = CHANNELS[b];
            int in = b == 0 ? CHANNELS[0] : CHANNELS[b - 1];
            for (int c = b == 0 ? 1 : 0; c < 4; c++) {
                blocks[b][c] = p.sep("dense" + b + "/conv" + c, c == 0 ? in : out, out);
            }
        }
        fc = p.fc("fc", CHANNELS[3], 2 * POINTS);
        p.requireAllUsed();
    }

    /** Outputs [N, 136] (x0, y0, x1, y1, ...) of a normalised batch [N, 3, 112, 112]. */
    NDArray forward(NDArray x) {
        NDArray out = x;
        for (int b = 0; b < 4; b++) {
            NDArray next = denseBlock(out, b);
            if (out != x) {
                out.close();
            }
            out = next;
        }
        NDArray pooled = Eager.replace(out, TfOps.avgPoolValid(out, 7, 2));
        long n = pooled.getShape().get(0);
        NDArray flat = Eager.replace(pooled, pooled.reshape(n, CHANNELS[3]));
        NDArray prod = Eager.replace(flat, flat.matMul(fc.filters()));
        return Eager.replace(prod, prod.add(fc.bias()));
    }

    /** face-api {@code denseBlock4}: the first convolution halves the size. */
    private NDArray denseBlock(NDArray x, int b) {
        Params.SepConv[] p = blocks[b];
        NDArray out1 = b == 0
                ? TfOps.convSame(x, firstConv.filters(), firstConv.bias(), 2, 1)
                : p[0].apply(x, 2);
        out1 = Eager.replace(out1, Activation.relu(out1));
        NDArray out2 = p[1].apply(out1, 1);
        NDArray sum12 = out1.add(out2);
        NDArray in3 = Eager.replace(sum12, Activation.relu(sum12));
        NDArray out3 = Eager.replace(in3, p[2].apply(in3, 1));
        NDArray sum23 = out2.add(out3);
        NDArray sum123 = out1.add(sum23);
        NDArray in4 = Eager.replace(sum123, Activation.relu(sum123));
        NDArray out4 = Eager.replace(in4, p[3].apply(in4, 1));
        NDArray sum34 = Eager.replace(out4, out3.add(out4));
        out3.close();
        NDArray sum234 = Eager.replace(sum34, out2.add(sum34));
        out2.close();
        sum23.close();
        NDArray all = Eager.replace(sum234, out1.add(sum234));
        out1.close();
        return Eager.replace(all, Activation.relu(all));
    }
}
