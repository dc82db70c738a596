package org.biaslab.experiment.audit;

import java.nio.file.Path;
import java.util.Map;
import org.biaslab.captioner.Refusals;
import org.biaslab.metric.ImageCaptionBias;
import org.biaslab.store.CaptionRecord;
import org.biaslab.text.CaptionGender;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.metric.Estimate;
import org.biaslab.store.RunStore;
import org.biaslab.util.Json;

/** Writes the per-image and per-occupation CSVs, then the report, of a {@code t2i-audit} run. */
final class AuditOutputs {
    static final String IMAGES_CSV = "images.csv";
    static final String IMAGES_JSON = "images.json";
    static final String OCCUPATIONS_CSV = "occupations.csv";

    private AuditOutputs() {}

    static void write(RunDirectory dir, AuditResults results, List<ImageRow> rows, RunStore store, int gallery)
            throws Exception {
        // the object stage's columns only when it ran, so runs without it keep their images.csv
        boolean objects = results.objects() != null;
        StringBuilder img = new StringBuilder("prompt_id,list,occupation_id,occupation,prompt,sample_index,seed,status,"
                + "sha256,model,outcome,faces,p_woman,ita_category,monk_tone,skin_reliable,truth,error"
                + (objects ? ",people,person,objects" : "") + "\n");
        for (ImageRow r : rows) {
            ImageRow.Face f = r.faces().isEmpty() ? null : r.faces().get(0);
            img.append(csv(r.promptId(), r.listId(), r.occupationId(), r.occupation(), r.prompt())).append(',')
                    .append(r.sampleIndex()).append(',').append(r.seed()).append(',')
                    .append(csv(r.status(), r.sha256(), r.model(), r.outcome())).append(',').append(r.faces().size())
                    .append(',').append(f == null ? "" : num(f.pWoman())).append(',')
                    .append(csv(f == null ? "" : f.itaCategory())).append(',')
                    .append(f == null || f.monkTone() == 0 ? "" : String.valueOf(f.monkTone())).append(',')
                    .append(f == null ? "" : String.valueOf(f.skinReliable())).append(',')
                    .append(csv(r.truth(), r.error()));
            if (objects) {
                img.append(',').append(r.person().isEmpty() ? "" : String.valueOf(r.people())).append(',')
                        .append(csv(r.person())).append(',').append(csv(String.join(";", r.objects())));
            }
            img.append('\n');
        }
        dir.writeText(IMAGES_CSV, img.toString());
        dir.writeJson(IMAGES_JSON, rows);
        dir.writeText(OCCUPATIONS_CSV, occupationsCsv(results));
        AuditReport.write(dir, results, rows, store, gallery);
    }

    /** {@code occupations.csv}: one row per occupation with its counts, shares and intervals. */
    static String occupationsCsv(AuditResults results) {
        StringBuilder occ = new StringBuilder("list,occupation_id,occupation,images,observations,woman,man,uncertain,"
                + "no_face,share_woman_decided,lo,hi,heim,heim_lo,heim_hi,skin_mad,unreliable_skin,truth_share_woman,"
                + "declared_share_women,truth_paired_n,truth_paired_share_woman,perceived_paired_share_woman,"
                + "paired_difference,paired_difference_lo,paired_difference_hi,paired_agreement\n");
        for (AuditResults.Occupation o : results.occupations()) {
            occ.append(csv(o.listId(), o.occupationId(), o.name())).append(',').append(o.images()).append(',')
                    .append(o.observations());
            for (String k : AuditResults.OUTCOMES) {
                occ.append(',').append(o.gender().count(k));
            }
            Estimate s = o.womanAmongDecided();
            occ.append(',').append(num(s.value())).append(',').append(num(s.lower())).append(',').append(num(s.upper()))
                    .append(',').append(num(o.heim().value())).append(',').append(num(o.heim().lower())).append(',')
                    .append(num(o.heim().upper())).append(',').append(num(o.skinMad().value())).append(',')
                    .append(num(o.unreliableSkin().value())).append(',').append(num(o.truthWoman().value()))
                    .append(',').append(num(o.declaredShareWomen()));
            var p = o.truth().same();
            occ.append(',').append(p.n()).append(',').append(num(p.reference().value())).append(',')
                    .append(num(p.perceived().value())).append(',').append(num(p.difference().value())).append(',')
                    .append(num(p.difference().lower())).append(',').append(num(p.difference().upper())).append(',')
                    .append(num(p.agreement().value())).append('\n');
        }
        return occ.toString();
    }

