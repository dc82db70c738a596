package org.biaslab.perceive.skin;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import org.biaslab.perceive.RgbImage;

/**
 * Estimated skin tone of one face from the skin pixels of its cheeks and forehead.
 *
 * <p><b>Regions.</b> {@link SkinRegion}: both cheeks and a forehead band, from 68 landmarks,
 * clipped to the image; a pixel belongs to a region when its centre is inside the polygon (a pixel
 * in two regions counts once). Faces whose regions hold more than {@value #MAX_PIXELS} pixels
 * are sampled on a regular grid (every k-th column of every k-th row, image coordinates, k the
 * smallest that brings the count to about {@value #MAX_PIXELS}), so the cost stays bounded for
 * large faces; a median over thousands of pixels does not need more.
 *
 * <p><b>Skin pixel rule</b>, in this order:
 * <ol>
 *   <li>clipped: any channel &gt;= {@value #CLIPPED} (specular highlight, over-exposure; the colour
 *       is lost) - dropped and counted for {@link SkinQualityFlag#OVEREXPOSED};</li>
 *   <li>crushed: every channel &lt;= {@value #CRUSHED} (no colour left) - dropped and counted for
 *       {@link SkinQualityFlag#UNDEREXPOSED};</li>
 *   <li>too saturated: chroma C*ab &gt; {@value #MAX_CHROMA} (make-up, clothing, coloured objects;
 *       the most saturated Monk swatch has C* 28);</li>
 *   <li>non-skin hue: chroma &gt;= {@value #HUE_FILTER_MIN_CHROMA} and hue h_ab outside
 *       [{@value #HUE_FILTER_MIN}, {@value #HUE_FILTER_MAX}] degrees (blue, green, purple things:
 *       glasses frames, background). Near-neutral pixels are not judged by hue, because the
 *       darkest skin tones have chroma 4-7 and an unstable hue;</li>
 *   <li>lightness outliers, relative to the face: L* farther than
 *       max({@value #LIGHTNESS_MAD_K} x 1.4826 x MAD, {@value #LIGHTNESS_MIN_TOLERANCE}) from the median
 *       L* of the pixels left by rules 1-4, pooled over the regions (eyebrow and fringe hair,
 *       nostril and jaw shadow, glare). A relative rule, not a fixed L* floor, because dark skin
 *       itself has L* near 15-30: an absolute "too dark" cut-off would discard it.</li>
 * </ol>
 *
 * <p><b>Estimate.</b> The per-channel medians of L*, a*, b* over the kept pixels form one colour;
 * its ITA ({@link Ita}), ITA category and nearest Monk tone are reported. The ITA of the median
 * colour is used rather than the median of per-pixel ITA: per-pixel ITA divides by b*, which is
 * small and noisy for light and for very dark skin, so single pixels swing by tens of degrees,
 * while the medians of L* and b* are each robust; and this way ITA, category and Monk tone
 * describe one and the same colour. The spread of per-pixel ITA (IQR) is reported beside it.
 *
 * <p><b>Quality flags</b> ({@link SkinQualityFlag}); any flag makes the estimate unreliable:
 * fewer than {@code minPixels} kept; more than half the region area outside the image; more than
 * {@value #EXPOSURE_SHARE} of region pixels clipped, or crushed; an image whose 99th percentile
 * of max(R, G, B) is below {@value #DARK_IMAGE_P99}; a median region colour (after rules 1-2)
 * outside the skin hue range [{@value #LOCUS_MIN_HUE}, {@value #LOCUS_MAX_HUE}] degrees at chroma
 * &gt;= {@value #LOCUS_MIN_CHROMA}, or with b* &lt;= 0 (coloured light: ITA is not trustworthy); cheek
 * median L* differing by more than {@value #UNEVEN_CHEEK_DELTA_L} when both cheeks have at least
 * {@value #UNEVEN_MIN_PIXELS} kept pixels. The Monk swatch hues run from 49 to 89 degrees; red,
 * green and blue light push skin to about 33, 105-125 and 300+ degrees.
 *
 * <p><b>Illumination.</b> Optionally ({@link WhiteBalance}, default none) each region pixel is
 * corrected in linear sRGB by a von Kries diagonal estimated from the eye whites before CIELAB;
 * a corrected pixel with a channel at or above the linear value of {@value #CLIPPED} counts as
 * clipped (rule 1), so no kept colour lies beyond full scale.
 *
 * <p>Stateless apart from {@code minPixels} and the white balance; thread-safe.
 */
