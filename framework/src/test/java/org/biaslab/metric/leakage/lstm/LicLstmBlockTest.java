package org.biaslab.metric.leakage.lstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import org.biaslab.engine.ReferenceMath;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.engine.Torch;

/**
 * Checks the block against a plain double-precision implementation of {@code torch.nn.LSTM}
 * (bidirectional, packed) as used by LIC, with non-zero pad embeddings so that any leak of
 * padding into a result would show.
 */
class LicLstmBlockTest {
    private static final int VOCAB = 12;
    private static final LstmConfig CONFIG = new LstmConfig(5, 4, 2, 0.5, 1e-3, 8, 1, 100);
    private static final long[][] SEQUENCES = {
        {3, 4, 5, 6, 7}, {8, 2}, {2, 3, 4, 5, 6, 7, 8}, {9}, {11, 10, 9}
    };

    @Test
    void parametersFollowPyTorchOrderAndShapes() {
        LicLstmBlock block = new LicLstmBlock(VOCAB, CONFIG);
        List<String> names = block.parameterList().stream().map(Parameter::getName).toList();
        assertEquals(
                List.of(
                        "embedding.weight",
                        "rnn.weight_ih_l0",
                        "rnn.weight_hh_l0",
                        "rnn.bias_ih_l0",
                        "rnn.bias_hh_l0",
                        "rnn.weight_ih_l0_reverse",
                        "rnn.weight_hh_l0_reverse",
                        "rnn.bias_ih_l0_reverse",
                        "rnn.bias_hh_l0_reverse",
                        "rnn.weight_ih_l1",
                        "rnn.weight_hh_l1",
                        "rnn.bias_ih_l1",
                        "rnn.bias_hh_l1",
                        "rnn.weight_ih_l1_reverse",
                        "rnn.weight_hh_l1_reverse",
                        "rnn.bias_ih_l1_reverse",
                        "rnn.bias_hh_l1_reverse",
                        "fc.weight",
                        "fc.bias"),
                names);
        assertEquals(new Shape(16, 8), block.parameterList().get(9).getShape());
    }

    @Test
    void matchesReferenceAndIgnoresPadding() {
        Torch.engine().setRandomSeed(3);
        try (NDManager manager = Torch.newManager()) {
            LicLstmBlock block = newBlock(manager);
            Map<String, double[]> p = parameters(block);
            // All sequences in one padded batch (T = 7), evaluation mode.
            float[] batched = logits(manager, block, SEQUENCES);
            NDList viaForward =
                    block.forward(
                            new ParameterStore(manager, false),
                            new NDList(padded(manager, SEQUENCES), lengths(manager, SEQUENCES)),
                            false);
            float[] batchedViaForward = viaForward.singletonOrThrow().toFloatArray();
            for (int b = 0; b < SEQUENCES.length; b++) {
                double expected = reference(p, SEQUENCES[b]);
                assertEquals(expected, batched[b], 1e-5, "sequence " + b);
                assertEquals(batched[b], batchedViaForward[b], 0f);
                float alone = logits(manager, block, new long[][] {SEQUENCES[b]})[0];
                assertEquals(alone, batched[b], 1e-6, "sequence " + b + " alone vs batched");
            }
        }
    }

