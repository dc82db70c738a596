package org.biaslab.experiment.captionbias;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.metric.CaptionCooccurrence;
import org.biaslab.metric.CaptionGenderError;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.leakage.LicAttribute;
import org.biaslab.report.Chart;
import org.biaslab.report.Charts;
import org.biaslab.report.HtmlPage;
import org.biaslab.report.HtmlSection;
import org.biaslab.report.TableCell;

/** The self-contained HTML report (and its charts) of a {@code caption-bias} run, from results.json alone. */
final class CaptionBiasReport {
    private CaptionBiasReport() {}

    static void write(RunDirectory dir, CaptionBiasResults r) throws IOException {
        HtmlPage page = new HtmlPage("biaslab: " + r.experiment());
        page.paragraph(r.description().strip());
        page.note("Attributes are annotators' perceptions (perceived gender; perceived skin tone group Light/Dark), "
                + "not anyone's identity. LIC values are x100; every estimate is the mean over seeds with a "
                + "bootstrap interval, next to the held-out accuracy of the classifier behind it.");
        // runs written before findings existed get them computed here
        org.biaslab.report.Finding.section(page, r.findings() != null ? r.findings()
                : CaptionBiasResults.findings(r.lic(), CaptionBiasReport::attrName), "");

        List<String> attributes = r.lic().stream().map(LicRow::attribute).distinct().toList();
        List<String> classifiers = r.lic().stream().map(LicRow::classifier).distinct().toList();
        for (String attr : attributes) {
            HtmlSection sec = page.section("lic-" + attr, "Leakage (LIC): " + attrName(attr));
            if (classifiers.size() > 1) {
                classifiersSideBySide(sec, attr, classifiers, r);
            }
            for (String clf : classifiers) {
                for (String protocol : r.protocols()) {
                    List<LicRow> rows = r.lic().stream().filter(x -> x.attribute().equals(attr)
                            && x.classifier().equals(clf) && x.protocol().equals(protocol)).toList();
                    if (rows.isEmpty()) {
                        continue;
                    }
                    sec.cellTable(clf + " classifier, " + protocol + " protocol, " + rows.get(0).licM().n()
                            + " seed(s)", licHeader(rows), licRows(rows));
                }
                List<LicRow> forChart = r.lic().stream().filter(x -> x.attribute().equals(attr)
                        && x.classifier().equals(clf)).toList();
                Chart chart = licChart(attr, clf, r.protocols(), forChart);
                String base = "lic_" + attr + "_" + safe(clf);
                chart.writeTo(dir.resolve("charts"), base);
                sec.figure(chart, "LIC = LIC_M - LIC_D per model, " + attrName(attr) + ", " + clf
                        + " classifier; dots are means over seeds, whiskers the bootstrap interval (charts/" + base
                        + ".svg).");
            }
        }

        if (r.captions() != null && r.captions().enabled()) {
            captionSection(page, dir, r.captions());
        }
        methods(page, r);
        page.writeTo(dir.resolve(RunDirectory.REPORT));
    }

    /**
     * LIC_M, LIC_D and LIC of every classifier side by side per model, one table per protocol, each
     * followed by how the conclusion depends on the classifier ({@link
     * CaptionBiasResults#classifierSensitivity}).
     */
    private static void classifiersSideBySide(HtmlSection parent, String attr, List<String> classifiers,
            CaptionBiasResults r) {
        HtmlSection sec = parent.section(CaptionBiasResults.classifiersSection(attr), "Classifiers side by side: "
                + attrName(attr));
        sec.paragraph("The same captions read by each classifier: LIC_D (human captions) and LIC_M (model captions) "
                + "are each classifier's own, so LIC = LIC_M - LIC_D depends on how well each classifier reads "
                + "both caption sources.");
        List<String> header = new ArrayList<>(List.of("model"));
        for (String clf : classifiers) {
            header.addAll(List.of(clf + ": LIC_M", clf + ": LIC_D", clf + ": LIC"));
        }
        for (String protocol : r.protocols()) {
            List<LicRow> rows = r.lic().stream().filter(x -> x.attribute().equals(attr)
                    && x.protocol().equals(protocol)).toList();
            if (rows.isEmpty()) {
                continue;
            }
            List<String> seeds = new ArrayList<>();
            for (String clf : classifiers) {
                rows.stream().filter(x -> x.classifier().equals(clf)).findFirst()
                        .ifPresent(x -> seeds.add(clf + " " + x.licM().n() + " seed(s)"));
            }
            List<List<TableCell>> body = new ArrayList<>();
            for (String model : rows.stream().map(LicRow::model).distinct().toList()) {
                List<TableCell> cells = new ArrayList<>(List.of(TableCell.of(model)));
                for (String clf : classifiers) {
                    rows.stream().filter(x -> x.classifier().equals(clf) && x.model().equals(model)).findFirst()
                            .ifPresentOrElse(x -> cells.addAll(List.of(est(x.licM()), est(x.licD()), licCell(x.lic()))),
                                    () -> cells.addAll(java.util.Collections.nCopies(3,
                                            TableCell.of("not run").withClass("muted"))));
                }
                body.add(cells);
            }
            sec.cellTable(protocol + " protocol, " + String.join(", ", seeds), header, body);
            sec.paragraph(CaptionBiasResults.classifierSensitivity(rows, attrName(attr) + ", " + protocol
                    + " protocol"));
        }
    }

