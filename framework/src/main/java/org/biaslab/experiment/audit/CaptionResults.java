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
 * @param note how to read these numbers
 */
public record CaptionResults(Map<String, Object> captioner, String captionerId, boolean simulation, long images,
        long captioned, long failed, long refusalLike, ImageCaptionBias.Result perceived,
        ImageCaptionBias.Result reference, String referenceSource, String note) {

    static final String NOTE = "Caption gender is what the caption's words state (LIBRA word lists), set against "
            + "the image's perceived gender, an inference from appearance, not identity; perception's own error "
            + "(see classifier validity) enters these rates. Generated images have no human captions, so no "
            + "caption of a human is the reference here: the leakage of COCO human captions (a caption-bias "
            + "run's LIC_D) belongs to another image set and is not subtracted.";

    /** The rows' captions by {@code captionerId}: one item per captioned image. */
    static CaptionResults compute(T2iAuditSpec spec, List<ImageRow> rows, List<CaptionRecord> records) {
        T2iAuditSpec.Captioning c = spec.captioning().orElseThrow();
        String id = c.captioner().id();
        Map<String, CaptionRecord> bySha = byImage(records, id);
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
        return new CaptionResults(new LinkedHashMap<>(c.captioner().describe()), id, c.captioner().simulated(),
                images, perceived.size(), failed, refusals, ImageCaptionBias.compute(perceived, conf, min),
                anyTruth ? ImageCaptionBias.compute(reference, conf, min) : null, refSource, NOTE);
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
