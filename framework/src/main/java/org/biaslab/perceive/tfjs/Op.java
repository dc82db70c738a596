package org.biaslab.perceive.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.biaslab.perceive.model.ModelException;

/**
 * One TensorFlow op of the table ({@link Ops}): checks a node's attributes and inputs when the
 * model is loaded and returns its {@link Kernel}. Anything the op does not support (a data format,
 * a padding mode, a fused activation) fails here, naming the node.
 */
@FunctionalInterface
interface Op {
    Kernel prepare(TfNode node, Prep prep) throws ModelException;

    /** What an op may look at while preparing a node. */
    final class Prep {
        private final TfNode node;
        private final NDArray[] constants;
        private final boolean[] consumed;
        private final NDManager manager;

        Prep(TfNode node, NDArray[] constants, NDManager manager) {
            this.node = node;
            this.constants = constants;
            this.consumed = new boolean[constants.length];
            this.manager = manager;
        }

        /** The manager of the model's constants (for arrays derived from constants). */
        NDManager manager() {
            return manager;
        }

        int inputCount() {
            return constants.length;
        }

        /** Fails unless the node has between {@code min} and {@code max} data inputs. */
        void requireInputs(int min, int max) throws ModelException {
            if (constants.length < min || constants.length > max) {
                throw new ModelException(node.where() + ": " + constants.length + " inputs, expected "
                        + (min == max ? String.valueOf(min) : min + " to " + max));
            }
        }

        /** Input {@code i} if it is a constant (known at load time), else {@code null}. */
        NDArray constant(int i) {
            return constants[i];
        }

        /**
         * Input {@code i}, which must be a constant, used only here: the kernel is passed
         * {@code null} for it.
         */
        NDArray consume(int i) throws ModelException {
            NDArray c = require(i);
            consumed[i] = true;
            return c;
        }

        /** The integer values of constant input {@code i} (an axis, a shape, paddings). */
        int[] ints(int i) throws ModelException {
            NDArray c = require(i);
            consumed[i] = true;
            DataType t = c.getDataType();
            if (t == DataType.INT32) {
                return c.toIntArray();
            }
            if (t == DataType.INT64) {
                return Arrays.stream(c.toLongArray()).mapToInt(Math::toIntExact).toArray();
            }
            throw new ModelException(node.where() + ": input " + i + " must hold integers, has " + t);
        }

        private NDArray require(int i) throws ModelException {
            if (i >= constants.length) {
                throw new ModelException(node.where() + ": has no input " + i);
            }
            if (constants[i] == null) {
                throw new ModelException(node.where() + ": input " + i + " ('" + node.inputs().get(i)
                        + "') must be a constant; computed values are not supported there");
            }
            return constants[i];
        }

        boolean consumed(int i) {
            return consumed[i];
        }
    }
}
