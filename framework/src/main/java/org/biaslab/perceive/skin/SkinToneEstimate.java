package org.biaslab.perceive.skin;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The estimated skin tone of one face: one CIELAB colour (per-channel medians over the kept skin
 * pixels), its ITA and ITA category, and its nearest Monk tone, with how many pixels it rests on,
 * how spread they are, and why it might not be trusted.
 *
 * <p>When no pixel was kept ({@code pixelsUsed == 0}) there is no estimate: ITA, L*, a*, b*,
 * the Monk distance and the spreads are NaN, {@code category} is null, {@code monkTone} is 0 and
 * the flags contain {@link SkinQualityFlag#TOO_FEW_PIXELS}. Never a silent default.
 *
 * @param ita            ITA in degrees of (lightness, b), see {@link Ita}
 * @param lightness      median L* of kept pixels
 * @param a              median a* of kept pixels
 * @param b              median b* of kept pixels
 * @param category       {@link ItaCategory#of}(ita)
 * @param monkTone       nearest Monk tone 1..10 of (lightness, a, b) by CIEDE2000
 * @param monkDeltaE00   CIEDE2000 distance to that swatch
 * @param pixelsUsed     kept skin pixels behind the medians
 * @param pixelsInRegions pixels inside the region polygons and the image, before the skin filter
 * @param itaIqr         interquartile range of per-pixel ITA, degrees
 * @param lightnessIqr   interquartile range of per-pixel L*
 * @param bIqr           interquartile range of per-pixel b*
 * @param flags          quality problems, empty when none
 * @param reliable       true exactly when there are no flags
 */
public record SkinToneEstimate(double ita, double lightness, double a, double b, ItaCategory category,
                               int monkTone, double monkDeltaE00, int pixelsUsed, int pixelsInRegions,
                               double itaIqr, double lightnessIqr, double bIqr,
                               Set<SkinQualityFlag> flags, boolean reliable) {

    public SkinToneEstimate {
        Objects.requireNonNull(flags, "flags");
        EnumSet<SkinQualityFlag> ordered = EnumSet.noneOf(SkinQualityFlag.class);
        ordered.addAll(flags);
        flags = Collections.unmodifiableSet(ordered);
        if (pixelsUsed < 0) throw new IllegalArgumentException("pixelsUsed must be >= 0, was " + pixelsUsed);
        if (pixelsInRegions < pixelsUsed) {
            throw new IllegalArgumentException("pixelsInRegions (" + pixelsInRegions + ") must be >= pixelsUsed (" + pixelsUsed + ")");
        }
        if (reliable != flags.isEmpty()) {
            throw new IllegalArgumentException("reliable must be true exactly when there are no flags; reliable="
                    + reliable + ", flags=" + flags);
        }
        if (pixelsUsed == 0) {
            if (!flags.contains(SkinQualityFlag.TOO_FEW_PIXELS)) {
                throw new IllegalArgumentException("an estimate over 0 pixels must carry TOO_FEW_PIXELS, flags were " + flags);
            }
            for (double v : new double[] {ita, lightness, a, b, monkDeltaE00, itaIqr, lightnessIqr, bIqr}) {
                if (!Double.isNaN(v)) throw new IllegalArgumentException("an estimate over 0 pixels must have NaN values, had " + v);
            }
            if (category != null) throw new IllegalArgumentException("an estimate over 0 pixels has no category, had " + category);
            if (monkTone != 0) throw new IllegalArgumentException("an estimate over 0 pixels has monkTone 0, had " + monkTone);
        } else {
            new Lab(lightness, a, b); // range and finiteness checks
            double expected = Ita.degrees(lightness, b);
            if (!(Math.abs(ita - expected) <= 1e-9)) {
                throw new IllegalArgumentException("ita must be the ITA of (L*=" + lightness + ", b*=" + b + ") = "
                        + expected + ", was " + ita);
            }
            if (category != ItaCategory.of(ita)) {
                throw new IllegalArgumentException("category must be " + ItaCategory.of(ita) + " for ITA " + ita + ", was " + category);
            }
            if (monkTone < 1 || monkTone > 10) throw new IllegalArgumentException("monkTone must be 1..10, was " + monkTone);
            if (!(monkDeltaE00 >= 0)) throw new IllegalArgumentException("monkDeltaE00 must be >= 0, was " + monkDeltaE00);
            if (!(itaIqr >= 0)) throw new IllegalArgumentException("itaIqr must be >= 0, was " + itaIqr);
            if (!(lightnessIqr >= 0)) throw new IllegalArgumentException("lightnessIqr must be >= 0, was " + lightnessIqr);
            if (!(bIqr >= 0)) throw new IllegalArgumentException("bIqr must be >= 0, was " + bIqr);
        }
    }

    /** Whether there is an estimate at all (at least one kept pixel). */
    public boolean defined() {
        return pixelsUsed > 0;
    }

    /** The median colour; throws when {@link #defined()} is false. */
    public Lab lab() {
        if (!defined()) throw new IllegalStateException("no skin pixels: no colour");
        return new Lab(lightness, a, b);
    }
}
