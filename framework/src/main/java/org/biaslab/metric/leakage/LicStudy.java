package org.biaslab.metric.leakage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.util.Hashing;

/**
 * Computes one unit (attribute x model x classifier x seed) of the LIC study.
 *
 * <p>Both protocols share the human side: its split is drawn over the labels file's order, and
 * LIC_D is the mean over caption indexes k of a classifier trained on caption k of the training
 * images and tested on caption k of the test images (as the reference code does). The model side
 * differs:
 * <ul>
 *   <li>{@code paper}: the split is drawn with the same seed over the caption file's own order,
 *       as the reference code does, so human and model classifiers are tested on different
 *       images;</li>
 *   <li>{@code paired}: the model classifier uses the human side's split, so both are trained and
 *       tested on the same image ids and LIC_M - LIC_D compares like with like.</li>
 * </ul>
 */
public final class LicStudy {
    private LicStudy() {}

    public static LicUnit compute(long experimentSeed, String attribute, String model, LeakageClassifier classifier,
            int seed, List<String> protocols, double testFraction, LicData data, String labelsName)
            throws LeakageException {
        long start = System.nanoTime();
        CaptionClassifierTrainer trainer = classifier.trainer();
        BalancedSplit humanSplit = humanSplit(experimentSeed, attribute, seed, testFraction, data, labelsName);
        List<Leakage.Score> human = human(experimentSeed, attribute, model, classifier, seed, data, humanSplit);
        Map<String, Leakage.Score> modelSide = new LinkedHashMap<>();
        long init = modelInit(experimentSeed, attribute, model, classifier, seed);
        for (String protocol : protocols) {
            if (protocol.equals("paired")) {
                modelSide.put(protocol, Leakage.trainAndScore(trainer, data.modelTexts, data.labels, humanSplit, init));
            } else {
                BalancedSplit own = BalancedSplit.draw(data.modelOrderLabels, testFraction,
                        splitSeed(experimentSeed, attribute, seed), attribute + " annotations of " + model + "'s captions");
                modelSide.put(protocol, Leakage.trainAndScore(trainer, data.modelOrderTexts, data.modelOrderLabels,
                        own, init));
            }
        }
        return new LicUnit(attribute, model, classifier.name(), seed, human, modelSide,
                (System.nanoTime() - start) / 1e9);
    }

    /** Seed of the split of one seed index (shared by every model and classifier of the attribute). */
    static long splitSeed(long experimentSeed, String attribute, int seed) {
        return Hashing.seed(experimentSeed, "lic-split", attribute, seed);
    }

    /** The human side's split, over the labels file's order; the paired protocol's model side uses it too. */
    static BalancedSplit humanSplit(long experimentSeed, String attribute, int seed, double testFraction, LicData data,
            String labelsName) throws LeakageException {
        return BalancedSplit.draw(data.labels, testFraction, splitSeed(experimentSeed, attribute, seed),
                attribute + " annotations in " + labelsName);
    }

    /** LIC_D runs: one classifier per human caption index, trained and tested on {@code split}. */
    static List<Leakage.Score> human(long experimentSeed, String attribute, String model,
            LeakageClassifier classifier, int seed, LicData data, BalancedSplit split) throws LeakageException {
        List<Leakage.Score> human = new ArrayList<>();
        for (int k = 0; k < data.captionsPerImage; k++) {
            long init = Hashing.seed(experimentSeed, "lic-init", attribute, model, classifier.name(), "human", k, seed);
            human.add(Leakage.trainAndScore(classifier.trainer(), data.humanByIndex.get(k), data.labels, split, init));
        }
        return human;
    }

    /** Initialisation seed of the model-side classifier (the same for every protocol and caption set). */
    static long modelInit(long experimentSeed, String attribute, String model, LeakageClassifier classifier,
            int seed) {
        return Hashing.seed(experimentSeed, "lic-init", attribute, model, classifier.name(), "model", seed);
    }
}
