package org.biaslab.metric.leakage.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.biaslab.metric.leakage.CaptionClassifier;
import org.biaslab.metric.leakage.LeakageException;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * {@link LinearTrainer} runs its own port of LIBLINEAR's L2R_LR solver; it must give exactly the
 * probabilities of the Tribuo + LIBLINEAR classifier it replaced (the code below is that
 * classifier as it was), bit for bit, so that every LIC number stays the same.
 */
class LinearTrainerTribuoTest {
    private static final LabelFactory FACTORY = new LabelFactory();
    private static final Label[] LABELS = {new Label("0"), new Label("1")};

    /** The replaced implementation: Tribuo's LibLinear trainer on binary n-gram features plus a constant. */
    static double[][] tribuo(LinearConfig config, List<List<String>> train, int[] labels, List<List<String>> test,
            long seed) {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("captions", FACTORY), FACTORY);
        for (int i = 0; i < train.size(); i++) {
            data.add(example(train.get(i), LABELS[labels[i]], config.ngrams()));
        }
        LibLinearClassificationTrainer trainer = new LibLinearClassificationTrainer(
                new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), config.c(),
                config.maxIterations(), config.tolerance(), seed);
        Model<Label> model = trainer.train(data);
        double[][] out = new double[test.size()][2];
        for (int i = 0; i < test.size(); i++) {
            Prediction<Label> p = model.predict(example(test.get(i), LabelFactory.UNKNOWN_LABEL, config.ngrams()));
            Map<String, Label> s = p.getOutputScores();
            double p0 = s.get("0").getScore();
            double p1 = s.get("1").getScore();
            double z = p0 + p1;
            out[i][0] = p0 / z;
            out[i][1] = p1 / z;
        }
        return out;
    }

    private static Example<Label> example(List<String> tokens, Label label, int ngrams) {
        TreeSet<String> features = LinearTrainer.features(tokens, ngrams);
        String[] names = features.toArray(new String[0]);
        double[] values = new double[names.length];
        java.util.Arrays.fill(values, 1.0);
        return new ArrayExample<>(label, names, values);
    }

    /** Captions over a small vocabulary whose cue words lean to one class, as masked captions do. */
    static List<List<String>> captions(Random rng, int[] labels, int vocab, double cue) {
        List<List<String>> out = new ArrayList<>();
        for (int label : labels) {
            List<String> t = new ArrayList<>();
            int len = 3 + rng.nextInt(12);
            for (int j = 0; j < len; j++) {
                int w = rng.nextInt(vocab);
                if (rng.nextDouble() < cue) {
                    w = label == 0 ? w % 7 : vocab - 1 - w % 7;
                }
                t.add("tok" + w);
            }
            if (rng.nextInt(5) == 0) {
                t.add("genderword");
            }
            out.add(t);
        }
        return out;
    }

    static int[] labels(Random rng, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(2);
        }
        return y;
    }

    private static void assertSame(LinearConfig config, long dataSeed, int nTrain, int nTest, int vocab, double cue)
            throws LeakageException {
        Random rng = new Random(dataSeed);
        int[] y = labels(rng, nTrain);
        y[0] = (int) (dataSeed % 2); // LIBLINEAR's first class is the first row's: both cases
        List<List<String>> train = captions(rng, y, vocab, cue);
        List<List<String>> test = captions(rng, labels(rng, nTest), vocab + 20, cue);
        test.add(List.of("never", "seen"));
        test.add(List.of());
        assertSameScores(config, train, y, test, "data " + dataSeed);
    }

    /** LinearTrainer's probabilities on {@code test} are Tribuo's, bit for bit (exact, not merely close). */
    private static void assertSameScores(LinearConfig config, List<List<String>> train, int[] y,
            List<List<String>> test, String where) throws LeakageException {
        double[][] want = tribuo(config, train, y, test, 17);
        try (CaptionClassifier c = new LinearTrainer(config).train(train, y, 17)) {
            double[][] got = c.scores(test);
            for (int i = 0; i < test.size(); i++) {
                assertEquals(want[i][0], got[i][0], where + " " + config + " item " + i + " p(0)");
                assertEquals(want[i][1], got[i][1], where + " " + config + " item " + i + " p(1)");
            }
        }
    }

    @Test
    void sameProbabilitiesAsTribuoLibLinear() throws Exception {
        for (long s = 1; s <= 12; s++) {
            assertSame(LinearConfig.DEFAULT, s, 50 + 97 * (int) s, 200, 30 + 40 * (int) s, 0.1 + 0.05 * s);
        }
    }

    @Test
    void sameProbabilitiesForOtherSettings() throws Exception {
        assertSame(new LinearConfig(1, 0.05, 1000, 1e-4), 3, 800, 300, 120, 0.3);
        assertSame(new LinearConfig(1, 20, 1000, 1e-6), 4, 800, 300, 120, 0.3);
        // stopped early by the iteration limit: the iterates must agree too
        assertSame(new LinearConfig(1, 1, 1, 1e-4), 5, 800, 300, 120, 0.3);
        assertSame(new LinearConfig(1, 1, 2, 1e-4), 6, 800, 300, 120, 0.3);
        assertSame(new LinearConfig(2, 1, 1000, 1e-4), 7, 600, 300, 60, 0.3);
        assertSame(new LinearConfig(3, 1, 1000, 1e-4), 8, 600, 300, 60, 0.3);
        // separable data: large weights, long line searches
        assertSame(new LinearConfig(1, 1000, 1000, 1e-8), 9, 300, 100, 40, 1.0);
    }

    /**
     * The solver computes the sums of equal rows and of equal columns once: captions repeated (with
     * both labels), words that occur in exactly the same captions, and a word in every caption (the
     * constant column's rows) must still give LIBLINEAR's bits.
     */
    @Test
    void sameProbabilitiesWithRepeatedCaptionsAndWords() throws Exception {
        for (long s = 21; s <= 24; s++) {
            Random rng = new Random(s);
            int n = 400 + 150 * (int) s % 7;
            int[] y = labels(rng, n);
            List<List<String>> base = captions(rng, y, 40, 0.3);
            List<List<String>> train = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // every third caption repeats an earlier one (its label stays its own: repeats with either label)
                List<String> t = new ArrayList<>(i % 3 == 2 ? train.get(rng.nextInt(i)) : base.get(i));
                if (i % 3 != 2) {
                    t.add("everywhere");
                    if (i % 4 == 0) {
                        t.add("twin-a");
                        t.add("twin-b"); // always together: equal columns
                    }
                    if (i % 5 == 0) {
                        t.add("triplet-x");
                        t.add("triplet-y");
                        t.add("triplet-z");
                    }
                }
                train.add(t);
            }
            List<List<String>> test = new ArrayList<>(captions(rng, labels(rng, 100), 50, 0.3));
            test.add(List.of("twin-a", "everywhere"));
            test.addAll(train.subList(0, 20));
            for (LinearConfig config : List.of(LinearConfig.DEFAULT, new LinearConfig(1, 20, 1000, 1e-6),
                    new LinearConfig(1, 1, 2, 1e-4))) {
                assertSameScores(config, train, y, test, "data " + s);
            }
        }
    }

    @Test
    void oneClassIsAnError() {
        List<List<String>> texts = List.of(List.of("a"), List.of("b"));
        assertThrows(LeakageException.class, () -> new LinearTrainer(LinearConfig.DEFAULT).train(texts, new int[] {1, 1}, 1));
    }
}
