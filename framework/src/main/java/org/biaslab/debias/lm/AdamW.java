package org.biaslab.debias.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * AdamW (Loshchilov and Hutter 2019) as {@code torch.optim.AdamW}: {@code p -= lr * wd * p} for
 * decayed parameters, then {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2}, {@code p -=
 * lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}; optional clipping of the global gradient norm
 * before the step. The learning rate is given per step (the schedule lives in the trainer).
 * Gradients are zeroed after each step. Not the leakage package's {@code TorchAdam}, which must
 * stay PyTorch-exact Adam without decay or clipping for the LIC reproduction.
 */
final class AdamW implements AutoCloseable {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final List<Parameter> parameters;
    private final boolean[] decayed;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final double weightDecay;
    private final double clipNorm;
    private int step;

    AdamW(NDManager manager, List<Parameter> parameters, Predicate<Parameter> decays, double weightDecay, double clipNorm) {
        this.parameters = List.copyOf(parameters);
        this.decayed = new boolean[this.parameters.size()];
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
        for (int i = 0; i < this.parameters.size(); i++) {
            NDArray w = this.parameters.get(i).getArray();
            decayed[i] = decays.test(this.parameters.get(i));
            firstMoments.add(manager.zeros(w.getShape(), w.getDataType()));
            secondMoments.add(manager.zeros(w.getShape(), w.getDataType()));
        }
    }

    /**
     * Clips, updates every parameter from its gradient, zeroes the gradients.
     *
     * @return the global gradient norm before clipping
     */
    double step(double learningRate) {
        step++;
        List<NDArray> grads = new ArrayList<>(parameters.size());
        try {
            for (Parameter p : parameters) {
                grads.add(p.getArray().getGradient());
            }
            double norm = globalNorm(grads);
            if (!Double.isFinite(norm)) {
                throw new IllegalStateException("gradient norm is " + norm);
            }
            float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / (norm + 1e-6)) : 1f;
            double bc1 = 1.0 - Math.pow(BETA1, step);
            double bc2Sqrt = Math.sqrt(1.0 - Math.pow(BETA2, step));
            float stepSize = (float) (learningRate / bc1);
            for (int i = 0; i < parameters.size(); i++) {
                NDArray w = parameters.get(i).getArray();
                NDArray g = grads.get(i);
                if (scale != 1f) {
                    g.muli(scale);
                }
                if (decayed[i] && weightDecay > 0) {
                    w.muli((float) (1.0 - learningRate * weightDecay));
                }
                NDArray m = firstMoments.get(i);
                NDArray v = secondMoments.get(i);
                try (NDArray scaled = g.mul((float) (1.0 - BETA1))) {
                    m.muli((float) BETA1).addi(scaled);
                }
                try (NDArray squared = g.square()) {
                    squared.muli((float) (1.0 - BETA2));
                    v.muli((float) BETA2).addi(squared);
                }
                try (NDArray denom = v.sqrt()) {
                    denom.divi((float) bc2Sqrt).addi((float) EPSILON);
                    try (NDArray update = m.div(denom)) {
                        update.muli(stepSize);
                        w.subi(update);
                    }
                }
                g.subi(g);
            }
            return norm;
        } finally {
            grads.forEach(NDArray::close);
        }
    }

    private static double globalNorm(List<NDArray> grads) {
        double sum = 0;
        for (NDArray g : grads) {
            try (NDArray sq = g.square(); NDArray s = sq.sum()) {
                sum += s.getFloat();
            }
        }
        return Math.sqrt(sum);
    }

    @Override
    public void close() {
        firstMoments.forEach(NDArray::close);
        secondMoments.forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
    }
}
