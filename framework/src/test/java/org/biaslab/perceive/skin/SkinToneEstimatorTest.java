package org.biaslab.perceive.skin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.EnumSet;
import java.util.Set;
import org.biaslab.perceive.RgbImage;
import org.junit.jupiter.api.Test;

class SkinToneEstimatorTest {

    private static final double[][] LANDMARKS = SyntheticFace.TEMPLATE;
    private final SkinToneEstimator estimator = new SkinToneEstimator();

    /**
     * A face painted with each Monk swatch gives back that tone at distance 0, the swatch's ITA,
     * and the category from its ITA (hand-computed: 83.0, 80.2, 71.7, 64.7, 50.3, 10.9, -20.1,
     * -55.4, -78.3, -84.3 degrees).
     */
    @Test
    void monkSwatchFacesComeBackExactly() {
        ItaCategory[] expected = {
            ItaCategory.VERY_LIGHT, ItaCategory.VERY_LIGHT, ItaCategory.VERY_LIGHT, ItaCategory.VERY_LIGHT,
            ItaCategory.LIGHT, ItaCategory.TAN, ItaCategory.BROWN, ItaCategory.DARK, ItaCategory.DARK, ItaCategory.DARK};
        double[] ita = {83.0, 80.2, 71.7, 64.7, 50.3, 10.9, -20.1, -55.4, -78.3, -84.3};
        for (int tone = 1; tone <= 10; tone++) {
            SkinToneEstimate e = estimator.estimate(SyntheticFace.face(MonkScale.SWATCHES.get(tone - 1)), LANDMARKS);
            String at = "Monk " + tone + ": " + e;
            assertEquals(tone, e.monkTone(), at);
            assertEquals(0, e.monkDeltaE00(), 1e-9, at);
            assertEquals(ita[tone - 1], e.ita(), 0.05, at);
            assertEquals(expected[tone - 1], e.category(), at);
            assertEquals(MonkScale.swatch(tone).l(), e.lightness(), 1e-9, at);
            assertEquals(MonkScale.swatch(tone).b(), e.b(), 1e-9, at);
            assertTrue(e.reliable(), at);
            assertEquals(Set.of(), e.flags(), at);
            assertEquals(0, e.itaIqr(), 0, at);
            assertTrue(e.pixelsUsed() > 3000, at);
            assertEquals(e.pixelsInRegions(), e.pixelsUsed(), at);
        }
    }

    /** The painted brows, eyes, lips, hair and background never reach the kept pixels. */
    @Test
    void onlySkinIsKept() {
        SkinToneEstimate withBrows = estimator.estimate(SyntheticFace.face(0x825C43), LANDMARKS);
        SkinToneEstimate without = estimator.estimate(
                SyntheticFace.rgb(SyntheticFace.draw(200, 200, new AffineTransform(), 0x825C43, 0x5A6E8C, false)), LANDMARKS);
        assertEquals(without.ita(), withBrows.ita(), 0);
        assertEquals(0, withBrows.lightnessIqr(), 0);
    }

    /**
     * Rule 5: dark hair strands over 30% of every region are dropped, not kept: with them, the lower
     * quartile of L* would be hair and the IQR large; the hair colour passes rules 1-4 (its hue is
     * skin-like), so only the lightness rule can remove it.
     */
    @Test
    void hairStrandsAreDroppedByTheLightnessRule() {
        BufferedImage img = SyntheticFace.draw(200, 200, new AffineTransform(), 0xD7BD96, 0x5A6E8C, true);
        for (int y = 20; y < 160; y++) {
            for (int x = 30; x < 170; x++) if (x % 10 < 3) img.setRGB(x, y, 0x3B2A20);
        }
        Lab hair = Colorimetry.toLab(0x3B, 0x2A, 0x20);
        assertTrue(hair.chroma() >= SkinToneEstimator.HUE_FILTER_MIN_CHROMA && SkinToneEstimator.inFilterHueRange(hair.a(), hair.b()));
        SkinToneEstimate e = estimator.estimate(SyntheticFace.rgb(img), LANDMARKS);
        double dropped = 1 - (double) e.pixelsUsed() / e.pixelsInRegions();
        assertEquals(0.3, dropped, 0.03, e.toString());
        assertEquals(0, e.lightnessIqr(), 0, "no hair pixel kept: " + e);
        assertEquals(MonkScale.swatch(5).l(), e.lightness(), 1e-9);
        assertEquals(5, e.monkTone());
        assertTrue(e.reliable());
    }

