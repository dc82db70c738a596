package org.biaslab.debias.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

class MlmTrainerTest {
    static final EncoderConfig TINY = new EncoderConfig(64, 2, 2, 128, 0.0, 8, 0);
    static final TrainConfig FAST = new TrainConfig(10, 32, 1e-3, 0.01, 0.05, 1.0, 0.15, 1.0);

    @Test
    void learnsADeterministicLanguage() throws LmException {
        List<List<String>> train = Synthetic.nounIsAdjective(1500, 1);
        List<List<String>> heldOut = Synthetic.nounIsAdjective(300, 2);
        Vocabulary vocabulary = Vocabulary.build(train, 1, 1000);
        try (MaskedLanguageModel model = new MlmTrainer(TINY, FAST).train(vocabulary, train, heldOut, "synthetic", 7,
                ProgressListener.none())) {
            for (int i = 0; i < Synthetic.NOUNS; i++) {
                List<TokenScore> top = model.fillMask(List.of("the", Synthetic.noun(i), "is", "x", "."), 3, 2);
                assertEquals(Synthetic.adjective(i), top.get(0).token(), "adjective of " + Synthetic.noun(i));
                assertTrue(top.get(0).probability() > 2 * top.get(1).probability(), "clear winner: " + top);
                List<TokenScore> noun = model.fillMask(List.of("a", "x", "looks", Synthetic.adjective(i), "."), 1, 1);
                assertEquals(Synthetic.noun(i), noun.get(0).token(), "noun of " + Synthetic.adjective(i));
            }
            MlmScore score = model.score(heldOut, 3);
            // a few selected positions are ambiguous (noun and adjective both masked): not exactly 1
            assertTrue(score.accuracy().value() > 0.9, "masked accuracy " + score.accuracy());
            assertTrue(score.perplexity().value() < 1.5, "perplexity " + score.perplexity());
            assertEquals(300, score.captions());
            assertEquals(300, model.card().heldOutCaptions());
        }
    }
}
