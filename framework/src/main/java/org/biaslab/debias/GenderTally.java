package org.biaslab.debias;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.text.CaptionGender;

/**
 * How many captions state each {@link CaptionGender} (LIBRA's rule: male words only, female words
 * only, both, only gender-neutral person words, none), with empty captions counted on their own.
 * Mutable counter; not thread-safe.
 */
public final class GenderTally {
    private final GenderSwapper words;
    private final EnumMap<CaptionGender, Long> counts = new EnumMap<>(CaptionGender.class);
    private long empty;
    private long total;

    /** @param words decides a caption's gender (its lexicon and tokenizer) */
    public GenderTally(GenderSwapper words) {
        this.words = Objects.requireNonNull(words, "words");
        for (CaptionGender g : CaptionGender.values()) {
            counts.put(g, 0L);
        }
    }

    /** Counts one caption and returns its gender; an empty or blank caption is {@link CaptionGender#NONE} and also counted as empty. */
    public CaptionGender add(String caption) {
        String c = caption == null ? "" : caption;
        total++;
        if (c.isBlank()) {
            empty++;
        }
        CaptionGender g = words.genderOf(c);
        counts.merge(g, 1L, Long::sum);
        return g;
    }

    public long total() {
        return total;
    }

    public long empty() {
        return empty;
    }

    public long count(CaptionGender g) {
        return counts.get(g);
    }

    public Map<CaptionGender, Long> counts() {
        return Map.copyOf(counts);
    }

    /** Share of captions with gender {@code g}, Wilson 95% interval; undefined with no captions. */
    public Estimate share(CaptionGender g) {
        return Intervals.wilson(counts.get(g), total, 0.95);
    }
}
