package org.biaslab.experiment.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.captioner.Refusals;
import org.biaslab.metric.ImageCaptionBias;
import org.biaslab.store.CaptionRecord;

/**
 * The caption stage's results in {@code results.json} ({@code captions}; absent when the spec has no
 * captioner).
 *
 * @param captioner the captioner's settings (no credentials)
 * @param captionerId its id in the run store
 * @param simulation whether the captions are a declared simulation
 * @param images images that could be captioned (ok generations)
 * @param captioned images with a caption
 * @param failed images whose caption failed (errors in captions.csv)
 * @param refusalLike captions that read like a refusal ({@link Refusals}); kept and counted in the metrics
 * @param perceived the captions against the image's perceived gender (largest face; uncertain and no
 *     face are not labelled)
 * @param reference the captions against the per-image reference label (a manifest's {@code truth:}
 *     column or a simulation's declared truth); null when the run has no reference labels
 * @param referenceSource what the reference label is
 * @param leakage LIC-style leakage of each label through the masked captions, per classifier (empty
 *     without {@code caption_leakage:})
 * @param cocoLeakage the LIC_D (leakage through COCO human captions) of a caption-bias run, shown
 *     beside as another image set; empty without {@code caption_leakage.coco_reference}
 * @param debiasing the captions after LIBRA-style debiasing with each image's perception as evidence,
 *     and the metrics on them; null without {@code caption_debiasing:}
 * @param note how to read these numbers
 */
