package org.biaslab.experiment.captionbias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.metric.Estimate;
import org.biaslab.report.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The side-by-side comparison of classifiers on the figures of docs/hirota2022-lic.md (gender,
 * paired protocol): with the LSTM (1 seed) both SAT and FC amplify, with the linear classifier (10
 * seeds) SAT's LIC interval includes 0; LIC_D is about 38-39 with the LSTM and 44-46 with the linear one.
 */
class CaptionBiasReportTest {
    @TempDir
    Path dir;

    private static final String SAT = "<b>SAT & co</b>";

    private static Estimate est(double value, double lower, double upper, int n) {
        return new Estimate(value, lower, upper, n < 2 ? Double.NaN : 0.5, n, n < 2 ? "single value, no interval"
                : "bootstrap percentile 95% (2000 resamples)");
    }

    private static LicRow row(String classifier, String model, Estimate licM, Estimate licD, Estimate lic) {
        return new LicRow("gender", classifier, "paired", model, licM, licD, lic, est(70, 69, 71, licM.n()),
                est(65, 64, 66, licM.n()), List.of(), null);
    }

    private static List<LicRow> rows() {
        return List.of(
                row("lstm", SAT, est(43.3, 43.3, 43.3, 1), est(39.3, 39.3, 39.3, 1), est(4.0, 4.0, 4.0, 1)),
                row("lstm", "FC", est(43.9, 43.9, 43.9, 1), est(37.5, 37.5, 37.5, 1), est(6.4, 6.4, 6.4, 1)),
                row("linear", SAT, est(45.1, 44.6, 45.6, 10), est(44.6, 44.2, 45.1, 10), est(0.5, -0.14, 1.03, 10)),
                row("linear", "FC", est(48.2, 47.7, 48.7, 10), est(45.6, 45.2, 46.1, 10), est(2.6, 2.00, 3.13, 10)));
    }

    @Test
    void theSensitivitySentenceIsComputedFromTheIntervals() {
        String s = CaptionBiasResults.classifierSensitivity(rows(), "perceived gender, paired protocol");
        assertTrue(s.startsWith("perceived gender, paired protocol: with the lstm classifier (a single seed: no "
                + "interval, LIC's sign only) LIC is away from 0 for 2 of 2 models (" + SAT + " above, FC above); "
                + "with the linear classifier LIC excludes 0 for 1 of 2 models (FC above) and its interval includes 0 "
                + "for " + SAT + ". "), s);
        assertTrue(s.contains("The conclusion depends on the classifier for 1 of 2 models: " + SAT
                + " (lstm above 0, linear includes 0). "), s);
        assertTrue(s.contains("LIC_D (human captions) by classifier: lstm 37.5 to 39.3, linear 44.6 to 45.6; for one "
                + "model the classifiers' LIC_D differ by up to 8.1 (FC), and their intervals (a single seed's: its "
                + "value) do not overlap for 2 of 2 models (x100)."), s);

        // the same intervals under both classifiers: no model's conclusion depends on it
        List<LicRow> same = new ArrayList<>();
        for (LicRow x : rows()) {
            if (x.classifier().equals("linear")) {
                same.add(x);
                same.add(new LicRow(x.attribute(), "other", x.protocol(), x.model(), x.licM(), x.licD(), x.lic(),
                        x.accuracyM(), x.accuracyD(), x.perSeed(), x.reference()));
            }
        }
        String t = CaptionBiasResults.classifierSensitivity(same, "w");
        assertTrue(t.contains("Every model gets the same conclusion from every classifier. "), t);
        assertTrue(t.contains("differ by up to 0.0 (" + SAT + "), and their intervals do not overlap for 0 of 2 models"),
                t);
    }

