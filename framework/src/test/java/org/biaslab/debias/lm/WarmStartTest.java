package org.biaslab.debias.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.biaslab.engine.Torch;

/** The denoiser's warm start from a masked language model (LIBRA fine-tunes a pretrained LM). */
class WarmStartTest {
    @Test
    void rolesIgnoreTheChildOrderPrefixes() {
        assertEquals("layer0.attentionNorm_gamma", Training.role("03layer0.attentionNorm_gamma"));
        assertEquals("tokenEmbedding", Training.role("tokenEmbedding"));
        assertEquals("layer0.feedForward_03Linear_weight", Training.role("07layer0.feedForward_03Linear_weight"));
    }

    @Test
    void everyEncoderParameterIsCopiedAndOnlyTheEvidenceProjectionStaysFresh() {
        EncoderConfig plain = new EncoderConfig(16, 2, 2, 32, 0.0, 12, 0);
        try (Model a = Torch.newModel("a"); Model b = Torch.newModel("b")) {
            TokenEncoder from = new TokenEncoder(50, plain);
            a.setBlock(from);
            from.initializeParameters(a.getNDManager());
            TokenEncoder to = new TokenEncoder(50, plain.withEvidence(EncoderConfig.GENDER_EVIDENCE_DIM));
            b.setBlock(to);
            to.initializeParameters(b.getNDManager());
            List<String> copied = Training.copyMatching(from, to);
            Map<String, float[]> source = new HashMap<>();
            from.getParameters().forEach(p -> source.put(Training.role(p.getKey()), p.getValue().getArray().toFloatArray()));
            int fresh = 0;
            for (var p : to.getParameters()) {
                String role = Training.role(p.getKey());
                if (role.startsWith("evidenceProjection")) {
                    assertFalse(copied.contains(role), role);
                    fresh++;
                } else if (source.containsKey(role)
                        && source.get(role).length == p.getValue().getArray().toFloatArray().length) {
                    assertTrue(copied.contains(role), "not copied: " + role);
                    assertArrayEquals(source.get(role), p.getValue().getArray().toFloatArray(), role);
                }
            }
            assertEquals(2, fresh, "evidence projection weight and bias");
            assertTrue(copied.contains("tokenEmbedding"));
            assertTrue(copied.stream().anyMatch(r -> r.startsWith("layer1")), copied.toString());
        }
    }

    @Test
    void aWarmStartWithAnotherVocabularyIsRefused() throws LmException {
        List<List<String>> captions = List.of(List.of("a", "man", "rides", "a", "horse", "."),
                List.of("a", "woman", "rides", "a", "bike", "."));
        Vocabulary v = Vocabulary.build(captions, 1, 100);
        EncoderConfig tiny = new EncoderConfig(16, 1, 2, 32, 0.0, 12, 0);
        TrainConfig one = new TrainConfig(1, 2, 1e-3, 0.0, 0.0, 1.0, 0.15, 1.0);
        try (MaskedLanguageModel mlm = new MlmTrainer(tiny, one).train(v, captions, List.of(), "t", 1,
                ProgressListener.none())) {
            Vocabulary other = Vocabulary.build(List.of(List.of("x", "y")), 1, 100);
            List<DenoiseExample> pairs = List.of(new DenoiseExample(List.of("x", "y"), new float[] {1, 0, 1},
                    List.of("x", "y")));
            LmException e = assertThrows(LmException.class, () -> new DenoiserTrainer(
                    tiny.withEvidence(EncoderConfig.GENDER_EVIDENCE_DIM), one).train(other, pairs, List.of(), "t", 1,
                    ProgressListener.none(), mlm));
            assertTrue(e.getMessage().contains("another vocabulary"), e.getMessage());
        }
    }
}
