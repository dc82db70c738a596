package org.biaslab.perceive.skin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ItaTest {

    @Test
    void degreesNotRadians() {
        assertEquals(0, Ita.degrees(50, 20), 1e-12);
        assertEquals(45, Ita.degrees(75, 25), 1e-12);
        assertEquals(-45, Ita.degrees(25, 25), 1e-12);
        assertEquals(30, Ita.degrees(50 + 20 * Math.tan(Math.toRadians(30)), 20), 1e-9);
        // the plain formula, for b* > 0
        for (double l = 5; l <= 95; l += 7.5) {
            for (double b = 0.5; b < 60; b += 6.1) {
                assertEquals(Math.atan((l - 50) / b) * 180 / Math.PI, Ita.degrees(l, b), 1e-9, "L=" + l + " b=" + b);
            }
        }
    }

    /** b* <= 0: atan2 continues the angle instead of dividing by zero or flipping sign. */
    @Test
    void nonPositiveB() {
        assertEquals(90, Ita.degrees(80, 0), 1e-12);
        assertEquals(-90, Ita.degrees(20, 0), 1e-12);
        assertTrue(Ita.degrees(80, -5) > 90);
        assertTrue(Ita.degrees(20, -5) < -90);
        // the plain formula would call this nearly white, bluish patch "dark" (about -80 degrees)
        assertEquals(ItaCategory.VERY_LIGHT, ItaCategory.of(Ita.degrees(80, -5)));
        assertEquals(ItaCategory.DARK, ItaCategory.of(Ita.degrees(20, -5)));
    }

    /** Every edge belongs to the category below it (upper edge inclusive). */
    @Test
    void categoryEdges() {
        double e = 1e-9;
        assertEquals(ItaCategory.VERY_LIGHT, ItaCategory.of(55 + e));
        assertEquals(ItaCategory.LIGHT, ItaCategory.of(55));
        assertEquals(ItaCategory.LIGHT, ItaCategory.of(41 + e));
        assertEquals(ItaCategory.INTERMEDIATE, ItaCategory.of(41));
        assertEquals(ItaCategory.INTERMEDIATE, ItaCategory.of(28 + e));
        assertEquals(ItaCategory.TAN, ItaCategory.of(28));
        assertEquals(ItaCategory.TAN, ItaCategory.of(10 + e));
        assertEquals(ItaCategory.BROWN, ItaCategory.of(10));
        assertEquals(ItaCategory.BROWN, ItaCategory.of(-30 + e));
        assertEquals(ItaCategory.DARK, ItaCategory.of(-30));
        assertEquals(ItaCategory.DARK, ItaCategory.of(-180));
        assertEquals(ItaCategory.VERY_LIGHT, ItaCategory.of(180));
        assertThrows(IllegalArgumentException.class, () -> ItaCategory.of(Double.NaN));
    }

    /** The trig-free pseudo-angle orders colours exactly like ITA and maps back to it. */
    @Test
    void pseudoAngleIsMonotoneAndInvertible() {
        java.util.Random rnd = new java.util.Random(11);
        double[][] special = {{50, 10}, {80, 0}, {20, 0}, {50, -10}, {80, -0.001}, {20, -0.001}, {50, 0}, {99, 1e-9}};
        for (int i = 0; i < 200_000; i++) {
            double l1 = i < special.length ? special[i][0] : rnd.nextDouble() * 100;
            double b1 = i < special.length ? special[i][1] : rnd.nextDouble() * 120 - 60;
            double l2 = rnd.nextDouble() * 100;
            double b2 = rnd.nextDouble() * 120 - 60;
            double d1 = Ita.degrees(l1, b1);
            double d2 = Ita.degrees(l2, b2);
            assertEquals(d1, Ita.pseudoToDegrees(Ita.pseudo(l1, b1)), 1e-9, "L=" + l1 + " b=" + b1);
            if (Math.abs(d1 - d2) > 1e-9) {
                assertEquals(d1 < d2, Ita.pseudo(l1, b1) < Ita.pseudo(l2, b2), "order of " + d1 + " and " + d2);
            }
        }
    }

    @Test
    void fitzpatrickStyleLabelsInOrder() {
        String[] expected = {"I", "II", "III", "IV", "V", "VI"};
        ItaCategory[] all = ItaCategory.values();
        assertEquals(6, all.length);
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], all[i].fitzpatrickStyle());
            if (i > 0) assertEquals(all[i - 1].lowerExclusive(), all[i].upperInclusive(), 0, "edges meet");
        }
        assertEquals("very light", ItaCategory.VERY_LIGHT.label());
    }
}