public record CaptionResults(Map<String, Object> captioner, String captionerId, boolean simulation, long images,
        long captioned, long failed, long refusalLike, ImageCaptionBias.Result perceived,
        ImageCaptionBias.Result reference, String referenceSource, List<LeakageRow> leakage,
        List<CocoLeakage> cocoLeakage, CaptionDebiasing.Result debiasing, String note) {

    /**
     * @param labels {@code perceived} or {@code reference}
     * @param result the classifier's leakage over its seeds
     */
    public record LeakageRow(String labels, org.biaslab.metric.leakage.LabelLeakage.Result result) {}

    /**
     * One LIC_D row of a caption-bias run (values x100).
     *
     * @param source the results.json it was read from (file name)
     * @param experiment that run's experiment name
     * @param model the captioning model whose vocabulary the human captions were aligned to
     * @param classifier the classifier
     * @param protocol the LIC protocol
     * @param licD leakage through COCO human captions
     */
    public record CocoLeakage(String source, String experiment, String model, String classifier, String protocol,
            org.biaslab.metric.Estimate licD) {}

    static final String NOTE = "Caption gender is what the caption's words state (LIBRA word lists), set against "
            + "the image's perceived gender, an inference from appearance, not identity; perception's own error "
            + "(see classifier validity) enters these rates. Generated images have no human captions, so no "
            + "caption of a human is the reference here, and leakage is LIC_M alone: the leakage of COCO human "
            + "captions (a caption-bias run's LIC_D, shown beside when caption_leakage.coco_reference names one) "
            + "belongs to another image set and is not subtracted.";

    /**
     * The caption metrics of {@code rows}: one item per captioned image.
     *
     * @param bySha the captioner's records by image SHA-256 ({@link #byImage})
     */
    static CaptionResults compute(T2iAuditSpec spec, List<ImageRow> rows, Map<String, CaptionRecord> bySha, long seed,
            CaptionDebiasing.Applied debiased) throws java.io.IOException {
        T2iAuditSpec.Captioning c = spec.captioning().orElseThrow();
        String id = c.captioner().id();
        List<ImageCaptionBias.Item> perceived = new java.util.ArrayList<>();
        List<ImageCaptionBias.Item> reference = new java.util.ArrayList<>();
        long images = 0;
        long failed = 0;
        long refusals = 0;
        boolean anyTruth = false;
        for (ImageRow r : rows) {
            if (!r.status().equals("ok")) continue;
            images++;
            CaptionRecord rec = bySha.get(r.sha256());
            if (rec == null) continue;
            if (!rec.ok()) {
                failed++;
                continue;
            }
            String text = rec.caption().orElseThrow();
            if (Refusals.looksLikeRefusal(text)) refusals++;
            List<String> tokens = ImageCaptionBias.tokens(text);
            perceived.add(new ImageCaptionBias.Item(r.occupationId(), r.outcome(), tokens));
            if (!r.truth().isEmpty()) {
                anyTruth = true;
                reference.add(new ImageCaptionBias.Item(r.occupationId(), r.truth(), tokens));
            }
        }
        double conf = spec.confidence();
        int min = c.wordMinCount();
        String refSource = !anyTruth ? "" : spec.truth().map(T2iAuditSpec.Truth::source)
                .orElse("the simulation's declared true gender");
        List<LeakageRow> leakage = new java.util.ArrayList<>();
        List<CocoLeakage> coco = new java.util.ArrayList<>();
        if (c.leakage().isPresent()) {
            T2iAuditSpec.CaptionLeakage l = c.leakage().get();
            Map<String, List<org.biaslab.metric.leakage.LabelLeakage.Item>> sets = new LinkedHashMap<>();
            sets.put("perceived", leakageItems(rows, bySha, false));
            if (anyTruth) {
                sets.put("reference", leakageItems(rows, bySha, true));
            }
            for (var e : sets.entrySet()) {
                for (org.biaslab.metric.leakage.LeakageClassifier k : l.classifiers()) {
                    leakage.add(new LeakageRow(e.getKey(), org.biaslab.metric.leakage.LabelLeakage.compute(
                            e.getValue(), k, l.testFraction(), seed, conf, spec.resamples(), "captions x "
                                    + e.getKey() + " gender")));
                }
            }
            if (l.cocoReference().isPresent()) {
                coco.addAll(cocoLeakage(l.cocoReference().get()));
            }
        }
        return new CaptionResults(new LinkedHashMap<>(c.captioner().describe()), id, c.captioner().simulated(),
                images, perceived.size(), failed, refusals, ImageCaptionBias.compute(perceived, conf, min),
                anyTruth ? ImageCaptionBias.compute(reference, conf, min) : null, refSource, leakage, coco,
                c.debiasing().isPresent() ? CaptionDebiasing.result(spec, rows, bySha, debiased) : null, NOTE);
    }

    /** Captioned images labelled woman (1) or man (0) by perception or by the reference label. */
    private static List<org.biaslab.metric.leakage.LabelLeakage.Item> leakageItems(List<ImageRow> rows,
            Map<String, CaptionRecord> bySha, boolean reference) {
        List<org.biaslab.metric.leakage.LabelLeakage.Item> out = new java.util.ArrayList<>();
        for (ImageRow r : rows) {
            CaptionRecord rec = r.sha256().isEmpty() ? null : bySha.get(r.sha256());
            String label = reference ? r.truth() : r.outcome();
            if (rec == null || !rec.ok() || !(label.equals("woman") || label.equals("man"))) continue;
            out.add(new org.biaslab.metric.leakage.LabelLeakage.Item(label.equals("woman") ? 1 : 0,
                    rec.caption().orElseThrow()));
        }
        return out;
    }

    /** The gender LIC_D rows of a caption-bias run's results.json. */
    static List<CocoLeakage> cocoLeakage(java.nio.file.Path file) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode n = org.biaslab.util.Json.mapper().readTree(file.toFile());
        List<CocoLeakage> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode row : n.path("lic")) {
            if (!row.path("attribute").asText().equals("gender")) continue;
            out.add(new CocoLeakage(file.getFileName().toString(), n.path("experiment").asText(""),
                    row.path("model").asText(), row.path("classifier").asText(), row.path("protocol").asText(),
                    org.biaslab.util.Json.mapper().treeToValue(row.path("licD"), org.biaslab.metric.Estimate.class)));
        }
        return out;
    }

    static Map<String, CaptionRecord> byImage(List<CaptionRecord> records, String captionerId) {
        Map<String, CaptionRecord> out = new LinkedHashMap<>();
        for (CaptionRecord r : records) {
            if (r.captioner().equals(captionerId)) {
                out.put(r.imageSha256(), r);
            }
        }
        return out;
    }
}
