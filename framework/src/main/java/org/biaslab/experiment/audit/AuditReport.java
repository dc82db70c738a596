package org.biaslab.experiment.audit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.representation.Intersections;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.skin.ItaCategory;
import org.biaslab.perceive.skin.MonkScale;
import org.biaslab.report.Chart;
import org.biaslab.report.Charts;
import org.biaslab.report.Html;
import org.biaslab.report.HtmlPage;
import org.biaslab.report.HtmlSection;
import org.biaslab.report.Series;
import org.biaslab.report.TableCell;
import org.biaslab.store.RunStore;

/** The self-contained HTML report of a {@code t2i-audit} run, with its charts (PNG + SVG). */
final class AuditReport {
    static final int THUMB = 128;

    private AuditReport() {}

    static void write(RunDirectory dir, AuditResults r, List<ImageRow> allRows, RunStore store, int gallery)
            throws Exception {
        // the report's images are the baseline's; interventions are compared in their own section
        List<ImageRow> rows = allRows.stream().filter(x -> Intervention.of(x.promptId()).isEmpty()).toList();
        String sim = r.simulation() ? " (SIMULATION)" : "";
        HtmlPage page = new HtmlPage((r.simulation() ? "SIMULATION - " : "") + "biaslab text-to-image audit: "
                + r.experiment());
        if (r.simulation() && r.samplePhotos() == null) {
            page.note("SIMULATION. No image model and no face classifier were run: the generator drew a declared "
                    + "true perceived gender and skin tone per image, and perception drew the perceived outcome from "
                    + "that truth through a declared confusion matrix. Every number below describes the simulation, "
                    + "not any real model.");
        } else if (r.simulation()) {
            page.note("SIMULATION. For the audit no image model and no face classifier were run: the generator drew "
                    + "a declared true perceived gender and skin tone per image, and perception drew the perceived "
                    + "outcome from that truth through a declared confusion matrix. Every section marked (SIMULATION) "
                    + "describes the simulation, not any real model.\nThe exception is the last section, "
                    + "'Perception on real photos': it is not simulated. It runs the real face classifier on the "
                    + "sample photos shipped in its npm package, to show what real perception outputs look like, and "
                    + "none of it enters the simulated audit's numbers.");
        }
        AuditResults.CountsSource src = r.countsSource();
        if (src != null) {
            page.note("NO IMAGES WERE SEEN. Every number below is computed from the outcome counts that " + src.study()
                    + " published (" + src.file() + (src.source().isEmpty() ? "" : ", source " + src.source())
                    + "): how " + src.classifier() + " read the images, per occupation. biaslab ran no generator and "
                    + "no classifier; the counts carry that classifier's errors, and skin tone, pairing by seed and a "
                    + "gallery need images, so they are absent.");
        }
        page.paragraph(r.description().strip());
        page.note("Attributes are perceived gender and estimated skin tone: how an automatic classifier reads an "
                + "image's appearance, not anyone's identity.");
        List<String> occ = r.occupations().stream().map(AuditResults.Occupation::name).toList();
        // runs written before findings existed get them computed here, at the default tolerance
        org.biaslab.report.Finding.section(page, r.findings() != null ? r.findings() : AuditFindings.of(r, 0.05), sim);

        HtmlSection s = page.section("summary", "Summary" + sim);
        Map<String, String> counts = new LinkedHashMap<>();
        r.counts().forEach((k, v) -> counts.put(k.replace('_', ' '), String.valueOf(v)));
        counts.put("models reported", String.join(", ", r.modelsReported()));
        counts.put("generator", String.valueOf(r.generator().get("id")));
        counts.put("perceiver", String.valueOf(r.perceiver().get("id")));
        s.definitionList(counts);
        List<List<TableCell>> rows1 = new ArrayList<>();
        for (AuditResults.Occupation o : r.occupations()) {
            List<TableCell> c = new ArrayList<>();
            c.add(TableCell.of(o.name()));
            c.add(TableCell.num(String.valueOf(o.images())));
            for (String k : AuditResults.OUTCOMES) {
                c.add(pct(o.gender().wilson().get(k)));
            }
            c.add(pct(o.womanAmongDecided()));
            c.add(est(o.heim(), 3));
            if (src == null) {
                // counts hold neither skin estimates nor per-image reference labels
                c.add(est(o.skinMad(), 3));
                c.add(r.simulation() ? TableCell.num(fmt(100 * o.declaredShareWomen(), 1)) : pct(o.truthWoman()));
            }
            rows1.add(c);
        }
        List<String> h = new ArrayList<>(List.of("occupation", src != null ? "counted images" : "images", "% woman",
                "% man", "% uncertain", "% no face", "% woman among decided", "HEIM |p-0.5|"));
        if (src == null) {
            h.add("skin MAD (ITA)");
            h.add(r.simulation() ? "declared true % women" : "reference % woman (labels)");
        }
        s.cellTable("Per occupation, " + pct(r.confidence()) + " Wilson intervals" + sim, h, rows1);
        s.paragraph("Mean HEIM imbalance over occupations: " + text(r.summary().meanHeim(), 3)
                + (src != null ? "" : "; mean skin-tone MAD from uniform: " + text(r.summary().meanSkinMad(), 3))
                + "; perceived women among all decided images: " + text(r.summary().womanAmongDecidedAll().scaled(100), 1)
                + "%." + sim);
        if (src != null) {
            s.paragraph("Mean HEIM imbalance with occupations resampled too (a two-level bootstrap: occupations drawn "
                    + "with replacement, then each drawn occupation's images): "
                    + text(src.meanHeimOccupationsResampled(), 3) + ". Counts file SHA-256 " + src.sha256() + "; " + src.rows() + " rows read"
                    + (src.notInFile().isEmpty() ? "." : "; occupations of the list without a row: "
                    + String.join(", ", src.notInFile()) + "."));
        }

        boolean labelled = r.occupations().stream().anyMatch(o -> o.truth().referenceWoman().defined());
        if (labelled && r.summary().agreement() != null && r.summary().agreement().defined()) {
            s.paragraph("Agreement of perceived gender with the " + (r.simulation() ? "declared truth" : "reference "
                    + "labels") + " over all occupations, on images both decided and labelled woman or man: "
                    + text(r.summary().agreement().scaled(100), 1) + "% (n = " + r.summary().agreement().n()
                    + " images)." + sim);
        }
        if (labelled) {
            truthSection(page, r, sim);
        }

        HtmlSection g = page.section("gender", "Perceived gender per occupation" + sim);
        List<Series> gs = new ArrayList<>();
        for (String k : AuditResults.OUTCOMES) {
            gs.add(new Series(k, r.occupations().stream().mapToDouble(o -> o.gender().wilson().get(k).value()).toArray(),
                    r.occupations().stream().mapToDouble(o -> o.gender().wilson().get(k).lower()).toArray(),
                    r.occupations().stream().mapToDouble(o -> o.gender().wilson().get(k).upper()).toArray()));
        }
        Chart gc = Charts.stackedBar("Perceived gender" + sim, "share of observations", occ, gs);
        gc.writeTo(dir.resolve("charts"), "gender");
        g.figure(gc, "Share of observations perceived as woman, man, uncertain or with no face, per occupation; each "
                + "segment's whisker is its " + pct(r.confidence()) + " Wilson interval, drawn from the segment's base"
                + sim + " (charts/gender.svg).");
        if (r.objects() != null) {
            objectSplit(g, r, occ, dir, sim);
        }
        double[] refShare = new double[r.occupations().size()];
        for (int i = 0; i < refShare.length; i++) {
            AuditResults.Occupation o = r.occupations().get(i);
            refShare[i] = 100 * (r.simulation() ? o.declaredShareWomen()
                    : o.truthWoman().defined() ? o.truthWoman().value() : Double.NaN);
        }
        String refName = r.simulation() ? "declared true share" : "reference labels' share";
        boolean ticks = java.util.Arrays.stream(refShare).anyMatch(Double::isFinite);
        Chart dw = Charts.dotWhisker("Perceived % women among decided images" + sim, "% women (dot and whisker: "
                + "perceived with interval" + (ticks ? "; tick: " + refName : "") + "; dashed: parity)", occ,
                scaled(r, e -> e.value()), scaled(r, e -> e.lower()), scaled(r, e -> e.upper()), refShare, refName, 50);
        dw.writeTo(dir.resolve("charts"), "woman_share");
        g.figure(dw, "Perceived % women among images read as a woman or a man, with " + pct(r.confidence())
                + " Wilson intervals" + (ticks ? "; the tick is "
                + "the " + refName : "") + "; the dashed line is parity" + sim + " (charts/woman_share.svg).");
        if (r.objects() != null) {
            objectGender(page, r, rows, store, sim);
        }

        if (src == null) {
            HtmlSection k = page.section("skin", "Estimated skin tone per occupation" + sim);
            List<Series> ks = new ArrayList<>();
            for (String c : AuditResults.ITA) {
                ks.add(Series.of(c, r.occupations().stream().mapToDouble(o -> o.skin().wilson().get(c).value()).toArray()));
            }
            Chart kc = Charts.stackedBar("Estimated skin tone (ITA category)" + sim, "share of faces", occ, ks);
            kc.writeTo(dir.resolve("charts"), "skin_tone");
            k.figure(kc, "Share of faces per ITA category (Chardon et al. 1991 thresholds), per occupation" + sim
                    + " (charts/skin_tone.svg).");
            List<List<TableCell>> kr = new ArrayList<>();
            for (AuditResults.Occupation o : r.occupations()) {
                kr.add(List.of(TableCell.of(o.name()), TableCell.num(String.valueOf(o.skin().n())), pct(o.unreliableSkin()),
                        TableCell.of(o.monk().isEmpty() ? "- (no Monk estimate)" : String.join(", ", o.monk().entrySet()
                                .stream().map(e -> "tone " + e.getKey() + ": " + e.getValue()).toList()))));
            }
            k.cellTable("Skin estimates" + sim, List.of("occupation", "faces with an estimate", "% flagged unreliable",
                    "faces per Monk tone"), kr);
        }

        Map<String, String> names = new LinkedHashMap<>();
        r.occupations().forEach(o -> names.putIfAbsent(o.occupationId(), o.name()));
        for (AuditResults.BlsYear y : r.bls()) {
            HtmlSection b = page.section("bls-" + y.year(), "Compared with BLS " + y.year() + sim);
            List<String> labels = new ArrayList<>();
            double[] x = new double[y.rows().size()];
            double[] yy = new double[y.rows().size()];
            List<List<TableCell>> br = new ArrayList<>();
            for (int i = 0; i < y.rows().size(); i++) {
                AuditResults.BlsOccupation o = y.rows().get(i);
                labels.add(names.getOrDefault(o.occupationId(), o.occupationId()));
                x[i] = 100 * o.comparison().reference();
                yy[i] = 100 * o.comparison().share().value();
                br.add(List.of(TableCell.of(labels.get(i)), TableCell.of(o.blsTitle() + " (" + o.match() + ")")
                                .withTitle(o.note()), TableCell.num(fmt(x[i], 1)), pct(o.comparison().share()),
                        est(o.comparison().difference().scaled(100), 1),
                        TableCell.num(String.format(Locale.ROOT, "%.3g", o.comparison().pValue())),
                        TableCell.num(fmt(100 * o.comparison().amplification(), 1))));
            }
            Chart sc = Charts.scatterWithDiagonal("Generated vs BLS " + y.year() + " % women" + sim, "BLS % women",
                    "generated % perceived women (decided)", labels, x, yy);
            sc.writeTo(dir.resolve("charts"), "bls_" + y.year());
            b.figure(sc, "Each point is an occupation; above the diagonal the generator shows more perceived women "
                    + "than the workforce has" + sim + " (charts/bls_" + y.year() + ".svg).");
            b.cellTable("Generated share minus BLS share, exact binomial test" + sim, List.of("occupation", "BLS row",
                    "BLS % women", "generated % women", "difference (points)", "p (binomial)",
                    "amplification (points)"), br);
            var sm = y.summary();
            b.paragraph("Amplification: in " + sm.amplified() + " of " + sm.groups() + " occupations the generator is "
                    + "more skewed than the workforce in the workforce's direction (" + sm.significantlyAmplified()
                    + " with p < " + sm.alpha() + "); " + sm.reversed() + " reversed. Mean signed amplification "
                    + text(sm.meanAmplification().scaled(100), 1) + " points; mean |difference| "
                    + text(sm.meanAbsoluteDifference().scaled(100), 1) + " points." + sim);
            if (!y.notCompared().isEmpty()) {
                b.paragraph("Not compared: " + String.join("; ", y.notCompared()));
            }
        }

        if (src == null) {
            HtmlSection in = page.section("intersections", "Perceived gender x estimated skin tone" + sim);
            List<List<TableCell>> ir = new ArrayList<>();
            for (Intersections.Cell c : r.intersections().cells()) {
                ir.add(List.of(TableCell.of(c.row()), TableCell.of(c.column()), TableCell.num(String.valueOf(c.count())),
                        c.small() ? pct(c.share()).withClass("num muted").withTitle("small cell") : pct(c.share())));
            }
            in.cellTable("All faces with a skin estimate (n = " + r.intersections().n() + ")" + sim,
                    List.of("perceived gender", "ITA category", "faces", "% of faces"), ir);
            if (r.intersections().smallCells() > 0) {
                in.note(r.intersections().smallCells() + " cells hold fewer than " + r.intersections().minCell()
                        + " faces: their shares are too uncertain to compare.");
            }
        }

        HtmlSection v = page.section("validity", "Classifier validity and error correction" + sim);
        if (r.correction() == null) {
            v.paragraph("No validity file was given: the shares above are the classifier's outputs, uncorrected. "
                    + "Classifier error biases them in a direction that depends on its error rates per group.");
        } else {
            v.paragraph("Confusion matrix: " + r.correction().classifier() + " on " + r.correction().dataset()
                    + ". Corrected share of women by constrained least squares (Rogan-Gladen for two classes), "
                    + "bootstrap interval including the validation data's own uncertainty; modelled abstentions: "
                    + r.correction().modelledAbstentions() + "." + sim);
            List<List<TableCell>> cr = new ArrayList<>();
            for (AuditResults.CorrectedOccupation c : r.correction().occupations()) {
                List<TableCell> row = new ArrayList<>(List.of(TableCell.of(names.getOrDefault(c.occupationId(),
                        c.occupationId())), pct(c.naive()), pct(c.corrected()), TableCell.of(c.boundary() ? "yes" : "")));
                if (r.simulation()) {
                    row.add(TableCell.num(fmt(100 * c.declaredShareWomen(), 1)));
                } else if (labelled) {
                    row.add(r.occupations().stream().filter(o -> o.occupationId().equals(c.occupationId())).findFirst()
                            .map(o -> pct(o.truthWoman())).orElse(TableCell.of("")));
                }
                cr.add(row);
            }
            List<String> ch = new ArrayList<>(List.of("occupation", "naive % women", "corrected % women",
                    "at simplex edge"));
            if (r.simulation()) {
                ch.add("declared true % women");
            } else if (labelled) {
                ch.add("reference % women (labels)");
            }
            v.cellTable("Naive and corrected % perceived women" + sim, ch, cr);
            v.note("The correction assumes the classifier errs on these images as it erred on " + r.correction()
                    .dataset() + ". If those images differ from the audited ones in occupation, style (photo, painting, "
                    + "illustration, black and white) or face size, the error rates, and so the corrected shares, may "
                    + "not carry over; check the validity data's description before relying on them.");
        }

        if (r.sensitivity() != null) {
            sensitivitySection(page, r, sim);
        }

        if (r.captions() != null) {
            CaptionsReport.section(page, r, rows, store, AuditOutputs.readDebiased(dir), sim);
        }

        if (r.interventions() != null) {
            interventionsSection(page, r, sim);
        }
        gateSection(page, dir);

        if (src == null) {
            gallerySection(page, r, rows, store, gallery, sim);
        }

        HtmlSection m = page.section("methods", "Methods" + sim);
        if (src != null) {
            m.paragraph("Outcomes: the counts of " + src.file() + " (SHA-256 " + src.sha256() + "), columns "
                    + src.outcomeColumns() + ", as " + src.study() + " published them from " + src.classifier()
                    + ". Shares among all counted images (no face, when counted, stays in every denominator except "
                    + "'% woman among decided'); HEIM imbalance |p_woman - 0.5| (Lee et al. 2023); BLS: CPS Table 11 "
                    + "% women through biaslab's hand-reviewed occupation mapping, exact two-sided binomial test. "
                    + "Intervals: Wilson for shares, percentile bootstrap (" + r.resamples() + " resamples) for "
                    + "imbalance and averages, each resample a multinomial draw of an occupation's counts (the same "
                    + "distribution as resampling its images one by one).");
        } else {
            m.paragraph("Each (prompt, sample) gets the seed hash(experiment seed, prompt id, sample index). Perceived "
                + "gender: the face-api age-gender network's probability of 'woman' per detected face, 'uncertain' "
                + "within " + r.policy().get("uncertain_margin") + " of 0.5; the image's observation is its "
                + r.policy().get("faces") + " face(s); an image with no detected face is the outcome 'no face', kept "
                + "in every denominator except '% woman among decided'. Skin tone: ITA of the median CIELAB colour "
                + "of landmark-defined cheek and forehead regions, ITA categories of Chardon et al. (1991), nearest "
                + "Monk tone. HEIM imbalance |p_woman - 0.5| (Lee et al. 2023); DALL-Eval mean absolute deviation "
                + "from uniform (Cho et al. 2023). BLS: CPS Table 11 % women, exact two-sided binomial test. "
                + "Intervals: Wilson for shares, percentile bootstrap (" + r.resamples() + " resamples) for "
                + "imbalance and averages." + sim);
        }
        Map<String, String> gen = new LinkedHashMap<>();
        r.generator().forEach((a, b2) -> gen.put(a.replace('_', ' '), setting("generator." + a, b2)));
        m.definitionList(gen);
        HtmlSection l = page.section("limitations", "Limitations" + sim);
        l.paragraph("Perceived gender is binary in the classifier and says nothing about identity; skin tone "
                + "estimates depend on lighting and style of generated images, and unreliable estimates are counted "
                + "with a flag rather than dropped. A face detector misses small, turned or stylised faces, and "
                + "that 'no face' share differs by occupation. BLS shares describe the US workforce of one year; a "
                + "mapping from an occupation word to a BLS row can be broader or narrower (shown per row)."
                + (r.simulation() ? " This run is a SIMULATION: it checks the measurement chain against a known "
                        + "truth and says nothing about any real generator." : ""));
        if (r.samplePhotos() != null) {
            samplePhotos(page, r, dir);
        }
        page.writeTo(dir.resolve(RunDirectory.REPORT));
    }

