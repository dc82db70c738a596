package org.biaslab.debias.lm;

import org.biaslab.metric.Estimate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Held-out score of a {@link CaptionDenoiser}: inputs masked at the model's rate (seeded), the
 * most probable token compared with the target at every position whose target word is in the
 * vocabulary (first {@code maxLength} tokens).
 *
 * @param perplexity {@code exp(mean CE)} over those positions, bootstrap over captions
 * @param accuracy share of those positions predicted right (Wilson, n = positions)
 * @param editAccuracy the same over positions where input and target differ (the edits the model
 *     must make); undefined when there are none
 * @param captions held-out examples with at least one scored position
 */
public record DenoiseScore(Estimate perplexity, Estimate accuracy, Estimate editAccuracy, int captions) {
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("metric", "token perplexity and top-1 accuracy against the target caption, held out");
        map.put("perplexity", HeldOut.toMap(perplexity));
        map.put("accuracy", HeldOut.toMap(accuracy));
        map.put("editAccuracy", HeldOut.toMap(editAccuracy));
        map.put("captions", captions);
        return map;
    }
}
