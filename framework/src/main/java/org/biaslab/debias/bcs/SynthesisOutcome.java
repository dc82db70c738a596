package org.biaslab.debias.bcs;

/**
 * What became of one caption offered to {@link BiasedCaptionSynthesis}: exactly one per caption.
 * The first five are decided before a bias type is drawn; the others depend on the type.
 */
public enum SynthesisOutcome {
    /** Empty or blank caption. */
    EMPTY,
    /** More tokens than {@link SynthesisConfig#maxWords()}. */
    TOO_LONG,
    /** No gender word and no gender-neutral person word. */
    NO_GENDER_WORD,
    /** Only gender-neutral person words (person, people, child, ...). */
    NEUTRAL_ONLY,
    /** Both male and female words. */
    BOTH_GENDERS,
    /** Context -> gender or both: a gender word without a counterpart (e.g. pregnant). */
    UNSWAPPABLE_WORD,
    /** Context -> gender or both: after flipping, the lexicon does not read the opposite gender. */
    NOT_OPPOSITE_AFTER_SWAP,
    /** Context -> gender or both: flipping changed the number of tokens (the denoiser edits word for word). */
    TOKEN_COUNT_CHANGED,
    /** Context -> gender or both: the gate gives the new gender less than the threshold. */
    BELOW_THRESHOLD,
    /** Gender -> context or both: no content word to mask (all words are gender, person or function words, or punctuation). */
    NO_MASKABLE_WORD,
    /** Gender -> context or both: the masked language model proposed no admissible word at any masked position. */
    NO_CANDIDATE,
    /** Gender -> context or both: the best refill does not raise the gate's probability of the stated gender by more than the minimum gain. */
    NO_GAIN,
    /** Kept as a context -> gender biased caption. */
    KEPT_CONTEXT_TO_GENDER,
    /** Kept as a gender -> context biased caption. */
    KEPT_GENDER_TO_CONTEXT,
    /** Kept with both biases. */
    KEPT_BOTH;

    /** Whether the caption was kept. */
    public boolean kept() {
        return this == KEPT_CONTEXT_TO_GENDER || this == KEPT_GENDER_TO_CONTEXT || this == KEPT_BOTH;
    }

    /** The kept outcome of a type. */
    public static SynthesisOutcome keptAs(BiasType type) {
        return switch (type) {
            case CONTEXT_TO_GENDER -> KEPT_CONTEXT_TO_GENDER;
            case GENDER_TO_CONTEXT -> KEPT_GENDER_TO_CONTEXT;
            case BOTH -> KEPT_BOTH;
        };
    }
}