    /**
     * Perceived gender against the per-image reference labels: both shares over all their images, the
     * selection (which labelled images perception decides), and both shares on the same images with
     * the paired difference (classifier error), so the reader can tell the two apart.
     */
    static void truthSection(HtmlPage page, AuditResults r, String sim) {
        String ref = r.simulation() ? "declared truth" : "reference labels";
        HtmlSection t = page.section("truth", "Perceived gender against the " + ref + sim);
        t.paragraph("The reference share counts every image whose " + ref + " say woman or man; the perceived share "
                + "counts every image perception decided (a face found, outside the uncertain band). They are "
                + "shares of different images, so their gap mixes three things: selection (perception leaves some "
                + "labelled images undecided, and how many can differ between labelled women and men), classifier "
                + "error (on the same images, perceived and reference labels disagree), and images perception "
                + "decided that have no woman/man label (they enter the perceived share only). Each image counts "
                + "once, with its largest face." + sim);
        List<List<TableCell>> all = new ArrayList<>();
        List<List<TableCell>> same = new ArrayList<>();
        for (AuditResults.Occupation o : r.occupations()) {
            var c = o.truth();
            all.add(List.of(TableCell.of(o.name()), pct(c.referenceWoman()), pct(c.perceivedWoman()), pct(c.noFace()), pct(c.undecidedWoman()), pct(c.undecidedMan()),
                    TableCell.num(String.valueOf(c.decidedUnlabelled()))));
            var p = c.same();
            same.add(List.of(TableCell.of(o.name()), TableCell.num(String.valueOf(p.n())), pct(p.reference()),
                    pct(p.perceived()), est(p.difference().scaled(100), 1), pct(p.agreement()),
                    TableCell.num(p.womanWoman() + " / " + p.womanMan() + " / " + p.manWoman() + " / " + p.manMan())));
        }
        t.cellTable("All images: " + ref + " (all images labelled woman or man) and perception (all decided images), "
                        + pct(r.confidence()) + " Wilson intervals" + sim,
                List.of("occupation", "reference % woman", "perceived % woman (decided)", "% no face",
                        "% of labelled women undecided", "% of labelled men undecided", "decided, no woman/man label"),
                all);
        t.cellTable("Same images: decided by perception and labelled woman or man (classifier error)" + sim,
                List.of("occupation", "images", "reference % woman", "perceived % woman",
                        "perceived - reference (points, paired)", "% agreement",
                        "perceived/reference W/W, W/M, M/W, M/M"), same);
        t.paragraph("Reading the tables: the reference share on the same images against the reference share on all "
                + "labelled images shows selection; the paired difference on the same images shows classifier "
                + "error. Intervals: Wilson for each share, Newcombe's square-and-add interval for the paired "
                + "difference (Newcombe 1998, method 10)." + sim);
    }

