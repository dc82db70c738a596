package org.biaslab.debias.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class DenoiserTrainerTest {
    static final EncoderConfig TINY = new EncoderConfig(32, 2, 2, 64, 0.0, 12, EncoderConfig.GENDER_EVIDENCE_DIM);
    static final TrainConfig FAST = new TrainConfig(10, 32, 5e-3, 0.01, 0.05, 1.0, 0.2, 0.5);
    static CaptionDenoiser model;
    static Vocabulary vocabulary;

    @BeforeAll
    static void train() throws LmException {
        List<DenoiseExample> train = Synthetic.genderPairs(800, 1);
        vocabulary = Vocabulary.build(Synthetic.targets(train), 1, 1000);
        model = new DenoiserTrainer(TINY, FAST).train(vocabulary, train, Synthetic.genderPairs(200, 2), "synthetic", 5,
                ProgressListener.none());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void genderWordFollowsTheEvidenceNotTheInputAndTheRestIsCopied() {
        List<DebiasInput> inputs = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        for (String given : List.of("man", "woman", "person")) {
            for (int kind = 0; kind < 3; kind++) {
                for (String object : List.of("kite", "horse", "umbrella")) {
                    float[] ev = Synthetic.evidence(kind);
                    inputs.add(new DebiasInput(List.of("a", given, "is", "riding", "a", object, "."), ev));
                    expected.add(List.of("a", Synthetic.genderFor(ev), "is", "riding", "a", object, "."));
                    inputs.add(new DebiasInput(List.of("the", given, "holds", "a", object, "near", "the", "bench", "."), ev));
                    expected.add(List.of("the", Synthetic.genderFor(ev), "holds", "a", object, "near", "the", "bench", "."));
                }
            }
        }
        assertEquals(expected, model.debias(inputs, 0.0, 1));
    }

    @Test
    void heldOutScoreSeesTheEdits() {
        DenoiseScore score = model.score(Synthetic.genderPairs(300, 3), 4);
        assertTrue(score.editAccuracy().value() > 0.95, "edit accuracy " + score.editAccuracy());
        // masked object words (20%) cannot be recovered: accuracy stays below 1, above the copy floor
        assertTrue(score.accuracy().value() > 0.9, "accuracy " + score.accuracy());
        assertTrue(model.card().heldOut().containsKey("editAccuracy"));
        assertEquals(200, model.card().heldOutCaptions());
    }

    @Test
    void debiasIsSeededPerCaptionAndBatchIndependent() {
        List<DenoiseExample> pairs = Synthetic.genderPairs(600, 6);
        List<DebiasInput> inputs = new ArrayList<>();
        for (DenoiseExample e : pairs) {
            inputs.add(new DebiasInput(e.input(), e.evidence()));
        }
        List<List<String>> all = model.debias(inputs, 0.5, 9);
        assertEquals(all, model.debias(inputs, 0.5, 9));
        // caption 0 alone gets the same mask (seed, "mask", 0) and the same output
        assertEquals(all.get(0), model.debias(inputs.subList(0, 1), 0.5, 9).get(0));
        assertNotEquals(all, model.debias(inputs, 0.5, 10), "another seed masks other words");
    }

    @Test
    void neverWritesUnknownAndKeepsOutOfVocabularyWords() {
        List<String> caption = List.of("a", "man", "is", "riding", "a", "zebra", ".");
        DebiasInput input = new DebiasInput(caption, Synthetic.evidence(1));
        List<String> out = model.debias(List.of(input), 0.0, 1).get(0);
        assertEquals(List.of("a", "woman", "is", "riding", "a", "zebra", "."), out, "OOV 'zebra' kept");
        NDArray bias = model.encoder.outputBias().getArray();
        float[] saved = bias.toFloatArray();
        try {
            // force every prediction to <unk>: the input words stay
            bias.set(new NDIndex(Vocabulary.UNK_INDEX), 1e4f);
            assertEquals(caption, model.debias(List.of(input), 0.5, 1).get(0));
            // force every prediction to "dog": in-vocabulary words change, the OOV word does not
            bias.set(new NDIndex(Vocabulary.UNK_INDEX), saved[Vocabulary.UNK_INDEX]);
            bias.set(new NDIndex(vocabulary.indexOf("dog")), 1e4f);
            assertEquals(List.of("dog", "dog", "dog", "dog", "dog", "zebra", "dog"),
                    model.debias(List.of(input), 0.0, 1).get(0));
        } finally {
            bias.set(saved);
        }
        assertEquals(List.of("a", "woman", "is", "riding", "a", "zebra", "."), model.debias(List.of(input), 0.0, 1).get(0));
    }

    @Test
    void editMarginKeepsTheInputWordUnlessTheModelIsSureEnough() {
        DebiasInput input = new DebiasInput(List.of("a", "man", "is", "riding", "a", "kite", "."), Synthetic.evidence(1));
        assertEquals(List.of("a", "woman", "is", "riding", "a", "kite", "."), model.debias(List.of(input), 0.0, 0.0, 1).get(0));
        assertEquals(input.tokens(), model.debias(List.of(input), 0.0, 1000.0, 1).get(0),
                "no edit is e^1000 times as probable as the input word");
        // masked inputs: a larger margin never changes more words, and an impossible one changes none
        List<DebiasInput> inputs = new ArrayList<>();
        for (DenoiseExample e : Synthetic.genderPairs(300, 7)) {
            inputs.add(new DebiasInput(e.input(), e.evidence()));
        }
        long previous = Long.MAX_VALUE;
        List<Long> counts = new ArrayList<>();
        for (double margin : new double[] {0.0, 0.5, 2.0, 5.0, 1000.0}) {
            List<List<String>> out = model.debias(inputs, 0.5, margin, 9);
            long changed = 0;
            for (int i = 0; i < inputs.size(); i++) {
                for (int t = 0; t < out.get(i).size(); t++) {
                    changed += out.get(i).get(t).equals(inputs.get(i).tokens().get(t)) ? 0 : 1;
                }
            }
            assertTrue(changed <= previous, "margin " + margin + " changed " + changed + " words, more than " + previous);
            previous = changed;
            counts.add(changed);
        }
        assertTrue(counts.get(0) > 0, "margin 0 edits the gender words: " + counts);
        assertEquals(0L, counts.get(counts.size() - 1), "margin 1000: " + counts);
        // a word the model overwhelmingly prefers passes any finite margin below its lead
        NDArray bias = model.encoder.outputBias().getArray();
        float[] saved = bias.toFloatArray();
        try {
            bias.set(new NDIndex(vocabulary.indexOf("dog")), 1e4f);
            assertEquals(List.of("dog", "dog", "dog", "dog", "dog", "dog", "dog"),
                    model.debias(List.of(input), 0.0, 1000.0, 1).get(0));
        } finally {
            bias.set(saved);
        }
        assertThrows(IllegalArgumentException.class, () -> model.debias(List.of(input), 0.0, -1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> model.debias(List.of(input), 0.0, Double.NaN, 1));
    }

    @Test
    void longCaptionTailIsUntouchedAndEmptyCaptionsPassThrough() {
        List<String> longCaption = new ArrayList<>(List.of("a", "man", "is", "riding", "a", "kite", ".", "the", "man",
                "holds", "a", "kite", "man", "man"));
        DebiasInput input = new DebiasInput(longCaption, Synthetic.evidence(1));
        List<String> out = model.debias(List.of(input, new DebiasInput(List.of(), Synthetic.evidence(2))), 0.0, 1).get(0);
        assertEquals(longCaption.size(), out.size());
        assertEquals("woman", out.get(1));
        assertEquals(List.of("man", "man"), out.subList(12, 14), "tokens past maxLength 12 are returned as given");
        assertEquals(List.of(), model.debias(List.of(new DebiasInput(List.of(), Synthetic.evidence(2))), 0.0, 1).get(0));
    }

    @Test
    void rejectsWrongEvidence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.debias(List.of(new DebiasInput(List.of("a"), new float[2])), 0.0, 1));
        assertTrue(e.getMessage().contains("input 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DenoiserTrainer(TINY.withEvidence(0), FAST));
        assertThrows(LmException.class, () -> new DenoiserTrainer(TINY, FAST).train(vocabulary,
                List.of(new DenoiseExample(List.of("a"), new float[2], List.of("a"))), List.of(), "x", 1,
                ProgressListener.none()));
    }
}