public final class SkinToneEstimator {

    public static final int DEFAULT_MIN_PIXELS = 100;
    public static final int MAX_PIXELS = 8_000;
    public static final int CLIPPED = 254;
    public static final int CRUSHED = 12;
    public static final double MAX_CHROMA = 60;
    public static final double HUE_FILTER_MIN_CHROMA = 8;
    public static final double HUE_FILTER_MIN = 15;
    public static final double HUE_FILTER_MAX = 115;
    public static final double LIGHTNESS_MAD_K = 3;
    public static final double LIGHTNESS_MIN_TOLERANCE = 10;
    public static final double EXPOSURE_SHARE = 0.25;
    /**
     * An image whose 99th percentile of max(R, G, B) is below this is under-exposed: nothing in it
     * reaches half of full scale. Raised from 64 on 2026-12-07 after the transform suite showed a
     * uniform darkening to 0.35 (99th percentile about 89) passing unflagged while the ITA AUC of
     * White vs Black fell to 0.50 (docs/perception.md); at 128 it flags no untransformed image of
     * utkface-dev (lowest 99th percentile 143) and 2 of the 300 development SD images.
     */
    public static final int DARK_IMAGE_P99 = 128;
    public static final double LOCUS_MIN_HUE = 40;
    public static final double LOCUS_MAX_HUE = 100;
    public static final double LOCUS_MIN_CHROMA = 5;
    public static final double UNEVEN_CHEEK_DELTA_L = 15;
    public static final int UNEVEN_MIN_PIXELS = 25;
    public static final double OUTSIDE_SHARE = 0.5;

    /** Rule 1's threshold in linear light, for white-balanced pixels. */
    private static final double CLIPPED_LINEAR = Colorimetry.linear(CLIPPED);

    private static final SkinRegion[] REGIONS = SkinRegion.values();

    private final int minPixels;
    private final WhiteBalance whiteBalance;

    /** An estimator that needs at least {@value #DEFAULT_MIN_PIXELS} kept skin pixels. */
    public SkinToneEstimator() {
        this(DEFAULT_MIN_PIXELS);
    }

    public SkinToneEstimator(int minPixels) {
        this(minPixels, WhiteBalance.NONE);
    }

    /** An estimator with {@value #DEFAULT_MIN_PIXELS} minimum pixels and this illumination correction. */
    public SkinToneEstimator(WhiteBalance whiteBalance) {
        this(DEFAULT_MIN_PIXELS, whiteBalance);
    }

    /**
     * @param whiteBalance illumination correction applied to every region pixel (linear sRGB, von
     *                     Kries) before CIELAB; the clipped / crushed rules and the image exposure
     *                     check still read the recorded 8-bit values
     */
    public SkinToneEstimator(int minPixels, WhiteBalance whiteBalance) {
        if (minPixels < 1) throw new IllegalArgumentException("minPixels must be >= 1, was " + minPixels);
        this.minPixels = minPixels;
        this.whiteBalance = Objects.requireNonNull(whiteBalance, "whiteBalance");
    }

    public int minPixels() { return minPixels; }

    public WhiteBalance whiteBalance() { return whiteBalance; }

