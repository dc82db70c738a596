package org.biaslab.perceive;

import java.util.Objects;
import org.biaslab.perceive.faceapi.FaceAnalysis;
import org.biaslab.perceive.skin.SkinToneEstimate;

/**
 * One face as perception reads it: the networks' outputs (box, score, landmarks, perceived-gender
 * probabilities, age), the perceived-gender label under the run's {@link PerceptionPolicy}, and the
 * estimated skin tone with its quality flags.
 *
 * @param analysis the face-api outputs, coordinates in the original image's pixels
 * @param gender   {@link PerceptionPolicy#WOMAN}, {@link PerceptionPolicy#MAN} or
 *                 {@link PerceptionPolicy#UNCERTAIN}
 * @param skin     estimated skin tone of the landmark-defined cheek and forehead regions
 */
public record FacePerception(FaceAnalysis analysis, String gender, SkinToneEstimate skin) {

    public FacePerception {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(skin, "skin");
        if (!PerceptionPolicy.WOMAN.equals(gender) && !PerceptionPolicy.MAN.equals(gender)
                && !PerceptionPolicy.UNCERTAIN.equals(gender)) {
            throw new IllegalArgumentException("gender must be woman, man or uncertain, was '" + gender + "'");
        }
    }

    /** The network's probability that the face is perceived as a woman. */
    public double pWoman() {
        return analysis.femaleProbability();
    }

    /** Area of the detection box in pixels. */
    public double boxArea() {
        return analysis.detection().box().area();
    }
}
