package org.biaslab.debias.lm;

/**
 * The image evidence given to the {@link CaptionDenoiser}: the perceived-gender probabilities of
 * the image's people (e.g. from a perceived-gender classifier), or their absence. It enters the
 * model as the vector {@code [p_male, p_female, present ? 1 : 0]} ({@link
 * EncoderConfig#GENDER_EVIDENCE_DIM} values); absent evidence is {@code [0, 0, 0]}.
 *
 * @param male probability that the image shows a person perceived as male, in [0, 1]
 * @param female probability that the image shows a person perceived as female, in [0, 1]
 * @param present whether there is evidence at all; when false both probabilities must be 0
 */
public record GenderEvidence(double male, double female, boolean present) {
    public GenderEvidence {
        if (!(male >= 0.0 && male <= 1.0)) {
            throw new IllegalArgumentException("male must be in [0, 1], got " + male);
        }
        if (!(female >= 0.0 && female <= 1.0)) {
            throw new IllegalArgumentException("female must be in [0, 1], got " + female);
        }
        if (!present && (male != 0.0 || female != 0.0)) {
            throw new IllegalArgumentException("absent evidence must have male = female = 0, got " + male + ", " + female);
        }
    }

    /** Evidence with these probabilities. */
    public static GenderEvidence of(double male, double female) {
        return new GenderEvidence(male, female, true);
    }

    /** No evidence. */
    public static GenderEvidence absent() {
        return new GenderEvidence(0, 0, false);
    }

    /** The model's input vector. */
    public float[] toVector() {
        return new float[] {(float) male, (float) female, present ? 1f : 0f};
    }
}
