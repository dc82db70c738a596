package org.biaslab.experiment.debias;

import org.biaslab.metric.leakage.LeakageClassifier;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.debias.bcs.SynthesisConfig;
import org.biaslab.debias.lm.EncoderConfig;
import org.biaslab.debias.lm.TrainConfig;
import org.biaslab.experiment.captionbias.CaptionBiasSpec;
import org.biaslab.store.Shard;

/**
 * The {@code debias} experiment: train a LIBRA-style caption debiaser (Hirota et al. CVPR 2023)
 * from scratch on human COCO captions outside the evaluation set, then apply it to model caption
 * files and compare bias and quality before and after.
 *
 * @param corpus training captions
 * @param validity the perception validity file whose confusion matrix is the evidence noise channel
 * @param mlm the masked language model of Biased Caption Synthesis
 * @param synthesis Biased Caption Synthesis settings and rounds
 * @param denoiser the Debiasing Caption Generator
 * @param evaluation how the debiased captions are evaluated
 * @param models caption files to debias (gender evaluation set)
 * @param confidence interval confidence
 * @param resamples bootstrap resamples
 */
public record DebiasSpec(Corpus corpus, Path validity, Lm mlm, Synthesis synthesis, Lm denoiser,
        Evaluation evaluation, List<CaptionBiasSpec.Model> models, double confidence, int resamples) {

    public DebiasSpec {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(mlm, "mlm");
        Objects.requireNonNull(synthesis, "synthesis");
        Objects.requireNonNull(denoiser, "denoiser");
        Objects.requireNonNull(evaluation, "evaluation");
        models = List.copyOf(models);
    }

    /**
     * @param captions all human captions ({@code {image_id: [captions]}} JSON, COCO val2014)
     * @param evaluationSet the gender evaluation set (JSONL); its images are excluded from training
     *     and are the images the debiased model captions are evaluated on
     * @param maxCaptions at most this many training captions (seeded choice of images); 0 for all
     * @param heldOutFraction share of the training images held out to score the language models
     * @param minCount vocabulary: words seen at least this often in the training captions
     */
    public record Corpus(Path captions, Path evaluationSet, int maxCaptions, double heldOutFraction, int minCount) {}

    /**
     * @param config the synthesis settings of one round
     * @param rounds how many times the training corpus is synthesized, each round with its own seed
     *     (its own bias-type draw, masked words and refills); the corpus outside the evaluation set
     *     holds few captions that state a gender (about 12,800 of 148,700 in COCO val2014), so one
     *     round gives only a few thousand biased captions
     */
    public record Synthesis(SynthesisConfig config, int rounds) {
        /** Settings as a map for provenance and the cache key. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>(config.toMap());
            m.put("rounds", rounds);
            return m;
        }
    }

    /**
     * @param encoder architecture
     * @param training optimisation
     * @param warmStart denoiser only: start from the masked language model's parameters (LIBRA
     *     fine-tunes a pretrained language model); false for the masked language model itself
     */
    public record Lm(EncoderConfig encoder, TrainConfig training, boolean warmStart) {
        /** Settings as a map for provenance, the model card and the cache key. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("encoder", encoder.toMap());
            m.put("training", training.toMap());
            m.put("warmStart", warmStart);
            return m;
        }
    }

    /**
     * @param classifiers LIC classifiers (paired protocol)
     * @param seeds LIC repetitions
     * @param testFraction LIC test share of the minority class
     * @param inferenceMaskRates shares of the input words masked when debiasing, each evaluated as
     *     its own variant of every model (LIBRA masks 0.2 at test as in training; without image
     *     features that costs caption quality here, so 0 is evaluated beside it by default)
     * @param editMargins edit margins (natural-log odds by which the debiaser's word must beat the
     *     input word, {@link org.biaslab.debias.lm.CaptionDenoiser#debias(List, double, double, long)}),
     *     each crossed with every mask rate as its own variant; 0 = always take the top word
     * @param examples example edits shown per model
     * @param imageFold evaluate only the images of this fold ({@code 1/1}: all); the folds split the
     *     evaluation images by a hash of their id, the same in every run, so a setting can be chosen
     *     on one fold and reported on another
     */
    public record Evaluation(List<LeakageClassifier> classifiers, int seeds, double testFraction,
            List<Double> inferenceMaskRates, List<Double> editMargins, int examples, Shard imageFold) {
        public Evaluation {
            Objects.requireNonNull(imageFold, "imageFold");
            classifiers = List.copyOf(classifiers);
            inferenceMaskRates = List.copyOf(inferenceMaskRates);
            editMargins = List.copyOf(editMargins);
        }

        /** Whether an evaluation image belongs to {@link #imageFold()}. */
        public boolean inFold(long imageId) {
            return imageFold.contains("debias-image-fold/" + imageId);
        }

        /** Every mask rate crossed with every edit margin, rates outer. */
        public List<Decoding> decodings() {
            List<Decoding> out = new java.util.ArrayList<>();
            for (double rate : inferenceMaskRates) {
                for (double margin : editMargins) {
                    out.add(new Decoding(rate, margin));
                }
            }
            return List.copyOf(out);
        }
    }

    /**
     * How the debiaser is applied in one evaluated variant.
     *
     * @param maskRate share of input words masked at test time
     * @param editMargin natural-log odds by which an edit must beat the input word
     */
    public record Decoding(double maskRate, double editMargin) {}
}