    @Test
    void aRunWithTwoClassifiersLeadsWithTheSensitivityAndShowsThemSideBySideEscaped() throws Exception {
        List<LicRow> lic = rows();
        CaptionBiasResults r = new CaptionBiasResults("two <classifiers>", "d & <i>e</i>", 10, 0.1,
                List.of("paired"), Map.of("lstm", Map.of("type", "lstm"), "linear", Map.of("type", "linear")), lic,
                null, CaptionBiasResults.findings(lic, CaptionBiasReport::attrName));
        List<Finding> sensitivity = r.findings().stream().filter(f -> f.section().equals("lic-gender-classifiers"))
                .toList();
        assertEquals(1, sensitivity.size(), r.findings().toString());
        assertEquals(CaptionBiasResults.classifierSensitivity(lic, "perceived gender, paired protocol"),
                sensitivity.get(0).text());
        // a single seed's LIC is a sign, not an interval, and the within finding says so
        assertTrue(r.findings().stream().anyMatch(f -> f.text().startsWith("perceived gender, lstm classifier, paired "
                + "protocol: 2 of 2 models leak more than human captions with the whole interval above 0 (a single "
                + "seed has no interval: its LIC's sign only)")), r.findings().toString());
        // and the largest-leakage finding gives the single seed's value without a degenerate interval
        assertTrue(r.findings().stream().anyMatch(f -> f.text().startsWith("perceived gender, lstm classifier, paired "
                + "protocol: the largest leakage is ") && f.text().contains("(a single seed: no interval) (x100;")
                && !f.text().contains("[")), r.findings().toString());

        CaptionBiasReport.write(new RunDirectory(dir), r);
        String html = Files.readString(dir.resolve("index.html"));
        assertFalse(html.contains("<b>SAT"), "model names are escaped");
        assertTrue(html.contains("id=\"lic-gender-classifiers\""), html);
        assertTrue(html.contains("href=\"#lic-gender-classifiers\""), "the finding links to the table");
        String side = html.substring(html.indexOf("id=\"lic-gender-classifiers\""));
        assertTrue(side.contains("<caption>paired protocol, lstm 1 seed(s), linear 10 seed(s)</caption>"), side);
        for (String h : List.of("lstm: LIC_M", "lstm: LIC_D", "lstm: LIC", "linear: LIC_M", "linear: LIC_D",
                "linear: LIC")) {
            assertTrue(side.contains(">" + h + "</th>"), h);
        }
        // SAT's row: both classifiers' three numbers in one row
        String satRow = side.substring(side.indexOf("&lt;b&gt;SAT &amp; co&lt;/b&gt;"));
        satRow = satRow.substring(0, satRow.indexOf("</tr>"));
        for (String v : List.of("43.3 [43.3, 43.3]", "39.3 [39.3, 39.3]", "4.0 [4.0, 4.0]", "45.1 [44.6, 45.6]",
                "44.6 [44.2, 45.1]", "0.5 [-0.1, 1.0]")) {
            String cell = v.replace(" [", " <span class=\"ci\">[") + "</span>";
            assertTrue(satRow.contains(cell), cell + " in " + satRow);
        }
        assertTrue(side.contains("The conclusion depends on the classifier for 1 of 2 models: &lt;b&gt;SAT &amp; "
                + "co&lt;/b&gt; (lstm above 0, linear includes 0)."), side);
    }

    @Test
    void aRunWithOneClassifierHasNoSideBySide() throws Exception {
        List<LicRow> lic = rows().stream().filter(x -> x.classifier().equals("linear")).toList();
        CaptionBiasResults r = new CaptionBiasResults("one", "d", 10, 0.1, List.of("paired"),
                Map.of("linear", Map.of("type", "linear")), lic, null,
                CaptionBiasResults.findings(lic, CaptionBiasReport::attrName));
        assertTrue(r.findings().stream().noneMatch(f -> f.section().endsWith("-classifiers")), r.findings().toString());
        CaptionBiasReport.write(new RunDirectory(dir), r);
        assertFalse(Files.readString(dir.resolve("index.html")).contains("lic-gender-classifiers"));
    }
}
