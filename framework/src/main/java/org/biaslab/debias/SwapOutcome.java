package org.biaslab.debias;

/** What became of one caption offered for gender swapping. */
public enum SwapOutcome {
    /** Male or female caption whose every gender word was flipped; its swapped gender is the opposite. */
    SWAPPED,
    /** Empty or blank caption. */
    EMPTY,
    /** More words than the configured limit. */
    TOO_LONG,
    /** No gender word and no gender-neutral person word. */
    NO_GENDER_WORD,
    /** Only gender-neutral person words (person, people, child, ...): nothing to flip. */
    NEUTRAL_ONLY,
    /** Both male and female words: flipping would not change the stated gender. */
    BOTH_GENDERS,
    /** A gender word without a counterpart (e.g. pregnant): a flip would be half done. */
    UNSWAPPABLE_WORD,
    /** After flipping, the lexicon does not read the opposite gender (a counterpart outside the lexicon, e.g. empress). */
    NOT_OPPOSITE_AFTER_SWAP
}
