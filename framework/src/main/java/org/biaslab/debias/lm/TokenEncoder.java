package org.biaslab.debias.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.PointwiseFeedForwardBlock;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A small bidirectional Transformer token encoder (BERT-like) on DJL: token embedding plus learned
 * position embedding, an optional image-evidence prefix token, {@code layers} pre-norm encoder
 * layers, a final layer norm, and an output projection to the vocabulary tied to the token
 * embedding (plus a bias).
 *
 * <p>Input: {@code NDList(tokens)} or, when {@link EncoderConfig#hasEvidence()}, {@code
 * NDList(tokens, evidence)}: token ids {@code (B, T)} int64, right-padded with {@link
 * Vocabulary#PAD_INDEX}, {@code T <= maxLength}; evidence {@code (B, D)} float32. Output: {@code
 * NDList(logits (B, T, V))}, one row per caption token (the prefix is dropped). The evidence token
 * is the {@code <ev>} embedding plus a linear projection of the evidence vector, at position 0;
 * caption tokens take positions 1..T.
 *
 * <p>Padding: every query attends only to non-pad keys (and to the prefix). The attention is
 * DJL's {@link ScaledDotProductAttentionBlock}, whose mask input {@code (B, S, S)} holds 1 to
 * attend and 0 to ignore (an offset of -100000 before the softmax). DJL's own {@code
 * TransformerEncoderBlock} is not used: in 0.35.1 it normalises with {@code BatchNorm} (so a
 * training batch's statistics include the pad positions) and its second residual adds the layer
 * input instead of the attention output. Each layer here is {@code h = x + drop(attn(LN(x)))},
 * {@code y = h + drop(FF(LN(h)))} with a GELU feed-forward block: pre-norm trains stably without
 * a long warmup (Xiong et al. 2020).
 *
 * <p>Truncation: the encoder accepts at most {@code maxLength} tokens; callers feed the first
 * {@code maxLength} tokens of longer captions (see {@link MaskedLanguageModel} and {@link
 * CaptionDenoiser} for what they do with the rest).
 *
 * <p>Initialisation (from the engine's seeded generator): embeddings N(0, 0.02), linear layers
 * DJL's Xavier default, biases 0, layer norms 1/0.
 */
public final class TokenEncoder extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final float INIT_SD = 0.02f;

    private final EncoderConfig config;
    private final int vocabSize;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final Parameter outputBias;
    private final Linear evidenceProjection;
    private final Dropout embeddingDropout;
    private final List<Layer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;

    public TokenEncoder(int vocabSize, EncoderConfig config) {
        super(VERSION);
        if (vocabSize <= Vocabulary.SPECIALS) {
            throw new IllegalArgumentException("vocabSize must exceed the " + Vocabulary.SPECIALS + " specials, got " + vocabSize);
        }
        this.config = config;
        this.vocabSize = vocabSize;
        int e = config.embeddingDim();
        tokenEmbedding = addParameter(Parameter.builder().setName("tokenEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, e)).optInitializer(new NormalInitializer(INIT_SD)).build());
        positionEmbedding = addParameter(Parameter.builder().setName("positionEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.maxLength() + 1L, e)).optInitializer(new NormalInitializer(INIT_SD)).build());
        outputBias = addParameter(Parameter.builder().setName("outputBias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(vocabSize)).build());
        evidenceProjection = config.hasEvidence()
                ? addChildBlock("evidenceProjection", Linear.builder().setUnits(e).optBias(true).build())
                : null;
        float dropout = (float) config.dropout();
        embeddingDropout = addChildBlock("embeddingDropout", Dropout.builder().optRate(dropout).build());
        for (int i = 0; i < config.layers(); i++) {
            layers.add(new Layer(this, i, config));
        }
        finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
    }

    /** One pre-norm encoder layer; its blocks are children of the encoder, named {@code layerN.*}. */
    private static final class Layer {
        final LayerNorm attentionNorm;
        final ScaledDotProductAttentionBlock attention;
        final Dropout attentionDropout;
        final LayerNorm feedForwardNorm;
        final PointwiseFeedForwardBlock feedForward;
        final Dropout feedForwardDropout;

        Layer(TokenEncoder owner, int index, EncoderConfig config) {
            String p = "layer" + index + ".";
            float dropout = (float) config.dropout();
            attentionNorm = owner.addChildBlock(p + "attentionNorm", LayerNorm.builder().axis(2).build());
            attention = owner.addChildBlock(p + "attention", ScaledDotProductAttentionBlock.builder()
                    .setEmbeddingSize(config.embeddingDim())
                    .setHeadCount(config.heads())
                    .optAttentionProbsDropoutProb(dropout)
                    .build());
            attentionDropout = owner.addChildBlock(p + "attentionDropout", Dropout.builder().optRate(dropout).build());
            feedForwardNorm = owner.addChildBlock(p + "feedForwardNorm", LayerNorm.builder().axis(2).build());
            feedForward = owner.addChildBlock(p + "feedForward",
                    new PointwiseFeedForwardBlock(List.of(config.feedForwardDim()), config.embeddingDim(), Activation::gelu));
            feedForwardDropout = owner.addChildBlock(p + "feedForwardDropout", Dropout.builder().optRate(dropout).build());
        }

        NDArray forward(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
            NDArray normed = attentionNorm.forward(ps, new NDList(x), training).head();
            NDArray attended = attention.forward(ps, new NDList(normed, mask), training).head();
            NDArray h = x.add(attentionDropout.forward(ps, new NDList(attended), training).head());
            NDArray normed2 = feedForwardNorm.forward(ps, new NDList(h), training).head();
            NDArray ff = feedForward.forward(ps, new NDList(normed2), training).head();
            return h.add(feedForwardDropout.forward(ps, new NDList(ff), training).head());
        }
    }

    /** The architecture. */
    public EncoderConfig config() {
        return config;
    }

    /** Vocabulary size V (rows of the output). */
    public int vocabSize() {
        return vocabSize;
    }

    /** The output bias (tests force predictions through it). */
    Parameter outputBias() {
        return outputBias;
    }

    /** All parameters (for the optimiser), in registration order. */
    List<Parameter> parameterList() {
        List<Parameter> out = new ArrayList<>();
        getParameters().values().forEach(out::add);
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long e = config.embeddingDim();
        Shape hidden = new Shape(1, 1, e);
        if (evidenceProjection != null) {
            evidenceProjection.initialize(manager, dataType, new Shape(1, config.evidenceDim()));
        }
        embeddingDropout.initialize(manager, dataType, hidden);
        for (Layer layer : layers) {
            layer.attentionNorm.initialize(manager, dataType, hidden);
            layer.attention.initialize(manager, dataType, hidden, new Shape(1, 1, 1));
            layer.attentionDropout.initialize(manager, dataType, hidden);
            layer.feedForwardNorm.initialize(manager, dataType, hidden);
            layer.feedForward.initialize(manager, dataType, hidden);
            layer.feedForwardDropout.initialize(manager, dataType, hidden);
        }
        finalNorm.initialize(manager, dataType, hidden);
    }

    /** Initialises every parameter (engine generator), given only the architecture. */
    void initializeParameters(NDManager manager) {
        Shape tokens = new Shape(1, 1);
        if (config.hasEvidence()) {
            initialize(manager, DataType.FLOAT32, tokens, new Shape(1, config.evidenceDim()));
        } else {
            initialize(manager, DataType.FLOAT32, tokens);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[0];
        return new Shape[] {new Shape(tokens.get(0), tokens.get(1), vocabSize)};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = inputs.get(0);
        NDArray evidence = config.hasEvidence() ? inputs.get(1) : null;
        NDArray hidden = hidden(parameterStore, tokens, evidence, training);
        return new NDList(project(hidden));
    }

    /**
     * Final hidden states {@code (B, T, E)} of the caption tokens (prefix dropped). Every
     * intermediate array is attached to {@code tokens}' manager.
     *
     * @param evidence {@code (B, D)} float32, or null when the encoder has no evidence prefix
     */
    NDArray hidden(ParameterStore ps, NDArray tokens, NDArray evidence, boolean training) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("tokens must be (B, T), got " + shape);
        }
        long batch = shape.get(0);
        long time = shape.get(1);
        if (time < 1 || time > config.maxLength()) {
            throw new IllegalArgumentException("token length must be in 1.." + config.maxLength() + ", got " + time);
        }
        if (config.hasEvidence() != (evidence != null)) {
            throw new IllegalArgumentException(config.hasEvidence()
                    ? "this encoder needs an evidence vector of " + config.evidenceDim() + " values"
                    : "this encoder takes no evidence vector");
        }
        NDManager manager = tokens.getManager();
        NDArray table = ps.getValue(tokenEmbedding, tokens.getDevice(), training);
        NDArray positions = ps.getValue(positionEmbedding, tokens.getDevice(), training);
        NDArray x = tokens.getNDArrayInternal().embedding(tokens, table, SparseFormat.DENSE).head();
        NDArray keep = tokens.neq(Vocabulary.PAD_INDEX).toType(DataType.FLOAT32, false);
        long offset = 1;
        if (evidence != null) {
            if (evidence.getShape().dimension() != 2 || evidence.getShape().get(0) != batch
                    || evidence.getShape().get(1) != config.evidenceDim()) {
                throw new IllegalArgumentException("evidence must be (" + batch + ", " + config.evidenceDim() + "), got "
                        + evidence.getShape());
            }
            NDArray projected = evidenceProjection.forward(ps, new NDList(evidence), training).head();
            NDArray evToken = projected.add(table.get(Vocabulary.EVIDENCE_INDEX)).reshape(batch, 1, config.embeddingDim());
            x = evToken.concat(x, 1);
            keep = manager.ones(new Shape(batch, 1)).concat(keep, 1);
            offset = 0;
        }
        long length = x.getShape().get(1);
        x = x.add(positions.get(offset + ":" + (offset + length)));
        x = embeddingDropout.forward(ps, new NDList(x), training).head();
        NDArray mask = keep.reshape(batch, 1, length).broadcast(batch, length, length);
        for (Layer layer : layers) {
            x = layer.forward(ps, x, mask, training);
        }
        x = finalNorm.forward(ps, new NDList(x), training).head();
        if (evidence != null) {
            x = x.get(":, 1:");
        }
        return x;
    }

    /** Logits {@code (..., V)} of hidden states {@code (..., E)} (tied embedding plus bias). */
    NDArray project(NDArray hidden) {
        NDArray table = tokenEmbedding.getArray();
        return hidden.matMul(table.transpose()).add(outputBias.getArray());
    }

    /** Parameters that take weight decay: the weight matrices of the layers (not embeddings, biases, norms). */
    boolean decays(Parameter p) {
        return p.getType() == Parameter.Type.WEIGHT && p != tokenEmbedding && p != positionEmbedding
                && p.getArray().getShape().dimension() == 2;
    }
}
