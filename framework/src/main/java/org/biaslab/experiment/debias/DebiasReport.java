package org.biaslab.experiment.debias;

import org.biaslab.report.WordDiff;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biaslab.metric.CaptionGenderError;
import org.biaslab.metric.Estimate;
import org.biaslab.report.Chart;
import org.biaslab.report.Charts;
import org.biaslab.report.Html;
import org.biaslab.report.HtmlPage;
import org.biaslab.report.HtmlSection;
import org.biaslab.report.Series;
import org.biaslab.report.TableCell;
import org.biaslab.util.Json;

/**
 * The self-contained HTML report of a debiaser's before/after evaluation ({@link DebiasResults}):
 * inline SVG charts, no scripts, no network (the page's Content-Security-Policy forbids both), every
 * piece of data escaped. Sections (fragment ids): {@code summary}, {@code charts}, {@code lic},
 * {@code gender-error}, {@code amplification}, {@code quality}, {@code changes}, {@code examples},
 * {@code inputs}, {@code training}, {@code methods}, {@code limitations}.
 */
public final class DebiasReport {
    /** Rows shown of one table in the training section; the rest are counted. */
    static final int MAX_TRAINING_ROWS = 200;

    private DebiasReport() {}

    /**
     * How the debiaser's image evidence was produced for the evaluation images. COCO images are not
     * available here, so the annotated perceived gender of each image is passed through a noise
     * channel equal to a measured perception confusion matrix; the report declares it.
     *
     * @param source where the confusion matrix was measured (classifier and data set)
     * @param annotated the annotated classes (matrix rows), e.g. Male, Female
     * @param perceived the classifier's outcomes (matrix columns), e.g. Male, Female, no face
     * @param confusion P(perceived column | annotated row); each row sums to 1
     * @param note anything else to declare (e.g. the seed of the channel's draws), or null
     */
    public record EvidenceChannel(String source, List<String> annotated, List<String> perceived,
            List<List<Double>> confusion, String note) {
        public EvidenceChannel {
            Objects.requireNonNull(source, "source");
            annotated = List.copyOf(annotated);
            perceived = List.copyOf(perceived);
            List<List<Double>> rows = new ArrayList<>();
            if (confusion.size() != annotated.size()) {
                throw new IllegalArgumentException("confusion must have one row per annotated class (" + annotated.size()
                        + "), got " + confusion.size());
            }
            for (int i = 0; i < confusion.size(); i++) {
                List<Double> row = List.copyOf(confusion.get(i));
                if (row.size() != perceived.size()) {
                    throw new IllegalArgumentException("confusion row " + i + " (" + annotated.get(i) + ") must have "
                            + perceived.size() + " values, got " + row.size());
                }
                double sum = 0;
                for (double v : row) {
                    if (!(v >= 0 && v <= 1)) {
                        throw new IllegalArgumentException("confusion row " + i + " (" + annotated.get(i)
                                + ") holds " + v + ", not a probability");
                    }
                    sum += v;
                }
                if (Math.abs(sum - 1) > 1e-6) {
                    throw new IllegalArgumentException("confusion row " + i + " (" + annotated.get(i) + ") sums to "
                            + sum + ", not 1");
                }
                rows.add(row);
            }
            confusion = List.copyOf(rows);
        }
    }

    /**
     * What the report says beyond the measurements.
     *
     * @param title page title
     * @param description the experiment's description (may be empty)
     * @param evidence the image-evidence channel, or null when none was declared (the report says so)
     * @param training the training section, rendered as escaped key-value tables in the map's order:
     *     scalars as a list, maps and records as titled subsections, lists of maps or records as tables
     */
    public record Context(String title, String description, EvidenceChannel evidence, Map<String, Object> training) {
        public Context {
            title = title == null ? "" : title;
            description = description == null ? "" : description;
            training = training == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        }
    }

    /** Writes {@code dir/index.html} and its charts under {@code dir/charts/} (SVG and PNG). */
    public static void write(Path dir, DebiasResults results, Context context) throws IOException {
        page(results, context, dir.resolve("charts")).writeTo(dir.resolve("index.html"));
    }

