package org.biaslab.debias;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biaslab.text.CaptionGender;

/**
 * Candidate "context -> gender" biased captions (LIBRA's biased caption synthesis, Hirota et al.
 * CVPR 2023, sec. 4.1): every male or female human caption of the corpus with its gender words
 * flipped, so that the stated gender no longer matches the image while the context stays. Which
 * candidates to keep (LIBRA keeps those whose context a gender classifier attributes to the new
 * gender) is decided later, by a model this class does not hold.
 *
 * <p>Every caption ends in exactly one {@link SwapOutcome}; nothing is dropped silently and no
 * input makes it throw. Informational counts: captions with non-ASCII characters (swapped like any
 * other), and, when a vocabulary is given, captions holding words outside it and those words'
 * occurrences (lower-cased tokens).
 *
 * @param swapped the flipped captions, in corpus order
 * @param outcomes how many captions ended in each outcome (every outcome present, possibly 0)
 * @param nonAsciiCaptions captions holding a character outside ASCII
 * @param captionsWithUnknownWords captions with a token outside the vocabulary (0 without vocabulary)
 * @param unknownTokens occurrences of such tokens
 */
public record GenderSwapSynthesis(List<SwappedCaption> swapped, Map<SwapOutcome, Long> outcomes, long nonAsciiCaptions,
        long captionsWithUnknownWords, long unknownTokens) {
    public GenderSwapSynthesis {
        swapped = List.copyOf(swapped);
        outcomes = Map.copyOf(outcomes);
        if (outcomes.getOrDefault(SwapOutcome.SWAPPED, 0L) != swapped.size()) {
            throw new IllegalArgumentException("outcome SWAPPED counts " + outcomes.get(SwapOutcome.SWAPPED) + ", but "
                    + swapped.size() + " captions were swapped");
        }
    }

    /** Captions offered. */
    public long total() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Builds the candidates.
     *
     * @param corpus captions to offer
     * @param swapper flips and decides genders
     * @param maxWords captions with more tokens are {@link SwapOutcome#TOO_LONG} (the text models
     *     downstream have a fixed input length)
     * @param vocabulary when non-null, tokens outside it are counted as unknown
     */
    public static GenderSwapSynthesis build(List<CorpusCaption> corpus, GenderSwapper swapper, int maxWords,
            Set<String> vocabulary) {
        Objects.requireNonNull(swapper, "swapper");
        if (maxWords < 1) {
            throw new IllegalArgumentException("maxWords must be >= 1, got " + maxWords);
        }
        EnumMap<SwapOutcome, Long> outcomes = new EnumMap<>(SwapOutcome.class);
        for (SwapOutcome o : SwapOutcome.values()) {
            outcomes.put(o, 0L);
        }
        List<SwappedCaption> out = new ArrayList<>();
        long nonAscii = 0;
        long withUnknown = 0;
        long unknown = 0;
        for (CorpusCaption c : corpus) {
            String text = c.caption();
            if (!TrainingCorpus.isAscii(text)) {
                nonAscii++;
            }
            if (text.isBlank()) {
                outcomes.merge(SwapOutcome.EMPTY, 1L, Long::sum);
                continue;
            }
            List<String> tokens = swapper.tokens(text);
            if (vocabulary != null) {
                long u = tokens.stream().filter(t -> !vocabulary.contains(t.toLowerCase(Locale.ROOT))).count();
                unknown += u;
                if (u > 0) {
                    withUnknown++;
                }
            }
            SwapOutcome outcome;
            SwappedCaption result = null;
            if (tokens.size() > maxWords) {
                outcome = SwapOutcome.TOO_LONG;
            } else {
                CaptionGender g = CaptionGender.of(tokens, swapper.lexicon());
                outcome = switch (g) {
                    case NONE -> SwapOutcome.NO_GENDER_WORD;
                    case NEUTRAL -> SwapOutcome.NEUTRAL_ONLY;
                    case BOTH -> SwapOutcome.BOTH_GENDERS;
                    case MALE, FEMALE -> null;
                };
                if (outcome == null) {
                    GenderSwapper.SwapResult r = swapper.flip(text);
                    CaptionGender opposite = g == CaptionGender.MALE ? CaptionGender.FEMALE : CaptionGender.MALE;
                    if (!r.unswappable().isEmpty()) {
                        outcome = SwapOutcome.UNSWAPPABLE_WORD;
                    } else if (r.after() != opposite) {
                        outcome = SwapOutcome.NOT_OPPOSITE_AFTER_SWAP;
                    } else {
                        outcome = SwapOutcome.SWAPPED;
                        result = new SwappedCaption(c.imageId(), c.index(), text, r.swapped(), g, r.after(), r.swaps());
                    }
                }
            }
            outcomes.merge(outcome, 1L, Long::sum);
            if (result != null) {
                out.add(result);
            }
        }
        return new GenderSwapSynthesis(out, outcomes, nonAscii, withUnknown, unknown);
    }
}
