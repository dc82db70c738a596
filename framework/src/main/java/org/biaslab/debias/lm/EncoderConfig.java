package org.biaslab.debias.lm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Architecture of a {@link TokenEncoder}; the vocabulary size comes from the {@link Vocabulary}.
 *
 * @param embeddingDim token, position and hidden size E (&ge; 1, a multiple of {@code heads})
 * @param layers encoder layers (&ge; 1)
 * @param heads attention heads per layer (&ge; 1)
 * @param feedForwardDim hidden size of each layer's feed-forward block (&ge; 1)
 * @param dropout dropout on embeddings, attention probabilities and sublayer outputs, in [0, 1)
 * @param maxLength most caption tokens the encoder sees (&ge; 1); see {@link TokenEncoder} for
 *     the truncation policy
 * @param evidenceDim length of the image-evidence vector projected into a prefix token; 0 for no
 *     prefix (the masked language model)
 */
public record EncoderConfig(
        int embeddingDim,
        int layers,
        int heads,
        int feedForwardDim,
        double dropout,
        int maxLength,
        int evidenceDim) {

    /** Evidence vector of the caption denoiser: {@code [p_male, p_female, evidence_present]}. */
    public static final int GENDER_EVIDENCE_DIM = 3;

    public EncoderConfig {
        requirePositive("embeddingDim", embeddingDim);
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        requirePositive("feedForwardDim", feedForwardDim);
        requirePositive("maxLength", maxLength);
        if (embeddingDim % heads != 0) {
            throw new IllegalArgumentException(
                    "embeddingDim must be a multiple of heads, got embeddingDim " + embeddingDim + " and heads " + heads);
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (evidenceDim < 0) {
            throw new IllegalArgumentException("evidenceDim must be >= 0, got " + evidenceDim);
        }
    }

    /**
     * The recommended size for COCO captions on 2 CPU cores: E = 128, 2 layers, 4 heads,
     * feed-forward 256, dropout 0.1, 32 tokens, no evidence (see docs/libra-lm.md).
     */
    public static EncoderConfig defaults() {
        return new EncoderConfig(128, 2, 4, 256, 0.1, 32, 0);
    }

    /** This configuration with an evidence prefix of {@code dim} values. */
    public EncoderConfig withEvidence(int dim) {
        return new EncoderConfig(embeddingDim, layers, heads, feedForwardDim, dropout, maxLength, dim);
    }

    /** Whether the encoder takes an evidence vector. */
    public boolean hasEvidence() {
        return evidenceDim > 0;
    }

    /** The fields in declaration order. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("embeddingDim", embeddingDim);
        map.put("layers", layers);
        map.put("heads", heads);
        map.put("feedForwardDim", feedForwardDim);
        map.put("dropout", dropout);
        map.put("maxLength", maxLength);
        map.put("evidenceDim", evidenceDim);
        return map;
    }

    /** Inverse of {@link #toMap}; names a missing or mistyped field. */
    public static EncoderConfig fromMap(Map<String, ?> map) {
        return new EncoderConfig(
                MapFields.integer(map, "embeddingDim"),
                MapFields.integer(map, "layers"),
                MapFields.integer(map, "heads"),
                MapFields.integer(map, "feedForwardDim"),
                MapFields.number(map, "dropout"),
                MapFields.integer(map, "maxLength"),
                MapFields.integer(map, "evidenceDim"));
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be >= 1, got " + value);
        }
    }
}
