package org.biaslab.perceive.validate;

import org.biaslab.util.VersionedResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.validity.Auc;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.metric.validity.GroupAccuracy;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.skin.ItaCategory;
import org.biaslab.report.Chart;
import org.biaslab.report.Charts;
import org.biaslab.report.ConfusionTable;
import org.biaslab.report.HtmlPage;
import org.biaslab.report.HtmlSection;
import org.biaslab.report.ReliabilityChart;
import org.biaslab.report.Series;
import org.biaslab.util.AtomicFiles;
import org.biaslab.util.Csv;
import org.biaslab.util.Json;

/**
 * Writes a validation run's folder: {@value #VALIDITY} (the confusion counts as a
 * {@link ClassifierValidity}), {@value #RESULTS}, {@value #IMAGES} (one row per image),
 * {@value #PROVENANCE}, charts (PNG + SVG under {@code charts/}) and a self-contained
 * {@value #REPORT}.
 */
public final class ValidationReport {
    public static final String VALIDITY = "validity.json";
    public static final String RESULTS = VersionedResults.FILE;
    public static final String IMAGES = "images.csv";
    /** {@code kind} of this command's results.json (docs/schemas/validate-perception.schema.json). */
    public static final String KIND = "validate-perception";
    /** Version of that schema. */
    public static final int SCHEMA_VERSION = 1;
    public static final String PROVENANCE = "provenance.json";
    public static final String REPORT = "index.html";

    /**
     * What a run was.
     *
     * @param dataset      data set name
     * @param classifierId classifier id with its settings
     * @param modelFiles   model file to SHA-256
     * @param layout       labels layout used
     * @param policy       perception policy
     * @param createdBy    program, version and command line
     * @param provenance   provenance fields (versions, platform, input hashes, time)
     */
    public record Run(String dataset, String classifierId, SortedMap<String, String> modelFiles, LabelFile.Layout layout,
                      PerceptionPolicy policy, String createdBy, Map<String, Object> provenance) {}

    private ValidationReport() {}

    /**
     * Writes every file of the run into {@code dir} (created when missing), with the robustness of perception under the
     * declared transforms ({@code transforms} empty: none were asked for).
     */
    public static void write(Path dir, Run run, ValidationResults r, List<TransformResult> transforms)
            throws IOException {
        Files.createDirectories(dir);
        ClassifierValidity validity = new ClassifierValidity(run.classifierId(), run.modelFiles(), run.dataset(),
                run.createdBy(), r.matrix());
        validity.write(dir.resolve(VALIDITY));
        Map<String, Object> results = new TreeMap<>(r.toJson());
        results.put("dataset", run.dataset());
        results.put("schemaVersion", SCHEMA_VERSION);
        results.put("kind", KIND);
        results.put("classifier", run.classifierId());
        results.put("layout", layoutJson(run.layout()));
        results.put("policy", policyJson(run.policy()));
        results.put("findings", findings(r));
        if (!transforms.isEmpty()) {
            results.put("transforms", transforms);
        }
        Json.write(dir.resolve(VersionedResults.FILE), results);
        Json.write(dir.resolve(PROVENANCE), new TreeMap<>(run.provenance()));
        AtomicFiles.writeString(dir.resolve(IMAGES), csv(r));
        Path charts = dir.resolve("charts");
        Files.createDirectories(charts);
        HtmlPage page = html(run, r, charts);
        if (!transforms.isEmpty()) {
            robustness(page, transforms);
        }
        page.writeTo(dir.resolve(REPORT));
    }

    /** The robustness table: each transform's accuracy, detection and ITA AUC against the untransformed images. */
    static void robustness(HtmlPage page, List<TransformResult> transforms) {
        HtmlSection s = page.section("robustness", "Robustness under image transforms");
        s.paragraph("The same labelled images perceived again under each declared transform. Changes are paired "
                + "(transform minus untransformed, on the images decided, or read, in both): Newcombe's paired "
                + "interval, McNemar's exact p. The ITA AUC orders the first labelled group pair by estimated skin "
                + "tone; a transform that changes colour (sepia, coloured light) moves it.");
        List<List<String>> rows = new ArrayList<>();
        for (TransformResult t : transforms) {
            rows.add(List.of(t.transform(), t.description(), pct(t.accuracy()), points(t.accuracyChange().difference()),
                    pct(t.detection()), points(t.detectionChange().difference()),
                    t.itaAuc().defined() ? num(t.itaAuc(), "%.3f") : "-",
                    t.itaAucReliable().defined() ? num(t.itaAucReliable(), "%.3f") : "-", pct(t.skinFlagged())));
        }
        s.table("Perception under each transform (95% intervals)", List.of("transform", "what it does",
                "accuracy (decided)", "accuracy change (points, paired)", "face detected", "detection change (points, "
                + "paired)", "ITA AUC" + (transforms.get(0).itaPair().isEmpty() ? "" : " (" + transforms.get(0)
                .itaPair().get(1) + " vs " + transforms.get(0).itaPair().get(2) + ")"), "ITA AUC, unflagged estimates",
                "skin estimates flagged"), rows);
    }

