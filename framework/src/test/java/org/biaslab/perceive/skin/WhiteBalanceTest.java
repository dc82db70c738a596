package org.biaslab.perceive.skin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import org.biaslab.perceive.RgbImage;
import org.junit.jupiter.api.Test;

class WhiteBalanceTest {

    private static final double[][] LANDMARKS = SyntheticFace.TEMPLATE;

    /**
     * Von Kries gains by hand: white (0.2, 0.4, 0.8) has strongest channel 0.8, so the gains are
     * 0.8 / w = (4, 2, 1) and the white maps to (0.8, 0.8, 0.8); white (0.5, 0.25, 0.1): (1, 2, 5).
     */
    @Test
    void vonKriesGainsByHand() {
        assertArrayEquals(new double[] {4, 2, 1}, WhiteBalance.vonKries(new double[] {0.2, 0.4, 0.8}), 1e-12);
        assertArrayEquals(new double[] {1, 2, 5}, WhiteBalance.vonKries(new double[] {0.5, 0.25, 0.1}), 1e-12);
        assertNull(WhiteBalance.vonKries(new double[] {0.0, 0.4, 0.8}));
    }

    /**
     * A face with grey sclera (sRGB 190 = linear 0.51492) under a blue cast (8-bit channels x 0.6,
     * 0.85, 1.0 as the suite's cold light: 190 -> 114, 162, 190, linear 0.16827, 0.36131, 0.51492):
     * the sclera estimate is exactly those linear values, and the corrected skin comes back to the
     * uncast skin colour within the error of an 8-bit gain (which is a linear gain of about k^2.4 above
     * the toe, not exactly). Without correction the cast drives every skin pixel out of the skin hue wedge (no estimate,
     * flagged coloured light).
     */
    @Test
    void scleraCorrectsAKnownCast() {
        int skin = MonkScale.SWATCHES.get(4); // Monk 5
        RgbImage neutral = faceWithSclera(skin, 0xBEBEBE);
        RgbImage cast = SyntheticFace.light(neutral, 0.6, 0.85, 1.0);

        double[] white = WhiteBalance.scleraWhite(cast, LANDMARKS);
        assertArrayEquals(new double[] {Colorimetry.linear(114), Colorimetry.linear(162), Colorimetry.linear(190)},
                white, 1e-12);
        assertEquals(0.16827, Colorimetry.linear(114), 1e-5);
        assertEquals(0.51492, Colorimetry.linear(190), 1e-5);
        // Neutral sclera: gains all 1 (grey has Y = its value).
        assertArrayEquals(new double[] {1, 1, 1}, WhiteBalance.SCLERA.gains(neutral, LANDMARKS), 1e-6);

        SkinToneEstimate truth = new SkinToneEstimator().estimate(neutral, LANDMARKS);
        SkinToneEstimate raw = new SkinToneEstimator().estimate(cast, LANDMARKS);
        SkinToneEstimate fixed = new SkinToneEstimator(WhiteBalance.SCLERA).estimate(cast, LANDMARKS);
        // Uncorrected, every skin pixel falls outside the skin hue wedge: no estimate at all.
        assertEquals(0, raw.pixelsUsed(), raw.toString());
        assertTrue(raw.flags().contains(SkinQualityFlag.COLOURED_LIGHT), raw.toString());
        assertEquals(truth.ita(), fixed.ita(), 2.0, fixed.toString());
        assertEquals(truth.b(), fixed.b(), 1.0, fixed.toString());
        assertEquals(truth.lightness(), fixed.lightness(), 2.0, fixed.toString());
        assertEquals(truth.monkTone(), fixed.monkTone());
        assertTrue(fixed.reliable(), fixed.toString());
        // On the uncast face the correction changes nothing beyond rounding.
        SkinToneEstimate same = new SkinToneEstimator(WhiteBalance.SCLERA).estimate(neutral, LANDMARKS);
        assertEquals(truth.ita(), same.ita(), 1e-6);
    }

    /** 'none' is today's estimator, bit for bit; so is 'sclera' when the eyes hold no usable sclera. */
    @Test
    void noneIsBitIdentical() {
        SkinToneEstimator today = new SkinToneEstimator();
        SkinToneEstimator none = new SkinToneEstimator(SkinToneEstimator.DEFAULT_MIN_PIXELS, WhiteBalance.NONE);
        SkinToneEstimator sclera = new SkinToneEstimator(WhiteBalance.SCLERA);
        for (int tone = 1; tone <= 10; tone++) {
            RgbImage face = SyntheticFace.face(MonkScale.SWATCHES.get(tone - 1));
            for (RgbImage img : new RgbImage[] {face, SyntheticFace.light(face, 0.6, 0.85, 1.0),
                    SyntheticFace.light(face, 1.0, 0.78, 0.5), faceWithSclera(MonkScale.SWATCHES.get(tone - 1), 0xB4B4B4)}) {
                assertEquals(today.estimate(img, LANDMARKS), none.estimate(img, LANDMARKS));
            }
            // The synthetic face's eyes are pure white (clipped): no sclera pixel, no correction.
            assertNull(WhiteBalance.SCLERA.gains(face, LANDMARKS));
            assertEquals(today.estimate(face, LANDMARKS), sclera.estimate(face, LANDMARKS));
        }
        assertNull(WhiteBalance.NONE.gains(faceWithSclera(0xA07E56, 0xB4B4B4), LANDMARKS));
    }

    /**
     * Gains that push skin past full scale (a dark reddish 'sclera' of sRGB (80, 40, 30), linear
     * (0.0802, 0.0212, 0.0123): gains about (1, 3.8, 6.5), and the skin's linear blue 0.305 becomes
     * about 2) drop those pixels as clipped instead of reporting L* above 100.
     */
    @Test
    void correctedPixelsBeyondFullScaleAreClipped() {
        RgbImage img = faceWithSclera(0xD7BD96, 0x50281E);
        SkinToneEstimate e = new SkinToneEstimator(WhiteBalance.SCLERA).estimate(img, LANDMARKS);
        assertEquals(0, e.pixelsUsed(), e.toString());
        assertTrue(e.flags().contains(SkinQualityFlag.OVEREXPOSED), e.toString());
    }

    @Test
    void parse() {
        assertEquals(WhiteBalance.NONE, WhiteBalance.parse("none"));
        assertEquals(WhiteBalance.SCLERA, WhiteBalance.parse(" Sclera "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WhiteBalance.parse("gray-world"));
        assertEquals("skin white balance must be one of [none, sclera], was 'gray-world'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WhiteBalance.parse(null));
        assertThrows(NullPointerException.class, () -> new SkinToneEstimator(100, null));
    }

    /** The synthetic face with its eyes filled with {@code sclera} instead of clipped white. */
    static RgbImage faceWithSclera(int skin, int sclera) {
        BufferedImage img = SyntheticFace.draw(200, 200, new AffineTransform(), skin, 0x5A6E8C, true);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(new Color(sclera));
        for (int first : new int[] {36, 42}) {
            Path2D p = new Path2D.Double();
            p.moveTo(LANDMARKS[first][0], LANDMARKS[first][1]);
            for (int i = first + 1; i < first + 6; i++) p.lineTo(LANDMARKS[i][0], LANDMARKS[i][1]);
            p.closePath();
            g.fill(p);
        }
        g.dispose();
        return SyntheticFace.rgb(img);
    }
}
