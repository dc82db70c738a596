package org.biaslab.perceive.skin;

import java.util.List;

/**
 * The Monk Skin Tone (MST) scale: ten reference tones by Ellis Monk, released by Google in 2022
 * (skintone.google, "The Monk Skin Tone Scale"), with these published sRGB swatch values:
 * 1 #f6ede4, 2 #f3e7db, 3 #f7ead0, 4 #eadaba, 5 #d7bd96, 6 #a07e56, 7 #825c43, 8 #604134,
 * 9 #3a312a, 10 #292420.
 *
 * <p>A colour is matched to the nearest swatch by CIEDE2000 ({@link ColorDifference#ciede2000}),
 * the CIE's recommended difference for small and medium differences, so that matching does not
 * over-weight lightness differences the way Euclidean CIELAB (delta E 1976) does near the light
 * end, where swatches 1 to 4 are close together. The swatches are display colours of a scale
 * designed for human annotators; matching a measured colour to them is an estimated skin tone,
 * not an MST annotation.
 */
public final class MonkScale {

    /** Published swatch colours, tone 1 (lightest) to 10 (darkest), 0xRRGGBB. */
    public static final List<Integer> SWATCHES = List.of(
            0xF6EDE4, 0xF3E7DB, 0xF7EAD0, 0xEADABA, 0xD7BD96,
            0xA07E56, 0x825C43, 0x604134, 0x3A312A, 0x292420);

    private static final List<Lab> SWATCH_LAB = SWATCHES.stream()
            .map(c -> Colorimetry.toLab((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF))
            .toList();

    private MonkScale() {}

    /** CIELAB of swatch {@code tone} (1..10). */
    public static Lab swatch(int tone) {
        if (tone < 1 || tone > 10) throw new IllegalArgumentException("Monk tone must be 1..10, was " + tone);
        return SWATCH_LAB.get(tone - 1);
    }

    /** The nearest swatch by CIEDE2000; ties go to the lighter tone. */
    public static Match nearest(Lab colour) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int tone = 1; tone <= 10; tone++) {
            double d = ColorDifference.ciede2000(colour, swatch(tone));
            if (d < bestDistance) {
                best = tone;
                bestDistance = d;
            }
        }
        return new Match(best, bestDistance);
    }

    /**
     * @param tone    Monk tone 1..10
     * @param deltaE00 CIEDE2000 distance from the colour to that swatch, >= 0
     */
    public record Match(int tone, double deltaE00) {
        public Match {
            if (tone < 1 || tone > 10) throw new IllegalArgumentException("tone must be 1..10, was " + tone);
            if (!(deltaE00 >= 0)) throw new IllegalArgumentException("deltaE00 must be >= 0, was " + deltaE00);
        }
    }
}
