package org.biaslab.perceive.skin;

import java.util.Arrays;
import java.util.Locale;
import org.biaslab.perceive.RgbImage;

/**
 * Illumination correction before the skin colour is read ({@code perception.skin_white_balance},
 * {@code validate-perception --white-balance}); default {@link #NONE}.
 *
 * <p>{@link #SCLERA}: the eye whites are the one near-neutral surface every frontal face carries,
 * whatever its skin tone, so the illuminant is estimated from them and not from the skin (grey-world
 * on a tight face crop would neutralise the skin itself and erase the quantity measured) nor from the
 * background (face crops have little of it, and its colour is the scene's, not grey). Pixels inside
 * the two eye polygons (landmarks 36-41 and 42-47) that are neither clipped (any channel &gt;=
 * {@value SkinToneEstimator#CLIPPED}: catch-lights) nor crushed; of those, the brightest
 * {@value #BRIGHT_SHARE} by linear luminance are taken as sclera (iris, pupil, lashes are darker);
 * the illuminant is the per-channel median of their linear sRGB. A von Kries diagonal in linear sRGB
 * maps it to grey at its strongest channel: gain_c = max(w) / w_c. With fewer than {@value #MIN_PIXELS}
 * sclera pixels, or a channel of the estimate at 0, no correction is made (the estimate is as with
 * {@code none}).
 */
public enum WhiteBalance {
    NONE("none"),
    SCLERA("sclera");

    /** Share of the eye pixels, brightest first, taken as sclera. */
    public static final double BRIGHT_SHARE = 0.25;
    /** Fewest sclera pixels from which an illuminant is estimated. */
    public static final int MIN_PIXELS = 6;

    private final String id;

    WhiteBalance(String id) { this.id = id; }

    public String id() { return id; }

    /** The method named {@code id} (case-insensitive); a clear error for anything else. */
    public static WhiteBalance parse(String id) {
        for (WhiteBalance w : values()) {
            if (w.id.equals(id == null ? null : id.trim().toLowerCase(Locale.ROOT))) return w;
        }
        throw new IllegalArgumentException("skin white balance must be one of "
                + Arrays.stream(values()).map(WhiteBalance::id).toList() + ", was '" + id + "'");
    }

    /**
     * Linear-sRGB gains {r, g, b} for this image and face, or null for no correction ({@link #NONE},
     * or too little sclera).
     */
    double[] gains(RgbImage image, double[][] landmarks68) {
        if (this == NONE) return null;
        double[] white = scleraWhite(image, landmarks68);
        if (white == null) return null;
        return vonKries(white);
    }

    /**
     * Gains that map linear {@code white} to grey at its strongest channel: gain_c = max(w) / w_c (all
     * &gt;= 1). Coloured light (or a filter) removes light from some channels; scaling to the strongest
     * restores them without also dimming the face, which scaling to the white's luminance would do
     * (and ITA reads L* absolutely).
     */
    static double[] vonKries(double[] white) {
        if (white[0] <= 0 || white[1] <= 0 || white[2] <= 0) return null;
        double m = Math.max(white[0], Math.max(white[1], white[2]));
        return new double[] {m / white[0], m / white[1], m / white[2]};
    }

    /** The per-channel median linear sRGB of the brightest eye pixels, or null with too few. */
    static double[] scleraWhite(RgbImage image, double[][] landmarks68) {
        if (landmarks68 == null || landmarks68.length < 48) return null;
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.rgb();
        int[] n = {0};
        double[] lr = new double[64], lg = new double[64], lb = new double[64], ly = new double[64];
        double[][][] bufs = {{lr, lg, lb, ly}};
        for (int first : new int[] {36, 42}) {
            double[] xs = new double[6];
            double[] ys = new double[6];
            for (int i = 0; i < 6; i++) {
                xs[i] = landmarks68[first + i][0];
                ys[i] = landmarks68[first + i][1];
            }
            SkinRegions.rasterise(new double[][] {xs, ys}, w, h, (x, y) -> {
                int p = (y * w + x) * 3;
                int r = rgb[p] & 0xFF, g = rgb[p + 1] & 0xFF, b = rgb[p + 2] & 0xFF;
                if (r >= SkinToneEstimator.CLIPPED || g >= SkinToneEstimator.CLIPPED || b >= SkinToneEstimator.CLIPPED) return;
                if (r <= SkinToneEstimator.CRUSHED && g <= SkinToneEstimator.CRUSHED && b <= SkinToneEstimator.CRUSHED) return;
                double[][] bb = bufs[0];
                if (n[0] == bb[0].length) {
                    for (int c = 0; c < 4; c++) bb[c] = Arrays.copyOf(bb[c], bb[c].length * 2);
                }
                double rl = Colorimetry.linear(r), gl = Colorimetry.linear(g), bl = Colorimetry.linear(b);
                bb[0][n[0]] = rl;
                bb[1][n[0]] = gl;
                bb[2][n[0]] = bl;
                bb[3][n[0]] = 0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl;
                n[0]++;
            });
        }
        int total = n[0];
        int bright = (int) Math.floor(BRIGHT_SHARE * total);
        if (bright < MIN_PIXELS) return null;
        double[][] bb = bufs[0];
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) order[i] = i;
        Arrays.sort(order, (i, j) -> Double.compare(bb[3][j], bb[3][i]));
        double[] white = new double[3];
        for (int c = 0; c < 3; c++) {
            double[] v = new double[bright];
            for (int k = 0; k < bright; k++) v[k] = bb[c][order[k]];
            white[c] = Quantiles.median(v, bright);
        }
        return white;
    }
}
