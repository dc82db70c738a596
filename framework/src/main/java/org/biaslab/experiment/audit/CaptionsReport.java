package org.biaslab.experiment.audit;

import static org.biaslab.experiment.audit.AuditReport.pct;
import static org.biaslab.experiment.audit.AuditReport.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biaslab.metric.CaptionGenderError;
import org.biaslab.metric.ImageCaptionBias;
import org.biaslab.report.Html;
import org.biaslab.report.HtmlPage;
import org.biaslab.report.HtmlSection;
import org.biaslab.report.TableCell;
import org.biaslab.store.CaptionRecord;
import org.biaslab.store.RunStore;

/**
 * The audit report's "Captions" section: what the captioner says about the generated images, against
 * their perceived gender (and reference labels when the run has them), the words most skewed towards
 * one perceived gender, per occupation, and example captions beside their images. Every caption is
 * untrusted text and escaped.
 */
final class CaptionsReport {
    private CaptionsReport() {}

    static void section(HtmlPage page, AuditResults r, List<ImageRow> rows, RunStore store,
            Map<String, String> debiased, String runSim) throws Exception {
        CaptionResults c = r.captions();
        String sim = !runSim.isEmpty() || c.simulation() ? " (SIMULATION)" : "";
        HtmlSection s = page.section("captions", "Captions" + sim);
        if (c.simulation()) {
            s.note("SIMULATION. The captions were drawn from a declared grammar with declared rates of person words "
                    + "and context words per declared true gender; no captioning model was run.");
        }
        if (c.captioner() != null && Boolean.TRUE.equals(c.captioner().get("template"))) {
            s.note("TEMPLATE CAPTIONS. No captioning model was run: each caption was written from a fixed template "
                    + "out of the objects detected and the faces perceived in the image (captioner 'detections'). "
                    + "They measure the detector and the perceiver, not a captioner; a caption's gender agrees with "
                    + "the perceived gender by construction.");
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("captioner", c.captionerId());
        d.put("images captioned", c.captioned() + " of " + c.images());
        d.put("captions failed", c.failed() + (c.failed() > 0 ? " (errors in captions.csv)" : ""));
        d.put("captions reading like a refusal", String.valueOf(c.refusalLike()));
        s.definitionList(d);
        s.note(c.note());

        List<List<TableCell>> gw = new ArrayList<>();
        genderRows(gw, "perceived", c.perceived());
        if (c.reference() != null) {
            genderRows(gw, c.referenceSource(), c.reference());
        }
        s.cellTable("The captioner's gender words by the image's label, " + pct(r.confidence()) + " Wilson intervals"
                + sim, List.of("label from", "images labelled", "images", "% female words", "% male words",
                        "% neutral person words", "% no person word", "% both", "error (other gender's words)"), gw);

        for (String label : List.of(ImageCaptionBias.WOMAN, ImageCaptionBias.MAN)) {
            List<List<TableCell>> wr = new ArrayList<>();
            for (ImageCaptionBias.Word w : c.perceived().mostSkewedTowards(label, 10)) {
                wr.add(List.of(TableCell.of(w.word()), TableCell.num(String.valueOf(w.woman())),
                        TableCell.num(String.valueOf(w.man())), pct(w.rateWoman()), pct(w.rateMan()),
                        TableCell.num(text(w.skew().scaled(100), 1)),
                        TableCell.num(String.format(Locale.ROOT, "%.3g", w.pValue()))));
            }
            if (wr.isEmpty()) {
                s.paragraph("No context word in at least " + c.perceived().minCount() + " labelled captions is "
                        + "more frequent on images perceived as " + (label.equals("woman") ? "women" : "men") + ".");
                continue;
            }
            s.cellTable("Context words most skewed towards images perceived as "
                    + (label.equals("woman") ? "women" : "men") + sim + " (at least " + c.perceived().minCount()
                    + " labelled captions; skew = rate on perceived women - rate on perceived men, percentage points, "
                    + "Newcombe interval; not corrected for multiple comparisons)",
                    List.of("word", "captions (perceived women)", "captions (perceived men)", "% of perceived women",
                            "% of perceived men", "skew (points)", "p"), wr);
        }

        if (!c.leakage().isEmpty()) {
            List<List<TableCell>> lr = new ArrayList<>();
            for (CaptionResults.LeakageRow row : c.leakage()) {
                var x = row.result();
                lr.add(List.of(TableCell.of(row.labels().equals("perceived") ? "perceived gender"
                        : c.referenceSource()), TableCell.of(x.classifier()), TableCell.num(String.valueOf(x.seeds())),
                        TableCell.num(text(x.lic(), 1)), TableCell.num(text(x.accuracy(), 1)),
                        TableCell.num(x.error().isEmpty() ? x.trainPerClass() + " / " + x.testPerClass() : "-"),
                        TableCell.of(x.error())));
            }
            s.cellTable("Leakage: a classifier predicts the label from the captions with gender words masked (LIC "
                    + "score x100, mean over seeds, bootstrap interval; about 25 to 50 is chance for two balanced "
                    + "classes, so read it with the accuracy)" + sim, List.of("label", "classifier", "seeds",
                            "LIC (captions under audit)", "accuracy %", "train / test per class", "not computed"), lr);
            if (!c.cocoLeakage().isEmpty()) {
                List<List<TableCell>> cr = new ArrayList<>();
                for (CaptionResults.CocoLeakage x : c.cocoLeakage()) {
                    cr.add(List.of(TableCell.of(x.experiment() + " (" + x.source() + ")"), TableCell.of(x.model()),
                            TableCell.of(x.classifier()), TableCell.of(x.protocol()), TableCell.num(text(x.licD(), 1))));
                }
                s.cellTable("For comparison, ANOTHER IMAGE SET: leakage of perceived gender through COCO human "
                        + "captions (LIC_D of a caption-bias run); not subtracted from the numbers above",
                        List.of("caption-bias run", "vocabulary of model", "classifier", "protocol", "LIC_D"), cr);
            }
        }

        if (c.debiasing() != null) {
            CaptionDebiasing.Result db = c.debiasing();
            s.paragraph("Debiased with the LIBRA-style caption generator " + db.model() + " (mask rate "
                    + db.maskRate() + ", edit margin " + db.editMargin() + "), each image's perception as its evidence ("
                    + db.withEvidence() + " of " + db.images() + " images had a face; the others got none). Captions "
                    + "changed: " + text(db.changed().scaled(100), 1) + "%." + sim);
            List<List<TableCell>> dr = new ArrayList<>();
            debiasRows(dr, "perceived", c.perceived(), db.perceived());
            if (c.reference() != null && db.reference() != null) {
                debiasRows(dr, c.referenceSource(), c.reference(), db.reference());
            }
            s.cellTable("Before and after debiasing: error (the caption states the other gender) and neutral "
                    + "captions, " + pct(r.confidence()) + " Wilson intervals" + sim, List.of("label from", "label",
                            "error before", "error after", "% neutral before", "% neutral after"), dr);
        }

        Map<String, String> names = new LinkedHashMap<>();
        r.occupations().forEach(o -> names.put(o.occupationId(), o.name()));
        List<List<TableCell>> orows = new ArrayList<>();
        for (ImageCaptionBias.Occupation o : c.perceived().occupations()) {
            StringBuilder w = new StringBuilder();
            for (ImageCaptionBias.Word x : o.words()) {
                if (!x.skew().defined()) continue;
                w.append(w.length() == 0 ? "" : ", ").append(x.word()).append(String.format(Locale.ROOT, " (%+.0f)",
                        100 * x.skew().value()));
            }
            orows.add(List.of(TableCell.of(names.getOrDefault(o.occupationId(), o.occupationId())),
                    TableCell.num(String.valueOf(o.images())), TableCell.num(String.valueOf(o.femaleCaptions())),
                    TableCell.num(String.valueOf(o.maleCaptions())), pct(o.femaleAmongGendered()), pct(o.errorRate()),
                    TableCell.of(w.toString())));
        }
        s.cellTable("Per occupation, images perceived as a woman or a man" + sim + "; the most skewed context words "
                + "within the occupation (skew in points: + towards perceived women, - towards perceived men)",
                List.of("occupation", "images", "female-word captions", "male-word captions",
                        "% female among gendered captions", "error against perceived gender", "most skewed words"),
                orows);

        Map<String, CaptionRecord> bySha = CaptionResults.byImage(store.captions(), c.captionerId());
        StringBuilder html = new StringBuilder("<div class=\"gallery\">");
        Map<String, Integer> shown = new LinkedHashMap<>();
        for (ImageRow row : rows) {
            CaptionRecord rec = row.sha256().isEmpty() ? null : bySha.get(row.sha256());
            if (rec == null || !rec.ok() || shown.merge(row.occupationId(), 1, Integer::sum) > 2) {
                continue;
            }
            String uri = AuditReport.thumbnail(store.readImage(row.sha256()), row.faces());
            html.append("<figure style=\"display:inline-block;margin:4px;width:160px;vertical-align:top\">");
            if (uri != null) {
                html.append("<img src=\"").append(uri).append("\" alt=\"").append(Html.escape(row.prompt()))
                        .append("\" width=\"160\">");
            }
            html.append("<figcaption style=\"font-size:11px\"><b>").append(Html.escape(row.occupation()))
                    .append("</b>, perceived: ").append(Html.escape(row.outcome().isEmpty() ? "-" : row.outcome()))
                    .append(row.truth().isEmpty() ? "" : ", reference: " + Html.escape(row.truth()))
                    .append("<br>&ldquo;").append(Html.escape(rec.caption().orElseThrow())).append("&rdquo;");
            if (debiased.containsKey(row.sha256())) {
                var segments = org.biaslab.report.WordDiff.diff(
                        ImageCaptionBias.tokens(rec.caption().orElseThrow()), ImageCaptionBias.tokens(debiased.get(
                                row.sha256())));
                html.append("<br>debiased: ").append(org.biaslab.report.WordDiff.html(segments,
                        org.biaslab.report.WordDiff.Op.ADDED));
            }
            html.append("</figcaption></figure>");
        }
        html.append("</div>\n");
        s.paragraph("Example captions, two per occupation, with the image's perceived gender"
                + (debiased.isEmpty() ? "" : " and the debiased caption (its new words marked)") + sim + ".");
        s.rawTrustedHtml(html.toString());
        if (c.leakage().isEmpty() || c.debiasing() == null) {
            s.paragraph("Not asked for in this run: " + (c.leakage().isEmpty() ? "leakage (caption_leakage:)" : "")
                    + (c.leakage().isEmpty() && c.debiasing() == null ? " and " : "")
                    + (c.debiasing() == null ? "debiasing (caption_debiasing: with a denoiser a debias run trained, "
                            + "e.g. experiments/libra-debias.yaml)" : "") + ".");
        }
    }

    private static void debiasRows(List<List<TableCell>> out, String source, ImageCaptionBias.Result before,
            ImageCaptionBias.Result after) {
        for (String label : List.of(ImageCaptionBias.WOMAN, ImageCaptionBias.MAN)) {
            boolean w = label.equals(ImageCaptionBias.WOMAN);
            CaptionGenderError.Group b = w ? before.error().female() : before.error().male();
            CaptionGenderError.Group a = w ? after.error().female() : after.error().male();
            out.add(List.of(TableCell.of(source), TableCell.of(label), pct(b.errorRate()), pct(a.errorRate()),
                    pct(b.neutralRate()), pct(a.neutralRate())));
        }
    }

    private static void genderRows(List<List<TableCell>> out, String source, ImageCaptionBias.Result r) {
        for (ImageCaptionBias.GenderWords g : List.of(r.women(), r.men())) {
            CaptionGenderError.Group e = g.label().equals(ImageCaptionBias.WOMAN) ? r.error().female() : r.error().male();
            out.add(List.of(TableCell.of(source), TableCell.of(g.label()), TableCell.num(String.valueOf(g.images())),
                    pct(g.femaleRate()), pct(g.maleRate()), share(g.neutral(), g.images()), share(g.none(), g.images()),
                    share(g.both(), g.images()), pct(e.errorRate())));
        }
    }

    private static TableCell share(long k, long n) {
        return TableCell.num(n == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * k / n));
    }
}
