package org.biaslab.debias.lm;

import java.util.Arrays;
import java.util.List;

/**
 * One training pair of the caption denoiser: a (possibly biased) caption with its image evidence,
 * and the caption to produce. Edits are word for word (Biased Caption Synthesis swaps or refills
 * words in place), so input and target have the same length.
 *
 * @param input tokens of the caption given to the model
 * @param evidence image-evidence vector (e.g. {@link GenderEvidence#toVector()}); copied
 * @param target tokens to produce, one per input token
 */
public record DenoiseExample(List<String> input, float[] evidence, List<String> target) {
    public DenoiseExample {
        input = List.copyOf(input);
        target = List.copyOf(target);
        if (input.size() != target.size()) {
            throw new IllegalArgumentException("input has " + input.size() + " tokens but target has " + target.size());
        }
        if (evidence == null) {
            throw new IllegalArgumentException("evidence must not be null");
        }
        evidence = evidence.clone();
        for (int i = 0; i < evidence.length; i++) {
            if (!Float.isFinite(evidence[i])) {
                throw new IllegalArgumentException("evidence[" + i + "] must be finite, got " + evidence[i]);
            }
        }
    }

    @Override
    public float[] evidence() {
        return evidence.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenoiseExample d && d.input.equals(input) && d.target.equals(target)
                && Arrays.equals(d.evidence, evidence);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * input.hashCode() + target.hashCode()) + Arrays.hashCode(evidence);
    }

    @Override
    public String toString() {
        return "DenoiseExample[input=" + input + ", evidence=" + Arrays.toString(evidence) + ", target=" + target + "]";
    }
}
