package org.biaslab.debias.bcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SynthesisConfigTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void defaultsAreValidAndDocumented() {
        SynthesisConfig d = SynthesisConfig.defaults();
        assertEquals(0.5, d.contextToGenderThreshold());
        assertEquals(1.0, d.biasedPerOriginal());
        assertEquals(1.0, d.contextToGenderShare() + d.genderToContextShare() + d.bothShare(), 1e-12);
        assertEquals(10, d.toMap().size());
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheField() {
        assertTrue(error(() -> new SynthesisConfig(0.4, 0.2, 5, 0, 0.4, 0.4, 0.2, 1, 32, 5))
                .contains("contextToGenderThreshold must be in [0.5, 1], got 0.4"));
        assertTrue(error(() -> new SynthesisConfig(0.5, 0.0, 5, 0, 0.4, 0.4, 0.2, 1, 32, 5))
                .contains("genderToContextMaskRate"));
        assertTrue(error(() -> new SynthesisConfig(0.5, 0.2, 0, 0, 0.4, 0.4, 0.2, 1, 32, 5)).contains("topK"));
        assertTrue(error(() -> new SynthesisConfig(0.5, 0.2, 5, 1.0, 0.4, 0.4, 0.2, 1, 32, 5)).contains("minGain"));
        assertTrue(error(() -> new SynthesisConfig(0.5, 0.2, 5, 0, 0.5, 0.4, 0.2, 1, 32, 5)).contains("= 1.1"));
        assertTrue(error(() -> new SynthesisConfig(0.5, 0.2, 5, 0, -0.1, 0.9, 0.2, 1, 32, 5))
                .contains("contextToGenderShare must be in [0, 1], got -0.1"));
        assertTrue(error(() -> new SynthesisConfig(0.5, 0.2, 5, 0, 0.4, 0.4, 0.2, 0, 32, 5))
                .contains("biasedPerOriginal"));
        assertTrue(error(() -> new SynthesisConfig(0.5, 0.2, 5, 0, 0.4, 0.4, 0.2, Double.NaN, 32, 5))
                .contains("biasedPerOriginal"));
        assertTrue(error(() -> new SynthesisConfig(0.5, 0.2, 5, 0, 0.4, 0.4, 0.2, 1, 0, 5)).contains("maxWords"));
        assertTrue(error(() -> new SynthesisConfig(0.5, 0.2, 5, 0, 0.4, 0.4, 0.2, 1, 32, -1))
                .contains("examplesPerType"));
    }

    @Test
    void typeDrawFollowsTheShares() {
        SynthesisConfig c = SynthesisConfig.defaults().withShares(0.25, 0.5, 0.25);
        assertEquals(BiasType.CONTEXT_TO_GENDER, c.typeFor(0.0));
        assertEquals(BiasType.CONTEXT_TO_GENDER, c.typeFor(0.2499));
        assertEquals(BiasType.GENDER_TO_CONTEXT, c.typeFor(0.25));
        assertEquals(BiasType.GENDER_TO_CONTEXT, c.typeFor(0.7499));
        assertEquals(BiasType.BOTH, c.typeFor(0.75));
        assertEquals(BiasType.BOTH, c.typeFor(0.9999));
        SynthesisConfig g = SynthesisConfig.defaults().withShares(0, 1, 0);
        for (double u = 0; u < 1; u += 0.01) {
            assertEquals(BiasType.GENDER_TO_CONTEXT, g.typeFor(u));
        }
        // shares that sum to 1 only within rounding never give a type without share
        SynthesisConfig r = SynthesisConfig.defaults().withShares(0.7, 0.3 - 1e-12, 0);
        assertEquals(BiasType.GENDER_TO_CONTEXT, r.typeFor(0.9999999999999));
    }
}
