package org.biaslab.metric.leakage;

import java.util.List;
import java.util.Map;

/**
 * One finished unit of the LIC study, stored as a resume point: one attribute, model, classifier
 * and seed, with the human side (one classifier per caption index) and the model side per protocol.
 *
 * @param attribute attribute name
 * @param model model name
 * @param classifier classifier name
 * @param seed seed index
 * @param human LIC_D runs, one per human caption index (LIC_D is their mean)
 * @param modelSide results per protocol ({@code paper}, {@code paired})
 * @param seconds wall time of the unit
 */
public record LicUnit(String attribute, String model, String classifier, int seed, List<Leakage.Score> human,
        Map<String, Leakage.Score> modelSide, double seconds) {

    public double licD() {
        return human.stream().mapToDouble(Leakage.Score::score).average().orElse(Double.NaN);
    }

    public double accuracyD() {
        return human.stream().mapToDouble(Leakage.Score::accuracy).average().orElse(Double.NaN);
    }
}
