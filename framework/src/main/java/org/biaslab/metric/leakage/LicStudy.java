package org.biaslab.metric.leakage;

import java.io.IOException;
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
        return compute(experimentSeed, attribute, model, classifier, seed, protocols, testFraction, data, labelsName,
                null);
    }

    /**
     * The unit, resumable: with a checkpoint, every finished training's score is recorded there, each
     * training keeps epoch checkpoints there when its trainer {@link CaptionClassifierTrainer#checkpoints does},
     * and a computation interrupted earlier continues where it stopped (with the same result). The
     * caller deletes the checkpoint once it has stored the unit.
     *
     * @param checkpoint where the unfinished unit is kept, or null for none
     * @throws LeakageException also when the checkpoint cannot be written
     */
    public static LicUnit compute(long experimentSeed, String attribute, String model, LeakageClassifier classifier,
            int seed, List<String> protocols, double testFraction, LicData data, String labelsName,
            LicUnitCheckpoint checkpoint) throws LeakageException {
        return compute(experimentSeed, attribute, model, classifier, seed, protocols, testFraction, data, labelsName,
                checkpoint, null);
    }

    /**
     * The unit, resumable, with the run's trainings that repeat exactly computed once.
     *
     * @param memo the run's memo of trainings (shared by its units), or null for none
     */
    public static LicUnit compute(long experimentSeed, String attribute, String model, LeakageClassifier classifier,
            int seed, List<String> protocols, double testFraction, LicData data, String labelsName,
            LicUnitCheckpoint checkpoint, TrainingMemo memo) throws LeakageException {
        long start = System.nanoTime();
        Trainings trainings = new Trainings(classifier.trainer(), data.captionsPerImage + protocols.size(),
                checkpoint, checkpoint == null ? null : fingerprint(experimentSeed, attribute, model, classifier, seed,
                        protocols, testFraction, data, labelsName));
        BalancedSplit humanSplit = humanSplit(experimentSeed, attribute, seed, testFraction, data, labelsName);
        List<Leakage.Score> human = human(experimentSeed, attribute, model, classifier, seed, data, humanSplit,
                trainings, memo);
        Map<String, Leakage.Score> modelSide = new LinkedHashMap<>();
        long init = modelInit(experimentSeed, attribute, model, classifier, seed);
        for (String protocol : protocols) {
            if (protocol.equals("paired")) {
                modelSide.put(protocol, trainings.next(trainer ->
                        Leakage.trainAndScore(trainer, data.modelTexts, data.labels, humanSplit, init)));
            } else {
                BalancedSplit own = BalancedSplit.draw(data.modelOrderLabels, testFraction,
                        splitSeed(experimentSeed, attribute, seed), attribute + " annotations of " + model + "'s captions");
                modelSide.put(protocol, trainings.next(trainer ->
                        Leakage.trainAndScore(trainer, data.modelOrderTexts, data.modelOrderLabels, own, init)));
            }
        }
        return new LicUnit(attribute, model, classifier.name(), seed, human, modelSide,
                (System.nanoTime() - start) / 1e9);
    }

    /** SHA-256 of everything a unit's result depends on: its parameters, the trainer's configuration, the data. */
    static String fingerprint(long experimentSeed, String attribute, String model, LeakageClassifier classifier,
            int seed, List<String> protocols, double testFraction, LicData data, String labelsName) {
        return Hashing.sha256(String.join("\u001f", "lic-unit v1", Long.toString(experimentSeed), attribute, model,
                classifier.name(), classifier.type(), classifier.trainer().name(),
                String.valueOf(classifier.trainer().config()), Integer.toString(seed), String.valueOf(protocols),
                Double.toString(testFraction), labelsName, data.fingerprint()));
    }

    /** One training of a unit, given the trainer to use. */
    @FunctionalInterface
    interface Training {
        Leakage.Score run(CaptionClassifierTrainer trainer) throws LeakageException;
    }

    /**
     * The trainings of one unit, run in order through {@link #next}. Without a checkpoint each one
     * simply runs. With one, the trainings it records as finished are not run again (their scores
     * are read back), the others keep epoch checkpoints, and each finished score is recorded.
     */
    static final class Trainings {
        private final CaptionClassifierTrainer trainer;
        private final int count;
        private final LicUnitCheckpoint checkpoint;
        private final String fingerprint;
        private final List<Leakage.Score> recorded;
        private final List<Leakage.Score> scores = new ArrayList<>();

        /** Trainings without a checkpoint. */
        Trainings(CaptionClassifierTrainer trainer) {
            this(trainer, Integer.MAX_VALUE, null, null);
        }

        Trainings(CaptionClassifierTrainer trainer, int count, LicUnitCheckpoint checkpoint, String fingerprint) {
            this.trainer = trainer;
            this.count = count;
            this.checkpoint = checkpoint;
            this.fingerprint = fingerprint;
            List<Leakage.Score> r = checkpoint == null ? List.of() : checkpoint.finished(fingerprint);
            this.recorded = r.size() > count ? List.of() : r;
        }

        Leakage.Score next(Training training) throws LeakageException {
            int i = scores.size();
            if (i < recorded.size()) {
                scores.add(recorded.get(i));
                return recorded.get(i);
            }
            if (checkpoint == null) {
                Leakage.Score s = training.run(trainer);
                scores.add(s);
                return s;
            }
            Leakage.Score s = training.run(trainer.checkpoints()
                    ? trainer.withCheckpoint(checkpoint.training(i, count)) : trainer);
            scores.add(s);
            try {
                checkpoint.recordFinished(fingerprint, scores);
            } catch (IOException e) {
                throw new LeakageException("cannot record the finished trainings of a LIC unit in "
                        + checkpoint.dir() + ": " + e.getMessage(), e);
            }
            return s;
        }
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
            LeakageClassifier classifier, int seed, LicData data, BalancedSplit split, Trainings trainings,
            TrainingMemo memo) throws LeakageException {
        List<Leakage.Score> human = new ArrayList<>();
        for (int k = 0; k < data.captionsPerImage; k++) {
            long init = Hashing.seed(experimentSeed, "lic-init", attribute, model, classifier.name(), "human", k, seed);
            TokenTexts texts = data.humanByIndex.get(k);
            human.add(trainings.next(trainer -> memo == null
                    ? Leakage.trainAndScore(trainer, texts, data.labels, split, init)
                    : memo.trainAndScore(trainer, texts, data.labels, split, init)));
        }
        return human;
    }

    /** Initialisation seed of the model-side classifier (the same for every protocol and caption set). */
    static long modelInit(long experimentSeed, String attribute, String model, LeakageClassifier classifier,
            int seed) {
        return Hashing.seed(experimentSeed, "lic-init", attribute, model, classifier.name(), "model", seed);
    }
}
