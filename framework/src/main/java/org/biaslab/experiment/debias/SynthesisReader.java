package org.biaslab.experiment.debias;

import java.util.Optional;
import org.biaslab.debias.bcs.SynthesisConfig;
import org.biaslab.spec.SpecMap;

/** Reads the optional {@code synthesis:} section of a {@code debias} experiment (defaults: {@link SynthesisConfig#defaults()}). */
final class SynthesisReader {
    /** Synthesis rounds by default (biaslab choice; see {@link DebiasSpec.Synthesis#rounds()}). */
    static final int DEFAULT_ROUNDS = 4;

    private SynthesisReader() {}

    static DebiasSpec.Synthesis read(SpecMap root) {
        SynthesisConfig d = SynthesisConfig.defaults();
        Optional<SpecMap> section = root.optionalMap("synthesis");
        if (section.isEmpty()) {
            return new DebiasSpec.Synthesis(d, DEFAULT_ROUNDS);
        }
        SpecMap s = section.get();
        double threshold = s.number("context_to_gender_threshold", d.contextToGenderThreshold(), 0.5, 1);
        double maskRate = s.number("gender_to_context_mask_rate", d.genderToContextMaskRate(), 0.001, 1);
        int topK = s.integer("top_k", d.topK(), 1, 1000);
        double minGain = s.number("min_gain", d.minGain(), 0, 0.999);
        double cg = d.contextToGenderShare();
        double gc = d.genderToContextShare();
        double both = d.bothShare();
        Optional<SpecMap> shares = s.optionalMap("shares");
        if (shares.isPresent()) {
            SpecMap m = shares.get();
            cg = m.number("context_to_gender", cg, 0, 1);
            gc = m.number("gender_to_context", gc, 0, 1);
            both = m.number("both", both, 0, 1);
            if (Math.abs(cg + gc + both - 1) > 1e-9) {
                m.problem("the shares context_to_gender " + cg + " + gender_to_context " + gc + " + both " + both
                        + " must sum to 1");
                cg = d.contextToGenderShare();
                gc = d.genderToContextShare();
                both = d.bothShare();
            }
            m.done();
        }
        double ratio = s.number("biased_per_original", d.biasedPerOriginal(), 0.01, 100);
        int maxWords = s.integer("max_words", d.maxWords(), 1, 512);
        int examples = s.integer("examples_per_type", d.examplesPerType(), 0, 1000);
        int rounds = s.integer("rounds", DEFAULT_ROUNDS, 1, 100);
        s.done();
        return new DebiasSpec.Synthesis(
                new SynthesisConfig(threshold, maskRate, topK, minGain, cg, gc, both, ratio, maxWords, examples), rounds);
    }
}
