package org.biaslab.debias.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

class ConfigTest {
    @Test
    void encoderConfigValidatesNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EncoderConfig(130, 2, 4, 256, 0.1, 32, 0));
        assertTrue(e.getMessage().contains("embeddingDim") && e.getMessage().contains("130"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EncoderConfig(128, 2, 4, 256, 1.0, 32, 0));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EncoderConfig(128, 0, 4, 256, 0.1, 32, 0));
        assertTrue(e.getMessage().contains("layers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EncoderConfig(128, 2, 4, 256, 0.1, 32, -1));
        assertTrue(e.getMessage().contains("evidenceDim"), e.getMessage());
    }

    @Test
    void trainConfigValidatesNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig(1, 8, 1e-3, 0.0, 0.0, 0.0, 0.0, 1.0));
        assertTrue(e.getMessage().contains("maskRate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 8, 1e-3, 0.0, 0.0, 0.0, 0.2, 0.0));
        assertTrue(e.getMessage().contains("copyRate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig(1, 8, Double.NaN, 0.0, 0.0, 0.0, 0.2, 1.0));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig(1, 8, 1e-3, 0.0, 1.0, 0.0, 0.2, 1.0));
        assertTrue(e.getMessage().contains("warmupFraction"), e.getMessage());
    }

    @Test
    void mapsRoundTrip() {
        EncoderConfig encoder = EncoderConfig.defaults().withEvidence(3);
        assertEquals(encoder, EncoderConfig.fromMap(encoder.toMap()));
        TrainConfig train = TrainConfig.denoiserDefaults();
        assertEquals(train, TrainConfig.fromMap(train.toMap()));
        Map<String, Object> broken = new HashMap<>(encoder.toMap());
        broken.put("heads", "four");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EncoderConfig.fromMap(broken));
        assertTrue(e.getMessage().contains("heads"), e.getMessage());
    }

    @Test
    void genderEvidence() {
        assertEquals(3, GenderEvidence.of(0.7, 0.3).toVector().length);
        assertEquals(1f, GenderEvidence.of(0.7, 0.3).toVector()[2]);
        assertEquals(0f, GenderEvidence.absent().toVector()[2]);
        assertThrows(IllegalArgumentException.class, () -> GenderEvidence.of(1.2, 0));
        assertThrows(IllegalArgumentException.class, () -> new GenderEvidence(0.5, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new DenoiseExample(
                java.util.List.of("a"), new float[3], java.util.List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> new MaskQuery(java.util.List.of("a"), 1));
    }
}
