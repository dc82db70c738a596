package org.biaslab.perceive;

import java.util.List;
import java.util.Objects;

/**
 * Everything perception found in one image: every detected face (largest box first) and the
 * observations the run's {@link PerceptionPolicy} makes of them. "No face" is an outcome, not an
 * error.
 *
 * @param width  width of the image perceived, pixels
 * @param height height of the image perceived, pixels
 * @param faces  every face, largest detection box first; empty for "no face"
 * @param policy the policy that labelled the faces
 */
public record ImagePerception(int width, int height, List<FacePerception> faces, PerceptionPolicy policy) {

    public ImagePerception {
        if (width < 1 || height < 1) throw new IllegalArgumentException("image size must be positive, was " + width + "x" + height);
        faces = List.copyOf(Objects.requireNonNull(faces, "faces"));
        Objects.requireNonNull(policy, "policy");
        for (int i = 1; i < faces.size(); i++) {
            if (faces.get(i).boxArea() > faces.get(i - 1).boxArea()) {
                throw new IllegalArgumentException("faces must be ordered largest box first (face " + i + ")");
            }
        }
    }

    /** True when no face was detected. */
    public boolean noFace() {
        return faces.isEmpty();
    }

    /**
     * The faces that count as this image's observations under the policy: none for "no face", the
     * largest face for {@code largest}, every face for {@code all}.
     */
    public List<FacePerception> observed() {
        if (faces.isEmpty()) return List.of();
        return policy.faces() == PerceptionPolicy.FacePolicy.LARGEST ? List.of(faces.get(0)) : faces;
    }

    /**
     * The image-level perceived-gender outcome under the largest-face policy: "woman", "man",
     * "uncertain" or "no face".
     */
    public String outcome() {
        return faces.isEmpty() ? PerceptionPolicy.NO_FACE : faces.get(0).gender();
    }
}