    /**
     * Builds the page.
     *
     * @param chartsDir where the charts are also written as files, or null for none
     */
    public static HtmlPage page(DebiasResults r, Context ctx, Path chartsDir) throws IOException {
        Objects.requireNonNull(r, "results");
        Objects.requireNonNull(ctx, "context");
        HtmlPage page = new HtmlPage(ctx.title().isBlank() ? "biaslab: caption debiasing, before vs after" : ctx.title());
        if (!ctx.description().isBlank()) {
            page.paragraph(ctx.description().strip());
        }
        page.note("Gender here is perceived gender: for images, crowd annotators' perception of the person pictured "
                + "(Zhao et al. 2021), not anyone's identity; for captions, what the caption's words say. \"Before\" "
                + "is each model's own captions, \"after\" the debiaser's edit of them; every difference is after "
                + "minus before on the same " + r.images() + " images (" + r.maleImages() + " annotated Male, "
                + r.femaleImages() + " Female). Intervals are " + pct(r.confidence()) + "; LIC, gender error, shares, "
                + "BLEU-4 and CIDEr-D are shown x100.");
        // runs written before findings existed get them computed here
        org.biaslab.report.Finding.section(page, r.findings() != null ? r.findings()
                : DebiasResults.findings(r.models()), "");
        summary(page, r);
        charts(page, r, chartsDir);
        lic(page, r);
        genderError(page, r);
        amplification(page, r);
        quality(page, r);
        changes(page, r);
        examples(page, r);
        inputs(page, r);
        training(page, ctx.training());
        methods(page, r, ctx.evidence());
        limitations(page, r, ctx.evidence() != null);
        return page;
    }

    // ---------------------------------------------------------------------------------------------

    private static void summary(HtmlPage page, DebiasResults r) {
        HtmlSection sec = page.section("summary", "Summary");
        List<String> classifiers = classifierNames(r);
        for (String c : classifiers) {
            List<List<TableCell>> rows = new ArrayList<>();
            for (DebiasResults.ModelResult m : r.models()) {
                DebiasResults.LicComparison l = licOf(m, c);
                if (l != null) {
                    rows.add(List.of(TableCell.of(m.model()), est(l.lic().before(), 1, 1), est(l.lic().after(), 1, 1),
                            diff(l.lic().difference(), 1, 2, true)));
                }
            }
            sec.cellTable("Leakage: LIC = LIC_M - LIC_D (x100, paired protocol), " + c + " classifier",
                    List.of("model", "LIC before", "LIC after", "after - before"), rows);
        }
        List<List<TableCell>> rows = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            DebiasResults.GenderErrorComparison g = m.genderError();
            rows.add(List.of(TableCell.of(m.model()), est(g.overall().before(), 100, 1), est(g.overall().after(), 100, 1),
                    diff(g.overall().difference(), 100, 2, true), est(g.ratio().before(), 1, 3),
                    est(g.ratio().after(), 1, 3), TableCell.num(fmt(g.groundTruthRatio(), 3),
                            g.before().ratio().femaleImages() + " Female / " + g.before().ratio().maleImages()
                                    + " Male images")));
        }
        sec.cellTable("Caption gender error (% of images) and woman:man ratio (female-word / male-word captions)",
                List.of("model", "error before", "error after", "after - before", "ratio before", "ratio after",
                        "annotated ratio"), rows);

