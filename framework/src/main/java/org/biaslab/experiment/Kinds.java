package org.biaslab.experiment;

import org.biaslab.experiment.audit.T2iAuditKind;
import org.biaslab.experiment.captionbias.CaptionBiasKind;
import org.biaslab.spec.Registry;

/** The registered experiment kinds ({@code kind:} in YAML). */
public final class Kinds {
    public static final Registry<ExperimentKind<?>> REGISTRY = new Registry<ExperimentKind<?>>("experiment kind")
            .register("caption-bias",
                    "leakage (LIC) of perceived gender / skin tone group in model vs human captions, "
                            + "co-occurrence bias amplification, caption gender error (Hirota et al. 2022)",
                    new CaptionBiasKind())
            .register("t2i-audit", "who a text-to-image generator shows for occupation prompts: perceived gender "
                    + "and estimated skin tone shares, imbalance, BLS comparison, error correction", new T2iAuditKind())
            .register("t2i-counts", "a text-to-image audit from a study's published outcome counts per occupation "
                    + "(no images): shares, imbalance, BLS comparison, error correction; t2i-audit results for compare "
                    + "and gate", new org.biaslab.experiment.audit.T2iCountsKind())
            .register("debias", "LIBRA-style caption debiaser (Hirota et al. 2023) trained from scratch and applied to model "
                    + "captions: perceived-gender error, LIC, bias amplification and caption quality before vs after",
                    new org.biaslab.experiment.debias.DebiasKind());

    private Kinds() {}
}
