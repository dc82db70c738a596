package org.biaslab.metric.leakage.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.optim.Adam} (no weight decay, no amsgrad), step for step: {@code m = b1 m + (1-b1)
 * g}, {@code v = b2 v + (1-b2) g^2}, {@code p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}.
 * DJL's own Adam puts epsilon inside the bias correction, which differs from PyTorch. Gradients
 * are zeroed after each step. The gradient of one embedding row (the pad) is zeroed before the
 * step, like {@code nn.Embedding(padding_idx=...)}.
 */
final class TorchAdam implements AutoCloseable {
    private final List<Parameter> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final Parameter frozenRowParameter;
    private final int frozenRow;
    private final NDArray zero;
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private int step;

    /**
     * @param manager owns the moment arrays (the model's manager)
     * @param frozenRowParameter parameter with a row that never receives a gradient, or null
     */
    TorchAdam(
            NDManager manager,
            List<Parameter> parameters,
            Parameter frozenRowParameter,
            int frozenRow,
            double learningRate,
            double beta1,
            double beta2,
            double epsilon) {
        this.parameters = List.copyOf(parameters);
        this.frozenRowParameter = frozenRowParameter;
        this.frozenRow = frozenRow;
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.zero = manager.create(0f);
        for (Parameter p : this.parameters) {
            NDArray weight = p.getArray();
            firstMoments.add(manager.zeros(weight.getShape(), weight.getDataType()));
            secondMoments.add(manager.zeros(weight.getShape(), weight.getDataType()));
        }
    }

    /** One update of every parameter from its accumulated gradient, then zeroes the gradients. */
    void step() {
        step++;
        double biasCorrection1 = 1.0 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, step));
        float stepSize = (float) (learningRate / biasCorrection1);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            NDArray weight = p.getArray();
            NDArray m = firstMoments.get(i);
            NDArray v = secondMoments.get(i);
            // getGradient returns a new handle on the parameter's .grad storage.
            try (NDArray grad = weight.getGradient()) {
                if (p == frozenRowParameter) {
                    grad.set(new NDIndex(frozenRow), zero);
                }
                try (NDArray scaled = grad.mul((float) (1.0 - beta1))) {
                    m.muli((float) beta1).addi(scaled);
                }
                try (NDArray squared = grad.square()) {
                    squared.muli((float) (1.0 - beta2));
                    v.muli((float) beta2).addi(squared);
                }
                try (NDArray denom = v.sqrt()) {
                    denom.divi((float) biasCorrection2Sqrt).addi((float) epsilon);
                    try (NDArray update = m.div(denom)) {
                        update.muli(stepSize);
                        weight.subi(update);
                    }
                }
                grad.subi(grad);
            }
        }
    }

    /** Steps taken so far ({@code t} of the bias corrections). */
    int steps() {
        return step;
    }

    /** The first moment ({@code m}) of parameter {@code i}, in the parameters' order. */
    NDArray firstMoment(int i) {
        return firstMoments.get(i);
    }

    /** The second moment ({@code v}) of parameter {@code i}, in the parameters' order. */
    NDArray secondMoment(int i) {
        return secondMoments.get(i);
    }

    /**
     * Sets the step count and every moment (copied in place, bit for bit), as a checkpoint recorded
     * them; the parameters are set by the caller.
     */
    void restore(int steps, List<float[]> first, List<float[]> second) {
        if (steps < 0 || first.size() != parameters.size() || second.size() != parameters.size()) {
            throw new IllegalArgumentException("Adam state of " + first.size() + "/" + second.size()
                    + " moments, step " + steps + ", for " + parameters.size() + " parameters");
        }
        for (int i = 0; i < parameters.size(); i++) {
            copyInto(firstMoments.get(i), first.get(i));
            copyInto(secondMoments.get(i), second.get(i));
        }
        step = steps;
    }

    /**
     * Copies {@code values} into {@code target} in place: the array keeps its storage (a parameter
     * keeps its gradient), unlike {@code NDArray.set(Buffer)}, which swaps the storage.
     */
    static void copyInto(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(
                    values.length + " values for an array of shape " + target.getShape());
        }
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            target.set(new NDIndex(":"), source);
        }
    }

    /** Frees the moment arrays. */
    @Override
    public void close() {
        zero.close();
        firstMoments.forEach(NDArray::close);
        secondMoments.forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
    }
}
