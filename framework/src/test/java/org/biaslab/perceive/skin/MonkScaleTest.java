package org.biaslab.perceive.skin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MonkScaleTest {

    @Test
    void publishedSwatchesInOrderAndEachMatchesItself() {
        assertEquals(10, MonkScale.SWATCHES.size());
        assertEquals(0xF6EDE4, MonkScale.SWATCHES.get(0));
        assertEquals(0x292420, MonkScale.SWATCHES.get(9));
        for (int tone = 1; tone <= 10; tone++) {
            MonkScale.Match m = MonkScale.nearest(MonkScale.swatch(tone));
            assertEquals(tone, m.tone());
            assertEquals(0, m.deltaE00(), 1e-12);
            if (tone > 1) assertTrue(MonkScale.swatch(tone).l() < MonkScale.swatch(tone - 1).l() + 1, "L* runs light to dark");
        }
        // swatch 1 #f6ede4 = (246, 237, 228): L* 94.21, a* 1.50, b* 5.43 (Color.js 94.2109, 1.5031, 5.4301)
        assertEquals(94.21, MonkScale.swatch(1).l(), 0.01);
        assertEquals(1.50, MonkScale.swatch(1).a(), 0.01);
        assertEquals(5.43, MonkScale.swatch(1).b(), 0.01);
        assertThrows(IllegalArgumentException.class, () -> MonkScale.swatch(0));
        assertThrows(IllegalArgumentException.class, () -> MonkScale.swatch(11));
    }

    /** Hand-checked: the nearest swatch by CIEDE2000 of a few colours, and its distance. */
    @Test
    void nearestSwatch() {
        Lab between56 = new Lab((MonkScale.swatch(5).l() * 0.3 + MonkScale.swatch(6).l() * 0.7),
                (MonkScale.swatch(5).a() * 0.3 + MonkScale.swatch(6).a() * 0.7),
                (MonkScale.swatch(5).b() * 0.3 + MonkScale.swatch(6).b() * 0.7));
        assertEquals(6, MonkScale.nearest(between56).tone());
        MonkScale.Match black = MonkScale.nearest(new Lab(0, 0, 0));
        assertEquals(10, black.tone());
        assertEquals(ColorDifference.ciede2000(new Lab(0, 0, 0), MonkScale.swatch(10)), black.deltaE00(), 1e-12);
        assertEquals(1, MonkScale.nearest(new Lab(100, 0, 0)).tone());
        assertThrows(IllegalArgumentException.class, () -> new MonkScale.Match(11, 0));
        assertThrows(IllegalArgumentException.class, () -> new MonkScale.Match(1, Double.NaN));
    }
}
