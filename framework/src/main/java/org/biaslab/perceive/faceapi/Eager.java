package org.biaslab.perceive.faceapi;

import ai.djl.ndarray.NDArray;

/** Eager freeing of intermediates, so a forward pass holds few activations at a time. */
final class Eager {
    private Eager() {}

    /** Closes {@code old} and returns {@code fresh} (computed from it). */
    static NDArray replace(NDArray old, NDArray fresh) {
        old.close();
        return fresh;
    }
}
