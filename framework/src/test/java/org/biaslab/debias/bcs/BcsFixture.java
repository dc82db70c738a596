package org.biaslab.debias.bcs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.biaslab.debias.CorpusCaption;
import org.biaslab.debias.GenderSwapper;
import org.biaslab.debias.lm.EncoderConfig;
import org.biaslab.debias.lm.LmException;
import org.biaslab.debias.lm.MaskedLanguageModel;
import org.biaslab.debias.lm.MlmTrainer;
import org.biaslab.debias.lm.ProgressListener;
import org.biaslab.debias.lm.TrainConfig;
import org.biaslab.debias.lm.Vocabulary;
import org.biaslab.metric.leakage.LeakageException;

/**
 * A small synthetic caption world where the context predicts the stated gender: men mostly appear
 * with "male" objects, women with "female" objects (each 85%). A tiny masked language model and
 * the gate are trained once per JVM and shared by the tests (read-only).
 */
final class BcsFixture {
    static final List<String> MALE_OBJECTS = List.of("skateboard", "surfboard", "truck", "tie", "bat", "hammer");
    static final List<String> FEMALE_OBJECTS = List.of("umbrella", "purse", "cake", "dress", "flowers", "kitten");
    static final List<String> MALE_WORDS = List.of("man", "boy", "guy");
    static final List<String> FEMALE_WORDS = List.of("woman", "girl", "lady");
    static final double STEREOTYPE = 0.85;

    static final GenderSwapper SWAPPER = GenderSwapper.libra();
    private static List<CorpusCaption> corpus;
    private static MaskedLanguageModel mlm;
    private static GenderLeakageGate gate;

    private BcsFixture() {}

    /** {@code count} captions of images 1..count/2 (two captions each), half male, half female. */
    static List<CorpusCaption> world(int count, long seed) {
        Random random = new Random(seed);
        List<CorpusCaption> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean female = random.nextBoolean();
            String g = (female ? FEMALE_WORDS : MALE_WORDS).get(random.nextInt(3));
            String o1 = object(female, random);
            String o2 = object(female, random);
            String text = switch (random.nextInt(3)) {
                case 0 -> "A " + g + " holding a " + o1 + " near the " + o2 + ".";
                case 1 -> "The " + g + " is carrying a " + o1 + " and a " + o2 + ".";
                default -> "A " + g + " with " + (female ? "her " : "his ") + o1 + " by a " + o2 + ".";
            };
            out.add(new CorpusCaption(1 + i / 2, i % 2, text));
        }
        return out;
    }

    private static String object(boolean female, Random random) {
        boolean stereo = random.nextDouble() < STEREOTYPE;
        List<String> list = female == stereo ? FEMALE_OBJECTS : MALE_OBJECTS;
        return list.get(random.nextInt(list.size()));
    }

    static synchronized List<CorpusCaption> corpus() {
        if (corpus == null) {
            corpus = List.copyOf(world(1200, 11));
        }
        return corpus;
    }

    static List<List<String>> tokens(List<CorpusCaption> captions) {
        List<List<String>> out = new ArrayList<>();
        for (CorpusCaption c : captions) {
            out.add(BiasedCaptionSynthesis.tokens(SWAPPER, c.caption()));
        }
        return out;
    }

    static synchronized MaskedLanguageModel mlm() throws LmException {
        if (mlm == null) {
            List<List<String>> train = tokens(corpus());
            Vocabulary vocabulary = Vocabulary.build(train, 1, 1000);
            EncoderConfig tiny = new EncoderConfig(64, 2, 2, 128, 0.0, 12, 0);
            TrainConfig fast = new TrainConfig(6, 32, 2e-3, 0.01, 0.05, 1.0, 0.15, 1.0);
            mlm = new MlmTrainer(tiny, fast).train(vocabulary, train, List.of(), "bcs synthetic", 5,
                    ProgressListener.none());
        }
        return mlm;
    }

    static synchronized GenderLeakageGate gate() throws LeakageException {
        if (gate == null) {
            gate = GenderLeakageGate.trainOnCorpus(corpus(), SWAPPER, 32, 0.2, 3);
        }
        return gate;
    }
}
