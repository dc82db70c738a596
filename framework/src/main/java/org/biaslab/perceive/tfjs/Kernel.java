package org.biaslab.perceive.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The computation of one graph node, prepared once when the model is loaded ({@link Op}): given
 * the node's data inputs (NHWC where a layout matters, as in TensorFlow), its outputs.
 */
@FunctionalInterface
interface Kernel {
    /**
     * Computes the node's outputs. Inputs an op consumed while preparing (a convolution's constant
     * filter) are passed as {@code null}. The kernel must not close its inputs; it may return one
     * of them (Identity).
     */
    NDArray[] run(Exec exec, NDArray[] inputs);

    /**
     * Where a kernel runs: the manager new arrays belong to (the per-call manager, or the
     * constants' manager while constants are folded at load time).
     */
    final class Exec {
        private final NDManager manager;
        private final NDManager constants;

        Exec(NDManager manager, NDManager constants) {
            this.manager = manager;
            this.constants = constants;
        }

        /** The manager that new arrays of this call belong to. */
        NDManager manager() {
            return manager;
        }

        /**
         * {@code a} itself, or a copy in this call's manager when {@code a} is a constant of the
         * model and this is a call (not folding): the engine attaches an op's result to the manager of
         * its first operand, and the constants' manager accepts nothing once the model is loaded.
         */
        NDArray own(NDArray a) {
            if (a.getManager() != constants || manager == constants) {
                return a;
            }
            return manager.create(a.toByteBuffer(), a.getShape(), a.getDataType());
        }
    }
}
