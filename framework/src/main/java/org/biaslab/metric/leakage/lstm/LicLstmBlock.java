package org.biaslab.metric.leakage.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The LIC {@code RNN_Classifier}: embedding, dropout, stacked bidirectional LSTM over packed
 * sequences, dropout, linear layer to one logit.
 *
 * <p>Each (layer, direction) is one call of PyTorch's fused single-layer, single-direction LSTM
 * kernel on right-padded, batch-first input, with parameters in PyTorch's order ({@code
 * weight_ih, weight_hh, bias_ih, bias_hh}; gates i, f, g, o) and PyTorch's default
 * initialisation. Packing is reproduced exactly: a forward LSTM on right-padded input never sees
 * the pads before a sequence's last token, so its final state is read at position {@code len-1};
 * the backward direction runs a forward LSTM on each sequence reversed within its true length (a
 * per-row gather; pads stay at the end) and its output is reversed back the same way. Inter-layer
 * dropout is drawn once on the concatenated layer output, as in {@code torch.nn.LSTM}. The logit
 * depends on no pad, whatever the batch's longest sequence.
 */
final class LicLstmBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int embeddingDim;
    private final int hiddenDim;
    private final int numLayers;
    private final float dropout;
    private final Parameter embedding;
    /** {@code [layer][direction][weight_ih, weight_hh, bias_ih, bias_hh]}. */
    private final Parameter[][][] lstm;
    private final Parameter fcWeight;
    private final Parameter fcBias;

    LicLstmBlock(int vocabSize, LstmConfig config) {
        super(VERSION);
        this.embeddingDim = config.embeddingDim();
        this.hiddenDim = config.hiddenDim();
        this.numLayers = config.numLayers();
        this.dropout = (float) config.dropout();
        // torch.nn.Embedding: N(0, 1).
        embedding =
                param(
                        "embedding.weight",
                        Parameter.Type.WEIGHT,
                        new Shape(vocabSize, embeddingDim),
                        new NormalInitializer(1f));
        // torch.nn.LSTM.reset_parameters: every tensor U(-1/sqrt(hidden), 1/sqrt(hidden)).
        Initializer lstmInit = new UniformInitializer((float) (1.0 / Math.sqrt(hiddenDim)));
        lstm = new Parameter[numLayers][2][];
        for (int layer = 0; layer < numLayers; layer++) {
            int inputDim = layer == 0 ? embeddingDim : 2 * hiddenDim;
            for (int dir = 0; dir < 2; dir++) {
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                lstm[layer][dir] =
                        new Parameter[] {
                            param("rnn.weight_ih" + suffix, Parameter.Type.WEIGHT,
                                    new Shape(4L * hiddenDim, inputDim), lstmInit),
                            param("rnn.weight_hh" + suffix, Parameter.Type.WEIGHT,
                                    new Shape(4L * hiddenDim, hiddenDim), lstmInit),
                            param("rnn.bias_ih" + suffix, Parameter.Type.BIAS,
                                    new Shape(4L * hiddenDim), lstmInit),
                            param("rnn.bias_hh" + suffix, Parameter.Type.BIAS,
                                    new Shape(4L * hiddenDim), lstmInit)
                        };
            }
        }
        // torch.nn.Linear: kaiming_uniform(a=sqrt(5)) = U(-1/sqrt(fan_in), 1/sqrt(fan_in)), same
        // bound for the bias.
        Initializer fcInit = new UniformInitializer((float) (1.0 / Math.sqrt(2.0 * hiddenDim)));
        fcWeight = param("fc.weight", Parameter.Type.WEIGHT, new Shape(1, 2L * hiddenDim), fcInit);
        fcBias = param("fc.bias", Parameter.Type.BIAS, new Shape(1), fcInit);
    }

    private Parameter param(String name, Parameter.Type type, Shape shape, Initializer init) {
        return addParameter(
                Parameter.builder()
                        .setName(name)
                        .setType(type)
                        .optShape(shape)
                        .optInitializer(init)
                        .build());
    }

    /** Sets embedding rows to zero (LIC zeroes {@code <unk>} and {@code <pad>} after init). */
    void zeroEmbeddingRows(int... rows) {
        NDArray weight = embedding.getArray();
        // An NDArray value: set(index, Number) would leave a scalar in the model's manager.
        try (NDArray zero = weight.getManager().create(0f)) {
            for (int row : rows) {
                weight.set(new NDIndex(row), zero);
            }
        }
    }

    /** The embedding parameter, whose pad row must get no gradient ({@code padding_idx}). */
    Parameter embeddingParameter() {
        return embedding;
    }

    /** All parameters in registration (PyTorch {@code named_parameters}) order. */
    List<Parameter> parameterList() {
        return new ArrayList<>(getParameters().values());
    }

    /**
     * Inputs: token ids {@code (B, T)} int64, right-padded, and true lengths {@code (B)} int64
     * (each in 1..T). Output: logits {@code (B, 1)}. The parameter store is not used: parameters
     * live on the CPU in the model's manager.
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray tokens = inputs.get(0);
        long[] lengths = inputs.get(1).toLongArray();
        return new NDList(logits(tokens, lengths, training));
    }

    /**
     * Logits {@code (B, 1)} for right-padded token ids {@code (B, T)} with true lengths (1..T).
     * Every intermediate array is attached to {@code tokens}' manager.
     */
    NDArray logits(NDArray tokens, long[] lengths, boolean training) {
        NDManager manager = tokens.getManager();
        int batch = Math.toIntExact(tokens.getShape().get(0));
        int time = Math.toIntExact(tokens.getShape().get(1));
        if (lengths.length != batch) {
            throw new IllegalArgumentException(
                    "lengths has " + lengths.length + " entries for a batch of " + batch);
        }
        long[] reverse = new long[batch * time];
        long[] last = new long[batch];
        for (int b = 0; b < batch; b++) {
            long len = lengths[b];
            if (len < 1 || len > time) {
                throw new IllegalArgumentException("length " + len + " not in 1.." + time);
            }
            for (int t = 0; t < time; t++) {
                reverse[b * time + t] = t < len ? len - 1 - t : t;
            }
            last[b] = len - 1;
        }
        NDArray reverseIndex = manager.create(reverse, new Shape(batch, time, 1));
        NDArray lastIndex = manager.create(last, new Shape(batch, 1, 1));
        NDArray zeroState = manager.zeros(new Shape(1, batch, hiddenDim));
        NDList state = new NDList(zeroState, zeroState);

        NDArray x =
                tokens.getNDArrayInternal()
                        .embedding(tokens, embedding.getArray(), SparseFormat.DENSE)
                        .singletonOrThrow();
        x = dropout(x, training);
        NDArray forwardInput = x;
        NDArray backwardInput = reverseWithinLength(x, reverseIndex);
        NDArray finalForward = null;
        NDArray finalBackward = null;
        for (int layer = 0; layer < numLayers; layer++) {
            NDArray forwardOut = runLstm(forwardInput, state, lstm[layer][0], training);
            NDArray backwardOutReversed = runLstm(backwardInput, state, lstm[layer][1], training);
            if (layer == numLayers - 1) {
                finalForward = atLast(forwardOut, lastIndex);
                finalBackward = atLast(backwardOutReversed, lastIndex);
            } else {
                NDArray out =
                        NDArrays.concat(
                                new NDList(
                                        forwardOut,
                                        reverseWithinLength(backwardOutReversed, reverseIndex)),
                                2);
                out = dropout(out, training);
                forwardInput = out;
                backwardInput = reverseWithinLength(out, reverseIndex);
            }
        }
        NDArray hidden = NDArrays.concat(new NDList(finalForward, finalBackward), 1);
        hidden = dropout(hidden, training);
        return hidden.getNDArrayInternal()
                .linear(hidden, fcWeight.getArray(), fcBias.getArray())
                .singletonOrThrow();
    }

    /**
     * Draws from PyTorch's generator exactly what a training-mode {@link #logits} call on a {@code
     * (batch, time)} input draws: its dropout masks, in the same order, shapes and type. Nothing
     * else is computed. A resumed training replays the finished epochs' draws with it, so that the
     * generator (whose state DJL cannot read or set) is where the uninterrupted training left it.
     * Must follow every change to the dropouts of {@link #logits}; the resume test checks it.
     */
    void drawTrainingDropouts(NDManager manager, int batch, int time) {
        try (NDManager draws = manager.newSubManager()) {
            dropout(draws.zeros(new Shape(batch, time, embeddingDim)), true);
            for (int layer = 0; layer < numLayers - 1; layer++) {
                dropout(draws.zeros(new Shape(batch, time, 2L * hiddenDim)), true);
            }
            dropout(draws.zeros(new Shape(batch, 2L * hiddenDim)), true);
        }
    }

    private NDArray runLstm(NDArray input, NDList state, Parameter[] weights, boolean training) {
        NDList params =
                new NDList(
                        weights[0].getArray(),
                        weights[1].getArray(),
                        weights[2].getArray(),
                        weights[3].getArray());
        // (input, (h0, c0), params, hasBiases, numLayers, dropout, training, bidirectional,
        // batchFirst) -> (output (B, T, H), h_n, c_n); h_n would include pads, so it is unused.
        return input.getNDArrayInternal()
                .lstm(input, state, params, true, 1, 0.0, training, false, true)
                .get(0);
    }

    /** Reverses each row of {@code (B, T, D)} within its true length; pads stay in place. */
    private static NDArray reverseWithinLength(NDArray x, NDArray reverseIndex) {
        Shape shape = x.getShape();
        return x.gather(reverseIndex.broadcast(shape), 1);
    }

    /** {@code (B, T, D)} -> {@code (B, D)} at each row's true last position. */
    private static NDArray atLast(NDArray x, NDArray lastIndex) {
        Shape shape = x.getShape();
        return x.gather(lastIndex.broadcast(new Shape(shape.get(0), 1, shape.get(2))), 1)
                .reshape(shape.get(0), shape.get(2));
    }

    private NDArray dropout(NDArray x, boolean training) {
        if (!training || dropout == 0f) {
            return x;
        }
        return x.getNDArrayInternal().dropout(x, dropout, true).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }
}
