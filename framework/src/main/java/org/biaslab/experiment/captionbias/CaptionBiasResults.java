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
                            String.format(java.util.Locale.ROOT, "%s: the largest leakage is %s's, LIC %.1f %s (x100; "
                                    + "LIC_M %.1f vs LIC_D %.1f).", where, x.model(), x.lic().value(), x.lic().n() < 2
                                    ? "(a single seed: no interval)" : String.format(java.util.Locale.ROOT,
                                    "[%.1f, %.1f]", x.lic().lower(), x.lic().upper()), x.licM().value(),
                                    x.licD().value()), x.lic())));
            List<String> above = defined.stream().filter(x -> x.lic().lower() > 0).map(LicRow::model).toList();
            List<String> zero = defined.stream().filter(x -> x.lic().lower() <= 0 && x.lic().upper() >= 0)
                    .map(LicRow::model).toList();
            List<String> below = defined.stream().filter(x -> x.lic().upper() < 0).map(LicRow::model).toList();
            boolean single = defined.stream().anyMatch(x -> x.lic().n() < 2);
            if (!defined.isEmpty()) {
                out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.WITHIN, section, "", where + ": "
                        + above.size() + " of " + defined.size() + " models leak more than human captions with the "
                        + "whole interval above 0" + (single ? " (a single seed has no interval: its LIC's sign only)"
                        : "") + (above.isEmpty() ? "" : " (" + String.join(", ", above) + ")")
                        + "; " + zero.size() + " have an interval that includes 0" + (zero.isEmpty() ? ""
                        : " (" + String.join(", ", zero) + ")") + (below.isEmpty() ? "" : "; " + below.size()
                        + " leak less (" + String.join(", ", below) + ")") + ".", null));
            }
            rows.stream().filter(x -> !x.lic().defined()).forEach(x -> out.add(new org.biaslab.report.Finding(
                    org.biaslab.report.Finding.UNMEASURED, section, x.model(), where + ": no LIC for " + x.model()
                    + " (" + x.lic().method() + ").", null)));
        }
        // with several classifiers: whether the conclusion depends on which one reads the captions
        for (String g : new java.util.LinkedHashSet<>(lic.stream().map(x -> x.attribute() + "|" + x.protocol())
                .toList())) {
            String[] k = g.split("\\|", -1);
            List<LicRow> rows = lic.stream().filter(x -> x.attribute().equals(k[0]) && x.protocol().equals(k[1]))
                    .toList();
            if (rows.stream().map(LicRow::classifier).distinct().count() > 1) {
                out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.EFFECT, classifiersSection(k[0]),
                        "", classifierSensitivity(rows, attrName.apply(k[0]) + ", " + k[1] + " protocol"), null));
            }
        }
        return out;
    }

    /** The id of the report's side-by-side comparison of classifiers for {@code attribute}. */
    static String classifiersSection(String attribute) {
        return "lic-" + attribute + "-classifiers";
    }

    /**
     * How LIC's conclusion depends on the classifier, from the rows of one attribute and protocol
     * (two or more classifiers): per classifier, the models whose LIC interval excludes 0 (above or
     * below) and those whose interval includes it; the models whose conclusion differs between
     * classifiers; and LIC_D per classifier (its range over the models, the largest difference for
     * one model, and for how many models the classifiers' LIC_D intervals are disjoint). A single
     * seed has no interval: its LIC counts by its sign alone, and the sentence says so.
     *
     * @param where the attribute and protocol, as the sentence starts with it
     */
    static String classifierSensitivity(List<LicRow> rows, String where) {
        List<String> classifiers = rows.stream().map(LicRow::classifier).distinct().toList();
        List<String> models = rows.stream().map(LicRow::model).distinct().toList();
        Map<String, Map<String, LicRow>> byClassifier = new java.util.LinkedHashMap<>();
        rows.forEach(x -> byClassifier.computeIfAbsent(x.classifier(), c -> new java.util.LinkedHashMap<>())
                .put(x.model(), x));
        StringBuilder sb = new StringBuilder(where).append(": ");
        List<String> parts = new java.util.ArrayList<>();
        for (String c : classifiers) {
            Map<String, LicRow> m = byClassifier.get(c);
            List<LicRow> defined = m.values().stream().filter(x -> x.lic().defined()).toList();
            boolean single = defined.stream().anyMatch(x -> x.lic().n() < 2);
            List<String> excludes = defined.stream().filter(x -> side(x.lic()) != 0)
                    .map(x -> x.model() + (side(x.lic()) > 0 ? " above" : " below")).toList();
            List<String> includes = defined.stream().filter(x -> side(x.lic()) == 0).map(LicRow::model).toList();
            parts.add("with the " + c + " classifier" + (single ? " (a single seed: no interval, LIC's sign only)"
                    : "") + " LIC " + (single ? "is away from" : "excludes") + " 0 for " + excludes.size() + " of "
                    + defined.size() + " models" + (excludes.isEmpty() ? "" : " (" + String.join(", ", excludes) + ")")
                    + (includes.isEmpty() ? "" : " and its interval includes 0 for " + String.join(", ", includes)));
        }
        sb.append(String.join("; ", parts)).append(". ");
        List<String> differ = new java.util.ArrayList<>();
        for (String model : models) {
            List<String> verdicts = new java.util.ArrayList<>();
            java.util.Set<Integer> sides = new java.util.HashSet<>();
            for (String c : classifiers) {
                LicRow x = byClassifier.get(c).get(model);
                if (x != null && x.lic().defined()) {
                    sides.add(side(x.lic()));
                    verdicts.add(c + " " + (side(x.lic()) > 0 ? "above 0" : side(x.lic()) < 0 ? "below 0"
                            : "includes 0"));
                }
            }
            if (sides.size() > 1) {
                differ.add(model + " (" + String.join(", ", verdicts) + ")");
            }
        }
        sb.append(differ.isEmpty() ? "Every model gets the same conclusion from every classifier. "
                : "The conclusion depends on the classifier for " + differ.size() + " of " + models.size()
                        + " models: " + String.join("; ", differ) + ". ");
        List<String> ranges = new java.util.ArrayList<>();
        for (String c : classifiers) {
            java.util.DoubleSummaryStatistics d = byClassifier.get(c).values().stream().filter(x -> x.licD().defined())
                    .mapToDouble(x -> x.licD().value()).summaryStatistics();
            if (d.getCount() > 0) {
                ranges.add(c + " " + fmt(d.getMin()) + (d.getCount() > 1 ? " to " + fmt(d.getMax()) : ""));
            }
        }
        sb.append("LIC_D (human captions) by classifier: ").append(String.join(", ", ranges));
        double largest = Double.NaN;
        String largestModel = "";
        int compared = 0;
        int disjoint = 0;
        boolean single = false;
        boolean intervals = false;
        for (String model : models) {
            List<org.biaslab.metric.Estimate> ds = classifiers.stream().map(c -> byClassifier.get(c).get(model))
                    .filter(x -> x != null && x.licD().defined()).map(LicRow::licD).toList();
            if (ds.size() < 2) {
                continue;
            }
            double spread = ds.stream().mapToDouble(org.biaslab.metric.Estimate::value).max().orElseThrow()
                    - ds.stream().mapToDouble(org.biaslab.metric.Estimate::value).min().orElseThrow();
            if (Double.isNaN(largest) || spread > largest) {
                largest = spread;
                largestModel = model;
            }
            compared++;
            single |= ds.stream().anyMatch(e -> e.n() < 2);
            intervals |= ds.stream().anyMatch(e -> e.n() >= 2);
            double lowestUpper = ds.stream().mapToDouble(org.biaslab.metric.Estimate::upper).min().orElseThrow();
            double highestLower = ds.stream().mapToDouble(org.biaslab.metric.Estimate::lower).max().orElseThrow();
            if (highestLower > lowestUpper) {
                disjoint++;
            }
        }
        if (compared > 0) {
            sb.append("; for one model the classifiers' LIC_D differ by up to ").append(fmt(largest)).append(" (")
                    .append(largestModel).append(")");
            if (intervals) {
                sb.append(", and their intervals").append(single ? " (a single seed's: its value)" : "")
                        .append(" do not overlap for ").append(disjoint).append(" of ").append(compared)
                        .append(" models");
            }
        }
        return sb.append(" (x100).").toString();
    }

    /**
     * Which side of 0 LIC lies on: 1 (the interval lies above 0, or a single seed's value is above),
     * -1 (below), 0 (the interval includes 0, or a single seed's value is 0).
     */
    private static int side(org.biaslab.metric.Estimate e) {
        return e.lower() > 0 ? 1 : e.upper() < 0 ? -1 : 0;
    }

    private static String fmt(double v) {
        return CaptionBiasReport.fmt(v, 1);
    }
    /** Results schema: docs/schemas/caption-bias.schema.json. */
    @Override
    public String kind() {
        return "caption-bias";
    }

}