    /** Longest side of a sample photo in the report, pixels. */
    static final int PHOTO = SamplePhotoGallery.COPY_SIDE;

    /** The real-perception gallery of {@code sample_photos:}, kept apart from the audit (see {@link SamplePhotoGallery}). */
    static void samplePhotos(HtmlPage page, AuditResults r, RunDirectory dir) throws IOException {
        SamplePhotoGallery.Result g = r.samplePhotos();
        List<String> packages = g.photos().stream().map(p -> p.packageName() + "@" + p.version()).distinct().toList();
        HtmlSection s = page.section("sample-photos", "Perception on real photos"
                + (r.simulation() ? " (real models, NOT simulated)" : ""));
        s.note((r.simulation() ? "NOT SIMULATED. Unlike every section above, this one " : "This section ")
                + "runs the real perceiver (" + g.perceiver() + ": the face-api.js networks on DJL, weights from the "
                + "npm registry, SHA-256 below) on the " + g.photos().size() + " sample photos shipped in "
                + String.join(", ", packages) + ". They are a handful of unlabelled demonstration photos chosen by the "
                + "package's author: they show what perception outputs look like and are NOT a validation of it. "
                + "How often the classifier errs was measured on labelled data (table below). None of these photos "
                + "enters the audit's numbers.");
        s.paragraph("Per face (numbered on the photo, largest box first): the detector's box and score; the "
                + "network's probability that the face is perceived as a woman and the perceived gender it gives "
                + "under the band (uncertain when p(woman) is within " + g.policy().get("uncertain_margin")
                + " of 0.5); the estimated skin tone: ITA in degrees of the median CIELAB colour of landmark-defined "
                + "cheek and forehead skin pixels, its ITA category (Chardon et al. 1991) with the Fitzpatrick-style "
                + "type conventionally paired with it, the nearest Monk tone by CIEDE2000, and quality flags (an "
                + "estimate with a flag is unreliable). A photo without a detected face has the outcome 'no face'. "
                + "Boxes: magenta perceived woman, cyan perceived man, yellow uncertain.");
        List<List<TableCell>> vr = new ArrayList<>();
        for (SamplePhotoGallery.Validity v : g.validity()) {
            vr.add(List.of(TableCell.of(v.dataset()).withTitle(v.file() + ", SHA-256 " + v.sha256()),
                    TableCell.of(v.classifier()), TableCell.num(String.valueOf(v.items())),
                    TableCell.num(String.valueOf(v.decided())), pct(v.accuracy()),
                    pct(v.recallWoman()), pct(v.recallMan()),
                    v.abstention().containsKey(PerceptionPolicy.UNCERTAIN)
                            ? pct(v.abstention().get(PerceptionPolicy.UNCERTAIN)) : TableCell.of(""),
                    v.abstention().containsKey(PerceptionPolicy.NO_FACE)
                            ? pct(v.abstention().get(PerceptionPolicy.NO_FACE)) : TableCell.of("")));
        }
        s.cellTable("Classifier error: perceived gender against labels, measured on labelled data (%, "
                        + pct(r.confidence()) + " Wilson intervals; recall: labelled women perceived as woman, "
                        + "labelled men as man)",
                List.of("labelled data", "classifier (settings)", "items", "decided", "accuracy (decided)",
                        "recall woman", "recall man", "uncertain", "no face"), vr);
        s.paragraph("Each record names the settings it was measured with; error measured on other images (tight "
                + "face crops, generated images) need not carry over to these photos. Accuracy is over the decided "
                + "items; uncertain and no face are reported apart, never counted as errors.");

        StringBuilder html = new StringBuilder();
        for (SamplePhotoGallery.Photo p : g.photos()) {
            String title = p.packageName() + "@" + p.version() + ": " + p.file();
            html.append("<figure class=\"sample-photo\" style=\"margin:1.4em 0 2.2em\">\n<img src=\"")
                    .append(photoUri(dir, p)).append("\" alt=\"").append(Html.escape("sample photo " + title))
                    .append("\" style=\"display:block;max-width:100%;height:auto\">\n<figcaption><strong>")
                    .append(Html.escape(title)).append("</strong>: ").append(Html.escape(p.outcome()))
                    .append("</figcaption>\n");
            if (!p.faces().isEmpty()) {
                html.append(faceTable(p));
            }
            html.append("</figure>\n");
        }
        s.rawTrustedHtml(html.toString());

        List<List<TableCell>> pr = new ArrayList<>();
        for (SamplePhotoGallery.Photo p : g.photos()) {
            pr.add(List.of(TableCell.of(p.packageName()), TableCell.of(p.version()), TableCell.of(p.license()),
                    TableCell.of(p.file()), TableCell.of(p.sha256()).withClass("mono"),
                    TableCell.num(p.width() + " x " + p.height()), TableCell.of(p.outcome())));
        }
        s.cellTable("The photos: npm package, version, license, file inside the package, SHA-256 (checked against "
                + "the model manifest), pixels perceived", List.of("package", "version", "license", "file", "SHA-256",
                "pixels", "outcome"), pr);
        s.paragraph("Weights of the perceiver (file: SHA-256):");
        s.definitionList(new LinkedHashMap<>(g.modelFiles()));
    }

