package org.biaslab.debias.bcs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of {@link BiasedCaptionSynthesis} and {@link DenoiserData}. LIBRA (Hirota, Nakashima,
 * Garcia, CVPR 2023, sec. 4.1) describes the two filters (keep a gender swap when a gender
 * classifier attributes the masked context to the new gender; keep a refill when it makes the
 * stated gender more predictable) and the 1:1 mix of biased and original captions; LIBRA did not
 * release its synthesis code, and the numeric settings below other than the mix are biaslab
 * choices, marked so.
 *
 * @param contextToGenderThreshold a flipped caption is kept only when the gate gives the NEW gender
 *     a probability {@code >=} this, in [0.5, 1]. Default 0.5: the gate's decision is the new
 *     gender, which is LIBRA's filter as described ("the classifier predicts the swapped gender");
 *     the value is a biaslab reading, higher values keep fewer, more strongly biased swaps.
 * @param genderToContextMaskRate share of a caption's content words (not gender, person or
 *     function words, not punctuation) that are masked and refilled, at least one word; in (0, 1].
 *     Default 0.2 (biaslab choice: one word of a typical COCO caption's four to six content words,
 *     the input masking rate of LIBRA's generator).
 * @param topK candidate words per masked word: the first topK admissible (content) words among the
 *     masked language model's 4 &times; topK most probable, in rank order; in [1, 1000]. Default 5
 *     (biaslab choice).
 * @param minGain a refill is kept only if the gate's probability of the caption's stated gender
 *     rises by MORE than this, in [0, 1). Default 0: any rise (LIBRA keeps refills that increase
 *     the classifier's confidence in the gender, as we read sec. 4.1).
 * @param contextToGenderShare share of the male or female captions assigned context -> gender
 * @param genderToContextShare share assigned gender -> context
 * @param bothShare share assigned both biases on one caption; the three shares are each in [0, 1]
 *     and sum to 1. Default 0.4 / 0.4 / 0.2 (biaslab choice; each caption is tried for one type
 *     only, drawn per caption from the seed).
 * @param biasedPerOriginal biased pairs per original caption in the denoiser data, finite and
 *     {@code > 0}. Default 1 (LIBRA: biased and original captions 1:1).
 * @param maxWords captions with more tokens are {@link SynthesisOutcome#TOO_LONG} and never drawn
 *     as originals; in [1, 512]. Default 32, the default {@code maxLength} of the text models
 *     ({@link org.biaslab.debias.lm.EncoderConfig#defaults()}), biaslab choice.
 * @param examplesPerType kept captions of each type copied into
 *     {@link SynthesisResult#examples()} (the first in corpus order), {@code >= 0}. Default 5.
 */
public record SynthesisConfig(
        double contextToGenderThreshold,
        double genderToContextMaskRate,
        int topK,
        double minGain,
        double contextToGenderShare,
        double genderToContextShare,
        double bothShare,
        double biasedPerOriginal,
        int maxWords,
        int examplesPerType) {

    /** Tolerance of the sum of the three shares. */
    static final double SHARE_TOLERANCE = 1e-9;

    public SynthesisConfig {
        if (!(contextToGenderThreshold >= 0.5 && contextToGenderThreshold <= 1.0)) {
            throw new IllegalArgumentException("contextToGenderThreshold must be in [0.5, 1], got "
                    + contextToGenderThreshold);
        }
        if (!(genderToContextMaskRate > 0.0 && genderToContextMaskRate <= 1.0)) {
            throw new IllegalArgumentException("genderToContextMaskRate must be in (0, 1], got " + genderToContextMaskRate);
        }
        if (topK < 1 || topK > 1000) {
            throw new IllegalArgumentException("topK must be in [1, 1000], got " + topK);
        }
        if (!(minGain >= 0.0 && minGain < 1.0)) {
            throw new IllegalArgumentException("minGain must be in [0, 1), got " + minGain);
        }
        share("contextToGenderShare", contextToGenderShare);
        share("genderToContextShare", genderToContextShare);
        share("bothShare", bothShare);
        double sum = contextToGenderShare + genderToContextShare + bothShare;
        if (Math.abs(sum - 1.0) > SHARE_TOLERANCE) {
            throw new IllegalArgumentException("contextToGenderShare + genderToContextShare + bothShare must be 1, got "
                    + contextToGenderShare + " + " + genderToContextShare + " + " + bothShare + " = " + sum);
        }
        if (!(biasedPerOriginal > 0.0) || Double.isInfinite(biasedPerOriginal)) {
            throw new IllegalArgumentException("biasedPerOriginal must be finite and > 0, got " + biasedPerOriginal);
        }
        if (maxWords < 1 || maxWords > 512) {
            throw new IllegalArgumentException("maxWords must be in [1, 512], got " + maxWords);
        }
        if (examplesPerType < 0) {
            throw new IllegalArgumentException("examplesPerType must be >= 0, got " + examplesPerType);
        }
    }

    private static void share(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + " must be in [0, 1], got " + value);
        }
    }

    /** The defaults documented on each field. */
    public static SynthesisConfig defaults() {
        return new SynthesisConfig(0.5, 0.2, 5, 0.0, 0.4, 0.4, 0.2, 1.0, 32, 5);
    }

    /** This configuration with other type shares. */
    public SynthesisConfig withShares(double contextToGender, double genderToContext, double both) {
        return new SynthesisConfig(contextToGenderThreshold, genderToContextMaskRate, topK, minGain, contextToGender,
                genderToContext, both, biasedPerOriginal, maxWords, examplesPerType);
    }

    /** This configuration with another threshold. */
    public SynthesisConfig withThreshold(double threshold) {
        return new SynthesisConfig(threshold, genderToContextMaskRate, topK, minGain, contextToGenderShare,
                genderToContextShare, bothShare, biasedPerOriginal, maxWords, examplesPerType);
    }

    /** This configuration with another minimum gain. */
    public SynthesisConfig withMinGain(double gain) {
        return new SynthesisConfig(contextToGenderThreshold, genderToContextMaskRate, topK, gain, contextToGenderShare,
                genderToContextShare, bothShare, biasedPerOriginal, maxWords, examplesPerType);
    }

    /** This configuration with another mix ratio. */
    public SynthesisConfig withBiasedPerOriginal(double ratio) {
        return new SynthesisConfig(contextToGenderThreshold, genderToContextMaskRate, topK, minGain, contextToGenderShare,
                genderToContextShare, bothShare, ratio, maxWords, examplesPerType);
    }

    /** This configuration with another word limit. */
    public SynthesisConfig withMaxWords(int words) {
        return new SynthesisConfig(contextToGenderThreshold, genderToContextMaskRate, topK, minGain, contextToGenderShare,
                genderToContextShare, bothShare, biasedPerOriginal, words, examplesPerType);
    }

    /** The share of a type. */
    public double share(BiasType type) {
        return switch (type) {
            case CONTEXT_TO_GENDER -> contextToGenderShare;
            case GENDER_TO_CONTEXT -> genderToContextShare;
            case BOTH -> bothShare;
        };
    }

    /**
     * The type of a caption from a uniform draw {@code u} in [0, 1): context -> gender below its
     * share, then gender -> context, then both.
     */
    BiasType typeFor(double u) {
        if (u < contextToGenderShare) {
            return BiasType.CONTEXT_TO_GENDER;
        }
        if (u < contextToGenderShare + genderToContextShare) {
            return BiasType.GENDER_TO_CONTEXT;
        }
        if (bothShare > 0.0) {
            return BiasType.BOTH;
        }
        // the shares sum to 1 only within SHARE_TOLERANCE: the last type with a share takes the rest
        return genderToContextShare > 0.0 ? BiasType.GENDER_TO_CONTEXT : BiasType.CONTEXT_TO_GENDER;
    }

    /** Field name to value, in declaration order (provenance). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contextToGenderThreshold", contextToGenderThreshold);
        m.put("genderToContextMaskRate", genderToContextMaskRate);
        m.put("topK", topK);
        m.put("minGain", minGain);
        m.put("contextToGenderShare", contextToGenderShare);
        m.put("genderToContextShare", genderToContextShare);
        m.put("bothShare", bothShare);
        m.put("biasedPerOriginal", biasedPerOriginal);
        m.put("maxWords", maxWords);
        m.put("examplesPerType", examplesPerType);
        return m;
    }
}
