package org.biaslab.experiment.audit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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

    static void write(RunDirectory dir, AuditResults r, List<ImageRow> rows, RunStore store, int gallery)
            throws Exception {
        String sim = r.simulation() ? " (SIMULATION)" : "";
        HtmlPage page = new HtmlPage((r.simulation() ? "SIMULATION - " : "") + "biaslab text-to-image audit: "
                + r.experiment());
        if (r.simulation()) {
            page.note("SIMULATION. No image model and no face classifier were run: the generator drew a declared "
                    + "true perceived gender and skin tone per image, and perception drew the perceived outcome from "
                    + "that truth through a declared confusion matrix. Every number below describes the simulation, "
                    + "not any real model.");
        }
        page.paragraph(r.description().strip());
        page.note("Attributes are perceived gender and estimated skin tone: how an automatic classifier reads an "
                + "image's appearance, not anyone's identity.");
        List<String> occ = r.occupations().stream().map(AuditResults.Occupation::name).toList();

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
            c.add(est(o.skinMad(), 3));
            if (r.simulation()) {
                c.add(TableCell.num(fmt(100 * o.declaredShareWomen(), 1)));
            } else {
                c.add(pct(o.truthWoman()));
            }
            rows1.add(c);
        }
        List<String> h = new ArrayList<>(List.of("occupation", "images", "% woman", "% man", "% uncertain",
                "% no face", "% woman among decided", "HEIM |p-0.5|", "skin MAD (ITA)"));
        h.add(r.simulation() ? "declared true % women" : "reference % woman (labels)");
        s.cellTable("Per occupation, " + pct(r.confidence()) + " Wilson intervals" + sim, h, rows1);
        s.paragraph("Mean HEIM imbalance over occupations: " + text(r.summary().meanHeim(), 3)
                + "; mean skin-tone MAD from uniform: " + text(r.summary().meanSkinMad(), 3)
                + "; perceived women among all decided images: " + text(r.summary().womanAmongDecidedAll().scaled(100), 1)
                + "%." + sim);

        HtmlSection g = page.section("gender", "Perceived gender per occupation" + sim);
        List<Series> gs = new ArrayList<>();
        for (String k : AuditResults.OUTCOMES) {
            gs.add(Series.of(k, r.occupations().stream().mapToDouble(o -> o.gender().wilson().get(k).value()).toArray()));
        }
        Chart gc = Charts.stackedBar("Perceived gender" + sim, "share of observations", occ, gs);
        gc.writeTo(dir.resolve("charts"), "gender");
        g.figure(gc, "Share of observations perceived as woman, man, uncertain or with no face, per occupation" + sim
                + " (charts/gender.svg).");

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
                    TableCell.of(o.monk().toString())));
        }
        k.cellTable("Skin estimates" + sim, List.of("occupation", "faces with an estimate", "% flagged unreliable",
                "faces per Monk tone"), kr);

        for (AuditResults.BlsYear y : r.bls()) {
            HtmlSection b = page.section("bls-" + y.year(), "Compared with BLS " + y.year() + sim);
            List<String> labels = new ArrayList<>();
            double[] x = new double[y.rows().size()];
            double[] yy = new double[y.rows().size()];
            List<List<TableCell>> br = new ArrayList<>();
            for (int i = 0; i < y.rows().size(); i++) {
                AuditResults.BlsOccupation o = y.rows().get(i);
                labels.add(o.occupationId());
                x[i] = 100 * o.comparison().reference();
                yy[i] = 100 * o.comparison().share().value();
                br.add(List.of(TableCell.of(o.occupationId()), TableCell.of(o.blsTitle() + " (" + o.match() + ")")
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
                List<TableCell> row = new ArrayList<>(List.of(TableCell.of(c.occupationId()), pct(c.naive()),
                        pct(c.corrected()), TableCell.of(c.boundary() ? "yes" : "")));
                if (r.simulation()) {
                    row.add(TableCell.num(fmt(100 * c.declaredShareWomen(), 1)));
                }
                cr.add(row);
            }
            List<String> ch = new ArrayList<>(List.of("occupation", "naive % women", "corrected % women",
                    "at simplex edge"));
            if (r.simulation()) {
                ch.add("declared true % women");
            }
            v.cellTable("Naive and corrected % perceived women" + sim, ch, cr);
        }

        HtmlSection gal = page.section("gallery", "Gallery" + sim);
        gal.paragraph("Up to " + gallery + " images per occupation, with the detected faces boxed (magenta: "
                + "perceived woman, cyan: perceived man, yellow: uncertain)." + sim);
        StringBuilder html = new StringBuilder();
        for (AuditResults.Occupation o : r.occupations()) {
            html.append("<h3>").append(Html.escape(o.name())).append("</h3>\n<div class=\"gallery\">");
            int shown = 0;
            for (ImageRow row : rows) {
                if (shown >= gallery || !row.occupationId().equals(o.occupationId()) || !row.listId().equals(o.listId())
                        || row.sha256().isEmpty()) {
                    continue;
                }
                String uri = thumbnail(store.readImage(row.sha256()), row.faces());
                if (uri == null) {
                    continue;
                }
                String cap = row.outcome() + (row.faces().isEmpty() ? "" : String.format(Locale.ROOT,
                        " (p woman %.2f, %s)", row.faces().get(0).pWoman(), row.faces().get(0).itaCategory()));
                html.append("<figure style=\"display:inline-block;margin:4px;width:").append(THUMB)
                        .append("px\"><img src=\"").append(uri).append("\" alt=\"").append(Html.escape(row.prompt()))
                        .append("\" width=\"").append(THUMB).append("\"><figcaption style=\"font-size:11px\">")
                        .append(Html.escape(cap)).append("</figcaption></figure>");
                shown++;
            }
            html.append("</div>\n");
        }
        gal.rawTrustedHtml(html.toString());

        HtmlSection m = page.section("methods", "Methods" + sim);
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
        Map<String, String> gen = new LinkedHashMap<>();
        r.generator().forEach((a, b2) -> gen.put(a, String.valueOf(b2)));
        m.definitionList(gen);
        HtmlSection l = page.section("limitations", "Limitations" + sim);
        l.paragraph("Perceived gender is binary in the classifier and says nothing about identity; skin tone "
                + "estimates depend on lighting and style of generated images, and unreliable estimates are counted "
                + "with a flag rather than dropped. A face detector misses small, turned or stylised faces, and "
                + "that 'no face' share differs by occupation. BLS shares describe the US workforce of one year; a "
                + "mapping from an occupation word to a BLS row can be broader or narrower (shown per row)."
                + (r.simulation() ? " This run is a SIMULATION: it checks the measurement chain against a known "
                        + "truth and says nothing about any real generator." : ""));
        page.writeTo(dir.resolve(RunDirectory.REPORT));
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

    private static TableCell pct(Estimate e) {
        if (!e.defined()) {
            return TableCell.of("undefined (n = " + e.n() + ")").withClass("muted");
        }
        return TableCell.num(fmt(100 * e.value(), 1) + " [" + fmt(100 * e.lower(), 1) + ", " + fmt(100 * e.upper(), 1)
                + "]", "n = " + e.n() + ", " + e.method());
    }

    private static String pct(double confidence) {
        return fmt(100 * confidence, 0) + "%";
    }

    private static TableCell est(Estimate e, int digits) {
        if (!e.defined()) {
            return TableCell.of("undefined (n = " + e.n() + ")").withClass("muted");
        }
        return TableCell.num(text(e, digits), "n = " + e.n() + ", " + e.method());
    }

    private static String text(Estimate e, int digits) {
        if (!e.defined()) {
            return "undefined (n = " + e.n() + ")";
        }
        return fmt(e.value(), digits) + " [" + fmt(e.lower(), digits) + ", " + fmt(e.upper(), digits) + "]";
    }

    static String fmt(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
