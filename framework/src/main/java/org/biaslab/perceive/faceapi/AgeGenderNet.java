package org.biaslab.perceive.faceapi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import org.biaslab.perceive.model.ModelException;

/**
 * face-api's AgeGenderNet: a TinyXception backbone (entry convolution, two reduction blocks, two
 * residual main blocks, an exit reduction block and a separable convolution; 112x112 input) with
 * 7x7 average pooling and two fully connected heads: age (regression, years) and gender (softmax
 * over [male, female]).
 */
final class AgeGenderNet {
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
    static final int INPUT_SIZE = 112;
    private static final int MAIN_BLOCKS = 2;

    /** separable_conv0, separable_conv1 and the strided 1x1 expansion convolution of the shortcut. */
    private record Reduction(Params.SepConv sep0, Params.SepConv sep1, Params.Conv expansion) {}

    private final Params.Conv convIn;
    private final Reduction entry0;
    private final Reduction entry1;
    private final Params.SepConv[][] main = new Params.SepConv[MAIN_BLOCKS][3];
    private final Reduction exit;
    private final Params.SepConv exitConv;
    private final Params.Conv age;
    private final Params.Conv gender;

    AgeGenderNet(Params p) throws ModelException {
        convIn = p.conv("entry_flow/conv_in", 3, 3, 32);
        entry0 = reduction(p, "entry_flow/reduction_block_0", 32, 64);
        entry1 = reduction(p, "entry_flow/reduction_block_1", 64, 128);
        for (int b = 0; b < MAIN_BLOCKS; b++) {
            for (int c = 0; c < 3; c++) {
                main[b][c] = p.sep("middle_flow/main_block_" + b + "/separable_conv" + c, 128, 128);
            }
        }
        exit = reduction(p, "exit_flow/reduction_block", 128, 256);
        exitConv = p.sep("exit_flow/separable_conv", 256, 512);
        age = p.fc("fc/age", 512, 1);
        gender = p.fc("fc/gender", 512, 2);
        p.requireAllUsed();
    }

    private static Reduction reduction(Params p, String prefix, int in, int out) throws ModelException {
        return new Reduction(p.sep(prefix + "/separable_conv0", in, out), p.sep(prefix + "/separable_conv1", out, out),
                p.conv(prefix + "/expansion_conv", 1, in, out));
    }

    /**
     * For a normalised batch [N, 3, 112, 112]: {@code [age [N, 1], gender probabilities [N, 2]]},
     * gender index 0 = male, 1 = female.
     */
    NDList forward(NDArray x) {
        NDArray out = Activation.relu(TfOps.convSame(x, convIn.filters(), convIn.bias(), 2, 1));
        out = Eager.replace(out, reductionBlock(out, entry0, false));
        out = Eager.replace(out, reductionBlock(out, entry1, true));
        for (Params.SepConv[] block : main) {
            out = Eager.replace(out, mainBlock(out, block));
        }
        out = Eager.replace(out, reductionBlock(out, exit, true));
        out = Eager.replace(out, Activation.relu(exitConv.apply(out, 1)));
        NDArray pooled = Eager.replace(out, TfOps.avgPoolValid(out, 7, 2));
        NDArray flat = Eager.replace(pooled, pooled.reshape(pooled.getShape().get(0), 512));
        NDArray ageOut = flat.matMul(age.filters()).add(age.bias());
        NDArray genderOut = flat.matMul(gender.filters()).add(gender.bias()).softmax(1);
        return new NDList(ageOut, genderOut);
    }

    /** TinyXception reduction block: separable convolutions, 3x3/2 max pool, plus the strided shortcut. */
    private static NDArray reductionBlock(NDArray x, Reduction p, boolean activateInput) {
        NDArray in = activateInput ? Activation.relu(x) : x;
        NDArray out = p.sep0().apply(in, 1);
        if (in != x) {
            in.close();
        }
        out = Eager.replace(out, Activation.relu(out));
        out = Eager.replace(out, p.sep1().apply(out, 1));
        out = Eager.replace(out, TfOps.maxPoolSame(out, 3, 2));
        try (NDArray shortcut = TfOps.convSame(x, p.expansion().filters(), p.expansion().bias(), 2, 1)) {
            return Eager.replace(out, out.add(shortcut));
        }
    }

    /** TinyXception main block: three ReLU + separable convolutions with an identity shortcut. */
    private static NDArray mainBlock(NDArray x, Params.SepConv[] p) {
        NDArray out = x;
        for (Params.SepConv conv : p) {
            NDArray act = Activation.relu(out);
            if (out != x) {
                out.close();
            }
            out = Eager.replace(act, conv.apply(act, 1));
        }
        return Eager.replace(out, out.add(x));
    }
}
