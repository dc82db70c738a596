package org.biaslab.perceive.faceapi;

import java.util.List;
import java.util.Objects;
import org.biaslab.perceive.FaceBox;
import org.biaslab.perceive.FaceDetection;
import org.biaslab.perceive.Point;

/**
 * What face-api's {@code detectAllFaces(img, new TinyFaceDetectorOptions()).withFaceLandmarks()
 * .withAgeAndGender()} reports for one face: appearance as the networks perceive it, not identity.
 *
 * @param detection         the detector's box (image pixels, may reach past the border) and score
 * @param landmarks         the 68 facial landmarks in image pixels, in the iBUG 300-W order (jaw
 *                          0-16, eyebrows 17-26, nose 27-35, eyes 36-47, mouth 48-67)
 * @param alignedBox        the box face-api derives from the landmarks (their bounding box widened
 *                          by 20%), whose pixels the age and gender network saw
 * @param maleProbability   perceived gender: the network's probability for the label "male"
 * @param femaleProbability perceived gender: the network's probability for the label "female"
 * @param age               the network's age estimate in years (a regression output, not clamped)
 */
public record FaceAnalysis(FaceDetection detection, List<Point> landmarks, FaceBox alignedBox,
        double maleProbability, double femaleProbability, double age) {

    /** Number of landmarks. */
    public static final int LANDMARKS = 68;
    private static final double SUM_TOLERANCE = 1e-4;

    public FaceAnalysis {
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(alignedBox, "alignedBox");
        landmarks = List.copyOf(Objects.requireNonNull(landmarks, "landmarks"));
        if (landmarks.size() != LANDMARKS) {
            throw new IllegalArgumentException("landmarks must hold " + LANDMARKS + " points, had " + landmarks.size());
        }
        checkProbability("maleProbability", maleProbability);
        checkProbability("femaleProbability", femaleProbability);
        if (Math.abs(maleProbability + femaleProbability - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("maleProbability + femaleProbability must be 1, was "
                    + maleProbability + " + " + femaleProbability);
        }
        if (!Double.isFinite(age)) {
            throw new IllegalArgumentException("age must be finite, was " + age);
        }
    }

    private static void checkProbability(String field, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1], was " + p);
        }
    }
}
