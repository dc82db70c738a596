package org.biaslab.metric.leakage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.text.CaptionPreprocessor;
import org.biaslab.text.TreebankTokenizer;
import org.biaslab.text.WordList;
import org.biaslab.util.Hashing;

/**
 * LIC-style leakage of a binary per-image label through one caption per image: a classifier learns
 * the label from the captions with the gender words masked, and the LIC score (Hirota et al. CVPR
 * 2022, {@link Leakage#score}) of held-out captions says how much of the label the captions' other
 * words still carry. The protocol is the LIC paper's model side: lower-cased Treebank tokens, LIC's
 * masculine and feminine words replaced by {@code genderword}, the balanced split
 * ({@link BalancedSplit}: every class cut to the minority's size, {@code testFraction} of it per
 * class held out), one split and one initialisation per seed; the score is the mean over seeds
 * (x100) with a bootstrap interval over the seeds' scores.
 *
 * <p>There is no human side here: with one caption per generated image there is no LIC_D on the
 * same images, so this is LIC_M alone. A chance-level classifier of two balanced classes scores
 * about 25 to 50; what separates leakage from chance is the interval against that band, and the
 * accuracy beside it.
 */
public final class LabelLeakage {
    /** The token that replaces every gender word (as the LIC code). */
    public static final String MASK = "genderword";

    private LabelLeakage() {}

    /**
     * One captioned image.
     *
     * @param label 0 (man) or 1 (woman)
     * @param caption its caption
     */
    public record Item(int label, String caption) {
        public Item {
            if (label != 0 && label != 1) {
                throw new IllegalArgumentException("label must be 0 or 1, was " + label);
            }
            Objects.requireNonNull(caption, "caption");
        }
    }

    /**
     * @param classifier its name
     * @param type its registered type
     * @param seeds seeds run
     * @param lic mean LIC score over seeds, x100, bootstrap interval (undefined with an error)
     * @param accuracy mean test accuracy over seeds, x100
     * @param perSeed each seed's LIC score, x100
     * @param trainPerClass training captions per class (each seed)
     * @param testPerClass test captions per class
     * @param error why it could not be computed (e.g. a class too small), or ""
     */
    public record Result(String classifier, String type, int seeds, Estimate lic, Estimate accuracy,
            List<Double> perSeed, int trainPerClass, int testPerClass, String error) {}

    /** The masked tokens the classifier sees. */
    public static List<String> masked(String caption) {
        return PREPROCESSOR.apply(caption);
    }

    private static final CaptionPreprocessor PREPROCESSOR;

    static {
        Set<String> mask = new java.util.HashSet<>(WordList.bundled("lic-masculine").asSet());
        mask.addAll(WordList.bundled("lic-feminine").asSet());
        PREPROCESSOR = new CaptionPreprocessor(true, new TreebankTokenizer(), mask, MASK, null,
                CaptionPreprocessor.UnknownStyle.SPLIT);
    }

    /**
     * @param what names the data in error messages (e.g. "captions x perceived gender")
     * @param experimentSeed seeds every split and initialisation
     */
    public static Result compute(List<Item> items, LeakageClassifier classifier, double testFraction,
            long experimentSeed, double confidence, int resamples, String what) {
        List<List<String>> texts = new ArrayList<>(items.size());
        int[] labels = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            texts.add(masked(items.get(i).caption()));
            labels[i] = items.get(i).label();
        }
        double[] lic = new double[classifier.seeds()];
        double[] acc = new double[classifier.seeds()];
        List<Double> perSeed = new ArrayList<>();
        int train = 0;
        int test = 0;
        try {
            for (int s = 1; s <= classifier.seeds(); s++) {
                BalancedSplit split = BalancedSplit.draw(labels, testFraction,
                        Hashing.seed(experimentSeed, "label-leakage-split", what, s), what);
                Leakage.Score sc = Leakage.trainAndScore(classifier.trainer(), texts, labels, split,
                        Hashing.seed(experimentSeed, "label-leakage-init", what, classifier.name(), s));
                lic[s - 1] = 100 * sc.score();
                acc[s - 1] = 100 * sc.accuracy();
                perSeed.add(lic[s - 1]);
                train = split.perClassTrain();
                test = split.perClassTest();
            }
        } catch (LeakageException e) {
            return new Result(classifier.name(), classifier.type(), classifier.seeds(), Estimate.undefined(e.getMessage()),
                    Estimate.undefined(e.getMessage()), List.of(), 0, 0, e.getMessage());
        }
        long bootSeed = Hashing.seed(experimentSeed, "label-leakage-bootstrap", what, classifier.name());
        return new Result(classifier.name(), classifier.type(), classifier.seeds(),
                Intervals.bootstrapMean(lic, confidence, resamples, bootSeed),
                Intervals.bootstrapMean(acc, confidence, resamples, bootSeed + 1), perSeed, train, test, "");
    }
}