    private static String points(Estimate d) {
        return !d.defined() ? "undefined" : String.format(java.util.Locale.ROOT, "%+.1f [%+.1f, %+.1f]", 100 * d.value(),
                100 * d.lower(), 100 * d.upper());
    }

    static Map<String, Object> layoutJson(LabelFile.Layout l) {
        Map<String, Object> m = new TreeMap<>();
        m.put("name", l.name());
        m.put("fileColumn", l.fileColumn());
        m.put("labelColumn", l.labelColumn());
        m.put("groupColumns", l.groupColumns());
        return m;
    }

    static Map<String, Object> policyJson(PerceptionPolicy p) {
        Map<String, Object> m = new TreeMap<>();
        m.put("uncertainMargin", p.uncertainMargin());
        m.put("faces", p.faces().id());
        m.put("cropPadding", p.cropPadding());
        return m;
    }

    /** The per-image table. */
    static String csv(ValidationResults r) {
        List<String> cols = new ArrayList<>(List.of("file", "label", "truth"));
        cols.addAll(r.groupColumns());
        cols.addAll(List.of("outcome", "p_woman", "age", "faces", "ita", "ita_category", "monk_tone", "skin_flags",
                "skin_reliable", "error"));
        StringBuilder sb = new StringBuilder(Csv.row(cols)).append('\n');
        for (ImageOutcome o : r.outcomes()) {
            List<String> row = new ArrayList<>();
            row.add(o.label().file());
            row.add(o.label().rawLabel());
            row.add(o.label().truth() == null ? "excluded" : o.label().truth());
            for (String g : r.groupColumns()) row.add(o.label().groups().getOrDefault(g, ""));
            row.add(o.outcome());
            row.add(d(o.pWoman(), "%.6f"));
            row.add(d(o.age(), "%.2f"));
            row.add(Integer.toString(o.faces()));
            row.add(d(o.ita(), "%.3f"));
            row.add(o.category() == null ? "" : o.category().label());
            row.add(o.monkTone() == 0 ? "" : Integer.toString(o.monkTone()));
            row.add(String.join(";", o.skinFlags()));
            row.add(o.hasFace() ? Boolean.toString(o.skinReliable()) : "");
            row.add(o.error() == null ? "" : o.error());
            sb.append(Csv.row(row)).append('\n');
        }
        return sb.toString();
    }

