package org.biaslab.debias.lm;

import java.util.Arrays;
import java.util.List;

/**
 * A caption to debias with its image evidence.
 *
 * @param tokens the caption's tokens (lower-cased Treebank tokens)
 * @param evidence image-evidence vector, e.g. {@link GenderEvidence#toVector()}; copied
 */
public record DebiasInput(List<String> tokens, float[] evidence) {
    public DebiasInput {
        tokens = List.copyOf(tokens);
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

    public DebiasInput(List<String> tokens, GenderEvidence evidence) {
        this(tokens, evidence.toVector());
    }

    @Override
    public float[] evidence() {
        return evidence.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebiasInput d && d.tokens.equals(tokens) && Arrays.equals(d.evidence, evidence);
    }

    @Override
    public int hashCode() {
        return 31 * tokens.hashCode() + Arrays.hashCode(evidence);
    }

    @Override
    public String toString() {
        return "DebiasInput[tokens=" + tokens + ", evidence=" + Arrays.toString(evidence) + "]";
    }
}
