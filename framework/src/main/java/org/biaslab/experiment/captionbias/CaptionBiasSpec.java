package org.biaslab.experiment.captionbias;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.metric.leakage.LicAttribute;

/**
 * The {@code caption-bias} experiment.
 *
 * @param seeds repetitions (each with its own split and initialisation)
 * @param testFraction share of the minority class held out for testing (0.1 in the paper)
 * @param protocols {@code paper} and/or {@code paired}
 * @param attributes attributes to measure
 * @param models captioning models and their caption files
 * @param classifiers leakage classifiers
 * @param confidence interval confidence, e.g. 0.95
 * @param resamples bootstrap resamples
 * @param cooccurrence co-occurrence options
 */
public record CaptionBiasSpec(int seeds, double testFraction, List<String> protocols, List<Attribute> attributes,
        List<Model> models, List<org.biaslab.metric.leakage.LeakageClassifier> classifiers, double confidence, int resamples,
        Cooccurrence cooccurrence) {

    public static final List<String> PROTOCOLS = List.of("paper", "paired");

    public CaptionBiasSpec {
        protocols = List.copyOf(protocols);
        attributes = List.copyOf(attributes);
        models = List.copyOf(models);
        classifiers = List.copyOf(classifiers);
        Objects.requireNonNull(cooccurrence, "cooccurrence");
    }

    /**
     * @param attribute the attribute definition
     * @param labels the annotated evaluation set (JSONL with human captions)
     * @param mask whether attribute words are masked
     */
    public record Attribute(LicAttribute attribute, Path labels, boolean mask) {}

    /**
     * @param name model name shown in reports
     * @param vocabulary the model's vocabulary (human captions are aligned to it), or null
     * @param captions caption file per attribute name
     * @param reference published values to compare with, per attribute name (may be empty)
     */
    public record Model(String name, Path vocabulary, Map<String, CaptionFile> captions,
            Map<String, Reference> reference) {
        public Model {
            captions = Map.copyOf(captions);
            reference = Map.copyOf(reference);
        }
    }

    /**
     * Published LIC values (x100) for comparison; shown beside the measured ones, never used in
     * computing them.
     *
     * @param licM published LIC_M
     * @param licD published LIC_D
     * @param source citation, e.g. "Hirota et al. CVPR 2022, LSTM, mean of 10 seeds"
     */
    public record Reference(double licM, double licD, String source) {}

    /**
     * @param file the caption file
     * @param format registered caption format
     */
    public record CaptionFile(Path file, String format) {}


    /**
     * @param enabled whether co-occurrence statistics are computed (needs the gender attribute)
     * @param vocabulary {@code objects} or {@code all}
     * @param minCount minimum reference occurrences of a word
     * @param top words listed per group as most amplified
     */
    public record Cooccurrence(boolean enabled, String vocabulary, int minCount, int top) {}
}