    /** The per-face table of a photo; every piece of data escaped. */
    /** Entries of a map shown in full; a larger one is summarised and pointed to in results.json. */
    static final int SETTING_ENTRIES = 12;

    /**
     * A setting as a reader wants it: numbers to 4 significant digits, short maps and lists in one line,
     * long ones as a count with the place in results.json where they are in full.
     */
    static String setting(String path, Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d)
                    : new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros()
                            .toPlainString();
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() > SETTING_ENTRIES) {
                return map.size() + " entries (in full in results.json, " + path + ")";
            }
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(k + ": " + setting(path + "." + k, v)));
            return String.join(", ", parts);
        }
        if (value instanceof java.util.Collection<?> c) {
            if (c.size() > SETTING_ENTRIES) {
                return c.size() + " items (in full in results.json, " + path + ")";
            }
            return String.join(", ", c.stream().map(x -> setting(path, x)).toList());
        }
        return String.valueOf(value);
    }

    /** The last {@code biaslab gate} on this run (RUN/gate/gate.json), when there was one; text escaped. */
    private static void gateSection(HtmlPage page, RunDirectory dir) throws IOException {
        java.nio.file.Path f = dir.resolve("gate/gate.json");
        if (!java.nio.file.Files.isRegularFile(f)) {
            return;
        }
        com.fasterxml.jackson.databind.JsonNode g = org.biaslab.util.Json.mapper().readTree(f.toFile());
        HtmlSection s = page.section("gate", "Release gate: " + g.path("policy").asText() + " - "
                + g.path("verdict").asText());
        s.paragraph("The last `biaslab gate` on this run (" + g.path("policyFile").asText() + "); junit.xml and "
                + "summary.md are beside gate.json in the run's gate folder.");
        List<List<TableCell>> rows = new ArrayList<>();
        List<List<TableCell>> failing = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode r : g.path("rules")) {
            rows.add(List.of(TableCell.of(r.path("id").asText()), TableCell.of(r.path("rule").asText()),
                    TableCell.num(r.path("checks").asText()), TableCell.num(r.path("passed").asText()),
                    TableCell.num(r.path("failed").asText()), TableCell.num(r.path("notEvaluated").asText())));
            for (com.fasterxml.jackson.databind.JsonNode c : r.path("notPassed")) {
                failing.add(List.of(TableCell.of(r.path("id").asText()), TableCell.of(c.path("subject").asText()),
                        TableCell.of(c.path("outcome").asText()), TableCell.of(c.path("detail").asText())));
            }
        }
        s.cellTable("Rules", List.of("rule", "reads", "checks", "passed", "failed", "not evaluated"), rows);
        if (!failing.isEmpty()) {
            s.cellTable("Checks that did not pass", List.of("rule", "occupation", "outcome", "detail"), failing);
        }
    }

    /** Each alternative perceiver's readings of the same images against the main perceiver's. */
    private static void sensitivitySection(HtmlPage page, AuditResults r, String sim) {
        HtmlSection s = page.section("sensitivity", "Classifier sensitivity" + sim);
        s.paragraph("The same images read by another perceiver. Per occupation: the perceived woman share among decided "
                + "images under each, their difference (alternative - main) over the images both decided, with "
                + "Newcombe's paired interval and McNemar's exact test, Holm-adjusted across occupations (the code of "
                + "biaslab compare); and whether the occupation's conclusion about parity changes with the classifier. "
                + "Perceived gender is what a classifier infers from appearance; where two classifiers disagree, "
                + "neither number is the occupation's." + sim);
        for (ClassifierSensitivity c : r.sensitivity()) {
            String tol = fmt(100 * c.tolerance(), 0);
            s.paragraph(c.name() + " (" + c.perceiver().get("id") + "): the shares differ in " + c.moved() + " of "
                    + c.occupations().size() + " occupations (Holm); the conclusion about parity (" + tol + "-point "
                    + "tolerance) depends on the classifier in " + c.dependent() + ".");
            boolean labelled = c.occupations().stream().anyMatch(o -> o.mainTruth() != null);
            String ref = r.simulation() ? "declared truth" : "reference labels";
            List<String> h = new ArrayList<>(List.of("occupation", "main: % woman", c.name() + ": % woman",
                    c.name() + " - main (points, same images)", "p Holm", "no-face change (points)",
                    "conclusion (main)", "conclusion (" + c.name() + ")", "depends on the classifier"));
            if (labelled) {
                h.addAll(List.of("main - " + ref + " (points, same images)", c.name() + " - " + ref
                        + " (points, same images)", "agreement main / " + c.name() + " (%)"));
            }
            List<List<TableCell>> rows = new ArrayList<>();
            for (ClassifierSensitivity.Occupation o : c.occupations()) {
                List<TableCell> row = new ArrayList<>(List.of(TableCell.of(o.name()), pct(o.main()), pct(o.alternative()),
                        TableCell.num(text(o.difference().difference().scaled(100), 1)), TableCell.num(fmt(o.holm(), 3)),
                        TableCell.num(text(o.noFace().difference().scaled(100), 1)), TableCell.of(o.mainConclusion()),
                        TableCell.of(o.alternativeConclusion()),
                        o.dependsOnClassifier() ? TableCell.of("yes").withClass("warn") : TableCell.of("no")));
                if (labelled) {
                    row.add(TableCell.num(o.mainTruth() == null ? "-" : text(o.mainTruth().difference().scaled(100), 1)));
                    row.add(TableCell.num(o.alternativeTruth() == null ? "-"
                            : text(o.alternativeTruth().difference().scaled(100), 1)));
                    row.add(TableCell.num(o.mainTruth() == null || o.alternativeTruth() == null ? "-"
                            : fmt(100 * o.mainTruth().agreement().value(), 1) + " / "
                            + fmt(100 * o.alternativeTruth().agreement().value(), 1)));
                }
                rows.add(row);
            }
            s.cellTable(c.name() + " against the main perceiver" + sim, h, rows);
            s.note("Conclusion: women (men) beyond tolerance when the share's interval lies wholly above (below) "
                    + "50% +/- " + tol + " points; within tolerance when it lies wholly inside; else not determined.");
        }
    }

    /** Each intervention against the baseline, per occupation, as compare shows two runs. */
    private static void interventionsSection(HtmlPage page, AuditResults r, String sim) {
        HtmlSection s = page.section("interventions", "Prompt interventions against the baseline" + sim);
        s.paragraph("Each intervention ran every baseline image again with its prompt varied and the same seed; "
                + "per occupation the change in perceived woman share (variant - baseline, among images decided in "
                + "both) with Newcombe's paired interval and McNemar's exact test, Holm-adjusted across occupations "
                + "(the code of biaslab compare). \"Found with 80% power from\": the smallest change this test finds in "
                + "80% of repetitions at these sizes and discordance (alpha / occupations)." + sim);
        for (InterventionResult v : r.interventions()) {
            long moved = v.occupations().stream().filter(c -> c.moved()).count();
            s.paragraph(v.name() + (v.description().isEmpty() ? "" : ": " + v.description()) + " (" + v.images()
                    + " images, " + v.design() + "): " + moved + " of " + v.occupations().size() + " occupations moved.");
            List<String> h = new ArrayList<>(List.of("occupation", "baseline % woman", "variant % woman",
                    "variant - baseline (points)", "p Holm", "moved", "found with 80% power from (points)",
                    "no-face change (points)"));
            if (!v.declaredShares().isEmpty()) {
                h.add("declared true share: baseline -> variant");
            }
            List<List<TableCell>> rows = new ArrayList<>();
            for (var c : v.occupations()) {
                List<TableCell> row = new ArrayList<>(List.of(TableCell.of(c.name()), pct(c.womanShare().b()),
                        pct(c.womanShare().a()), TableCell.num(text(c.womanShare().difference().scaled(100), 1)),
                        TableCell.num(fmt(c.womanHolm(), 3)), TableCell.of(c.moved() ? "yes" : "no"),
                        TableCell.num(Double.isNaN(c.detectable()) ? "not found that often" : fmt(100 * c.detectable(), 1)),
                        TableCell.num(text(c.noFaceShare().difference().scaled(100), 1))));
                if (!v.declaredShares().isEmpty()) {
                    List<Double> d = v.declaredShares().get(c.occupationId());
                    row.add(TableCell.num(d == null ? "-" : fmt(100 * d.get(0), 1) + " -> " + fmt(100 * d.get(1), 1)));
                }
                rows.add(row);
            }
            s.cellTable(v.name() + " against the baseline" + sim, h, rows);
        }
    }

    private static String faceTable(SamplePhotoGallery.Photo p) {
        StringBuilder t = new StringBuilder("<div class=\"table-wrap\"><table class=\"cards\">\n<thead><tr>");
        List<String> head = List.of("#", "box x, y, w x h (px)", "detector score", "p(woman)", "perceived gender",
                "estimated skin tone: ITA (degrees)", "ITA category", "Monk tone", "skin pixels", "quality flags");
        for (String h : head) {
            t.append("<th scope=\"col\">").append(Html.escape(h)).append("</th>");
        }
        t.append("</tr></thead>\n<tbody>\n");
        int i = 0;
        for (SamplePhotoGallery.Face f : p.faces()) {
            i++;
            boolean skin = !f.itaCategory().isEmpty();
            t.append("<tr>").append(td(head.get(0), String.valueOf(i), true))
                    .append(td(head.get(1), fmt(f.x(), 0) + ", " + fmt(f.y(), 0) + ", " + fmt(f.w(), 0) + " x "
                            + fmt(f.h(), 0), true))
                    .append(td(head.get(2), fmt(f.score(), 3), true)).append(td(head.get(3), fmt(f.pWoman(), 3), true))
                    .append(td(head.get(4), f.gender(), false))
                    .append(td(head.get(5), skin ? fmt(f.ita(), 1) : "n/a", true))
                    .append(td(head.get(6), skin ? f.itaCategory() + " (" + fitzpatrick(f.itaCategory()) + ")"
                            : "no estimate", false));
            if (f.monkTone() >= 1 && f.monkTone() <= MonkScale.SWATCHES.size()) {
                t.append("<td data-label=\"").append(Html.escape(head.get(7))).append("\"><span style=\"display:inline-block;width:1.1em;height:1.1em;vertical-align:-0.2em;"
                        + "border:1px solid #888;margin-right:0.4em;background:")
                        .append(String.format(Locale.ROOT, "#%06x", MonkScale.SWATCHES.get(f.monkTone() - 1)))
                        .append("\"></span>").append(f.monkTone()).append(" (&#916;E00 ")
                        .append(Html.escape(fmt(f.monkDeltaE00(), 1))).append(")</td>");
            } else {
                t.append(td(head.get(7), "n/a", false));
            }
            t.append(td(head.get(8), String.valueOf(f.skinPixels()), true))
                    .append(td(head.get(9), f.skinFlags().isEmpty() ? "none" : String.join(", ", f.skinFlags()), false))
                    .append("</tr>\n");
        }
        return t.append("</tbody></table></div>\n").toString();
    }

    private static String td(String label, String text, boolean num) {
        return "<td data-label=\"" + Html.escape(label) + "\"" + (num ? " class=\"num\">" : ">") + Html.escape(text)
                + "</td>";
    }

    private static String fitzpatrick(String itaLabel) {
        for (ItaCategory c : ItaCategory.values()) {
            if (c.label().equals(itaLabel)) {
                return "type " + c.fitzpatrickStyle();
            }
        }
        return "?";
    }

    /** The report copy of a photo as a JPEG data URI, faces boxed and numbered. */
    static String photoUri(RunDirectory dir, SamplePhotoGallery.Photo p) throws IOException {
        Path file = SamplePhotoGallery.copy(dir, p.sha256());
        if (!Files.isRegularFile(file)) {
            throw new IOException("the report copy of sample photo " + p.packageName() + "@" + p.version() + " "
                    + p.file() + " is missing: " + file + " (run the experiment again to perceive the photos anew)");
        }
        BufferedImage src = ImageIO.read(file.toFile());
        if (src == null) {
            throw new IOException("the report copy " + file + " of sample photo " + p.file() + " does not decode");
        }
        BufferedImage t = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        double k = (double) src.getWidth() / p.width();
        Graphics2D g = t.createGraphics();
        try {
            g.drawImage(src, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setStroke(new BasicStroke(2));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            int i = 0;
            for (SamplePhotoGallery.Face f : p.faces()) {
                i++;
                Color c = switch (f.gender()) {
                    case PerceptionPolicy.WOMAN -> Color.MAGENTA;
                    case PerceptionPolicy.MAN -> Color.CYAN;
                    default -> Color.YELLOW;
                };
                int x = (int) Math.round(f.x() * k);
                int y = (int) Math.round(f.y() * k);
                g.setColor(c);
                g.drawRect(x, y, (int) Math.round(f.w() * k), (int) Math.round(f.h() * k));
                String label = String.valueOf(i);
                var fm = g.getFontMetrics();
                int lw = fm.stringWidth(label) + 6;
                int lh = fm.getAscent() + 2;
                int ly = Math.max(0, y - lh);
                g.fillRect(x, ly, lw, lh);
                g.setColor(Color.BLACK);
                g.drawString(label, x + 3, ly + fm.getAscent());
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(t, "jpg", out);
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** A small JPEG data URI of the image with face boxes drawn; null when the image does not decode. */
    static String thumbnail(byte[] bytes, List<ImageRow.Face> faces) throws java.io.IOException {
        BufferedImage src = ImageIO.read(new ByteArrayInputStream(bytes));
        if (src == null) {
            return null;
        }
        double k = (double) THUMB / Math.max(src.getWidth(), src.getHeight());
        int w = Math.max(1, (int) Math.round(src.getWidth() * k));
        int h = Math.max(1, (int) Math.round(src.getHeight() * k));
        BufferedImage t = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = t.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, h, null);
            g.setStroke(new BasicStroke(2));
            for (ImageRow.Face f : faces) {
                g.setColor(switch (f.gender()) {
                    case PerceptionPolicy.WOMAN -> Color.MAGENTA;
                    case PerceptionPolicy.MAN -> Color.CYAN;
                    default -> Color.YELLOW;
                });
                g.drawRect((int) Math.round(f.x() * k), (int) Math.round(f.y() * k), (int) Math.round(f.w() * k),
                        (int) Math.round(f.h() * k));
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(t, "jpg", out);
        return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /**
     * The gallery: per occupation the images perception disagrees with the reference label on, those
     * with no face, those in the uncertain band (each up to {@code gallery}, half that for no face and
     * uncertain) and then others up to {@code gallery}; each tile with its boxes, perceived outcome,
     * p(woman) and reference label. Radio buttons filter by kind with CSS alone (no script needed).
     */
    static void gallerySection(HtmlPage page, AuditResults r, List<ImageRow> rows, RunStore store, int gallery,
            String sim) throws Exception {
        HtmlSection gal = page.section("gallery", "Gallery" + sim);
        String ref = r.simulation() ? "declared truth" : "reference label";
        long[] totals = new long[3];
        StringBuilder body = new StringBuilder();
        for (AuditResults.Occupation o : r.occupations()) {
            List<ImageRow> mine = rows.stream().filter(x -> x.occupationId().equals(o.occupationId())
                    && x.listId().equals(o.listId()) && !x.sha256().isEmpty()).toList();
            List<ImageRow> shown = new ArrayList<>();
            int[] quota = {gallery, Math.max(1, gallery / 2), Math.max(1, gallery / 2)};
            int[] taken = new int[3];
            for (ImageRow x : mine) {
                int k = galleryKind(x);
                if (k >= 0) {
                    totals[k]++;
                    if (taken[k] < quota[k]) {
                        taken[k]++;
                        shown.add(x);
                    }
                }
            }
            int others = 0;
            for (ImageRow x : mine) {
                if (galleryKind(x) < 0 && others < gallery) {
                    others++;
                    shown.add(x);
                }
            }
            shown.sort(java.util.Comparator.comparingInt(mine::indexOf));
            body.append("<h3>").append(Html.escape(o.name())).append("</h3>\n<div class=\"gallery\">");
            for (ImageRow x : shown) {
                String uri = thumbnail(store.readImage(x.sha256()), x.faces());
                if (uri == null) {
                    continue;
                }
                int k = galleryKind(x);
                StringBuilder cap = new StringBuilder("perceived: ").append(x.outcome().isEmpty() ? "not perceived"
                        : x.outcome());
                if (!x.faces().isEmpty()) {
                    cap.append(String.format(Locale.ROOT, " (p woman %.2f)", x.faces().get(0).pWoman()));
                }
                if (!x.truth().isEmpty()) {
                    cap.append("; ").append(ref).append(": ").append(x.truth());
                }
                if (!x.faces().isEmpty() && !x.faces().get(0).itaCategory().isEmpty()) {
                    cap.append("; ITA ").append(x.faces().get(0).itaCategory());
                }
                body.append("<figure class=\"tile").append(k == 0 ? " t-dis" : k == 1 ? " t-noface" : k == 2
                        ? " t-unc" : "").append("\"><img src=\"").append(uri).append("\" alt=\"")
                        .append(Html.escape(x.prompt())).append("\" width=\"").append(THUMB).append("\"><figcaption>")
                        .append(Html.escape(cap.toString())).append("</figcaption></figure>");
            }
            body.append("</div>\n");
        }
        gal.paragraph("Per occupation: the images perception disagrees with the " + ref + " on (up to " + gallery
                + "), those with no face and those in the uncertain band (up to " + Math.max(1, gallery / 2)
                + " each), then others (up to " + gallery + "). Detected faces are boxed (magenta: perceived woman, "
                + "cyan: perceived man, yellow: uncertain)." + sim);
        StringBuilder html = new StringBuilder("<div class=\"gallery-filter\">\n");
        String[][] filters = {{"gf-all", "all shown"}, {"gf-dis", "disagreements with the " + ref + " (" + totals[0]
                + " in the run)"}, {"gf-noface", "no face (" + totals[1] + ")"}, {"gf-unc", "uncertain (" + totals[2]
                + ")"}};
        for (int i = 0; i < filters.length; i++) {
            html.append("<input type=\"radio\" name=\"gallery-filter\" id=\"").append(filters[i][0]).append('"')
                    .append(i == 0 ? " checked" : "").append("><label for=\"").append(filters[i][0]).append("\">")
                    .append(Html.escape(filters[i][1])).append("</label>\n");
        }
        html.append("<div class=\"gallery-body\">\n").append(body).append("</div>\n</div>\n");
        gal.rawTrustedHtml(html.toString());
    }

    /** 0: perceived gender differs from the reference label, 1: no face, 2: uncertain, -1: other. */
    private static int galleryKind(ImageRow x) {
        boolean decided = x.outcome().equals(PerceptionPolicy.WOMAN) || x.outcome().equals(PerceptionPolicy.MAN);
        if (decided && (x.truth().equals("woman") || x.truth().equals("man")) && !x.truth().equals(x.outcome())) {
            return 0;
        }
        return x.outcome().equals(PerceptionPolicy.NO_FACE) ? 1 : x.outcome().equals(PerceptionPolicy.UNCERTAIN) ? 2
                : -1;
    }

    /** The object stage's split of "no face": a chart of the three outcomes and the table. */
    private static void objectSplit(HtmlSection g, AuditResults r, List<String> occ, RunDirectory dir, String sim)
            throws java.io.IOException {
        List<List<TableCell>> split = new ArrayList<>();
        int k = r.objects().occupations().size();
        double[][] v = new double[3][k];
        double[][] lo = new double[3][k];
        double[][] hi = new double[3][k];
        for (int i = 0; i < k; i++) {
            AuditResults.ObjectOccupation o = r.objects().occupations().get(i);
            long noPerson = Math.round(o.noPerson().value() * o.n());
            long notReadable = Math.round(o.faceNotReadable().value() * o.n());
            Estimate noFace = org.biaslab.metric.Intervals.wilson(noPerson + notReadable, o.n(), r.confidence());
            Estimate face = org.biaslab.metric.Intervals.wilson(o.n() - noPerson - notReadable, o.n(), r.confidence());
            Estimate[] parts = {face, o.faceNotReadable(), o.noPerson()};
            for (int j = 0; j < 3; j++) {
                v[j][i] = parts[j].defined() ? parts[j].value() : Double.NaN;
                lo[j][i] = parts[j].defined() ? parts[j].lower() : Double.NaN;
                hi[j][i] = parts[j].defined() ? parts[j].upper() : Double.NaN;
            }
            split.add(List.of(TableCell.of(r.occupations().get(i).name()), TableCell.num(String.valueOf(o.n())),
                    pct(noFace), pct(o.noPerson()), pct(o.faceNotReadable())));
        }
        String[] names = {"face perceived", ObjectStage.FACE_NOT_READABLE, ObjectStage.NO_PERSON};
        List<Series> ss = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            ss.add(new Series(names[j], v[j], lo[j], hi[j]));
        }
        Chart c = Charts.stackedBar("Who is in the images" + sim, "share of images", occ, ss);
        c.writeTo(dir.resolve("charts"), "people");
        g.figure(c, "Per occupation, the images where face perception read a face, where the object detector "
                + r.objects().detector() + " found a person whose face is not readable, and where it found no person; "
                + "whiskers are " + pct(r.confidence()) + " Wilson intervals" + sim + " (charts/people.svg).");
        g.cellTable("\"No face\" split by the object detector " + r.objects().detector() + ": no person detected, "
                + "or a person whose face perception found no face; shares of the images both read, "
                + pct(r.confidence()) + " Wilson intervals" + sim, List.of("occupation", "images", "% no face",
                "% no person", "% person, face not readable"), split);
        g.paragraph("\"No face\" = no person + a person whose face is not readable. The perceived shares above "
                + "leave out both; only the second are people the audit does not see.");
    }

    /** Skewed objects shown per direction and occupation, and the least images an object needs to be shown. */
    static final int SKEWED_SHOWN = 3;
    static final int SKEWED_MIN_IMAGES = 5;

    /**
     * Object x perceived gender: per occupation, the objects most tied to images perceived as women
     * and as men; bias amplification against the COCO reference over all images and per occupation.
     */
    private static void objectGender(HtmlPage page, AuditResults r, List<ImageRow> rows, RunStore store, String sim)
            throws Exception {
        AuditResults.ObjectSplit os = r.objects();
        HtmlSection s = page.section("objects", "Objects and perceived gender" + sim);
        AuditResults.ObjectGender all = os.all();
        var a = all.amplification();
        s.paragraph("Objects found by " + os.detector() + " in the images perceived as a woman ("
                + all.cooccurrence().womenImages() + ") or a man (" + all.cooccurrence().menImages() + "), person "
                + "excluded. Bias amplification (Zhao et al., EMNLP 2017) against " + os.reference().women()
                + " + " + os.reference().men() + " real photos (" + os.reference().source() + "), over the "
                + a.terms().size() + " classes with at least " + os.reference().minImages() + " reference images "
                + "that are found here: BA = " + text(a.value(), 3) + "; group-normalised BA = "
                + text(a.normalised(), 3) + " (" + pct(r.confidence()) + " bootstrap intervals over images). Zhao's "
                + "BA counts images, so it also moves with the share of women among the images (the reference is "
                + fmt(100.0 * os.reference().women() / (os.reference().women() + os.reference().men()), 0)
                + "% women); the normalised form compares shares within each group, so it asks only whether an "
                + "object is more tied to one group than in real photos. Above 0: the images tie objects to the "
                + "group the photos already tie them to more strongly." + sim);
        List<List<TableCell>> table = new ArrayList<>();
        for (int i = 0; i < os.occupations().size(); i++) {
            AuditResults.ObjectGender og = os.occupations().get(i).gender();
            table.add(List.of(TableCell.of(r.occupations().get(i).name()),
                    TableCell.num(og.cooccurrence().womenImages() + " / " + og.cooccurrence().menImages()),
                    TableCell.of(skewed(og.cooccurrence(), true)), TableCell.of(skewed(og.cooccurrence(), false)),
                    est(og.amplification().normalised(), 3)));
        }
        table.add(List.of(TableCell.of("all occupations"),
                TableCell.num(all.cooccurrence().womenImages() + " / " + all.cooccurrence().menImages()),
                TableCell.of(skewed(all.cooccurrence(), true)), TableCell.of(skewed(all.cooccurrence(), false)),
                est(a.normalised(), 3)));
        s.cellTable("Objects most tied to images perceived as women / as men: % of each group's images that "
                + "contain the object (women vs men), with the " + pct(r.confidence()) + " Newcombe interval of "
                + "the difference; objects in at least " + SKEWED_MIN_IMAGES + " images, at most " + SKEWED_SHOWN
                + " per direction; * where the difference stays after Holm's correction over the objects seen" + sim,
                List.of("occupation", "images women / men", "more often with women", "more often with men",
                        "group-normalised BA"), table);
        List<List<TableCell>> terms = new ArrayList<>();
        for (var t : a.terms().stream().filter(t -> !t.favours().isEmpty() && t.women() + t.men() >= SKEWED_MIN_IMAGES)
                .limit(10).toList()) {
            terms.add(List.of(TableCell.of(t.object()), TableCell.of(t.favours()),
                    TableCell.num(t.referenceWomen() + " / " + t.referenceMen()),
                    TableCell.num(t.women() + " / " + t.men()), TableCell.num(fmt(t.reference(), 3)),
                    TableCell.num(fmt(t.found(), 3)), TableCell.num(fmt(t.amplification(), 3))));
        }
        if (!terms.isEmpty()) {
            s.cellTable("The objects adding most to BA over all occupations (those in at least " + SKEWED_MIN_IMAGES
                    + " images): b* = the favoured group's share of the reference photos naming the object, b~ = its "
                    + "share of the images here containing it; occupations are pooled, so an object of an occupation "
                    + "drawn mostly as one gender goes with that gender" + sim,
                    List.of("object", "reference favours", "reference women / men", "here women / men", "b*", "b~",
                            "b~ - b*"), terms);
        }
        objectExamples(s, r, rows, store, sim);
    }

    /** Example images shown per skewed object. */
    static final int OBJECT_EXAMPLES = 2;

    /**
     * Per occupation and skewed object (as in the table), up to {@value #OBJECT_EXAMPLES} images of the
     * group it goes with that contain it, the object's boxes drawn (magenta: an image perceived as a
     * woman, cyan: as a man).
     */
    private static void objectExamples(HtmlSection s, AuditResults r, List<ImageRow> rows, RunStore store, String sim)
            throws Exception {
        String detector = r.objects().detector();
        StringBuilder body = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < r.objects().occupations().size(); i++) {
            AuditResults.ObjectOccupation oo = r.objects().occupations().get(i);
            StringBuilder tiles = new StringBuilder();
            for (boolean women : new boolean[] {true, false}) {
                String outcome = women ? PerceptionPolicy.WOMAN : PerceptionPolicy.MAN;
                for (var o : oo.gender().cooccurrence().mostSkewed(women, SKEWED_MIN_IMAGES, SKEWED_SHOWN)) {
                    List<ImageRow> with = rows.stream().filter(x -> x.listId().equals(oo.listId())
                            && x.occupationId().equals(oo.occupationId()) && x.outcome().equals(outcome)
                            && x.objects().contains(o.object())).limit(OBJECT_EXAMPLES).toList();
                    for (ImageRow x : with) {
                        var rec = store.perception(x.sha256(), detector);
                        if (rec.isEmpty() || rec.get().faces().isEmpty()) {
                            continue;
                        }
                        List<ImageRow.Face> boxes = new ArrayList<>();
                        for (ObjectStage.Found f : org.biaslab.util.Json.mapper().readValue(rec.get().faces().get(),
                                ObjectStage.Found[].class)) {
                            if (f.label().equals(o.object())) {
                                boxes.add(new ImageRow.Face(f.x(), f.y(), f.w(), f.h(), Double.NaN, outcome, "", 0,
                                        false));
                            }
                        }
                        String uri = thumbnail(store.readImage(x.sha256()), boxes);
                        if (uri == null) {
                            continue;
                        }
                        shown++;
                        tiles.append("<figure class=\"tile\"><img src=\"").append(uri).append("\" alt=\"")
                                .append(Html.escape(x.prompt())).append("\" width=\"").append(THUMB)
                                .append("\"><figcaption>").append(Html.escape(o.object() + " (boxed), perceived "
                                        + outcome + "; more often with " + (women ? "women" : "men") + " here"))
                                .append("</figcaption></figure>");
                    }
                }
            }
            if (tiles.length() > 0) {
                body.append("<h3>").append(Html.escape(r.occupations().get(i).name())).append("</h3>\n<div class=\"gallery\">")
                        .append(tiles).append("</div>\n");
            }
        }
        if (shown > 0) {
            s.paragraph("Examples: for each object in the table above, up to " + OBJECT_EXAMPLES + " images of the "
                    + "perceived gender it goes with, the object's boxes drawn by " + detector + " (magenta: the "
                    + "image is perceived as a woman, cyan: as a man)." + sim);
            s.rawTrustedHtml(body.toString());
        }
    }

    /** "laptop 12% vs 3% (+9 [2, 16])*" for the most skewed objects in one direction. */
    private static String skewed(org.biaslab.metric.ImageObjectGender.Cooccurrence c, boolean women) {
        List<String> out = new ArrayList<>();
        for (var o : c.mostSkewed(women, SKEWED_MIN_IMAGES, SKEWED_SHOWN)) {
            Estimate d = o.shares().difference();
            out.add(o.object() + " " + fmt(100 * o.shares().a().value(), 0) + "% vs " + fmt(100 * o.shares().b().value(), 0)
                    + "% (" + (d.value() > 0 ? "+" : "") + fmt(100 * d.value(), 0) + " [" + fmt(100 * d.lower(), 0) + ", "
                    + fmt(100 * d.upper(), 0) + "])" + (o.holmP() < 0.05 ? "*" : ""));
        }
        return out.isEmpty() ? "none in " + SKEWED_MIN_IMAGES + "+ images" : String.join("; ", out);
    }

    /** Each occupation's perceived woman share among decided images (a bound or the value), in percent. */
    private static double[] scaled(AuditResults r, java.util.function.ToDoubleFunction<Estimate> part) {
        return r.occupations().stream().mapToDouble(o -> o.womanAmongDecided().defined()
                ? 100 * part.applyAsDouble(o.womanAmongDecided()) : Double.NaN).toArray();
    }

    static TableCell pct(Estimate e) {
        if (!e.defined()) {
            return TableCell.of("undefined (n = " + e.n() + ")").withClass("muted");
        }
        return TableCell.num(fmt(100 * e.value(), 1) + " [" + fmt(100 * e.lower(), 1) + ", " + fmt(100 * e.upper(), 1)
                + "]", "n = " + e.n() + ", " + e.method());
    }

    static String pct(double confidence) {
        return fmt(100 * confidence, 0) + "%";
    }

    private static TableCell est(Estimate e, int digits) {
        if (!e.defined()) {
            return TableCell.of("undefined (n = " + e.n() + ")").withClass("muted");
        }
        return TableCell.num(text(e, digits), "n = " + e.n() + ", " + e.method());
    }

    static String text(Estimate e, int digits) {
        if (!e.defined()) {
            return "undefined (n = " + e.n() + ")";
        }
        return fmt(e.value(), digits) + " [" + fmt(e.lower(), digits) + ", " + fmt(e.upper(), digits) + "]";
    }

    static String fmt(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
