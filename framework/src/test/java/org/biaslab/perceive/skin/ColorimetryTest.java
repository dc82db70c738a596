package org.biaslab.perceive.skin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColorimetryTest {

    /**
     * sRGB (D65) to Lab from Bruce Lindbloom's CIE colour calculator (brucelindbloom.com, sRGB,
     * reference white D65, no adaptation), and sRGB white and mid grey (119 -> L* 50.03).
     */
    @ParameterizedTest
    @CsvSource({
        "255, 255, 255, 100.0000, 0.0000, 0.0000",
        "255,   0,   0,  53.2408, 80.0925, 67.2032",
        "  0, 255,   0,  87.7347, -86.1827, 83.1793",
        "  0,   0, 255,  32.2970, 79.1875, -107.8602",
        "  0,   0,   0,   0.0000, 0.0000, 0.0000",
        "119, 119, 119,  50.0344, 0.0000, 0.0000",
    })
    void lindbloomReferenceValues(int r, int g, int b, double l, double a, double bb) {
        Lab lab = Colorimetry.toLab(r, g, b);
        assertEquals(l, lab.l(), 0.01, "L*");
        assertEquals(a, lab.a(), 0.01, "a*");
        assertEquals(bb, lab.b(), 0.01, "b*");
    }

    /** Skin-like colours; reference values from Color.js 0.5.2 ("lab-d65"), an independent implementation. */
    @ParameterizedTest
    @CsvSource({
        "224, 172, 105, 73.7874, 11.2733, 41.5318",
        "141,  85,  36, 41.6700, 18.9020, 37.2393",
        "255, 219, 172, 89.3475,  5.9246, 27.7670",
        "198, 134,  66, 61.1774, 18.0373, 45.5902",
        " 41,  36,  32, 14.6101,  1.4823,  3.5275",
    })
    void skinLikeColours(int r, int g, int b, double l, double a, double bb) {
        Lab lab = Colorimetry.toLab(r, g, b);
        assertEquals(l, lab.l(), 0.01, "L*");
        assertEquals(a, lab.a(), 0.01, "a*");
        assertEquals(bb, lab.b(), 0.01, "b*");
    }

    @Test
    void whiteIsExactlyNeutral() {
        Lab white = Colorimetry.toLab(255, 255, 255);
        assertEquals(100.0, white.l(), 1e-12);
        assertEquals(0.0, white.a(), 1e-9);
        assertEquals(0.0, white.b(), 1e-9);
        for (int v = 0; v < 256; v += 15) { // every grey is neutral
            Lab grey = Colorimetry.toLab(v, v, v);
            assertEquals(0.0, grey.a(), 1e-9, "grey " + v);
            assertEquals(0.0, grey.b(), 1e-9, "grey " + v);
        }
    }

    /** IEC 61966-2-1: linear below 0.04045 (v <= 10), power law above; monotone; ends at 0 and 1. */
    @Test
    void transferFunctionTable() {
        assertEquals(0.0, Colorimetry.linear(0), 0);
        assertEquals(1.0, Colorimetry.linear(255), 1e-15);
        assertEquals(10 / 255.0 / 12.92, Colorimetry.linear(10), 1e-15);
        assertEquals(Math.pow((11 / 255.0 + 0.055) / 1.055, 2.4), Colorimetry.linear(11), 1e-15);
        assertEquals(0.21586, Colorimetry.linear(128), 1e-5);
        for (int v = 1; v < 256; v++) assertTrue(Colorimetry.linear(v) > Colorimetry.linear(v - 1));
        assertThrows(IllegalArgumentException.class, () -> Colorimetry.linear(256));
        assertThrows(IllegalArgumentException.class, () -> Colorimetry.toLab(-1, 0, 0));
    }

    @Test
    void fastCubeRootMatchesMathCbrt() {
        assertEquals(1.0, Colorimetry.cbrt(1.0), 0);
        assertEquals(0.5, Colorimetry.cbrt(0.125), 1e-15);
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < 1_000_000; i++) {
            double t = 216.0 / 24389 + rnd.nextDouble() * 1.1;
            double exact = Math.cbrt(t);
            assertEquals(exact, Colorimetry.cbrt(t), 1e-14 * exact, "t=" + t);
        }
    }

    @Test
    void labValidatesAndDerives() {
        assertThrows(IllegalArgumentException.class, () -> new Lab(Double.NaN, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Lab(101, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Lab(50, Double.POSITIVE_INFINITY, 0));
        Lab lab = new Lab(50, 3, 4);
        assertEquals(5, lab.chroma(), 1e-12);
        assertEquals(Math.toDegrees(Math.atan2(4, 3)), lab.hue(), 1e-12);
        assertEquals(270, new Lab(50, 0, -2).hue(), 1e-12);
        assertEquals(0, new Lab(50, 0, 0).hue(), 0);
    }
}
