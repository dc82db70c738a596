package org.biaslab.experiment.captionbias;

import java.util.List;
import java.util.Map;
import org.biaslab.util.VersionedResults;

/**
 * Everything a {@code caption-bias} run measured ({@code results.json}); the report is rendered
 * from this alone.
 *
 * @param experiment experiment name
 * @param description experiment description
 * @param seeds seeds requested
 * @param testFraction test share of the minority class
 * @param protocols protocols computed
 * @param classifiers classifier name -> configuration
 * @param lic LIC table rows
 * @param captions caption statistics (co-occurrence, caption gender error) per model
 */
public record CaptionBiasResults(String experiment, String description, int seeds, double testFraction,
        List<String> protocols, Map<String, Map<String, Object>> classifiers, List<LicRow> lic,
        CaptionStatistics.Results captions) implements VersionedResults {
    /** Results schema: docs/schemas/caption-bias.schema.json. */
    @Override
    public String kind() {
        return "caption-bias";
    }

}
