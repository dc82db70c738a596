package org.biaslab.debias.lm;

import org.biaslab.metric.Estimate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Held-out score of a {@link MaskedLanguageModel}: on each held-out caption (first {@code
 * maxLength} tokens), positions with an in-vocabulary word are selected as in BERT (rate 0.15, at
 * least one; seeded) and all replaced by {@code <mask>}.
 *
 * @param perplexity masked-token perplexity {@code exp(mean CE)} over the selected positions,
 *     bootstrap over captions (n = captions)
 * @param accuracy share of selected positions whose most probable word is the original, Wilson
 *     interval (n = positions)
 * @param captions held-out captions with at least one selected position
 */
public record MlmScore(Estimate perplexity, Estimate accuracy, int captions) {
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("metric", "masked-token perplexity and top-1 accuracy, held out");
        map.put("perplexity", HeldOut.toMap(perplexity));
        map.put("accuracy", HeldOut.toMap(accuracy));
        map.put("captions", captions);
        return map;
    }
}
