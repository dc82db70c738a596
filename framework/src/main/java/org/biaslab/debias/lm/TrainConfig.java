package org.biaslab.debias.lm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optimisation settings shared by {@link MlmTrainer} and {@link DenoiserTrainer}: AdamW
 * (Loshchilov and Hutter 2019; betas 0.9/0.999, eps 1e-8, decay not applied to biases, norms and
 * position/token embeddings), learning rate warmed up linearly over the first {@code
 * warmupFraction} of the steps, then decayed linearly to 0 at the last step, gradients clipped to
 * a global L2 norm.
 *
 * @param epochs passes over the training captions (&ge; 1)
 * @param batchSize captions per step (&ge; 1)
 * @param learningRate peak learning rate (finite, &gt; 0)
 * @param weightDecay decoupled weight decay of the weight matrices (&ge; 0)
 * @param warmupFraction share of the steps spent warming up, in [0, 1)
 * @param clipNorm global gradient-norm clip; 0 for none (&ge; 0)
 * @param maskRate masked language model: share of the tokens selected for prediction (BERT
 *     0.15); denoiser: share of the input tokens replaced by {@code <mask>} at training and, by
 *     default, at inference (LIBRA 0.2). In (0, 1).
 * @param copyRate denoiser only: share of the copy positions (input token unmasked and equal to
 *     the target) kept in a step's loss, each weighted {@code 1 / copyRate} so the loss stays an
 *     unbiased estimate of the all-position loss; masked and edited positions are always kept.
 *     Saves most of the vocabulary projection, which dominates the cost. In (0, 1]; 1 keeps all.
 */
public record TrainConfig(
        int epochs,
        int batchSize,
        double learningRate,
        double weightDecay,
        double warmupFraction,
        double clipNorm,
        double maskRate,
        double copyRate) {

    /** BERT's selection rate (Devlin et al. 2019, section 3.1). */
    public static final double BERT_MASK_RATE = 0.15;
    /** LIBRA's input masking rate of the debiasing caption generator (Hirota et al. 2023). */
    public static final double LIBRA_MASK_RATE = 0.2;

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(weightDecay >= 0.0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
        if (!(warmupFraction >= 0.0 && warmupFraction < 1.0)) {
            throw new IllegalArgumentException("warmupFraction must be in [0, 1), got " + warmupFraction);
        }
        if (!(clipNorm >= 0.0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be finite and >= 0, got " + clipNorm);
        }
        if (!(maskRate > 0.0 && maskRate < 1.0)) {
            throw new IllegalArgumentException("maskRate must be in (0, 1), got " + maskRate);
        }
        if (!(copyRate > 0.0 && copyRate <= 1.0)) {
            throw new IllegalArgumentException("copyRate must be in (0, 1], got " + copyRate);
        }
    }

    /**
     * Masked language model on about 150,000 COCO captions: 2 epochs, batch 128, peak lr 1e-3,
     * decay 0.01, 5% warmup, clip 1.0, BERT's 0.15. About 3 minutes per epoch on 2 CPU cores; see
     * docs/libra-lm.md for the measured budget and held-out perplexity.
     */
    public static TrainConfig mlmDefaults() {
        return new TrainConfig(2, 128, 1e-3, 0.01, 0.05, 1.0, BERT_MASK_RATE, 1.0);
    }

    /**
     * Caption denoiser on about 150,000 COCO pairs: as {@link #mlmDefaults()} with LIBRA's input
     * masking 0.2 and a quarter of the copy positions in the loss. About 3 minutes per epoch on 2
     * CPU cores (docs/libra-lm.md).
     */
    public static TrainConfig denoiserDefaults() {
        return new TrainConfig(2, 128, 1e-3, 0.01, 0.05, 1.0, LIBRA_MASK_RATE, 0.25);
    }

    /** This configuration with another number of epochs. */
    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batchSize, learningRate, weightDecay, warmupFraction, clipNorm, maskRate, copyRate);
    }

    /** The fields in declaration order. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("epochs", epochs);
        map.put("batchSize", batchSize);
        map.put("learningRate", learningRate);
        map.put("weightDecay", weightDecay);
        map.put("warmupFraction", warmupFraction);
        map.put("clipNorm", clipNorm);
        map.put("maskRate", maskRate);
        map.put("copyRate", copyRate);
        return map;
    }

    /** Inverse of {@link #toMap}. */
    public static TrainConfig fromMap(Map<String, ?> map) {
        return new TrainConfig(
                MapFields.integer(map, "epochs"),
                MapFields.integer(map, "batchSize"),
                MapFields.number(map, "learningRate"),
                MapFields.number(map, "weightDecay"),
                MapFields.number(map, "warmupFraction"),
                MapFields.number(map, "clipNorm"),
                MapFields.number(map, "maskRate"),
                MapFields.number(map, "copyRate"));
    }
}
