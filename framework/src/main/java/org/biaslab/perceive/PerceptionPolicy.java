package org.biaslab.perceive;

import java.util.Locale;
import java.util.Objects;

/**
 * The decisions perception makes beyond what the networks output, recorded with every run.
 *
 * <p><b>Uncertain band.</b> A face's perceived gender is {@link #UNCERTAIN} when the network's
 * probability for "woman" lies within {@code uncertainMargin} of 0.5 (strictly), i.e. in
 * {@code (0.5 - m, 0.5 + m)}; otherwise it is the more probable label. Probabilities are always
 * kept next to the label, so any other band can be applied later to the stored records.
 *
 * <p><b>Several faces or none.</b> An image with no detected face is the category "no face", never
 * dropped. With {@link FacePolicy#LARGEST} the image's perceived gender and skin tone are those of
 * the face with the largest detection box (the usual subject of an occupation portrait); with
 * {@link FacePolicy#ALL} every face counts as its own observation. The number of faces is always
 * recorded so multi-person images can be reported.
 *
 * <p><b>Tight crops.</b> Face detectors trained on faces in scenes miss faces that fill the frame
 * (e.g. UTKFace's 200x200 crops). {@code cropPadding} > 0 places the image in the centre of a
 * canvas {@code 1 + 2 * cropPadding} times as large, filled with the image's edge pixels, before
 * detection; boxes and landmarks are mapped back to the original pixels. 0 means no padding.
 *
 * @param uncertainMargin half-width of the uncertain band around 0.5, in [0, 0.5)
 * @param faces           which faces make up an image's observation
 * @param cropPadding     padding on each side as a fraction of the image size, in [0, 2]
 */
public record PerceptionPolicy(double uncertainMargin, FacePolicy faces, double cropPadding) {

    /** Label of a face perceived as a woman. */
    public static final String WOMAN = "woman";
    /** Label of a face perceived as a man. */
    public static final String MAN = "man";
    /** Label of a face whose perceived gender lies in the uncertain band. */
    public static final String UNCERTAIN = "uncertain";
    /** Outcome of an image in which no face was detected. */
    public static final String NO_FACE = "no face";
    /** Default half-width of the uncertain band: probabilities in (0.4, 0.6) are uncertain. */
    public static final double DEFAULT_MARGIN = 0.1;
    private static final double EDGE_SLACK = 1e-12;

    /** Which faces make up an image's observation. */
    public enum FacePolicy {
        LARGEST, ALL;

        /** The YAML / CLI spelling. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses the YAML / CLI spelling, naming the allowed values on error. */
        public static FacePolicy parse(String s) {
            for (FacePolicy p : values()) {
                if (p.id().equals(s)) return p;
            }
            throw new IllegalArgumentException("faces must be one of largest, all; was '" + s + "'");
        }
    }

    public PerceptionPolicy {
        if (!(uncertainMargin >= 0 && uncertainMargin < 0.5)) {
            throw new IllegalArgumentException("uncertainMargin must be in [0, 0.5), was " + uncertainMargin);
        }
        Objects.requireNonNull(faces, "faces");
        if (!(cropPadding >= 0 && cropPadding <= 2)) {
            throw new IllegalArgumentException("cropPadding must be in [0, 2], was " + cropPadding);
        }
    }

    /** Margin 0.1, largest face, no padding. */
    public static PerceptionPolicy defaults() {
        return new PerceptionPolicy(DEFAULT_MARGIN, FacePolicy.LARGEST, 0);
    }

    /** The perceived-gender label for a probability of "woman". */
    public String genderLabel(double pWoman) {
        // the edge itself is decided; the slack absorbs binary rounding of e.g. 0.5 - 0.4
        if (Math.abs(pWoman - 0.5) < uncertainMargin - EDGE_SLACK) return UNCERTAIN;
        return pWoman > 0.5 ? WOMAN : MAN;
    }
}
