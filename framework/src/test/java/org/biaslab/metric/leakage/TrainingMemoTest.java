package org.biaslab.metric.leakage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.biaslab.caption.LabelledImage;
import org.biaslab.caption.ModelCaption;
import org.biaslab.metric.leakage.linear.LinearConfig;
import org.biaslab.metric.leakage.linear.LinearTrainer;
import org.junit.jupiter.api.Test;

/**
 * Two caption files of one captioner (one vocabulary) share their aligned human captions, and a run
 * trains their LIC_D classifiers once when the trainer does not use its seed; the units are the same
 * as without the memo.
 */
class TrainingMemoTest {
    private static final String[] NEUTRAL = {"table", "street", "park", "dog", "field", "room", "kitchen", "truck"};
    private static final Path LABELS = Path.of("labels.jsonl");

    private final List<LabelledImage> images = new ArrayList<>();
    private final List<ModelCaption> first = new ArrayList<>();
    private final List<ModelCaption> second = new ArrayList<>();

    TrainingMemoTest() {
        Random rng = new Random(5);
        for (int i = 0; i < 240; i++) {
            boolean female = i % 3 == 0;
            List<String> human = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                human.add("A " + (female ? "woman" : "man") + " near a " + NEUTRAL[rng.nextInt(NEUTRAL.length)]
                        + (female && rng.nextInt(3) == 0 ? " kitchen." : "."));
            }
            images.add(new LabelledImage(100 + i, female ? "Female" : "Male", "", human));
            first.add(new ModelCaption(100 + i, "a person with a " + NEUTRAL[rng.nextInt(NEUTRAL.length)]));
            second.add(new ModelCaption(100 + i, "a " + (female ? "woman" : "man") + " in a "
                    + NEUTRAL[rng.nextInt(NEUTRAL.length)]));
        }
    }

    private LicData data(LicData.HumanCaptions human, List<ModelCaption> captions) throws Exception {
        return LicData.prepare(LicAttribute.GENDER, true, LABELS, images, human, null, captions, Path.of("m.pkl"));
    }

    @Test
    void sameVocabularyTrainsLicDOnceWithTheSameResult() throws Exception {
        LicData.HumanCaptions human = LicData.HumanCaptions.of(images, LicAttribute.GENDER);
        LicData a = data(human, first);
        LicData b = data(human, second);
        assertSame(a.humanByIndex.get(0), b.humanByIndex.get(0), "one vocabulary: the same aligned texts");
        LeakageClassifier linear = new LeakageClassifier("linear", "linear", 2, new LinearTrainer(LinearConfig.DEFAULT));
        TrainingMemo memo = new TrainingMemo();
        for (int seed = 0; seed < 2; seed++) {
            for (Map.Entry<String, LicData> m : Map.of("A", a, "B", b).entrySet()) {
                LicUnit plain = LicStudy.compute(7, "gender", m.getKey(), linear, seed, List.of("paper", "paired"),
                        0.1, m.getValue(), "labels.jsonl");
                LicUnit memoised = LicStudy.compute(7, "gender", m.getKey(), linear, seed, List.of("paper", "paired"),
                        0.1, m.getValue(), "labels.jsonl", null, memo);
                assertEquals(plain.human(), memoised.human());
                assertEquals(plain.modelSide(), memoised.modelSide());
            }
        }
        // per seed, the second model's five human trainings are the first one's
        assertEquals(2 * 5, memo.reused());
        // the model sides differ, so they are not shared
        LicUnit ua = LicStudy.compute(7, "gender", "A", linear, 0, List.of("paired"), 0.1, a, "labels.jsonl");
        LicUnit ub = LicStudy.compute(7, "gender", "B", linear, 0, List.of("paired"), 0.1, b, "labels.jsonl");
        assertNotEquals(ua.modelSide(), ub.modelSide());
    }

    @Test
    void aTrainerThatUsesItsSeedIsNotShared() throws Exception {
        LicData.HumanCaptions human = LicData.HumanCaptions.of(images, LicAttribute.GENDER);
        LicData a = data(human, first);
        LicData b = data(human, second);
        LinearTrainer inner = new LinearTrainer(LinearConfig.DEFAULT);
        CaptionClassifierTrainer seeded = new CaptionClassifierTrainer() {
            @Override
            public CaptionClassifier train(List<List<String>> texts, int[] labels, long seed) throws LeakageException {
                return inner.train(texts, labels, seed);
            }

            @Override
            public String name() {
                return "seeded";
            }

            @Override
            public Map<String, Object> config() {
                return inner.config();
            }
        };
        LeakageClassifier c = new LeakageClassifier("seeded", "linear", 1, seeded);
        TrainingMemo memo = new TrainingMemo();
        LicStudy.compute(7, "gender", "A", c, 0, List.of("paired"), 0.1, a, "labels.jsonl", null, memo);
        LicStudy.compute(7, "gender", "B", c, 0, List.of("paired"), 0.1, b, "labels.jsonl", null, memo);
        // the models' initialisation seeds differ: nothing is shared
        assertEquals(0, memo.reused());
    }

    @Test
    void differentVocabulariesDoNotShare() throws Exception {
        LicData.HumanCaptions human = LicData.HumanCaptions.of(images, LicAttribute.GENDER);
        List<TokenTexts> all = human.aligned(java.util.Set.of("man", "woman"), "genderword", null);
        List<TokenTexts> some = human.aligned(java.util.Set.of("man", "woman"), "genderword",
                java.util.Set.of("a", "near", "table", "."));
        assertNotEquals(all.get(0).vocabularySize(), some.get(0).vocabularySize());
        assertSame(all, human.aligned(new java.util.HashSet<>(List.of("woman", "man")), "genderword", null));
    }
}
