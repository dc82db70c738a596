package org.biaslab.perceive;

import java.util.List;

/**
 * Finds faces in an image. Implementations hold a model (native memory), so close them with
 * try-with-resources; each documents whether one instance may be used from several threads.
 */
public interface FaceDetector extends AutoCloseable {

    /**
     * Every face found, best score first, boxes in the pixels of {@code image}; empty when there is
     * none.
     *
     * @throws PerceptionException when the model fails on this image
     */
    List<FaceDetection> detect(RgbImage image) throws PerceptionException;

    /** Releases the model. Idempotent. */
    @Override
    void close();
}
