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
        CaptionStatistics.Results captions,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<org.biaslab.report.Finding> findings) implements VersionedResults {

    /**
     * The findings the report leads with: per attribute, classifier and protocol, the model with the
     * largest LIC and which models' intervals lie wholly above 0 (the captions leak the attribute
     * more than human captions do) or include it; undefined rows as not measured.
     */
    static List<org.biaslab.report.Finding> findings(List<LicRow> lic, java.util.function.Function<String, String>
            attrName) {
        List<org.biaslab.report.Finding> out = new java.util.ArrayList<>();
        java.util.Set<String> groups = new java.util.LinkedHashSet<>();
        lic.forEach(x -> groups.add(x.attribute() + "|" + x.classifier() + "|" + x.protocol()));
        for (String g : groups) {
            String[] k = g.split("\\|", -1);
            List<LicRow> rows = lic.stream().filter(x -> x.attribute().equals(k[0]) && x.classifier().equals(k[1])
                    && x.protocol().equals(k[2])).toList();
            String where = attrName.apply(k[0]) + ", " + k[1] + " classifier, " + k[2] + " protocol";
            String section = "lic-" + k[0];
            List<LicRow> defined = rows.stream().filter(x -> x.lic().defined()).toList();
            defined.stream().max(java.util.Comparator.comparingDouble(x -> x.lic().value())).ifPresent(x ->
                    out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.EFFECT, section, x.model(),
                            String.format(java.util.Locale.ROOT, "%s: the largest leakage is %s's, LIC %.1f [%.1f, "
                                    + "%.1f] (x100; LIC_M %.1f vs LIC_D %.1f).", where, x.model(), x.lic().value(),
                                    x.lic().lower(), x.lic().upper(), x.licM().value(), x.licD().value()), x.lic())));
            List<String> above = defined.stream().filter(x -> x.lic().lower() > 0).map(LicRow::model).toList();
            List<String> zero = defined.stream().filter(x -> x.lic().lower() <= 0 && x.lic().upper() >= 0)
                    .map(LicRow::model).toList();
            List<String> below = defined.stream().filter(x -> x.lic().upper() < 0).map(LicRow::model).toList();
            if (!defined.isEmpty()) {
                out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.WITHIN, section, "", where + ": "
                        + above.size() + " of " + defined.size() + " models leak more than human captions with the "
                        + "whole interval above 0" + (above.isEmpty() ? "" : " (" + String.join(", ", above) + ")")
                        + "; " + zero.size() + " have an interval that includes 0" + (zero.isEmpty() ? ""
                        : " (" + String.join(", ", zero) + ")") + (below.isEmpty() ? "" : "; " + below.size()
                        + " leak less (" + String.join(", ", below) + ")") + ".", null));
            }
            rows.stream().filter(x -> !x.lic().defined()).forEach(x -> out.add(new org.biaslab.report.Finding(
                    org.biaslab.report.Finding.UNMEASURED, section, x.model(), where + ": no LIC for " + x.model()
                    + " (" + x.lic().method() + ").", null)));
        }
        return out;
    }
    /** Results schema: docs/schemas/caption-bias.schema.json. */
    @Override
    public String kind() {
        return "caption-bias";
    }

}
