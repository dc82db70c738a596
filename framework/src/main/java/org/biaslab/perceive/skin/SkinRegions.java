package org.biaslab.perceive.skin;

import java.util.EnumMap;
import java.util.Map;

/** Region polygons from 68 landmarks (see {@link SkinRegion}) and their rasterisation. */
public final class SkinRegions {

    /** Cheek polygons are scaled by this factor about their vertex centroid. */
    public static final double CHEEK_SHRINK = 0.75;
    /** Forehead band starts this many brow-to-eye distances above the brows. */
    public static final double FOREHEAD_GAP = 0.3;
    /** Forehead band height in brow-to-eye distances. */
    public static final double FOREHEAD_HEIGHT = 1.0;

    static final int[] RIGHT_CHEEK = {36, 41, 40, 31, 48, 4, 3, 2, 1};
    static final int[] LEFT_CHEEK = {45, 46, 47, 35, 54, 12, 13, 14, 15};
    static final int[] BROWS = {18, 19, 20, 21, 22, 23, 24, 25};

    private SkinRegions() {}

    /**
     * Checks the landmark array: 68 rows of 2 finite numbers (x, y in image pixels, origin at the
     * top-left corner of the top-left pixel).
     */
    public static void validate(double[][] landmarks) {
        if (landmarks == null) throw new IllegalArgumentException("landmarks must not be null");
        if (landmarks.length != 68) {
            throw new IllegalArgumentException("landmarks must hold 68 points (iBUG 300-W order), had " + landmarks.length);
        }
        for (int i = 0; i < 68; i++) {
            double[] p = landmarks[i];
            if (p == null || p.length != 2) {
                throw new IllegalArgumentException("landmark " + i + " must be {x, y}, was "
                        + (p == null ? "null" : p.length + " numbers"));
            }
            if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                throw new IllegalArgumentException("landmark " + i + " must be finite, was (" + p[0] + ", " + p[1] + ")");
            }
        }
    }

    /** The three region polygons, each as {xs, ys}, in image pixel coordinates. */
    public static Map<SkinRegion, double[][]> polygons(double[][] landmarks) {
        validate(landmarks);
        Map<SkinRegion, double[][]> out = new EnumMap<>(SkinRegion.class);
        out.put(SkinRegion.RIGHT_CHEEK, shrink(polygon(landmarks, RIGHT_CHEEK), CHEEK_SHRINK));
        out.put(SkinRegion.LEFT_CHEEK, shrink(polygon(landmarks, LEFT_CHEEK), CHEEK_SHRINK));
        out.put(SkinRegion.FOREHEAD, forehead(landmarks));
        return out;
    }

    private static double[][] polygon(double[][] lm, int[] idx) {
        double[] xs = new double[idx.length];
        double[] ys = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            xs[i] = lm[idx[i]][0];
            ys[i] = lm[idx[i]][1];
        }
        return new double[][] {xs, ys};
    }

    private static double[][] shrink(double[][] poly, double factor) {
        double[] xs = poly[0];
        double[] ys = poly[1];
        double cx = 0;
        double cy = 0;
        for (int i = 0; i < xs.length; i++) {
            cx += xs[i];
            cy += ys[i];
        }
        cx /= xs.length;
        cy /= ys.length;
        double[] sx = new double[xs.length];
        double[] sy = new double[ys.length];
        for (int i = 0; i < xs.length; i++) {
            sx[i] = cx + factor * (xs[i] - cx);
            sy[i] = cy + factor * (ys[i] - cy);
        }
        return new double[][] {sx, sy};
    }

    private static double[] mean(double[][] lm, int from, int toInclusive) {
        double x = 0;
        double y = 0;
        for (int i = from; i <= toInclusive; i++) {
            x += lm[i][0];
            y += lm[i][1];
        }
        int n = toInclusive - from + 1;
        return new double[] {x / n, y / n};
    }

    private static double[][] forehead(double[][] lm) {
        double[] rightEye = mean(lm, 36, 41);
        double[] leftEye = mean(lm, 42, 47);
        double[] mouth = mean(lm, 48, 59);
        double ex = leftEye[0] - rightEye[0];
        double ey = leftEye[1] - rightEye[1];
        double norm = Math.hypot(ex, ey);
        double ux;
        double uy;
        if (norm > 0) {
            ux = ey / norm;
            uy = -ex / norm;
        } else {
            ux = 0;
            uy = -1;
        }
        double mx = mouth[0] - (rightEye[0] + leftEye[0]) / 2;
        double my = mouth[1] - (rightEye[1] + leftEye[1]) / 2;
        if (ux * mx + uy * my > 0) { // "up" must point away from the mouth
            ux = -ux;
            uy = -uy;
        }
        double d = (Math.hypot(lm[19][0] - rightEye[0], lm[19][1] - rightEye[1])
                + Math.hypot(lm[24][0] - leftEye[0], lm[24][1] - leftEye[1])) / 2;
        double near = FOREHEAD_GAP * d;
        double far = (FOREHEAD_GAP + FOREHEAD_HEIGHT) * d;
        int n = BROWS.length;
        double[] xs = new double[2 * n];
        double[] ys = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double[] p = lm[BROWS[i]];
            xs[i] = p[0] + near * ux;
            ys[i] = p[1] + near * uy;
            double[] q = lm[BROWS[n - 1 - i]];
            xs[n + i] = q[0] + far * ux;
            ys[n + i] = q[1] + far * uy;
        }
        return new double[][] {xs, ys};
    }

    /**
     * Visits the pixels whose centres {@code (x + 0.5, y + 0.5)} lie inside the polygon (even-odd
     * rule; a centre exactly on a left edge is in, on a right edge out), clipped to
     * {@code width x height}. Returns the number of such pixels the polygon covers without
     * clipping, so that callers can tell how much of a region fell outside the image.
     */
    static long rasterise(double[][] poly, int width, int height, PixelVisitor visitor) {
        double[] xs = poly[0];
        double[] ys = poly[1];
        int n = xs.length;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double y : ys) {
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        long unclipped = 0;
        double[] cross = new double[n];
        int yStart = (int) Math.max(Math.ceil(minY - 0.5), -1e9);
        int yEnd = (int) Math.min(Math.ceil(maxY - 0.5) - 1, 1e9);
        for (int y = yStart; y <= yEnd; y++) {
            double yc = y + 0.5;
            int k = 0;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                if ((ys[i] <= yc) != (ys[j] <= yc)) {
                    cross[k++] = xs[j] + (yc - ys[j]) * (xs[i] - xs[j]) / (ys[i] - ys[j]);
                }
            }
            java.util.Arrays.sort(cross, 0, k);
            for (int c = 0; c + 1 < k; c += 2) {
                long x0 = (long) Math.ceil(cross[c] - 0.5);
                long x1 = (long) Math.ceil(cross[c + 1] - 0.5) - 1;
                if (x1 < x0) continue;
                unclipped += x1 - x0 + 1;
                if (y < 0 || y >= height) continue;
                long cx0 = Math.max(0, x0);
                long cx1 = Math.min(width - 1L, x1);
                for (long x = cx0; x <= cx1; x++) visitor.visit((int) x, y);
            }
        }
        return unclipped;
    }

    @FunctionalInterface
    interface PixelVisitor {
        void visit(int x, int y);
    }
}