        List<List<TableCell>> q = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            DebiasResults.QualityComparison qc = m.quality();
            q.add(List.of(TableCell.of(m.model()), est(qc.bleu4().before(), 100, 1), est(qc.bleu4().after(), 100, 1),
                    diff(qc.bleu4().difference(), 100, 2, false), est(qc.ciderD().before(), 100, 1),
                    est(qc.ciderD().after(), 100, 1), diff(qc.ciderD().difference(), 100, 2, false)));
        }
        sec.cellTable("Caption quality against the human references (x100)", List.of("model", "BLEU-4 before",
                "BLEU-4 after", "after - before", "CIDEr-D before", "CIDEr-D after", "after - before"), q);
        List<List<TableCell>> ch = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            ch.add(List.of(TableCell.of(m.model()), est(m.changes().changedShare(), 100, 1),
                    est(m.changes().genderWordShare(), 100, 1), est(m.changes().otherWordsShare(), 100, 1)));
        }
        sec.cellTable("Captions the debiaser changed (% of images)", List.of("model", "changed", "gender word changed",
                "other words only"), ch);

        List<List<TableCell>> checks = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            for (DebiasResults.LicComparison l : m.lic()) {
                checks.add(List.of(TableCell.of(m.model()), TableCell.of("LIC after < before (" + l.classifier() + ")"),
                        diff(l.lic().difference(), 1, 2, true), verdictLower(l.lic().difference())));
            }
            Estimate ge = m.genderError().overall().difference();
            checks.add(List.of(TableCell.of(m.model()), TableCell.of("gender error after <= before"),
                    diff(ge, 100, 2, true), verdictNotHigher(ge)));
            Estimate b = m.quality().bleu4().difference();
            checks.add(List.of(TableCell.of(m.model()), TableCell.of("BLEU-4 change (x100)"), diff(b, 100, 2, false),
                    TableCell.of(relative(b, m.quality().bleu4().before()))));
            Estimate c = m.quality().ciderD().difference();
            checks.add(List.of(TableCell.of(m.model()), TableCell.of("CIDEr-D change (x100)"), diff(c, 100, 2, false),
                    TableCell.of(relative(c, m.quality().ciderD().before()))));
        }
        sec.cellTable("Outcomes per model: after - before with its interval", List.of("model", "check",
                "after - before", "outcome"), checks);
    }

    private static TableCell verdictLower(Estimate d) {
        if (!d.defined()) {
            return TableCell.of("undefined: " + d.method()).withClass("muted");
        }
        if (d.upper() < 0) {
            return TableCell.of("lower (interval below 0)").withClass("good");
        }
        if (d.value() < 0) {
            return TableCell.of("lower, but the interval includes 0").withClass("warn");
        }
        return TableCell.of("not lower").withClass("bad");
    }

    private static TableCell verdictNotHigher(Estimate d) {
        if (!d.defined()) {
            return TableCell.of("undefined: " + d.method()).withClass("muted");
        }
        if (d.value() <= 0) {
            return TableCell.of(d.upper() < 0 ? "lower (interval below 0)" : d.value() == 0 ? "unchanged"
                    : "lower, but the interval includes 0").withClass(d.upper() < 0 || d.value() == 0 ? "good" : "warn");
        }
        return TableCell.of(d.lower() > 0 ? "higher (interval above 0)" : "higher, but the interval includes 0")
                .withClass("bad");
    }

    private static String relative(Estimate d, Estimate before) {
        if (!d.defined() || !before.defined()) {
            return "n/a";
        }
        if (Math.abs(before.value()) < 1e-6) {
            return "n/a (the before value is about 0)";
        }
        return String.format(Locale.ROOT, "%+.1f%% of the before value", 100 * d.value() / before.value());
    }

    private static void charts(HtmlPage page, DebiasResults r, Path chartsDir) throws IOException {
        HtmlSection sec = page.section("charts", "Charts");
        List<String> models = r.models().stream().map(DebiasResults.ModelResult::model).toList();
        for (String c : classifierNames(r)) {
            List<Estimate> before = new ArrayList<>();
            List<Estimate> after = new ArrayList<>();
            for (DebiasResults.ModelResult m : r.models()) {
                DebiasResults.LicComparison l = licOf(m, c);
                before.add(l == null ? Estimate.undefined("absent") : l.lic().before());
                after.add(l == null ? Estimate.undefined("absent") : l.lic().after());
            }
            Chart chart = Charts.barChartWithErrors("LIC before vs after debiasing (" + c + " classifier)",
                    "LIC = LIC_M - LIC_D (x100)", models, List.of(series("before", before, 1), series("after", after, 1)));
            String base = "debias_lic_" + safe(c);
            save(chart, chartsDir, base);
            sec.figure(chart, "LIC per model before and after debiasing, " + c + " classifier, paired protocol; bars "
                    + "are means over seeds, whiskers the bootstrap interval (charts/" + base + ".svg).");
        }
        Chart err = Charts.barChartWithErrors("Caption gender error before vs after debiasing", "gender error (% of images)",
                models, List.of(series("before", r.models().stream().map(m -> m.genderError().overall().before()).toList(),
                        100), series("after", r.models().stream().map(m -> m.genderError().overall().after()).toList(),
                        100)));
        save(err, chartsDir, "debias_gender_error");
        sec.figure(err, "Share of images whose caption states the other perceived gender than annotated (Burns et al. "
                + "2018), before and after; whiskers are Wilson intervals (charts/debias_gender_error.svg).");
    }

    private static Series series(String name, List<Estimate> es, double k) {
        double[] v = new double[es.size()];
        double[] lo = new double[es.size()];
        double[] hi = new double[es.size()];
        for (int i = 0; i < es.size(); i++) {
            Estimate e = es.get(i);
            v[i] = k * e.value();
            lo[i] = k * e.lower();
            hi[i] = k * e.upper();
        }
        return new Series(name, v, lo, hi);
    }

    private static void save(Chart chart, Path dir, String base) throws IOException {
        if (dir != null) {
            chart.writeTo(dir, base);
        }
    }

    private static void lic(HtmlPage page, DebiasResults r) {
        HtmlSection sec = page.section("lic", "Leakage (LIC), paired protocol");
        sec.paragraph("Per seed, one balanced split of the images and one initialisation seed serve the human "
                + "captions (LIC_D, one classifier per caption index, averaged), the model's captions (LIC_M before) "
                + "and the debiased captions (LIC_M after). Values are means over seeds x100 with bootstrap intervals "
                + "over seeds; after - before is the mean of per-seed differences, so LIC_D cancels.");
        for (String c : classifierNames(r)) {
            List<List<TableCell>> rows = new ArrayList<>();
            int seeds = 0;
            for (DebiasResults.ModelResult m : r.models()) {
                DebiasResults.LicComparison l = licOf(m, c);
                if (l == null) {
                    continue;
                }
                seeds = Math.max(seeds, l.seeds());
                if (l.undefinedReason() != null) {
                    rows.add(List.of(TableCell.of(m.model()), TableCell.of("undefined: " + l.undefinedReason())
                            .withClass("muted")));
                    continue;
                }
                rows.add(List.of(TableCell.of(m.model()), est(l.licM().before(), 1, 1), est(l.licM().after(), 1, 1),
                        est(l.licD(), 1, 1), est(l.lic().before(), 1, 1), est(l.lic().after(), 1, 1),
                        diff(l.lic().difference(), 1, 2, true), est(l.accuracyM().before(), 1, 1),
                        est(l.accuracyM().after(), 1, 1), est(l.accuracyD(), 1, 1)));
            }
            sec.cellTable(c + " classifier, " + seeds + " seed(s)", List.of("model", "LIC_M before", "LIC_M after",
                    "LIC_D", "LIC before", "LIC after", "LIC after - before", "accuracy M before", "accuracy M after",
                    "accuracy D"), rows);
        }
    }

    private static void genderError(HtmlPage page, DebiasResults r) {
        HtmlSection sec = page.section("gender-error", "Caption gender error and woman:man ratio");
        sec.paragraph("A caption is wrong when its words state the other gender than the image's annotated perceived "
                + "gender, and neutral when they state neither or both (Burns et al. 2018); rates are % of the images "
                + "of each group with Wilson intervals; differences carry a paired bootstrap interval over images. "
                + "Gender words: the " + r.lexicon() + " word lists.");
        List<List<TableCell>> rows = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            DebiasResults.GenderErrorComparison g = m.genderError();
            List<DebiasResults.Comparison> cs = List.of(g.overall(), g.male(), g.female());
            List<CaptionGenderError.Group> gb = List.of(g.before().overall(), g.before().male(), g.before().female());
            List<CaptionGenderError.Group> ga = List.of(g.after().overall(), g.after().male(), g.after().female());
            for (int k = 0; k < 3; k++) {
                rows.add(List.of(TableCell.of(m.model()), TableCell.of(groupName(gb.get(k).name())),
                        TableCell.num(String.valueOf(gb.get(k).images())), est(cs.get(k).before(), 100, 1),
                        est(cs.get(k).after(), 100, 1), diff(cs.get(k).difference(), 100, 2, true),
                        est(gb.get(k).neutralRate(), 100, 1), est(ga.get(k).neutralRate(), 100, 1)));
            }
        }
        sec.cellTable("Gender error (%) by annotated perceived gender", List.of("model", "group", "images",
                "error before", "error after", "after - before", "neutral before", "neutral after"), rows);
        List<List<TableCell>> ratios = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            DebiasResults.GenderErrorComparison g = m.genderError();
            ratios.add(List.of(TableCell.of(m.model()), est(g.ratio().before(), 1, 3), est(g.ratio().after(), 1, 3),
                    diff(g.ratio().difference(), 1, 3, false), TableCell.num(fmt(g.groundTruthRatio(), 3)),
                    est(g.ratioDelta().before(), 1, 3), est(g.ratioDelta().after(), 1, 3),
                    diff(g.ratioDelta().difference(), 1, 3, true)));
        }
        sec.cellTable("Woman:man ratio of captions vs annotations", List.of("model", "captions before", "captions after",
                "after - before", "annotated", "|gap| before", "|gap| after", "|gap| after - before"), ratios);
    }

    private static String groupName(String name) {
        return name.equals("all") ? "all images" : "annotated " + name;
    }

    private static void amplification(HtmlPage page, DebiasResults r) {
        HtmlSection sec = page.section("amplification", "Bias amplification (co-occurrence)");
        sec.paragraph("Zhao et al. 2017, eq. 1: for each context word (" + r.cooccurrenceVocabulary().toLowerCase(Locale.ROOT)
                + " vocabulary, at least " + r.cooccurrenceMinCount() + " gendered human captions), its share of "
                + "male-word vs female-word captions in model captions (b~) against the human captions of the same "
                + "images (b*), towards the group the human captions favour, averaged over words. Intervals: paired "
                + "bootstrap over images; the word set is chosen anew in each resample.");
        List<List<TableCell>> rows = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            DebiasResults.AmplificationComparison a = m.amplification();
            rows.add(List.of(TableCell.of(m.model()), est(a.biasAmplification().before(), 1, 4),
                    est(a.biasAmplification().after(), 1, 4), diff(a.biasAmplification().difference(), 1, 4, true),
                    TableCell.num(a.wordsBefore() + " / " + a.wordsAfter())));
        }
        sec.cellTable("Bias amplification", List.of("model", "BA before", "BA after", "after - before",
                "words before / after"), rows);
        for (DebiasResults.ModelResult m : r.models()) {
            if (m.amplification().mostChanged().isEmpty()) {
                continue;
            }
            List<List<TableCell>> w = new ArrayList<>();
            for (DebiasResults.WordShift s : m.amplification().mostChanged()) {
                w.add(List.of(TableCell.of(s.word()), TableCell.of(s.favoured()), TableCell.num(fmt(s.human(), 3)),
                        TableCell.num(fmt(s.before(), 3)), TableCell.num(fmt(s.after(), 3))));
            }
            sec.cellTable(m.model() + ": context words whose bias moved most", List.of("word", "favoured by humans",
                    "b* human", "b~ before", "b~ after"), w);
        }
    }

    private static void quality(HtmlPage page, DebiasResults r) {
        HtmlSection sec = page.section("quality", "Caption quality");
        sec.paragraph("BLEU-4 and CIDEr-D of each caption set against every human reference caption of its image, as "
                + "pycocoevalcap computes them (PTB tokenization); x100. Intervals: percentile bootstrap over images; "
                + "the difference is paired (the same resampled images for both caption sets).");
        List<List<TableCell>> rows = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            DebiasResults.QualityComparison q = m.quality();
            rows.add(List.of(TableCell.of(m.model()), TableCell.num(q.images() + " / " + q.references()),
                    est(q.bleu4().before(), 100, 2), est(q.bleu4().after(), 100, 2),
                    diff(q.bleu4().difference(), 100, 2, false), est(q.ciderD().before(), 100, 2),
                    est(q.ciderD().after(), 100, 2), diff(q.ciderD().difference(), 100, 2, false)));
        }
        sec.cellTable("BLEU-4 and CIDEr-D (x100)", List.of("model", "images / references", "BLEU-4 before",
                "BLEU-4 after", "after - before", "CIDEr-D before", "CIDEr-D after", "after - before"), rows);
    }

    private static void changes(HtmlPage page, DebiasResults r) {
        HtmlSection sec = page.section("changes", "What the debiaser changed");
        sec.paragraph("A caption counts as changed when its lower-cased tokens differ; as a gender-word change when "
                + "its sequence of masculine and feminine words (" + r.lexicon() + " lists) differs, otherwise as an "
                + "other-words change. Shares are % of images with Wilson intervals.");
        List<List<TableCell>> rows = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            DebiasResults.Changes c = m.changes();
            rows.add(List.of(TableCell.of(m.model()), TableCell.num(c.changed() + " / " + c.images(), "on images "
                    + "annotated Male: " + c.changedMale() + ", Female: " + c.changedFemale()),
                    est(c.changedShare(), 100, 1), est(c.genderWordShare(), 100, 1), est(c.otherWordsShare(), 100, 1),
                    est(c.genderWordShareOfChanged(), 100, 1)));
        }
        sec.cellTable("Captions changed", List.of("model", "changed", "changed %", "gender word %", "other words only %",
                "gender word % of changed"), rows);
        List<List<TableCell>> byGroup = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            DebiasResults.Changes c = m.changes();
            byGroup.add(List.of(TableCell.of(m.model()), TableCell.num(String.valueOf(c.changedMale())),
                    TableCell.num(String.valueOf(c.changedFemale()))));
        }
        sec.cellTable("Changed captions by the image's annotated perceived gender", List.of("model", "Male", "Female"),
                byGroup);
        List<List<TableCell>> t = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            for (DebiasResults.Transition x : m.changes().transitions()) {
                if (!x.before().equals(x.after())) {
                    t.add(List.of(TableCell.of(m.model()), TableCell.of(x.before()), TableCell.of(x.after()),
                            TableCell.num(String.valueOf(x.captions()))));
                }
            }
        }
        sec.cellTable("What captions' words say about gender, before -> after (changed pairs only; MALE/FEMALE: only "
                + "masculine/feminine words, BOTH, NEUTRAL: only gender-neutral person words, NONE: no person word)",
                List.of("model", "before", "after", "captions"), t);
    }

    private static void examples(HtmlPage page, DebiasResults r) {
        HtmlSection sec = page.section("examples", "Example edits");
        sec.paragraph("Changed captions drawn with the experiment seed, in turn from gender-word and other-words changes "
                + "on images annotated Male and Female. Removed words are struck through, added words underlined.");
        for (DebiasResults.ModelResult m : r.models()) {
            HtmlSection sub = sec.section("examples-" + m.model(), m.model());
            if (m.examples().isEmpty()) {
                sub.paragraph("No caption was changed.");
                continue;
            }
            StringBuilder sb = new StringBuilder("<div class=\"table-wrap\"><table class=\"cards\">\n<thead><tr>");
            for (String h : List.of("image", "annotated", "change", "before", "after", "caption gender")) {
                sb.append("<th scope=\"col\">").append(Html.escape(h)).append("</th>");
            }
            sb.append("</tr></thead>\n<tbody>\n");
            for (DebiasResults.ExampleEdit e : m.examples()) {
                List<WordDiff.Segment> d = WordDiff.diff(DebiasEvaluation.tokens(e.before()),
                        DebiasEvaluation.tokens(e.after()));
                sb.append("<tr><td data-label=\"image\" class=\"num\">").append(e.imageId())
                        .append("</td><td data-label=\"annotated\">").append(Html.escape(e.perceivedGender()))
                        .append("</td><td data-label=\"change\">").append(Html.escape(e.kind()))
                        .append("</td><td data-label=\"before\">").append(WordDiff.html(d, WordDiff.Op.REMOVED))
                        .append("</td><td data-label=\"after\">").append(WordDiff.html(d, WordDiff.Op.ADDED))
                        .append("</td><td data-label=\"caption gender\">")
                        .append(Html.escape(e.genderBefore() + " -> " + e.genderAfter()))
                        .append("</td></tr>\n");
            }
            sb.append("</tbody></table></div>");
            sub.rawTrustedHtml(sb.toString());
        }
    }

    private static void inputs(HtmlPage page, DebiasResults r) {
        HtmlSection sec = page.section("inputs", "Inputs");
        sec.paragraph(r.images() + " images evaluated; " + r.imagesLeftOut() + " image(s) of the set left out because "
                + "their perceived-gender annotation is neither Male nor Female. Odd captions are counted, and scored "
                + "as they are (an empty caption scores as empty).");
        List<List<TableCell>> rows = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            DebiasResults.Inputs in = m.inputs();
            for (var side : List.of(Map.entry("before", in.before()), Map.entry("after", in.after()))) {
                DebiasResults.InputCounts c = side.getValue();
                rows.add(List.of(TableCell.of(m.model()), TableCell.of(side.getKey()),
                        TableCell.num(String.valueOf(c.captions())), TableCell.num(String.valueOf(c.empty())),
                        TableCell.num(String.valueOf(c.noGenderWord())), TableCell.num(String.valueOf(c.nonAscii())),
                        TableCell.num(String.valueOf(c.veryLong())), TableCell.num(String.valueOf(
                                side.getKey().equals("before") ? in.ignoredBefore() : in.ignoredAfter()))));
            }
        }
        sec.cellTable("Captions given", List.of("model", "side", "captions", "empty", "no gender word", "non-ASCII",
                "over " + r.veryLongTokens() + " tokens", "outside the set (ignored)"), rows);
    }

    // ---------------------------------------------------------------------------------------------
    // training section: any map, escaped

    private static void training(HtmlPage page, Map<String, Object> training) {
        HtmlSection sec = page.section("training", "Training");
        if (training.isEmpty()) {
            sec.paragraph("No training information was given to this report.");
            return;
        }
        Map<String, String> scalars = new LinkedHashMap<>();
        for (var e : training.entrySet()) {
            JsonNode node = Json.mapper().valueToTree(e.getValue());
            if (node == null || node.isValueNode() || node.isNull() || isScalarArray(node)) {
                scalars.put(e.getKey(), text(node));
            }
        }
        if (!scalars.isEmpty()) {
            sec.definitionList(scalars);
        }
        for (var e : training.entrySet()) {
            JsonNode node = Json.mapper().valueToTree(e.getValue());
            if (node == null || node.isValueNode() || node.isNull() || isScalarArray(node)) {
                continue;
            }
            HtmlSection sub = sec.section("training-" + e.getKey(), e.getKey());
            renderNode(sub, node);
        }
    }

    private static void renderNode(HtmlSection sec, JsonNode node) {
        if (node.isArray()) {
            table(sec, null, node);
            return;
        }
        Map<String, String> flat = new LinkedHashMap<>();
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        flatten("", node, flat, tables);
        if (!flat.isEmpty()) {
            sec.definitionList(flat);
        }
        tables.forEach((k, v) -> table(sec, k, v));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat, Map<String, JsonNode> tables) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(key, v, flat, tables);
            } else if (v.isArray() && !isScalarArray(v)) {
                tables.put(key, v);
            } else {
                flat.put(key, text(v));
            }
        }
    }

    private static void table(HtmlSection sec, String caption, JsonNode array) {
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode row : array) {
            if (row.isObject()) {
                row.fieldNames().forEachRemaining(columns::add);
            } else {
                columns.add("value");
            }
        }
        List<String> head = new ArrayList<>(columns);
        List<List<String>> rows = new ArrayList<>();
        int shown = 0;
        for (JsonNode row : array) {
            if (shown++ == MAX_TRAINING_ROWS) {
                break;
            }
            List<String> cells = new ArrayList<>();
            for (String c : head) {
                cells.add(row.isObject() ? (row.has(c) ? text(row.get(c)) : "") : c.equals("value") ? text(row) : "");
            }
            rows.add(cells);
        }
        String cap = caption;
        if (array.size() > MAX_TRAINING_ROWS) {
            cap = (cap == null ? "" : cap + ": ") + "first " + MAX_TRAINING_ROWS + " of " + array.size() + " rows";
        }
        sec.table(cap, head, rows);
    }

    private static boolean isScalarArray(JsonNode node) {
        if (node == null || !node.isArray()) {
            return false;
        }
        for (JsonNode x : node) {
            if (x.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (isScalarArray(node)) {
            List<String> xs = new ArrayList<>();
            node.forEach(x -> xs.add(x.asText()));
            return String.join(", ", xs);
        }
        return node.toString();
    }

    // ---------------------------------------------------------------------------------------------

    private static void methods(HtmlPage page, DebiasResults r, EvidenceChannel ev) {
        HtmlSection sec = page.section("methods", "Methods");
        HtmlSection evidence = sec.section("evidence", "Image evidence: a declared noise channel");
        if (ev == null) {
            evidence.note("No image-evidence channel was declared to this report: how the debiaser's perceived-gender "
                    + "evidence for the evaluation images was made is not stated here.");
        } else {
            evidence.note("COCO images are not available to this evaluation, so the debiaser's image evidence was not "
                    + "computed from the images. Instead, each evaluation image's annotated perceived gender was passed "
                    + "through a noise channel equal to the perception confusion matrix measured on " + ev.source()
                    + " (below): the evidence is as noisy as that measured perception, and no better. Results after "
                    + "debiasing therefore depend on the annotations and on that matrix, not on image content.");
            List<String> head = new ArrayList<>();
            head.add("annotated \\ perceived");
            head.addAll(ev.perceived());
            List<List<TableCell>> rows = new ArrayList<>();
            for (int i = 0; i < ev.annotated().size(); i++) {
                List<TableCell> row = new ArrayList<>();
                row.add(TableCell.of(ev.annotated().get(i)));
                for (double v : ev.confusion().get(i)) {
                    row.add(TableCell.num(fmt(v, 3)));
                }
                rows.add(row);
            }
            evidence.cellTable("Perception confusion matrix used as the noise channel: P(perceived | annotated)", head,
                    rows);
            if (ev.note() != null && !ev.note().isBlank()) {
                evidence.paragraph(ev.note());
            }
        }
        sec.paragraph("Decoding: a model's captions may be debiased in several variants, named by their test mask and "
                + "edit margin. The test mask is the share of input words replaced by the mask token before the "
                + "debiaser reads a caption (LIBRA masks 0.2 at training and test). The edit margin m keeps an input "
                + "word unless the debiaser's top word at that position is at least e^m times as probable (log-odds; 0 "
                + "takes the top word everywhere). Without image features a masked word can only be re-guessed from the "
                + "rest of the caption; a margin keeps only the guesses the model is sure of. When the evaluation used "
                + "one fold of the images (Training: evaluationImages), every figure here is on that fold only.");
        sec.paragraph("LIC (Hirota, Nakashima and Garcia, CVPR 2022), paired protocol: gender words (LIC lists) are "
                + "masked; a classifier learns the annotated perceived gender from masked captions on a balanced split "
                + "(each class cut to the minority size, " + fmt(100 * r.testFraction(), 0) + "% of it held out per "
                + "class); the score sums the probability of the predicted class over correctly predicted test captions "
                + "and divides by the test captions. Both caption sets are lower-cased before masking, so that the "
                + "debiaser's lower-casing is not counted as an edit; human captions are lower-cased and aligned to "
                + "the model's vocabulary as in the caption-bias study.");
        sec.paragraph("Gender error and ratio (Burns et al., ECCV 2018); bias amplification (Zhao et al., EMNLP 2017, "
                + "eq. 1); BLEU-4 (Papineni et al. 2002) and CIDEr-D (Vedantam et al. 2015) as in pycocoevalcap. "
                + "Paired bootstrap intervals draw images with replacement, the same draw for before and after ("
                + r.resamples() + " resamples, seed " + r.seed() + ").");
        Map<String, String> configs = new LinkedHashMap<>();
        r.classifiers().forEach((k, v) -> configs.put("classifier " + k, v.toString()));
        configs.put("gender word lists", r.lexicon());
        configs.put("co-occurrence vocabulary", r.cooccurrenceVocabulary() + ", min count " + r.cooccurrenceMinCount());
        sec.definitionList(configs);
    }

    private static void limitations(HtmlPage page, DebiasResults r, boolean simulatedEvidence) {
        HtmlSection sec = page.section("limitations", "Limitations");
        sec.paragraph("Perceived gender is an annotator's perception of one or few people per image, recorded as Male "
                + "or Female; it is not anyone's gender identity, and images annotated otherwise are left out. A "
                + "caption's gender is what its words say by fixed word lists, which miss words outside them.");
        if (simulatedEvidence) {
            sec.paragraph("The debiaser's image evidence is simulated from the annotations through a measured confusion "
                    + "matrix (see Methods), not computed from COCO images: gender error after debiasing reflects that "
                    + "channel and would differ with a real perception model on the images.");
        } else {
            sec.paragraph("How the debiaser's image evidence was obtained is not declared in this report; gender error "
                    + "after debiasing depends on it.");
        }
        sec.paragraph("LIC is only as sensitive as its classifier (see the accuracy columns): a linear bag-of-words "
                + "classifier and an LSTM can disagree on small differences, and both are reported rather than tuned. "
                + "LIC intervals are over " + "seeds (splits and initialisations), not over images.");
        sec.paragraph("BLEU-4 and CIDEr-D reward agreement with the human references, which themselves use gendered "
                + "words; an edit that replaces a gendered word by a neutral one can lower them while being correct.");
    }

    // ---------------------------------------------------------------------------------------------

    private static List<String> classifierNames(DebiasResults r) {
        List<String> out = new ArrayList<>();
        for (DebiasResults.ModelResult m : r.models()) {
            for (DebiasResults.LicComparison l : m.lic()) {
                if (!out.contains(l.classifier())) {
                    out.add(l.classifier());
                }
            }
        }
        return out;
    }

    private static DebiasResults.LicComparison licOf(DebiasResults.ModelResult m, String classifier) {
        return m.lic().stream().filter(l -> l.classifier().equals(classifier)).findFirst().orElse(null);
    }

    /** A value with its interval, scaled by k. */
    private static TableCell est(Estimate e, double k, int digits) {
        if (!e.defined()) {
            return TableCell.of("undefined").withClass("muted").withTitle("n = " + e.n() + "; " + e.method());
        }
        Estimate s = e.scaled(k);
        return TableCell.num(fmt(s.value(), digits) + " [" + fmt(s.lower(), digits) + ", " + fmt(s.upper(), digits)
                + "]", "n = " + e.n() + (Double.isNaN(s.sd()) ? "" : ", sd " + fmt(s.sd(), digits + 1)) + "; "
                + e.method());
    }

    /**
     * A difference with its interval; when {@code lowerIsBetter}, an interval entirely below 0 is
     * marked good and one entirely above 0 bad; otherwise it is not marked.
     */
    private static TableCell diff(Estimate e, double k, int digits, boolean lowerIsBetter) {
        if (!e.defined()) {
            return est(e, k, digits);
        }
        Estimate s = e.scaled(k);
        TableCell c = TableCell.num(sign(s.value(), digits) + " [" + sign(s.lower(), digits) + ", "
                + sign(s.upper(), digits) + "]", "n = " + e.n() + "; " + e.method());
        if (lowerIsBetter) {
            return c.withClass(s.upper() < 0 ? "num good" : s.lower() > 0 ? "num bad" : "num");
        }
        return c;
    }

    static String fmt(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String sign(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+." + digits + "f", v);
    }

    private static String pct(double confidence) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * confidence);
    }

    private static String safe(String s) {
        return org.biaslab.util.SafeNames.fileName(s);
    }
}
