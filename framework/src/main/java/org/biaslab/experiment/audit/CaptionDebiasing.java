package org.biaslab.experiment.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.debias.GenderSwapper;
import org.biaslab.debias.bcs.BiasedCaptionSynthesis;
import org.biaslab.debias.lm.CaptionDenoiser;
import org.biaslab.debias.lm.DebiasInput;
import org.biaslab.debias.lm.GenderEvidence;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.ImageCaptionBias;
import org.biaslab.metric.Intervals;
import org.biaslab.store.CaptionRecord;
import org.biaslab.util.Hashing;

/**
 * Stage 5 on generated images: the LIBRA-style debiasing caption generator (Hirota et al. CVPR 2023,
 * trained by a {@code debias} run) rewrites each caption with the image's own perception as its
 * evidence: the largest face's perceived-gender probabilities {@code [1 - p_woman, p_woman]}, or no
 * evidence when perception found no face. The caption metrics are computed again on the debiased
 * captions, so the report shows them before and after.
 */
public final class CaptionDebiasing {
    private static final GenderSwapper SWAPPER = GenderSwapper.libra();

    private CaptionDebiasing() {}

    /**
     * @param model the saved denoiser's folder
     * @param maskRate the masking rate used
     * @param editMargin the edit margin used
     * @param images captions debiased
     * @param changed captions whose text changed, with a Wilson interval of the share
     * @param withEvidence captions whose image had a face (evidence present)
     * @param perceived the caption metrics on the debiased captions, against perceived gender
     * @param reference the same against the reference labels (null without them)
     */
    public record Result(String model, double maskRate, double editMargin, long images, Estimate changed, long withEvidence,
            ImageCaptionBias.Result perceived, ImageCaptionBias.Result reference) {}

    /**
     * What {@link #apply} did.
     *
     * @param captions the debiased text of every captioned image, by image SHA-256, in row order
     * @param maskRate the masking rate used (the spec's, else the one the model was trained with)
     */
    record Applied(Map<String, String> captions, double maskRate) {
        /** Nothing debiased (no caption_debiasing:). */
        static final Applied NONE = new Applied(Map.of(), Double.NaN);
    }

    /** Debiases every captioned image of {@code rows}, loading the model once. */
    static Applied apply(T2iAuditSpec.CaptionDebiasing spec, List<ImageRow> rows,
            Map<String, CaptionRecord> captions, long seed) throws java.io.IOException {
        List<String> shas = new ArrayList<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        List<DebiasInput> inputs = new ArrayList<>();
        for (ImageRow r : rows) {
            CaptionRecord c = r.sha256().isEmpty() ? null : captions.get(r.sha256());
            if (c == null || !c.ok() || !taken.add(r.sha256())) continue;
            shas.add(r.sha256());
            GenderEvidence ev = r.faces().isEmpty() ? GenderEvidence.absent()
                    : GenderEvidence.of(1 - r.faces().get(0).pWoman(), r.faces().get(0).pWoman());
            inputs.add(new DebiasInput(BiasedCaptionSynthesis.tokens(SWAPPER, c.caption().orElseThrow()), ev));
        }
        Map<String, String> out = new LinkedHashMap<>();
        try (CaptionDenoiser model = CaptionDenoiser.load(spec.model())) {
            double rate = spec.maskRate().orElse(model.maskRate());
            if (inputs.isEmpty()) {
                return new Applied(out, rate);
            }
            List<List<String>> after = model.debias(inputs, rate, spec.editMargin(),
                    Hashing.seed(seed, "caption-debiasing"));
            for (int i = 0; i < shas.size(); i++) {
                out.put(shas.get(i), inputs.get(i).tokens().isEmpty() ? captions.get(shas.get(i)).caption().orElseThrow()
                        : String.join(" ", after.get(i)));
            }
            return new Applied(out, rate);
        }
    }

    static Result result(T2iAuditSpec spec, List<ImageRow> rows, Map<String, CaptionRecord> captions,
            Applied applied) {
        T2iAuditSpec.CaptionDebiasing d = spec.captioning().orElseThrow().debiasing().orElseThrow();
        Map<String, String> debiased = applied.captions();
        List<ImageCaptionBias.Item> perceived = new ArrayList<>();
        List<ImageCaptionBias.Item> reference = new ArrayList<>();
        long changed = 0;
        long evidence = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ImageRow r : rows) {
            String after = debiased.get(r.sha256());
            if (after == null) continue;
            List<String> tokens = ImageCaptionBias.tokens(after);
            perceived.add(new ImageCaptionBias.Item(r.occupationId(), r.outcome(), tokens));
            if (!r.truth().isEmpty()) {
                reference.add(new ImageCaptionBias.Item(r.occupationId(), r.truth(), tokens));
            }
            if (seen.add(r.sha256())) {
                String before = String.join(" ", BiasedCaptionSynthesis.tokens(SWAPPER,
                        captions.get(r.sha256()).caption().orElseThrow()));
                if (!before.equals(after)) changed++;
                if (!r.faces().isEmpty()) evidence++;
            }
        }
        int min = spec.captioning().get().wordMinCount();
        return new Result(d.model().getFileName().toString(), applied.maskRate(), d.editMargin(), seen.size(),
                Intervals.wilson(changed, seen.size(), spec.confidence()), evidence,
                ImageCaptionBias.compute(perceived, spec.confidence(), min),
                reference.isEmpty() ? null : ImageCaptionBias.compute(reference, spec.confidence(), min));
    }
}
