package org.biaslab.debias.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import org.junit.jupiter.api.Test;

import java.util.List;
import org.biaslab.engine.Torch;

class TokenEncoderTest {
    private static final EncoderConfig CONFIG = new EncoderConfig(16, 2, 4, 32, 0.1, 10, 3);

    private static float[] logitsAt(TokenEncoder encoder, NDManager manager, long[][] rows, float[] evidence, int row,
            int position) {
        int time = 0;
        for (long[] r : rows) {
            time = Math.max(time, r.length);
        }
        float[] ev = new float[rows.length * 3];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(evidence, 0, ev, b * 3, 3);
        }
        Training.Batch batch = new Training.Batch(Training.pad(List.of(rows), time), rows.length, time, ev, 3,
                new long[] {(long) row * time + position}, new long[0]);
        return Training.rowLogits(encoder, manager, batch, false).toFloatArray();
    }

    @Test
    void padsDoNotChangeAnyPredictionAndEvidenceDoes() {
        Torch.engine().setRandomSeed(3);
        try (Model model = Torch.newModel("t")) {
            TokenEncoder encoder = new TokenEncoder(30, CONFIG);
            model.setBlock(encoder);
            encoder.initializeParameters(model.getNDManager());
            try (NDManager m = model.getNDManager().newSubManager()) {
                long[] shortRow = {5, 6, 7};
                long[] longRow = {8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
                float[] ev = {0.9f, 0.1f, 1f};
                float[] alone = logitsAt(encoder, m, new long[][] {shortRow}, ev, 0, 2);
                float[] padded = logitsAt(encoder, m, new long[][] {longRow, shortRow, longRow}, ev, 1, 2);
                assertEquals(30, alone.length);
                assertArrayEquals(alone, padded, 1e-5f);
                float[] other = logitsAt(encoder, m, new long[][] {shortRow}, new float[] {0.1f, 0.9f, 1f}, 0, 2);
                double diff = 0;
                for (int i = 0; i < other.length; i++) {
                    diff = Math.max(diff, Math.abs(other[i] - alone[i]));
                }
                assertTrue(diff > 1e-4, "the evidence token reaches the outputs: " + diff);
            }
            // parameter count: embeddings, output bias, evidence projection, 2 layers, final norm
            long e = 16;
            long layer = 4 * (e * e + e) + 2 * 2 * e + (e * 32 + 32) + (32 * e + e);
            long expected = 30 * e + 11 * e + 30 + (3 * e + e) + 2 * layer + 2 * e;
            assertEquals(expected, ModelFiles.parameterCount(encoder));
            long decayed = encoder.parameterList().stream().filter(encoder::decays).count();
            assertEquals(1 + 2 * 6, decayed, "evidence projection + 4 attention + 2 feed-forward matrices per layer");
            for (Parameter p : encoder.parameterList()) {
                NDArray w = p.getArray();
                assertTrue(w.getShape().size() > 0, p.getName());
            }
        }
    }

    @Test
    void rejectsTooLongInputAndMissingEvidence() {
        try (Model model = Torch.newModel("t")) {
            TokenEncoder encoder = new TokenEncoder(30, CONFIG);
            model.setBlock(encoder);
            encoder.initializeParameters(model.getNDManager());
            try (NDManager m = model.getNDManager().newSubManager()) {
                Training.Batch tooLong = new Training.Batch(new long[11], 1, 11, new float[3], 3, new long[] {0},
                        new long[0]);
                assertThrows(IllegalArgumentException.class, () -> Training.rowLogits(encoder, m, tooLong, false));
                Training.Batch noEvidence = new Training.Batch(new long[] {5}, 1, 1, null, 0, new long[] {0}, new long[0]);
                assertThrows(IllegalArgumentException.class, () -> Training.rowLogits(encoder, m, noEvidence, false));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new TokenEncoder(4, CONFIG));
    }
}