    /**
     * @param image       the decoded image
     * @param landmarks68 68 points {x, y} in iBUG 300-W order, in this image's pixel coordinates
     */
    public SkinToneEstimate estimate(RgbImage image, double[][] landmarks68) {
        Objects.requireNonNull(image, "image");
        Map<SkinRegion, double[][]> polygons = SkinRegions.polygons(landmarks68);
        int w = image.width();
        int h = image.height();

        // Bounding box of all regions, clipped to the image; one region label per pixel in it.
        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (double[][] p : polygons.values()) {
            for (double x : p[0]) { minX = Math.min(minX, x); maxX = Math.max(maxX, x); }
            for (double y : p[1]) { minY = Math.min(minY, y); maxY = Math.max(maxY, y); }
        }
        int bx0 = (int) Math.max(0, Math.floor(minX));
        int by0 = (int) Math.max(0, Math.floor(minY));
        int bx1 = (int) Math.min(w - 1, Math.ceil(maxX));
        int by1 = (int) Math.min(h - 1, Math.ceil(maxY));
        EnumSet<SkinQualityFlag> flags = EnumSet.noneOf(SkinQualityFlag.class);
        if (bx1 < bx0 || by1 < by0) {
            flags.add(SkinQualityFlag.TOO_FEW_PIXELS);
            flags.add(SkinQualityFlag.REGION_OUTSIDE_IMAGE);
            imageExposure(image, flags);
            return empty(0, flags);
        }
        int bw = bx1 - bx0 + 1;
        int bh = by1 - by0 + 1;
        byte[] label = new byte[bw * bh];
        long unclippedArea = 0;
        int[] inside = new int[1];
        for (SkinRegion region : REGIONS) {
            byte code = (byte) (region.ordinal() + 1);
            unclippedArea += SkinRegions.rasterise(polygons.get(region), w, h, (x, y) -> {
                int i = (y - by0) * bw + (x - bx0);
                if (label[i] == 0) {
                    label[i] = code;
                    inside[0]++;
                }
            });
        }
        if (unclippedArea > 0 && inside[0] < (1 - OUTSIDE_SHARE) * unclippedArea) {
            flags.add(SkinQualityFlag.REGION_OUTSIDE_IMAGE);
        }
        int step = Math.max(1, (int) Math.ceil(Math.sqrt((double) inside[0] / MAX_PIXELS)));

        // Rules 1-2, then CIELAB of the rest.
        int capacity = (bw / step + 1) * (bh / step + 1);
        double[] cl = new double[Math.min(capacity, inside[0])];
        double[] ca = new double[cl.length];
        double[] cb = new double[cl.length];
        byte[] cr = new byte[cl.length];
        int candidates = 0;
        int clipped = 0;
        int crushed = 0;
        int inRegions = 0;
        byte[] rgb = image.rgb();
        double[] lab = new double[3];
        double[] gains = whiteBalance.gains(image, landmarks68);
        int yFirst = ((by0 + step - 1) / step) * step;
        int xFirst = ((bx0 + step - 1) / step) * step;
        for (int y = yFirst; y <= by1; y += step) {
            int row = (y - by0) * bw;
            for (int x = xFirst; x <= bx1; x += step) {
                byte code = label[row + x - bx0];
                if (code == 0) continue;
                inRegions++;
                int p = (y * w + x) * 3;
                int r = rgb[p] & 0xFF;
                int g = rgb[p + 1] & 0xFF;
                int b = rgb[p + 2] & 0xFF;
                if (r >= CLIPPED || g >= CLIPPED || b >= CLIPPED) {
                    clipped++;
                    continue;
                }
                if (r <= CRUSHED && g <= CRUSHED && b <= CRUSHED) {
                    crushed++;
                    continue;
                }
                if (gains == null) {
                    Colorimetry.toLab(r, g, b, lab);
                } else {
                    double rl = gains[0] * Colorimetry.linear(r);
                    double gl = gains[1] * Colorimetry.linear(g);
                    double bl = gains[2] * Colorimetry.linear(b);
                    // rule 1 after correction: a channel raised to full scale or beyond has no colour left
                    if (rl >= CLIPPED_LINEAR || gl >= CLIPPED_LINEAR || bl >= CLIPPED_LINEAR) {
                        clipped++;
                        continue;
                    }
                    Colorimetry.toLabLinear(rl, gl, bl, lab);
                }
                cl[candidates] = lab[0];
                ca[candidates] = lab[1];
                cb[candidates] = lab[2];
                cr[candidates] = code;
                candidates++;
            }
        }
        if (inRegions > 0 && clipped > EXPOSURE_SHARE * inRegions) flags.add(SkinQualityFlag.OVEREXPOSED);
        if (inRegions > 0 && crushed > EXPOSURE_SHARE * inRegions) flags.add(SkinQualityFlag.UNDEREXPOSED);
        imageExposure(image, flags);

        // Coloured light: judged on the median colour of the region before the hue rules.
        double candidateMedianA = Double.NaN;
        double candidateMedianB = Double.NaN;
        if (candidates > 0) {
            double ma = Quantiles.median(ca, candidates);
            double mb = Quantiles.median(cb, candidates);
            candidateMedianA = ma;
            candidateMedianB = mb;
            double chroma = Math.hypot(ma, mb);
            double hue = hue(ma, mb);
            if (mb <= 0 || (chroma >= LOCUS_MIN_CHROMA && (hue < LOCUS_MIN_HUE || hue > LOCUS_MAX_HUE))) {
                flags.add(SkinQualityFlag.COLOURED_LIGHT);
            }
        }

        // Rules 3-4 (in place).
        int survivors = 0;
        final double maxChroma2 = MAX_CHROMA * MAX_CHROMA;
        final double hueChroma2 = HUE_FILTER_MIN_CHROMA * HUE_FILTER_MIN_CHROMA;
        for (int i = 0; i < candidates; i++) {
            double chroma2 = ca[i] * ca[i] + cb[i] * cb[i];
            if (chroma2 > maxChroma2) continue;
            if (chroma2 >= hueChroma2 && !inFilterHueRange(ca[i], cb[i])) continue;
            cl[survivors] = cl[i];
            ca[survivors] = ca[i];
            cb[survivors] = cb[i];
            cr[survivors] = cr[i];
            survivors++;
        }

        // Rule 5: lightness outliers relative to the face.
        int kept = 0;
        double survivorMedianL = Double.NaN;
        if (survivors > 0) {
            double medL = Quantiles.median(cl, survivors);
            survivorMedianL = medL;
            double mad = Quantiles.medianAbsoluteDeviation(cl, survivors, medL);
            double tolerance = Math.max(LIGHTNESS_MAD_K * 1.4826 * mad, LIGHTNESS_MIN_TOLERANCE);
            for (int i = 0; i < survivors; i++) {
                if (Math.abs(cl[i] - medL) > tolerance) continue;
                cl[kept] = cl[i];
                ca[kept] = ca[i];
                cb[kept] = cb[i];
                cr[kept] = cr[i];
                kept++;
            }
        }
        if (kept < minPixels) flags.add(SkinQualityFlag.TOO_FEW_PIXELS);
        if (kept == 0) return empty(inRegions, flags);

        // When a rule dropped nothing, the arrays still hold the same values: reuse those medians.
        double lightness = kept == survivors ? survivorMedianL : Quantiles.median(cl, kept);
        double a = kept == candidates ? candidateMedianA : Quantiles.median(ca, kept);
        double b = kept == candidates ? candidateMedianB : Quantiles.median(cb, kept);
        double[] ita = new double[kept]; // pseudo-angles: same order as ITA, mapped to degrees at the quartiles only
        for (int i = 0; i < kept; i++) ita[i] = Ita.pseudo(cl[i], cb[i]);
        double itaIqr = Quantiles.iqr(ita, kept, Ita::pseudoToDegrees);
        double lightnessIqr = Quantiles.iqr(cl, kept);
        double bIqr = Quantiles.iqr(cb, kept);

        double rightCheekL = cheekMedian(cl, cr, kept, SkinRegion.RIGHT_CHEEK);
        double leftCheekL = cheekMedian(cl, cr, kept, SkinRegion.LEFT_CHEEK);
        if (!Double.isNaN(rightCheekL) && !Double.isNaN(leftCheekL)
                && Math.abs(rightCheekL - leftCheekL) > UNEVEN_CHEEK_DELTA_L) {
            flags.add(SkinQualityFlag.UNEVEN_LIGHTING);
        }

        double itaValue = Ita.degrees(lightness, b);
        MonkScale.Match monk = MonkScale.nearest(new Lab(lightness, a, b));
        return new SkinToneEstimate(itaValue, lightness, a, b, ItaCategory.of(itaValue), monk.tone(), monk.deltaE00(),
                kept, inRegions, itaIqr, lightnessIqr, bIqr, flags, flags.isEmpty());
    }

