package org.biaslab.experiment.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.biaslab.metric.validity.ConfusionMatrix;
import org.biaslab.perceive.PerceptionPolicy;

/**
 * Perception in a simulation: the perceived outcome of an image is drawn from its declared true
 * label through the rows of a declared confusion matrix, {@code P(output | truth) = count / row
 * total} over labels and abstention kinds; the face's probability of "woman" is drawn uniformly
 * inside the band of its label under the policy; the skin tone category is the true one, flagged
 * unreliable with a declared rate. No image is looked at.
 */
final class SimulatedPerception {
    static final String ID = "simulated-perception";

    private final ConfusionMatrix matrix;
    private final PerceptionPolicy policy;
    private final double unreliableRate;

    SimulatedPerception(ConfusionMatrix matrix, PerceptionPolicy policy, double unreliableRate) {
        this.matrix = matrix;
        this.policy = policy;
        this.unreliableRate = unreliableRate;
    }

    /** The faces of one simulated image (empty for "no face"). */
    List<ImageRow.Face> perceive(String trueGender, String trueIta, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> outputs = new ArrayList<>(matrix.labels());
        outputs.addAll(matrix.abstentionKinds());
        long total = matrix.rowTotal(trueGender);
        if (total == 0) {
            throw new IllegalStateException("the confusion matrix has no item of true label '" + trueGender + "'");
        }
        long draw = (long) Math.floor(rng.nextDouble() * total);
        String out = outputs.get(outputs.size() - 1);
        long acc = 0;
        for (String o : outputs) {
            acc += matrix.count(trueGender, o);
            if (draw < acc) {
                out = o;
                break;
            }
        }
        if (out.equals(PerceptionPolicy.NO_FACE)) {
            return List.of();
        }
        double m = policy.uncertainMargin();
        double p = switch (out) {
            case PerceptionPolicy.WOMAN -> 0.5 + m + (0.5 - m) * rng.nextDouble();
            case PerceptionPolicy.MAN -> 0.5 - m - (0.5 - m) * rng.nextDouble();
            default -> 0.5 - m + 2 * m * rng.nextDouble();
        };
        p = Math.max(0, Math.min(1, p));
        String gender = out.equals(PerceptionPolicy.UNCERTAIN) ? out : policy.genderLabel(p);
        boolean reliable = rng.nextDouble() >= unreliableRate;
        return List.of(new ImageRow.Face(12, 8, 24, 28, p, gender, trueIta, 0, reliable));
    }
}
