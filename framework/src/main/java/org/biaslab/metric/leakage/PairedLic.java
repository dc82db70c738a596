package org.biaslab.metric.leakage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.caption.LabelledImage;

/**
 * The paired LIC protocol of the {@code caption-bias} study for several caption sets of the same
 * images, e.g. one model's captions before and after a debiaser edits them. Per seed index there is
 * one human side (LIC_D, as in {@link LicStudy}) and, for every caption set, one model-side
 * classifier trained and tested on the human side's split with the model side's initialisation
 * seed. Differences between caption sets are thus paired: same split, same initialisation, only the
 * captions differ. For the first caption set the result is exactly the {@code paired} protocol's
 * LIC_M of a {@code caption-bias} run with the same experiment seed, model name and classifier.
 *
 * <p>Human captions are lower-cased, tokenized, masked and aligned to the model's vocabulary, and
 * model captions tokenized and masked, exactly as in the {@code caption-bias} study.
 */
public final class PairedLic {
    private final LicAttribute attribute;
    private final String model;
    private final String labelsName;
    private final LicData data;
    private final List<TokenTexts> captionSets;

    private PairedLic(LicAttribute attribute, String model, String labelsName, LicData data,
            List<TokenTexts> captionSets) {
        this.attribute = attribute;
        this.model = model;
        this.labelsName = labelsName;
        this.data = data;
        this.captionSets = captionSets;
    }

    /**
     * One seed index.
     *
     * @param seed seed index
     * @param human LIC_D runs, one per human caption index (LIC_D is their mean)
     * @param model model-side runs, one per caption set in the order given to {@link #prepare}
     */
    public record SeedResult(int seed, List<Leakage.Score> human, List<Leakage.Score> model) {
        public SeedResult {
            human = List.copyOf(human);
            model = List.copyOf(model);
        }

        /** LIC_D: the mean score over human caption indexes (in [0, 1]). */
        public double licD() {
            return human.stream().mapToDouble(Leakage.Score::score).average().orElse(Double.NaN);
        }

        /** Mean accuracy of the human-side classifiers. */
        public double accuracyD() {
            return human.stream().mapToDouble(Leakage.Score::accuracy).average().orElse(Double.NaN);
        }
    }

    /**
     * Prepares the token sequences.
     *
     * @param attribute the attribute (e.g. {@link LicAttribute#GENDER})
     * @param mask whether attribute words are masked (the study's default is true)
     * @param images the evaluation set; images whose annotation is neither class are left out
     * @param vocabulary the captioning model's vocabulary (human captions are aligned to it), or null
     * @param model the model's name (part of the classifiers' initialisation seeds)
     * @param labelsName name of the evaluation set in error messages (e.g. its file name)
     * @param captionSets caption sets, each image id -> caption; each must hold a (non-null) caption for every
     *     annotated image; captions of other images are ignored
     * @throws IllegalArgumentException naming the caption set and image ids without a caption
     */
    public static PairedLic prepare(LicAttribute attribute, boolean mask, List<LabelledImage> images,
            Collection<String> vocabulary, String model, String labelsName, List<Map<Long, String>> captionSets) {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(model, "model");
        if (captionSets == null || captionSets.isEmpty()) {
            throw new IllegalArgumentException("captionSets must hold at least one caption set");
        }
        List<LabelledImage> annotated = LicData.annotated(images, attribute);
        for (int s = 0; s < captionSets.size(); s++) {
            List<Long> missing = LicData.missing(annotated, captionSets.get(s));
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(model + ", caption set " + s + ": no caption for " + missing.size()
                        + " of the " + annotated.size() + " images annotated for " + attribute.name() + " in "
                        + labelsName + " (e.g. image ids " + missing.subList(0, Math.min(5, missing.size())) + ")");
            }
        }
        Map<Long, String> first = new HashMap<>(captionSets.get(0));
        LicData data = LicData.build(attribute, mask, annotated, vocabulary == null ? null : new HashSet<>(vocabulary),
                first, annotated.stream().map(LabelledImage::imageId).toList());
        List<TokenTexts> texts = new ArrayList<>();
        texts.add(data.modelTexts);
        for (int s = 1; s < captionSets.size(); s++) {
            texts.add(data.modelTexts(captionSets.get(s)));
        }
        return new PairedLic(attribute, model, labelsName, data, texts);
    }

    /** Annotated images (label 0 or 1), in the evaluation set's order. */
    public int images() {
        return data.labels.length;
    }

    /**
     * Trains and scores the human side and every caption set's model side of one seed index.
     *
     * @param experimentSeed the experiment seed (splits and initialisations derive from it)
     * @param classifier the classifier
     * @param seed seed index
     * @param testFraction share of the minority class held out for testing
     * @throws LeakageException when a class is empty or too small, or a training fails
     */
    public SeedResult compute(long experimentSeed, LeakageClassifier classifier, int seed,
            double testFraction) throws LeakageException {
        String attr = attribute.name();
        BalancedSplit split = LicStudy.humanSplit(experimentSeed, attr, seed, testFraction, data, labelsName);
        List<Leakage.Score> human = LicStudy.human(experimentSeed, attr, model, classifier, seed, data, split,
                new LicStudy.Trainings(classifier.trainer()), null);
        long init = LicStudy.modelInit(experimentSeed, attr, model, classifier, seed);
        List<Leakage.Score> modelSide = new ArrayList<>(captionSets.size());
        for (TokenTexts texts : captionSets) {
            modelSide.add(Leakage.trainAndScore(classifier.trainer(), texts, data.labels, split, init));
        }
        return new SeedResult(seed, human, modelSide);
    }
}