    private static double cheekMedian(double[] l, byte[] region, int n, SkinRegion cheek) {
        byte code = (byte) (cheek.ordinal() + 1);
        int count = 0;
        for (int i = 0; i < n; i++) if (region[i] == code) count++;
        if (count < UNEVEN_MIN_PIXELS) return Double.NaN;
        double[] values = new double[count];
        int k = 0;
        for (int i = 0; i < n; i++) if (region[i] == code) values[k++] = l[i];
        return Quantiles.median(values, count);
    }

    /** Flags an image with nothing bright in it: 99th percentile of max(R, G, B) below the threshold. */
    private static void imageExposure(RgbImage image, EnumSet<SkinQualityFlag> flags) {
        int w = image.width();
        int h = image.height();
        int step = Math.max(1, (int) Math.sqrt((double) w * h / 16384));
        int[] histogram = new int[256];
        int n = 0;
        byte[] rgb = image.rgb();
        for (int y = 0; y < h; y += step) {
            for (int x = 0; x < w; x += step) {
                int p = (y * w + x) * 3;
                int max = Math.max(rgb[p] & 0xFF, Math.max(rgb[p + 1] & 0xFF, rgb[p + 2] & 0xFF));
                histogram[max]++;
                n++;
            }
        }
        long below = 0;
        int p99 = 255;
        for (int v = 0; v < 256; v++) {
            below += histogram[v];
            if (below >= Math.ceil(0.99 * n)) {
                p99 = v;
                break;
            }
        }
        if (p99 < DARK_IMAGE_P99) flags.add(SkinQualityFlag.UNDEREXPOSED);
    }

