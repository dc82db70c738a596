package org.biaslab.perceive.validate;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.biaslab.perceive.FacePerception;
import org.biaslab.perceive.ImagePerception;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.skin.ItaCategory;
import org.biaslab.perceive.skin.SkinToneEstimate;

/**
 * What perception made of one labelled image: its outcome ("woman", "man", "uncertain", "no face",
 * or {@link #ERROR} when the file could not be decoded or perceived), and the largest face's
 * probability, age and estimated skin tone.
 *
 * @param label       the labels-file row
 * @param outcome     woman / man / uncertain / no face / error
 * @param pWoman      the largest face's probability of "woman", NaN without a face
 * @param age         the largest face's estimated age, NaN without a face
 * @param faces       number of faces detected (0 for no face or error)
 * @param ita         the largest face's ITA in degrees, NaN when there is no estimate
 * @param category    ITA category, null when there is no estimate
 * @param monkTone    Monk tone 1..10, 0 when there is no estimate
 * @param skinFlags   the skin estimate's quality flags (names, sorted), empty when reliable or no face
 * @param skinReliable whether the skin estimate exists and has no flag
 * @param error       the decode or perception error, null when none
 */
public record ImageOutcome(LabelledFile label, String outcome, double pWoman, double age, int faces, double ita,
                           ItaCategory category, int monkTone, Set<String> skinFlags, boolean skinReliable,
                           String error) {
    /** Outcome of an image that could not be decoded or perceived. */
    public static final String ERROR = "error";

    public ImageOutcome {
        Objects.requireNonNull(label, "label");
        if (!List.of(PerceptionPolicy.WOMAN, PerceptionPolicy.MAN, PerceptionPolicy.UNCERTAIN, PerceptionPolicy.NO_FACE,
                ERROR).contains(outcome)) {
            throw new IllegalArgumentException("outcome must be woman, man, uncertain, no face or error, was '" + outcome + "'");
        }
        if ((ERROR.equals(outcome)) != (error != null)) {
            throw new IllegalArgumentException("error must be given exactly when outcome is 'error'; outcome '" + outcome
                    + "', error " + error);
        }
        if (faces < 0) throw new IllegalArgumentException("faces must be >= 0, was " + faces);
        skinFlags = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(skinFlags)); // sorted: stable CSV bytes
    }

    /** The outcome of a perceived image. */
    public static ImageOutcome of(LabelledFile label, ImagePerception p) {
        if (p.noFace()) {
            return new ImageOutcome(label, PerceptionPolicy.NO_FACE, Double.NaN, Double.NaN, 0, Double.NaN, null, 0,
                    Set.of(), false, null);
        }
        FacePerception f = p.faces().get(0);
        SkinToneEstimate s = f.skin();
        Set<String> flags = new TreeSet<>();
        s.flags().forEach(x -> flags.add(x.name()));
        return new ImageOutcome(label, f.gender(), f.pWoman(), f.analysis().age(), p.faces().size(),
                s.defined() ? s.ita() : Double.NaN, s.category(), s.monkTone(), flags, s.reliable(), null);
    }

    /** The outcome of an image that failed. */
    public static ImageOutcome failed(LabelledFile label, String error) {
        return new ImageOutcome(label, ERROR, Double.NaN, Double.NaN, 0, Double.NaN, null, 0, Set.of(), false,
                Objects.requireNonNull(error, "error"));
    }

    /** Whether a face was found (the outcome is woman, man or uncertain). */
    public boolean hasFace() {
        return faces > 0;
    }

    /** Whether the image was read and perceived. */
    public boolean perceived() {
        return error == null;
    }
}
