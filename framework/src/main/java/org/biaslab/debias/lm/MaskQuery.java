package org.biaslab.debias.lm;

import java.util.List;

/**
 * A fill-mask request: the token at {@code position} is replaced by {@code <mask>} and predicted.
 * Other tokens spelled {@code <mask>} are masked too, so several positions can be hidden at once
 * (each queried separately).
 *
 * @param tokens the caption's tokens (lower-cased Treebank tokens)
 * @param position index into {@code tokens}
 */
public record MaskQuery(List<String> tokens, int position) {
    public MaskQuery {
        tokens = List.copyOf(tokens);
        if (position < 0 || position >= tokens.size()) {
            throw new IllegalArgumentException("position must be in 0.." + (tokens.size() - 1) + ", got " + position);
        }
    }
}