    private static SkinToneEstimate empty(int inRegions, EnumSet<SkinQualityFlag> flags) {
        double nan = Double.NaN;
        return new SkinToneEstimate(nan, nan, nan, nan, null, 0, nan, 0, inRegions, nan, nan, nan, flags, false);
    }

    private static double hue(double a, double b) {
        if (a == 0 && b == 0) return 0;
        double h = Math.toDegrees(Math.atan2(b, a));
        return h < 0 ? h + 360 : h;
    }

    private static final double FILTER_MIN_COS = Math.cos(Math.toRadians(HUE_FILTER_MIN));
    private static final double FILTER_MIN_SIN = Math.sin(Math.toRadians(HUE_FILTER_MIN));
    private static final double FILTER_MAX_COS = Math.cos(Math.toRadians(HUE_FILTER_MAX));
    private static final double FILTER_MAX_SIN = Math.sin(Math.toRadians(HUE_FILTER_MAX));

    /**
     * Whether hue h_ab of (a, b) lies in [HUE_FILTER_MIN, HUE_FILTER_MAX] (a wedge narrower than
     * 180 degrees): on or left of the lower ray and on or right of the upper one. Same answer as
     * comparing atan2 angles, without the trigonometry in the pixel loop.
     */
    static boolean inFilterHueRange(double a, double b) {
        return FILTER_MIN_COS * b - FILTER_MIN_SIN * a >= 0 && FILTER_MAX_COS * b - FILTER_MAX_SIN * a <= 0;
    }
}