    private static List<String> licHeader(List<LicRow> rows) {
        List<String> h = new ArrayList<>(List.of("model", "LIC_M", "LIC_D", "LIC = LIC_M - LIC_D",
                "accuracy M", "accuracy D"));
        if (rows.stream().anyMatch(x -> x.reference() != null)) {
            h.add("published LIC_M / LIC_D");
        }
        return h;
    }

    private static List<List<TableCell>> licRows(List<LicRow> rows) {
        boolean ref = rows.stream().anyMatch(x -> x.reference() != null);
        List<List<TableCell>> out = new ArrayList<>();
        for (LicRow x : rows) {
            List<TableCell> cells = new ArrayList<>();
            cells.add(TableCell.of(x.model()));
            cells.add(est(x.licM()));
            cells.add(est(x.licD()));
            cells.add(licCell(x.lic()));
            cells.add(TableCell.num(fmt(x.accuracyM().value(), 1)));
            cells.add(TableCell.num(fmt(x.accuracyD().value(), 1)));
            if (ref) {
                cells.add(x.reference() == null ? TableCell.of("") : TableCell.num(
                        fmt(x.reference().licM(), 1) + " / " + fmt(x.reference().licD(), 1), x.reference().source()));
            }
            out.add(cells);
        }
        return out;
    }

    /** LIC's cell: marked bad when its interval lies above 0 (more leakage than human captions), good below. */
    private static TableCell licCell(Estimate e) {
        TableCell lic = est(e);
        return e.defined() ? lic.withClass(e.lower() > 0 ? "num bad" : e.upper() < 0 ? "num good" : "num") : lic;
    }

    private static TableCell est(Estimate e) {
        if (!e.defined()) {
            return TableCell.of("undefined (n = " + e.n() + ")").withClass("muted");
        }
        String text = fmt(e.value(), 1) + " [" + fmt(e.lower(), 1) + ", " + fmt(e.upper(), 1) + "]";
        return TableCell.num(text, "sd " + fmt(e.sd(), 2) + ", n = " + e.n() + ", " + e.method());
    }

    /**
     * LIC per model and protocol as rows of dot and whisker (mean over seeds with its bootstrap
     * interval), the dashed line at 0 (no more leakage than human captions): long model names stay
     * readable however many models there are, which grouped bars' x labels did not.
     */
    private static Chart licChart(String attr, String clf, List<String> protocols, List<LicRow> rows) {
        List<String> models = rows.stream().map(LicRow::model).distinct().toList();
        List<String> labels = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (String m : models) {
            for (String p : protocols) {
                Estimate e = rows.stream().filter(x -> x.protocol().equals(p) && x.model().equals(m))
                        .map(LicRow::lic).findFirst().orElse(Estimate.undefined("missing"));
                labels.add(protocols.size() > 1 ? m + " (" + p + ")" : m);
                points.add(new double[] {e.value(), e.lower(), e.upper()});
            }
        }
        double[] nan = new double[labels.size()];
        java.util.Arrays.fill(nan, Double.NaN);
        return Charts.dotWhisker("LIC, " + attrName(attr) + " (" + clf + ")", "LIC (x100; dashed: 0, no more leakage "
                + "than human captions)", labels, points.stream().mapToDouble(x -> x[0]).toArray(),
                points.stream().mapToDouble(x -> x[1]).toArray(), points.stream().mapToDouble(x -> x[2]).toArray(), nan,
                "", 0, Double.NaN, Double.NaN);
    }