    private static String d(double v, String fmt) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, fmt, v);
    }

    static String pct(Estimate e) {
        if (!e.defined()) return "undefined (n = " + e.n() + ")";
        return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f] (n = %d)", 100 * e.value(), 100 * e.lower(),
                100 * e.upper(), e.n());
    }

    static String num(Estimate e, String fmt) {
        if (!e.defined()) return "undefined (n = " + e.n() + ")";
        return String.format(Locale.ROOT, fmt + " [" + fmt + ", " + fmt + "] (n = %d)", e.value(), e.lower(), e.upper(),
                e.n());
    }

    private static double[] pctArr(List<Double> shares) {
        return shares.stream().mapToDouble(v -> 100 * v).toArray();
    }

    /**
     * The findings the report leads with: overall accuracy and face detection with their intervals,
     * the lowest and highest group accuracy (cells with enough decided faces), how many groups lie
     * within 5 points of the overall accuracy, and what could not be measured (small cells, unread
     * images).
     */
    static List<org.biaslab.report.Finding> findings(ValidationResults r) {
        List<org.biaslab.report.Finding> out = new ArrayList<>();
        var acc = r.matrix().accuracy(ValidationResults.CONFIDENCE);
        out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.EFFECT, "summary", "", "Accuracy of perceived "
                + "gender on decided faces: " + pct(acc) + " (n = " + acc.n() + "); a face was detected on "
                + pct(r.detectionRate()) + " of the read images.", acc));
        List<GroupAccuracy.Cell> cells = r.groups().stream().filter(c -> !c.smallCell() && c.accuracy().defined())
                .sorted(java.util.Comparator.comparingDouble(c -> c.accuracy().value())).toList();
        if (cells.size() >= 2) {
            GroupAccuracy.Cell low = cells.get(0);
            GroupAccuracy.Cell high = cells.get(cells.size() - 1);
            out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.EFFECT, "groups", low.name(), "Lowest "
                    + "group accuracy: " + low.name() + " " + pct(low.accuracy()) + " (n = " + low.accuracy().n()
                    + "); highest: " + high.name() + " " + pct(high.accuracy()) + " (n = " + high.accuracy().n()
                    + ").", low.accuracy()));
            long within = cells.stream().filter(c -> Math.abs(c.accuracy().value() - acc.value()) <= 0.05).count();
            out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.WITHIN, "groups", "", within + " of "
                    + cells.size() + " groups and intersections are within 5 points of the overall accuracy (point "
                    + "estimates).", null));
        }
        List<String> small = r.groups().stream().filter(GroupAccuracy.Cell::smallCell).map(GroupAccuracy.Cell::name)
                .toList();
        if (!small.isEmpty()) {
            out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.UNMEASURED, "groups", "", small.size()
                    + " groups have fewer than " + GroupAccuracy.SMALL_CELL_N + " decided faces, too few to compare: "
                    + String.join(", ", small.subList(0, Math.min(5, small.size()))) + (small.size() > 5 ? ", ..." : "")
                    + ".", null));
        }
        if (r.errors() > 0) {
            out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.UNMEASURED, "summary", "", r.errors()
                    + " images could not be read (counted, not scored; see images.csv).", null));
        }
        return out;
    }

    static HtmlPage html(Run run, ValidationResults r, Path charts) throws IOException {
        HtmlPage page = new HtmlPage("Perception validity: " + run.dataset());
        page.paragraph("How often perception (" + run.classifierId() + ") reads the perceived gender that the labels of "
                + run.dataset() + " give, with the estimated skin tone per labelled group. Labels and outputs are "
                + "perceptions of appearance, not identity.");
        org.biaslab.report.Finding.section(page, findings(r), "");
        HtmlSection sum = page.section("summary", "Summary");
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("images listed", Long.toString(r.images()));
        kv.put("could not be read (counted, not scored)", Long.toString(r.errors()));
        kv.put("excluded from accuracy (label 'Pass' or none)", Long.toString(r.excluded()));
        kv.put("accuracy (decided faces)", pct(r.matrix().accuracy(ValidationResults.CONFIDENCE)));
        kv.put("balanced accuracy", pct(r.matrix().balancedAccuracy(ValidationResults.CONFIDENCE)));
        kv.put("abstained: uncertain", pct(r.matrix().abstentionRate(PerceptionPolicy.UNCERTAIN, ValidationResults.CONFIDENCE)));
        kv.put("abstained: no face", pct(r.matrix().abstentionRate(PerceptionPolicy.NO_FACE, ValidationResults.CONFIDENCE)));
        kv.put("face detected (all read images)", pct(r.detectionRate()));
        kv.put("ECE", num(r.calibration().ece(), "%.3f"));
        for (List<String> pair : r.itaPairs()) {
            kv.put("AUC of ITA, " + pair.get(1) + " vs " + pair.get(2),
                    num(r.itaAuc(pair.get(0), pair.get(1), pair.get(2), false).auc(), "%.3f"));
        }
        kv.put("policy", "uncertain band (0.5 +- " + run.policy().uncertainMargin() + "), " + run.policy().faces().id()
                + " face, crop padding " + run.policy().cropPadding());
        sum.definitionList(kv);
        sum.paragraph("Intervals are 95%: Wilson for proportions, MOVER-Wilson for balanced accuracy, bootstrap for ECE, "
                + "DeLong for AUC.");

        HtmlSection conf = page.section("confusion", "Confusion matrix");
        ConfusionTable.addTo(conf, r.matrix(), "True label by perceived gender", ValidationResults.CONFIDENCE);

        HtmlSection cal = page.section("calibration", "Calibration");
        cal.paragraph("Probability of 'woman' against the label, over " + r.calibration().n()
                + " labelled images with a face (uncertain ones included). ECE " + num(r.calibration().ece(), "%.3f")
                + "; Brier score " + num(r.calibration().brier(), "%.3f") + ".");
        Chart rel = ReliabilityChart.render("Reliability", r.calibration().diagram());
        rel.writeTo(charts, "reliability");
        cal.figure(rel, "Reliability diagram: accuracy per confidence bin (Wilson 95%) next to mean confidence.");

        HtmlSection grp = page.section("groups", "Accuracy by group");
        List<List<String>> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        List<Double> lo = new ArrayList<>();
        List<Double> hi = new ArrayList<>();
        for (GroupAccuracy.Cell c : r.groups()) {
            rows.add(List.of(c.attributes(), c.name(), Long.toString(c.n()), Long.toString(c.matrix().decided()),
                    pct(c.accuracy()), pct(c.abstentionRate()), c.smallCell() ? "small cell (< " + GroupAccuracy.SMALL_CELL_N
                            + " decided)" : ""));
            if (c.group().size() <= 2 && c.accuracy().defined()) {
                names.add(c.name());
                acc.add(c.accuracy().value());
                lo.add(c.accuracy().lower());
                hi.add(c.accuracy().upper());
            }
        }
        grp.table("Accuracy per labelled group and intersection", List.of("attributes", "group", "images", "decided",
                "accuracy", "abstained", "note"), rows);
        if (!names.isEmpty()) {
            double overall = 100 * r.matrix().accuracy(ValidationResults.CONFIDENCE).value();
            double[] nan = new double[names.size()];
            java.util.Arrays.fill(nan, Double.NaN);
            Chart gc = Charts.dotWhisker("Accuracy by group", "% accuracy on decided faces (dashed: overall)", names,
                    pctArr(acc), pctArr(lo), pctArr(hi), nan, "", overall, Double.NaN, Double.NaN);
            gc.writeTo(charts, "group-accuracy");
            grp.figure(gc, "Accuracy per group and pairwise intersection, in %, Wilson 95%; the axis spans the data, "
                    + "not 0-100, so differences of a few points are visible; the dashed line is the overall accuracy.");
        }
        for (String col : r.groupColumns()) {
            List<ValidationResults.GroupShares> shares = r.shares(col);
            List<List<String>> srows = new ArrayList<>();
            for (ValidationResults.GroupShares s : shares) {
                srows.add(List.of(s.value(), Long.toString(s.images()), Long.toString(s.excluded()), pct(s.perceivedWoman()),
                        pct(s.labelledWoman()), pct(s.agreement()), pct(s.noFace()), pct(s.uncertain())));
            }
            grp.table("Perceived shares by " + col, List.of(col, "images read", "excluded", "perceived woman (decided faces)",
                    "labelled woman", "agreement with label", "no face", "uncertain"), srows);
            List<String> cats = shares.stream().map(ValidationResults.GroupShares::value).toList();
            Chart nf = Charts.barChartWithErrors("Shares by " + col, "share", cats,
                    List.of(series("no face", shares.stream().map(ValidationResults.GroupShares::noFace).toList()),
                            series("perceived woman", shares.stream().map(ValidationResults.GroupShares::perceivedWoman).toList()),
                            series("labelled woman", shares.stream().map(ValidationResults.GroupShares::labelledWoman).toList())));
            nf.writeTo(charts, "shares-" + org.biaslab.report.Html.slug(col));
            grp.figure(nf, "No-face share, perceived-woman share among decided faces, and labelled-woman share by " + col
                    + ", Wilson 95%.");
        }

        HtmlSection skin = page.section("skin-tone", "Estimated skin tone");
        List<String> cols = new ArrayList<>();
        cols.add(ValidationResults.TRUE_LABEL);
        cols.addAll(r.groupColumns());
        List<List<String>> irows = new ArrayList<>();
        for (String col : cols) {
            List<String> values = r.values(col);
            List<Series> catSeries = new ArrayList<>();
            double[][] share = new double[ItaCategory.values().length][values.size()];
            for (int j = 0; j < values.size(); j++) {
                ValidationResults.ItaDistribution d = r.ita(col, values.get(j));
                double[] q = d.quantiles();
                List<String> row = new ArrayList<>(List.of(col, values.get(j), Integer.toString(d.faces()),
                        Integer.toString(d.withEstimate())));
                for (double v : q) row.add(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v));
                StringBuilder cs = new StringBuilder();
                for (ItaCategory c : ItaCategory.values()) {
                    int k = d.categories().get(c);
                    if (cs.length() > 0) cs.append(", ");
                    cs.append(c.label()).append(' ').append(k);
                    share[c.ordinal()][j] = d.withEstimate() == 0 ? Double.NaN : (double) k / d.withEstimate();
                }
                row.add(cs.toString());
                row.add(pct(d.unreliable()));
                irows.add(row);
            }
            for (ItaCategory c : ItaCategory.values()) catSeries.add(Series.of(c.label(), share[c.ordinal()]));
            Chart sc = Charts.stackedBar("ITA categories by " + col, "share of faces with an estimate", values, catSeries);
            sc.writeTo(charts, "ita-" + org.biaslab.report.Html.slug(col));
            skin.figure(sc, "Estimated skin tone (ITA category) of the largest face, by " + col + ".");
        }
        skin.table("ITA (degrees) of the largest face by group", List.of("column", "group", "faces", "with estimate",
                "q05", "q25", "median", "q75", "q95", "ITA categories", "flagged or missing"), irows);
        for (List<String> pair : r.itaPairs()) {
            Auc.Result all = r.itaAuc(pair.get(0), pair.get(1), pair.get(2), false);
            Auc.Result rel2 = r.itaAuc(pair.get(0), pair.get(1), pair.get(2), true);
            skin.paragraph("AUC of ITA separating " + pair.get(0) + " " + pair.get(1) + " (higher ITA) from " + pair.get(2)
                    + ": " + num(all.auc(), "%.3f") + " over all estimates (" + all.positives() + " vs " + all.negatives()
                    + "), " + num(rel2.auc(), "%.3f") + " over unflagged estimates only; DeLong 95%. The labels are "
                    + "the data set's race labels, not skin tone: the AUC says how well estimated skin tone orders "
                    + "these labelled groups, not how accurate ITA is.");
        }

        HtmlSection m = page.section("methods", "Methods");
        Map<String, String> mm = new LinkedHashMap<>();
        mm.put("classifier", run.classifierId());
        mm.put("labels layout", run.layout().name() + ": file '" + run.layout().fileColumn() + "', label '"
                + run.layout().labelColumn() + "', groups " + run.layout().groupColumns());
        mm.put("label mapping", "male/Male/man -> man; female/Female/woman -> woman; Pass -> excluded from accuracy "
                + "(still perceived and counted)");
        mm.put("outcome", "largest face's perceived gender; 'uncertain' when P(woman) is within "
                + run.policy().uncertainMargin() + " of 0.5; 'no face' when nothing was detected; both are abstentions, "
                + "never errors");
        mm.put("crop padding", run.policy().cropPadding() + " of the image size on each side, filled with edge pixels, "
                + "before detection (tight face crops need context for the detector)");
        mm.put("skin tone", "ITA of the median CIELAB colour of cheek and forehead pixels within the 68 landmarks; flagged "
                + "when over- / under-exposed, tinted, uneven or too few pixels");
        mm.put("command", run.createdBy());
        for (Map.Entry<String, String> e : run.modelFiles().entrySet()) mm.put("model " + e.getKey(), e.getValue());
        m.definitionList(mm);

        HtmlSection lim = page.section("limitations", "Limitations");
        lim.note("face-api.js's age and gender network was trained partly on UTKFace, so accuracy measured on UTKFace "
                + "images (e.g. utkface-dev) is optimistic: some of these images may have been seen in training.");
        lim.paragraph("Labels are perceptions too: UTKFace's gender and race come from its file names, and the "
                + "t2i-sd-annotated labels are the majority of four annotators (Pass excluded). A binary woman / man "
                + "scheme cannot represent everyone; 'uncertain' and 'no face' are reported, never forced into a label.");
        lim.paragraph("Generated images often show small, turned or stylised people: the no-face share differs by "
                + "group (e.g. occupation) and is data about the images, reported per group rather than dropped.");
        lim.paragraph("ITA depends on lighting and white balance; estimates flagged unreliable are counted and shown "
                + "separately. ITA categories are colorimetric bins, not Fitzpatrick skin types.");
        return page;
    }

    private static Series series(String name, List<Estimate> es) {
        double[] v = new double[es.size()];
        double[] l = new double[es.size()];
        double[] u = new double[es.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = es.get(i).value();
            l[i] = es.get(i).lower();
            u[i] = es.get(i).upper();
        }
        return new Series(name, v, l, u);
    }
}
