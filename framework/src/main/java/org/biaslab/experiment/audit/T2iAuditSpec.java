package org.biaslab.experiment.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.skin.WhiteBalance;

/**
 * The {@code t2i-audit} experiment.
 *
 * @param prompts where prompts come from
 * @param generator the generator section
 * @param perception how images are perceived
 * @param truth where a per-image reference label comes from (folder manifests), if any
 * @param reference BLS comparison
 * @param confidence interval confidence
 * @param resamples bootstrap resamples
 * @param alpha level of the binomial tests
 * @param minCell small-cell threshold of the intersection table
 * @param galleryPerOccupation thumbnails per occupation in the report
 * @param concurrency generation and perception workers (0: the run's --threads)
 * @param samplePhotos real perception of the photos shipped in model packages, shown apart from the audit
 * @param captioning the captioner stage and its metrics, when a {@code captioner:} is given
 * @param interventions prompt variants run with the baseline's seeds and compared with it (empty: none)
 * @param tolerance points (as a share) within which a share counts as matching its reference (parity, BLS,
 *     reference labels), for the findings the report leads with
 */
public record T2iAuditSpec(Prompts prompts, GeneratorConfig generator, Perception perception, Optional<Truth> truth,
        Reference reference, double confidence, int resamples, double alpha, int minCell, int galleryPerOccupation,
        int concurrency, Optional<SamplePhotos> samplePhotos, Optional<Captioning> captioning,
        List<Intervention> interventions, double tolerance) {
    public T2iAuditSpec {
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(perception, "perception");
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(samplePhotos, "samplePhotos");
        Objects.requireNonNull(captioning, "captioning");
        interventions = List.copyOf(interventions);
    }

    /**
     * The caption stage: {@code captioner:} (which one, {@link org.biaslab.captioner.Captioners}) and
     * {@code caption_word_min_count:} (least labelled captions a context word must appear in to be
     * reported, default 10), and {@code caption_leakage:} and {@code caption_debiasing:} when given.
     */
    public record Captioning(org.biaslab.captioner.CaptionerConfig captioner, int wordMinCount,
            Optional<CaptionLeakage> leakage, Optional<CaptionDebiasing> debiasing) {
        public Captioning {
            Objects.requireNonNull(captioner, "captioner");
            Objects.requireNonNull(leakage, "leakage");
            Objects.requireNonNull(debiasing, "debiasing");
            if (wordMinCount < 1) {
                throw new IllegalArgumentException("wordMinCount must be >= 1, was " + wordMinCount);
            }
        }
    }

    /**
     * @param library the prompt library folder
     * @param lists occupation list ids (library mode)
     * @param templates template ids (library mode)
     * @param imagesPerPrompt images per prompt (library mode)
     * @param fromManifest whether the prompts are the rows of the folder generator's manifest
     * @param manifestList the occupation list whose ids the manifest's occupations are (for BLS)
     */
    public record Prompts(Path library, List<String> lists, List<String> templates, int imagesPerPrompt,
            boolean fromManifest, String manifestList) {
        public Prompts {
            lists = List.copyOf(lists);
            templates = List.copyOf(templates);
        }
    }

    /**
     * @param mode {@code faceapi} (the real perceiver) or {@code simulated} (draws from the simulated
     *     generator's truth through the validity file's confusion matrix)
     * @param policy uncertain band, faces, crop padding
     * @param validity a ClassifierValidity JSON for error correction (required for simulated)
     * @param modelledAbstentions abstention kinds the correction models as outputs
     * @param unreliableSkinRate simulated mode: share of faces whose skin estimate is flagged unreliable
     * @param detector the face detector
     * @param genderModel the network that reads perceived gender from each face
     * @param alternatives other perceivers that read the same images for the classifier-sensitivity
     *     comparison ({@code alternatives:}; empty: none); an alternative has none of its own
     * @param skinWhiteBalance illumination correction before estimated skin tone ({@code skin_white_balance},
     *     default none)
     */
    public record Perception(String mode, PerceptionPolicy policy, Optional<Path> validity,
            Set<String> modelledAbstentions, double unreliableSkinRate, Perceiver.Detector detector,
            Perceiver.GenderModel genderModel, List<Alternative> alternatives, Optional<String> objects,
            WhiteBalance skinWhiteBalance) {
        public static final List<String> MODES = List.of("faceapi", "simulated");
        /** The object detectors {@code perception.objects} may name. */
        public static final List<String> OBJECT_DETECTORS = List.of("centernet");

        /** Without an object stage. */
        public Perception(String mode, PerceptionPolicy policy, Optional<Path> validity,
                Set<String> modelledAbstentions, double unreliableSkinRate, Perceiver.Detector detector,
                Perceiver.GenderModel genderModel, List<Alternative> alternatives) {
            this(mode, policy, validity, modelledAbstentions, unreliableSkinRate, detector, genderModel, alternatives,
                    Optional.empty());
        }

        /** Without skin white balance. */
        public Perception(String mode, PerceptionPolicy policy, Optional<Path> validity,
                Set<String> modelledAbstentions, double unreliableSkinRate, Perceiver.Detector detector,
                Perceiver.GenderModel genderModel, List<Alternative> alternatives, Optional<String> objects) {
            this(mode, policy, validity, modelledAbstentions, unreliableSkinRate, detector, genderModel, alternatives,
                    objects, WhiteBalance.NONE);
        }

        public Perception {
            alternatives = List.copyOf(alternatives);
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("perception mode must be one of " + MODES + ", was '" + mode + "'");
            }
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(validity, "validity");
            modelledAbstentions = Set.copyOf(modelledAbstentions);
            Objects.requireNonNull(detector, "detector");
            Objects.requireNonNull(genderModel, "genderModel");
            Objects.requireNonNull(objects, "objects");
            Objects.requireNonNull(skinWhiteBalance, "skinWhiteBalance");
            if (objects.isPresent() && !OBJECT_DETECTORS.contains(objects.get())) {
                throw new IllegalArgumentException("perception objects must be one of " + OBJECT_DETECTORS
                        + ", was '" + objects.get() + "'");
            }
        }

        public boolean simulated() {
            return mode.equals("simulated");
        }
    }

    /**
     * A second perceiver of the same images ({@code perception.alternatives[]}): its own detector,
     * policy or (simulated) declared confusion; the fields it does not give are the main perceiver's.
     *
     * @param name its name in results and the report (lower-case letters, digits, '-' and '_')
     * @param perception its settings
     */
    public record Alternative(String name, Perception perception) {
        public Alternative {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(perception, "perception");
            if (!perception.alternatives().isEmpty()) {
                throw new IllegalArgumentException("an alternative perceiver has no alternatives of its own");
            }
        }
    }

    /**
     * {@code caption_leakage:}: LIC-style leakage of the perceived gender (and of the reference label)
     * through the captions with gender words masked.
     *
     * @param classifiers the classifiers ({@code linear}, {@code lstm}), each with its seeds
     * @param testFraction share of the balanced minority held out per class
     * @param cocoReference a caption-bias run's results.json whose LIC_D (COCO human captions) is shown
     *     beside, labelled as another image set
     */
    public record CaptionLeakage(List<org.biaslab.metric.leakage.LeakageClassifier> classifiers, double testFraction,
            Optional<Path> cocoReference) {
        public CaptionLeakage {
            classifiers = List.copyOf(classifiers);
            Objects.requireNonNull(cocoReference, "cocoReference");
        }
    }

    /**
     * {@code caption_debiasing:}: a trained LIBRA-style debiasing caption generator (the folder a
     * {@code debias} run saved, e.g. {@code .cache/models/lm/libra-denoiser-<key>}) applied to the
     * captions with each image's perception as its evidence.
     *
     * @param model the saved denoiser's folder
     * @param maskRate input masking rate at inference (empty: the one it was trained with)
     * @param editMargin least log-odds by which a replacement must beat the original token
     */
    public record CaptionDebiasing(Path model, java.util.OptionalDouble maskRate, double editMargin) {
        public CaptionDebiasing {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(maskRate, "maskRate");
        }
    }

    /**
     * A per-image reference label from a manifest column (e.g. annotators' majority).
     *
     * @param column the manifest column
     * @param woman the value meaning "woman"
     * @param man the value meaning "man"
     * @param source what the label is, for the report
     */
    public record Truth(String column, String woman, String man, String source) {}

    /**
     * @param years BLS years to compare with (empty: no comparison)
     */
    public record Reference(List<Integer> years) {
        public Reference {
            years = List.copyOf(years);
        }
    }

    /**
     * {@code sample_photos:} the real perceiver (face-api weights of {@code models/}, never the simulated
     * one) run over the photos that model packages ship (e.g. {@code demo/sample1.jpg} of
     * {@code @vladmandic/face-api}), every face shown with its perceived gender, estimated skin tone and
     * the classifier's measured error. A demonstration of real outputs, not a validation.
     *
     * @param packages model manifests in {@code models/} by file name without {@code .yaml}, each
     *     listing at least one photo ({@code .jpg}, {@code .jpeg}, {@code .png}); fetched with npm when absent
     * @param validity saved classifier validity records whose error is reported next to the photos
     */
    public record SamplePhotos(List<String> packages, List<Path> validity) {
        /** File name endings of the manifest files that are photos. */
        public static final List<String> PHOTO_SUFFIXES = List.of(".jpg", ".jpeg", ".png");

        public SamplePhotos {
            packages = List.copyOf(packages);
            validity = List.copyOf(validity);
            if (packages.isEmpty()) {
                throw new IllegalArgumentException("sample_photos.packages must name at least one model package");
            }
            if (validity.isEmpty()) {
                throw new IllegalArgumentException("sample_photos.validity must name at least one validity file");
            }
        }

        /** Whether a file of a manifest is a photo, by its name's ending (case-insensitive). */
        public static boolean isPhoto(String file) {
            String f = file.toLowerCase(java.util.Locale.ROOT);
            return PHOTO_SUFFIXES.stream().anyMatch(f::endsWith);
        }
    }
}
