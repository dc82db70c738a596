package org.biaslab.debias.bcs;

import java.util.List;
import java.util.Objects;
import org.biaslab.text.CaptionGender;

/**
 * A synthesized biased caption and the human caption it came from: a training pair of the caption
 * denoiser (input {@code biased}, target {@code original}). Same number of tokens in both (edits
 * are word for word).
 *
 * @param imageId COCO image id
 * @param index caption index within the image
 * @param original the human caption's lower-cased Treebank tokens
 * @param biased the biased caption's tokens
 * @param captionGender the gender the ORIGINAL caption states (MALE or FEMALE)
 * @param type the bias synthesized
 * @param pFemaleBefore the gate's probability of female for the original caption (gender words masked)
 * @param pFemaleAfter the gate's probability of female for the biased caption (gender words masked);
 *     equal to {@code pFemaleBefore} for context -> gender, where only gender words change
 * @param changed positions where {@code biased} differs from {@code original}, ascending
 */
public record BiasedCaption(long imageId, int index, List<String> original, List<String> biased,
        CaptionGender captionGender, BiasType type, double pFemaleBefore, double pFemaleAfter, List<Integer> changed) {
    public BiasedCaption {
        original = List.copyOf(original);
        biased = List.copyOf(biased);
        if (original.size() != biased.size()) {
            throw new IllegalArgumentException("image " + imageId + " caption " + index + ": original has "
                    + original.size() + " tokens, biased " + biased.size());
        }
        if (captionGender != CaptionGender.MALE && captionGender != CaptionGender.FEMALE) {
            throw new IllegalArgumentException("captionGender must be MALE or FEMALE, got " + captionGender);
        }
        Objects.requireNonNull(type, "type");
        changed = List.copyOf(changed);
        if (changed.isEmpty()) {
            throw new IllegalArgumentException("image " + imageId + " caption " + index + ": nothing changed");
        }
    }

    /** The gender the biased caption states: the opposite for context -> gender and both, else the same. */
    public CaptionGender biasedGender() {
        if (type == BiasType.GENDER_TO_CONTEXT) {
            return captionGender;
        }
        return captionGender == CaptionGender.MALE ? CaptionGender.FEMALE : CaptionGender.MALE;
    }

    /** The gate's probability of the gender the biased caption states, before (on the original context). */
    public double pStatedBefore() {
        return biasedGender() == CaptionGender.FEMALE ? pFemaleBefore : 1.0 - pFemaleBefore;
    }

    /** The gate's probability of the gender the biased caption states, on the biased caption. */
    public double pStatedAfter() {
        return biasedGender() == CaptionGender.FEMALE ? pFemaleAfter : 1.0 - pFemaleAfter;
    }

    /** The pair as text, e.g. for report examples: {@code biased => original}. */
    public String describe() {
        return String.join(" ", biased) + "  =>  " + String.join(" ", original);
    }
}