    private static void captionSection(HtmlPage page, RunDirectory dir, CaptionStatistics.Results c) throws IOException {
        HtmlSection sec = page.section("captions", "Caption statistics (perceived gender set)");
        sec.paragraph("Human captions (all references of each of the " + c.images() + " annotated images) against each "
                + "model's caption. A caption's gender is what its words say (LIC word lists); object words are the "
                + c.vocabulary() + " vocabulary. Bias amplification (Zhao et al. 2017) compares each word's share of "
                + "male-word vs female-word captions in model captions (b~) with human captions (b*); directional "
                + "BiasAmp (Wang and Russakovsky 2021) uses the annotated perceived gender.");
        List<List<TableCell>> rows = new ArrayList<>();
        for (var e : c.models().entrySet()) {
            CaptionCooccurrence.Result co = e.getValue().cooccurrence();
            CaptionGenderError.Result ge = e.getValue().genderError();
            rows.add(List.of(TableCell.of(e.getKey()),
                    TableCell.num(fmt(co.biasAmplification(), 4), co.words() + " words; excluded "
                            + co.excludedBelowMinCount() + " below min count, " + co.excludedNoModelOccurrence()
                            + " absent from model captions"),
                    TableCell.num(fmt(co.directional().attributeToTask(), 4), co.directional().note()),
                    TableCell.num(fmt(co.directional().taskToAttribute(), 4), co.directional().note()),
                    rate(ge.overall().errorRate()),
                    rate(ge.overall().neutralRate()),
                    TableCell.num(fmt(ge.ratio().predicted(), 3) + " vs " + fmt(ge.ratio().groundTruth(), 3),
                            ge.ratio().femaleCaptions() + " female-word / " + ge.ratio().maleCaptions()
                                    + " male-word captions; " + ge.ratio().femaleImages() + " / " + ge.ratio().maleImages()
                                    + " annotated images")));
        }
        sec.cellTable("Bias amplification and caption gender error (Burns et al. 2018)",
                List.of("model", "BA (Zhao)", "BiasAmp A->T", "BiasAmp T->A", "gender error % [95% CI]",
                        "gender-neutral % [95% CI]", "woman:man ratio, captions vs annotations"), rows);
        for (var e : c.models().entrySet()) {
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (var g : e.getValue().top().entrySet()) {
                for (CaptionCooccurrence.WordRow w : g.getValue()) {
                    labels.add(w.word() + " (" + (g.getKey().startsWith("male") ? "m" : "f") + ")");
                    values.add(w.amplification());
                }
            }
            if (labels.isEmpty()) {
                continue;
            }
            Chart chart = Charts.horizontalBar("Most amplified words, " + e.getKey(), "b~ - b* (towards the favoured group)",
                    labels, values.stream().mapToDouble(Double::doubleValue).toArray());
            String base = "amplified_" + safe(e.getKey());
            chart.writeTo(dir.resolve("charts"), base);
            sec.figure(chart, "Words whose gender skew grows most from human to " + e.getKey()
                    + " captions; (m) words favour male-word captions, (f) female-word captions.");
        }
    }

    private static TableCell rate(Estimate e) {
        if (!e.defined()) {
            return TableCell.of("undefined (n = 0)").withClass("muted");
        }
        return TableCell.num(fmt(100 * e.value(), 1) + " [" + fmt(100 * e.lower(), 1) + ", " + fmt(100 * e.upper(), 1)
                + "]", "n = " + e.n() + ", " + e.method());
    }

    private static void methods(HtmlPage page, CaptionBiasResults r) {
        HtmlSection sec = page.section("methods", "Methods");
        sec.paragraph("LIC (Hirota, Nakashima and Garcia, CVPR 2022): attribute words are replaced by a mask token; a "
                + "classifier learns the attribute from the masked captions on a balanced split (every class cut to the "
                + "minority size, " + fmt(100 * r.testFraction(), 0) + "% of it held out for testing per class); the "
                + "score sums, over test captions, the probability of the predicted class when the prediction is "
                + "correct, divided by the number of test captions. LIC_M uses model captions; LIC_D trains one "
                + "classifier per human caption index (five) and averages. Human captions are lower-cased and words "
                + "outside the model's vocabulary become the unknown token (written as three tokens, as the released "
                + "code ends up with after re-tokenisation).");
        sec.paragraph("Protocols. paper: as the released code, the model-side split is drawn with the same seed over "
                + "the caption file's own order, so human and model classifiers are tested on different images. "
                + "paired: the model classifier is trained and tested on the very image ids of the human side, so "
                + "LIC_M - LIC_D compares the two caption sources on the same images.");
        Map<String, String> configs = new LinkedHashMap<>();
        r.classifiers().forEach((k, v) -> configs.put(k, v.toString()));
        sec.definitionList(configs);
        HtmlSection lim = page.section("limitations", "Limitations");
        lim.paragraph("Classifier error is part of every number: a LIC value is only as sensitive as the classifier "
                + "behind it (see the accuracy columns); a linear bag-of-words classifier and the LSTM can disagree "
                + "on small differences such as SAT's, and both are reported rather than tuned. The annotations "
                + "are perceived attributes of one or few people per image, made by crowd workers (Zhao et al. 2021). "
                + "Word lists decide caption gender and masking, and miss words outside them.");
    }

    static String attrName(String attr) {
        LicAttribute a = LicAttribute.ALL.get(attr);
        return a == null ? attr : a.displayName();
    }

    private static String safe(String s) {
        return org.biaslab.util.SafeNames.fileName(s);
    }

    static String fmt(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