    /**
     * The estimate is the colour of the per-channel medians: with 60% of skin pixels one colour and
     * 40% another, L*, a*, b* and ITA are exactly the majority colour's, and the ITA spread shows
     * the mixture.
     */
    @Test
    void medianColourNotMeanColour() {
        int major = 0xA07E56;
        int minor = 0x946F4A; // slightly darker, within the lightness tolerance
        BufferedImage img = SyntheticFace.draw(200, 200, new AffineTransform(), major, 0x5A6E8C, true);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 200; x++) if (img.getRGB(x, y) == (0xFF000000 | major) && x % 5 < 2) img.setRGB(x, y, minor);
        }
        SkinToneEstimate e = estimator.estimate(SyntheticFace.rgb(img), LANDMARKS);
        Lab majorLab = Colorimetry.toLab(0xA0, 0x7E, 0x56);
        assertEquals(majorLab.l(), e.lightness(), 1e-9);
        assertEquals(majorLab.a(), e.a(), 1e-9);
        assertEquals(majorLab.b(), e.b(), 1e-9);
        assertEquals(Ita.degrees(majorLab), e.ita(), 1e-9);
        assertTrue(e.itaIqr() > 0, e.toString());
        assertEquals(e.pixelsInRegions(), e.pixelsUsed());
    }

    /** Strongly coloured light moves ITA by tens of degrees; the estimate must say it is unreliable. */
    @Test
    void colouredLightIsFlagged() {
        RgbImage face = SyntheticFace.face(0xC89682); // (200, 150, 130)
        SkinToneEstimate neutral = estimator.estimate(face, LANDMARKS);
        assertTrue(neutral.reliable(), neutral.toString());
        double[][] lights = {{0.6, 0.6, 1.0}, {0.75, 0.75, 1.0}, {0.6, 1.0, 0.6}, {0.75, 1.0, 0.75}, {1.0, 0.6, 0.6}, {1.0, 0.75, 0.75}};
        String[] names = {"blue", "light blue", "green", "light green", "red", "light red"};
        for (int i = 0; i < lights.length; i++) {
            double[] g = lights[i];
            SkinToneEstimate tinted = estimator.estimate(SyntheticFace.light(face, g[0], g[1], g[2]), LANDMARKS);
            assertTrue(tinted.flags().contains(SkinQualityFlag.COLOURED_LIGHT), names[i] + ": " + tinted);
            assertFalse(tinted.reliable(), names[i]);
        }
        // the premise: red light alone would have turned "intermediate"-ish skin into "brown"
        SkinToneEstimate red = estimator.estimate(SyntheticFace.light(face, 1.0, 0.6, 0.6), LANDMARKS);
        assertTrue(Math.abs(red.ita() - neutral.ita()) > 20, neutral.ita() + " vs " + red.ita());
        // dim neutral light is not coloured light
        SkinToneEstimate dim = estimator.estimate(SyntheticFace.light(face, 0.8, 0.8, 0.8), LANDMARKS);
        assertFalse(dim.flags().contains(SkinQualityFlag.COLOURED_LIGHT), dim.toString());
    }

    @Test
    void overAndUnderExposure() {
        BufferedImage img = SyntheticFace.draw(200, 200, new AffineTransform(), 0xEADABA, 0x5A6E8C, true);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 200; x++) if (x % 5 < 2 && img.getRGB(x, y) == 0xFFEADABA) img.setRGB(x, y, 0xFFFFFF);
        }
        SkinToneEstimate over = estimator.estimate(SyntheticFace.rgb(img), LANDMARKS);
        assertTrue(over.flags().contains(SkinQualityFlag.OVEREXPOSED), over.toString());
        assertEquals(4, over.monkTone(), "clipped pixels are dropped, the rest still measured");

        RgbImage face = SyntheticFace.face(0xA07E56);
        SkinToneEstimate dark = estimator.estimate(SyntheticFace.light(face, 0.25, 0.25, 0.25), LANDMARKS);
        assertTrue(dark.flags().contains(SkinQualityFlag.UNDEREXPOSED), dark.toString());
        // the transform suite's low light (x 0.35): nothing crushed, but nothing in the image reaches half scale
        SkinToneEstimate dim = estimator.estimate(org.biaslab.perceive.image.ImageTransform.LOW_LIGHT.apply(face),
                LANDMARKS);
        assertTrue(dim.flags().contains(SkinQualityFlag.UNDEREXPOSED), dim.toString());
        SkinToneEstimate crushed = estimator.estimate(SyntheticFace.light(face, 0.05, 0.05, 0.05), LANDMARKS);
        assertTrue(crushed.flags().contains(SkinQualityFlag.UNDEREXPOSED));
        assertTrue(crushed.flags().contains(SkinQualityFlag.TOO_FEW_PIXELS), "every region pixel crushed: " + crushed);
        assertFalse(crushed.defined());

        // The darkest Monk tone in normal light is not "under-exposed": the rule is relative, not an L* floor.
        SkinToneEstimate monk10 = estimator.estimate(SyntheticFace.face(0x292420), LANDMARKS);
        assertTrue(monk10.reliable(), monk10.toString());
    }

    @Test
    void unevenLightingBetweenCheeks() {
        RgbImage face = SyntheticFace.face(0xD7BD96);
        byte[] rgb = face.rgb().clone();
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 100; x++) { // image left half (subject's right cheek) in shadow
                int i = (y * 200 + x) * 3;
                for (int c = 0; c < 3; c++) rgb[i + c] = (byte) ((rgb[i + c] & 0xFF) * 6 / 10);
            }
        }
        SkinToneEstimate e = estimator.estimate(new RgbImage(200, 200, rgb), LANDMARKS);
        assertTrue(e.flags().contains(SkinQualityFlag.UNEVEN_LIGHTING), e.toString());
        assertFalse(estimator.estimate(face, LANDMARKS).flags().contains(SkinQualityFlag.UNEVEN_LIGHTING));
    }

    @Test
    void tinyFaceAndFacesOutsideTheImage() {
        AffineTransform small = AffineTransform.getScaleInstance(0.12, 0.12);
        RgbImage tiny = SyntheticFace.rgb(SyntheticFace.draw(200, 200, small, 0xA07E56, 0x5A6E8C, true));
        SkinToneEstimate few = estimator.estimate(tiny, SyntheticFace.landmarks(small));
        assertTrue(few.flags().contains(SkinQualityFlag.TOO_FEW_PIXELS), few.toString());
        assertTrue(few.defined() && few.pixelsUsed() < 100, few.toString());
        assertFalse(few.reliable());

        RgbImage face = SyntheticFace.face(0xA07E56);
        SkinToneEstimate gone = estimator.estimate(face, SyntheticFace.landmarks(AffineTransform.getTranslateInstance(500, 0)));
        assertEquals(EnumSet.of(SkinQualityFlag.TOO_FEW_PIXELS, SkinQualityFlag.REGION_OUTSIDE_IMAGE), gone.flags());
        assertEquals(0, gone.pixelsUsed());
        assertTrue(Double.isNaN(gone.ita()));
        assertNull(gone.category());
        assertEquals(0, gone.monkTone());
        assertThrows(IllegalStateException.class, gone::lab);

        AffineTransform half = AffineTransform.getTranslateInstance(-110, 0); // most of the regions off the left edge
        SkinToneEstimate partly = estimator.estimate(
                SyntheticFace.rgb(SyntheticFace.draw(200, 200, half, 0xA07E56, 0x5A6E8C, true)), SyntheticFace.landmarks(half));
        assertTrue(partly.flags().contains(SkinQualityFlag.REGION_OUTSIDE_IMAGE), partly.toString());
    }

    /**
     * A faintly bluish grey "skin" (b* < 0, chroma below the hue rule's threshold) gets an ITA through
     * atan2 and the coloured-light flag, never a silent value; a clearly blue one has no skin pixel
     * left and says so.
     */
    @Test
    void negativeBIsFlagged() {
        SkinToneEstimate faint = estimator.estimate(SyntheticFace.face(0x9698A0), LANDMARKS);
        assertTrue(faint.defined() && faint.b() < 0, faint.toString());
        assertTrue(faint.ita() > 90, faint.toString()); // L* > 50: beyond +90, still "very light", not "dark"
        assertTrue(faint.flags().contains(SkinQualityFlag.COLOURED_LIGHT), faint.toString());

        SkinToneEstimate blue = estimator.estimate(SyntheticFace.face(0x8C96AA), LANDMARKS);
        assertFalse(blue.defined(), blue.toString());
        assertEquals(EnumSet.of(SkinQualityFlag.TOO_FEW_PIXELS, SkinQualityFlag.COLOURED_LIGHT), blue.flags());
        assertTrue(blue.pixelsInRegions() > 3000);
    }

    /** Large faces are sampled on a grid; the colour is unchanged. */
    @Test
    void largeFacesAreSampled() {
        AffineTransform big = AffineTransform.getScaleInstance(6, 6);
        RgbImage img = SyntheticFace.rgb(SyntheticFace.draw(1200, 1200, big, 0x604134, 0x5A6E8C, true));
        SkinToneEstimate e = estimator.estimate(img, SyntheticFace.landmarks(big));
        assertTrue(e.pixelsInRegions() <= SkinToneEstimator.MAX_PIXELS, e.toString());
        assertTrue(e.pixelsInRegions() > SkinToneEstimator.MAX_PIXELS / 4, e.toString());
        assertEquals(8, e.monkTone());
        assertEquals(MonkScale.swatch(8).l(), e.lightness(), 1e-9);
    }

    /** The trig-free hue test in the pixel loop agrees with comparing atan2 angles. */
    @Test
    void hueWedgeTestAgreesWithAtan2() {
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 100_000; i++) {
            double a = rnd.nextDouble() * 160 - 80;
            double b = rnd.nextDouble() * 160 - 80;
            double h = Math.toDegrees(Math.atan2(b, a));
            if (h < 0) h += 360;
            if (Math.abs(h - SkinToneEstimator.HUE_FILTER_MIN) < 1e-9 || Math.abs(h - SkinToneEstimator.HUE_FILTER_MAX) < 1e-9) continue;
            boolean expected = h >= SkinToneEstimator.HUE_FILTER_MIN && h <= SkinToneEstimator.HUE_FILTER_MAX;
            assertEquals(expected, SkinToneEstimator.inFilterHueRange(a, b), "a=" + a + " b=" + b + " h=" + h);
        }
    }

    @Test
    void inputValidation() {
        assertThrows(NullPointerException.class, () -> estimator.estimate(null, LANDMARKS));
        assertThrows(IllegalArgumentException.class, () -> estimator.estimate(SyntheticFace.face(0xA07E56), new double[5][2]));
        assertThrows(IllegalArgumentException.class, () -> new SkinToneEstimator(0));
    }

    @Test
    void estimateRecordValidation() {
        Set<SkinQualityFlag> none = Set.of();
        double ita = Ita.degrees(60, 20);
        ItaCategory cat = ItaCategory.of(ita);
        SkinToneEstimate ok = new SkinToneEstimate(ita, 60, 5, 20, cat, 5, 3, 200, 250, 1, 1, 1, none, true);
        assertEquals(cat, ok.category());
        assertThrows(IllegalArgumentException.class, // ITA not of (L*, b*)
                () -> new SkinToneEstimate(ita + 1, 60, 5, 20, cat, 5, 3, 200, 250, 1, 1, 1, none, true));
        assertThrows(IllegalArgumentException.class, // wrong category
                () -> new SkinToneEstimate(ita, 60, 5, 20, ItaCategory.DARK, 5, 3, 200, 250, 1, 1, 1, none, true));
        assertThrows(IllegalArgumentException.class, // flags but reliable
                () -> new SkinToneEstimate(ita, 60, 5, 20, cat, 5, 3, 200, 250, 1, 1, 1, Set.of(SkinQualityFlag.OVEREXPOSED), true));
        assertThrows(IllegalArgumentException.class, // more used than in regions
                () -> new SkinToneEstimate(ita, 60, 5, 20, cat, 5, 3, 300, 250, 1, 1, 1, none, true));
        assertThrows(IllegalArgumentException.class, // monk out of range
                () -> new SkinToneEstimate(ita, 60, 5, 20, cat, 11, 3, 200, 250, 1, 1, 1, none, true));
        double nan = Double.NaN;
        assertThrows(IllegalArgumentException.class, // empty without TOO_FEW_PIXELS
                () -> new SkinToneEstimate(nan, nan, nan, nan, null, 0, nan, 0, 0, nan, nan, nan, Set.of(SkinQualityFlag.OVEREXPOSED), false));
        assertThrows(IllegalArgumentException.class, // empty with a value
                () -> new SkinToneEstimate(10, nan, nan, nan, null, 0, nan, 0, 0, nan, nan, nan, Set.of(SkinQualityFlag.TOO_FEW_PIXELS), false));
    }
}