    static final String CAPTIONS_CSV = "captions.csv";
    static final String CAPTION_WORDS_CSV = "caption_words.csv";

    /**
     * {@code captions.csv}: one row per planned image with its caption (or the caption's error), the
     * caption's gender words, the perceived gender and the reference label; {@code caption_words.csv}:
     * every reported context word's counts and rates on images perceived as women and as men.
     */
    static void writeCaptions(RunDirectory dir, List<ImageRow> rows, Map<String, CaptionRecord> captions,
            Map<String, String> debiased, CaptionResults results) throws IOException {
        CaptionGender.Lexicon lex = CaptionGender.Lexicon.libra();
        StringBuilder b = new StringBuilder("prompt_id,occupation_id,sample_index,sha256,perceived,truth,caption,"
                + "caption_gender,refusal_like,model,attempts,error,debiased\n");
        for (ImageRow r : rows) {
            CaptionRecord c = r.sha256().isEmpty() ? null : captions.get(r.sha256());
            if (c == null) continue;
            String text = c.caption().orElse("");
            b.append(csv(r.promptId(), r.occupationId())).append(',').append(r.sampleIndex()).append(',')
                    .append(csv(r.sha256(), r.outcome(), r.truth(), text,
                            c.ok() ? CaptionGender.of(ImageCaptionBias.tokens(text), lex).name().toLowerCase(
                                    java.util.Locale.ROOT) : "",
                            c.ok() ? String.valueOf(Refusals.looksLikeRefusal(text)) : "", c.model().orElse("")))
                    .append(',').append(c.attempts()).append(',')
                    .append(csv(c.error().orElse(""), debiased.getOrDefault(r.sha256(), ""))).append('\n');
        }
        dir.writeText(CAPTIONS_CSV, b.toString());
        if (!debiased.isEmpty()) {
            dir.writeJson(DEBIASED_JSON, debiased);
        }
        StringBuilder w = new StringBuilder("labels,word,woman,man,rate_woman,rate_woman_lo,rate_woman_hi,rate_man,"
                + "rate_man_lo,rate_man_hi,skew,skew_lo,skew_hi,p_value\n");
        Map<String, ImageCaptionBias.Result> byLabels = new java.util.LinkedHashMap<>();
        byLabels.put("perceived", results.perceived());
        if (results.reference() != null) {
            byLabels.put("reference", results.reference());
        }
        for (var e : byLabels.entrySet()) {
            for (ImageCaptionBias.Word x : e.getValue().words()) {
                w.append(csv(e.getKey(), x.word())).append(',').append(x.woman()).append(',').append(x.man());
                for (Estimate est : List.of(x.rateWoman(), x.rateMan(), x.skew())) {
                    w.append(',').append(num(est.value())).append(',').append(num(est.lower())).append(',')
                            .append(num(est.upper()));
                }
                w.append(',').append(num(x.pValue())).append('\n');
            }
        }
        dir.writeText(CAPTION_WORDS_CSV, w.toString());
    }

    static final String DEBIASED_JSON = "captions_debiased.json";

    /** The debiased captions by image SHA-256, as {@link #writeCaptions} kept them (empty when none). */
    static Map<String, String> readDebiased(RunDirectory dir) throws IOException {
        Path f = dir.resolve(DEBIASED_JSON);
        if (!java.nio.file.Files.isRegularFile(f)) {
            return Map.of();
        }
        return Json.mapper().readValue(f.toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, String>>() { });
    }

    static List<ImageRow> readImageRows(RunDirectory dir) throws IOException {
        return List.of(Json.mapper().readValue(dir.resolve(IMAGES_JSON).toFile(), ImageRow[].class));
    }

    static String num(double v) {
        return org.biaslab.util.Csv.num(v);
    }

    static String csv(String... fields) {
        return org.biaslab.util.Csv.row(fields);
    }
}
