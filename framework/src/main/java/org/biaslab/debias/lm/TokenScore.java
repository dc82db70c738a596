package org.biaslab.debias.lm;

/**
 * A candidate word for a masked position with the model's probability (softmax over the whole
 * vocabulary, specials included, not renormalised over the candidates).
 */
public record TokenScore(String token, double probability) {
    public TokenScore {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token must be non-empty, got " + token);
        }
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
    }
}