    @Test
    void padsReceiveNoGradient() {
        Engine engine = Torch.engine();
        engine.setRandomSeed(4);
        try (NDManager manager = Torch.newManager()) {
            LicLstmBlock block = newBlock(manager);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray tokens = padded(manager, SEQUENCES);
                long[] lengths = Arrays.stream(SEQUENCES).mapToLong(s -> s.length).toArray();
                collector.backward(block.logits(tokens, lengths, true).sum());
            }
            float[] grad = block.embeddingParameter().getArray().getGradient().toFloatArray();
            int e = CONFIG.embeddingDim();
            for (int k = 0; k < e; k++) {
                assertEquals(0f, grad[Vocabulary.PAD_INDEX * e + k]);
                assertEquals(0f, grad[Vocabulary.UNK_INDEX * e + k]);
            }
            double tokenGrad = 0;
            for (int k = 0; k < e; k++) {
                tokenGrad += Math.abs(grad[9 * e + k]);
            }
            assertTrue(tokenGrad > 0, "a used token gets a gradient");
        }
    }

    private static LicLstmBlock newBlock(NDManager manager) {
        LicLstmBlock block = new LicLstmBlock(VOCAB, CONFIG);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1));
        return block;
    }

    private static float[] logits(NDManager manager, LicLstmBlock block, long[][] sequences) {
        try (NDManager sub = manager.newSubManager()) {
            long[] lengths = Arrays.stream(sequences).mapToLong(s -> s.length).toArray();
            return block.logits(padded(sub, sequences), lengths, false).toFloatArray();
        }
    }

    private static NDArray padded(NDManager manager, long[][] sequences) {
        int time = Arrays.stream(sequences).mapToInt(s -> s.length).max().orElseThrow();
        long[] ids = new long[sequences.length * time];
        Arrays.fill(ids, Vocabulary.PAD_INDEX);
        for (int b = 0; b < sequences.length; b++) {
            System.arraycopy(sequences[b], 0, ids, b * time, sequences[b].length);
        }
        return manager.create(ids, new Shape(sequences.length, time));
    }

    private static NDArray lengths(NDManager manager, long[][] sequences) {
        return manager.create(Arrays.stream(sequences).mapToLong(s -> s.length).toArray());
    }

    private static Map<String, double[]> parameters(LicLstmBlock block) {
        Map<String, double[]> map = new HashMap<>();
        for (Parameter parameter : block.parameterList()) {
            float[] values = parameter.getArray().toFloatArray();
            double[] copy = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                copy[i] = values[i];
            }
            map.put(parameter.getName(), copy);
        }
        return map;
    }

    /** torch.nn.LSTM(bidirectional) on one unpadded sequence, then the LIC head (eval mode). */
    private static double reference(Map<String, double[]> p, long[] sequence) {
        int e = CONFIG.embeddingDim();
        int h = CONFIG.hiddenDim();
        int len = sequence.length;
        double[][] input = new double[len][];
        for (int t = 0; t < len; t++) {
            input[t] = Arrays.copyOfRange(
                    p.get("embedding.weight"), (int) sequence[t] * e, (int) (sequence[t] + 1) * e);
        }
        double[] finalForward = null;
        double[] finalBackward = null;
        for (int layer = 0; layer < CONFIG.numLayers(); layer++) {
            double[][] forward = run(p, "_l" + layer, input, h, false);
            double[][] backward = run(p, "_l" + layer + "_reverse", input, h, true);
            double[][] output = new double[len][2 * h];
            for (int t = 0; t < len; t++) {
                System.arraycopy(forward[t], 0, output[t], 0, h);
                System.arraycopy(backward[t], 0, output[t], h, h);
            }
            input = output;
            finalForward = forward[len - 1];
            finalBackward = backward[0];
        }
        double[] w = p.get("fc.weight");
        double logit = p.get("fc.bias")[0];
        for (int k = 0; k < h; k++) {
            logit += w[k] * finalForward[k] + w[h + k] * finalBackward[k];
        }
        return logit;
    }

    /**
     * One direction of one layer (gates i, f, g, o) through the engine self-check's plain-Java LSTM
     * ({@link ReferenceMath#lstm}); the reverse direction runs it on the reversed sequence. Returns
     * the hidden state per position.
     */
    private static double[][] run(
            Map<String, double[]> p, String suffix, double[][] input, int h, boolean reverse) {
        int len = input.length;
        int in = input[0].length;
        double[] flat = new double[len * in];
        for (int t = 0; t < len; t++) {
            System.arraycopy(input[reverse ? len - 1 - t : t], 0, flat, t * in, in);
        }
        double[] states = ReferenceMath.lstm(flat, 1, len, in, h, p.get("rnn.weight_ih" + suffix),
                p.get("rnn.weight_hh" + suffix), p.get("rnn.bias_ih" + suffix), p.get("rnn.bias_hh" + suffix));
        double[][] out = new double[len][];
        for (int step = 0; step < len; step++) {
            out[reverse ? len - 1 - step : step] = Arrays.copyOfRange(states, step * h, (step + 1) * h);
        }
        return out;
    }
}
