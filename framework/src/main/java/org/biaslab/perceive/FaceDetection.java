package org.biaslab.perceive;

import java.util.Objects;

/**
 * One face found by a {@link FaceDetector}.
 *
 * @param box   the face in image pixels, as the detector reports it (may reach past the border)
 * @param score the detector's confidence, 0..1
 */
public record FaceDetection(FaceBox box, double score) {

    public FaceDetection {
        Objects.requireNonNull(box, "box");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], was " + score);
        }
    }
}
