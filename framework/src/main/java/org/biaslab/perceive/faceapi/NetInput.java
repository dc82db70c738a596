package org.biaslab.perceive.faceapi;

import org.biaslab.perceive.RgbImage;

/**
 * face-api's input preparation, reproduced to the bit: the region is padded to a square with zeros
 * ({@code padToSquare}: at the bottom or right, or centred with the odd pixel after the image),
 * resized with TF.js {@code resizeBilinear} (no corner alignment, no half-pixel centres: source
 * coordinate {@code (in / out) * i}, interpolated in double and stored as float32), then
 * {@code (v - meanRgb[c]) / 255} in float32. Output is interleaved (H, W, C), as TF.js holds it;
 * the networks read it as an NCHW view in channels-last memory, which PyTorch's CPU convolutions
 * process without layout conversions.
 */
final class NetInput {
    private NetInput() {}

    /**
     * Where the image lies inside its padded square: face-api's {@code padToSquare} puts
     * {@code round(diff / 2)} zero rows or columns after the image and the rest before it when
     * centred, or all {@code diff} after it otherwise.
     *
     * @return the number of zero columns (x) and rows (y) before the image
     */
    static int[] padOffset(int width, int height, boolean center) {
        int diff = Math.abs(height - width);
        int append = center ? (int) Math.floor(diff * 0.5 + 0.5) : diff; // JS Math.round
        int prepend = diff - append;
        return height > width ? new int[] {prepend, 0} : new int[] {0, prepend};
    }

    /**
     * Writes the network input of the region {@code (x0, y0, w, h)} of {@code img} into
     * {@code dst[offset ..]} as {@code size * size} pixels of 3 floats (R, G, B).
     */
    static void write(RgbImage img, int x0, int y0, int w, int h, boolean center, int size, float[] meanRgb,
            float[] dst, int offset) {
        if (w < 1 || h < 1 || x0 < 0 || y0 < 0 || x0 + w > img.width() || y0 + h > img.height()) {
            throw new IllegalArgumentException("region (" + x0 + ", " + y0 + ", " + w + ", " + h + ") outside "
                    + img.width() + "x" + img.height());
        }
        int side = Math.max(w, h);
        int[] pad = padOffset(w, h, center);
        double ratio = (double) side / size;
        // per output column: padded-square source columns and fraction, mapped to image columns (-1 = padding)
        int[] c0 = new int[size];
        int[] c1 = new int[size];
        double[] cf = new double[size];
        sourceIndices(ratio, side, size, pad[0], w, c0, c1, cf);
        int[] r0 = new int[size];
        int[] r1 = new int[size];
        double[] rf = new double[size];
        sourceIndices(ratio, side, size, pad[1], h, r0, r1, rf);
        // TF.js interpolates each output pixel as top + (bottom - top) * fr with top and bottom the
        // horizontal interpolations of two source rows; those depend only on the source row, so each
        // is computed once and reused by the output rows that read it (same operations, same values)
        byte[] rgb = img.rgb();
        int stride = img.width() * 3;
        double[] zeros = new double[size * 3];
        double[] rowA = new double[size * 3];
        double[] rowB = new double[size * 3];
        int rowAsrc = Integer.MIN_VALUE;
        int rowBsrc = Integer.MIN_VALUE;
        for (int r = 0; r < size; r++) {
            double[] top;
            double[] bot;
            int want0 = r0[r];
            int want1 = r1[r];
            // keep rows A/B as the two most recent source rows
            if (want0 >= 0 && want0 != rowAsrc && want0 != rowBsrc) {
                double[] t = rowA;
                rowA = rowB;
                rowAsrc = rowBsrc;
                rowB = t;
                rowBsrc = want0;
                horizontal(rgb, (y0 + want0) * stride, x0, c0, c1, cf, rowB);
            }
            if (want1 >= 0 && want1 != rowAsrc && want1 != rowBsrc) {
                double[] t = rowA;
                rowA = rowB;
                rowAsrc = rowBsrc;
                rowB = t;
                rowBsrc = want1;
                horizontal(rgb, (y0 + want1) * stride, x0, c0, c1, cf, rowB);
            }
            top = want0 < 0 ? zeros : want0 == rowAsrc ? rowA : rowB;
            bot = want1 < 0 ? zeros : want1 == rowAsrc ? rowA : rowB;
            double fr = rf[r];
            int o = offset + r * size * 3;
            for (int i = 0; i < size * 3; i += 3) {
                for (int ch = 0; ch < 3; ch++) {
                    double t = top[i + ch];
                    float v = (float) (t + (bot[i + ch] - t) * fr);
                    dst[o + i + ch] = (v - meanRgb[ch]) / 255f;
                }
            }
        }
    }

    /** One source row interpolated along x: {@code tl + (tr - tl) * fc} per output column and channel. */
    private static void horizontal(byte[] rgb, int rowOffset, int x0, int[] c0, int[] c1, double[] cf,
            double[] out) {
        for (int c = 0; c < c0.length; c++) {
            int left = c0[c] < 0 ? -1 : rowOffset + (x0 + c0[c]) * 3;
            int right = c1[c] < 0 ? -1 : rowOffset + (x0 + c1[c]) * 3;
            double fc = cf[c];
            for (int ch = 0; ch < 3; ch++) {
                double tl = left < 0 ? 0.0 : rgb[left + ch] & 0xFF;
                double tr = right < 0 ? 0.0 : rgb[right + ch] & 0xFF;
                out[3 * c + ch] = tl + (tr - tl) * fc;
            }
        }
    }

    /**
     * The horizontal mirror of one interleaved {@code size x size x 3} input at {@code src[from ..]},
     * written to {@code dst[to ..]} (not face-api: for {@link FaceApi.Options#flipAverage()}).
     */
    static void mirror(float[] src, int from, int size, float[] dst, int to) {
        for (int r = 0; r < size; r++) {
            int row = r * size * 3;
            for (int c = 0; c < size; c++) {
                int s = from + row + 3 * c;
                int d = to + row + 3 * (size - 1 - c);
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
    }

    /**
     * TF.js resizeBilinear source indices along one axis of the padded square of {@code side},
     * mapped to the image axis of length {@code len} that starts at {@code before} in it; -1 marks
     * a padding sample.
     */
    static void sourceIndices(double ratio, int side, int size, int before, int len, int[] lo, int[] hi,
            double[] frac) {
        for (int i = 0; i < size; i++) {
            double src = ratio * i;
            int floor = Math.max(0, (int) Math.floor(src));
            int ceil = Math.min(side - 1, (int) Math.ceil(src));
            frac[i] = src - floor;
            lo[i] = inside(floor - before, len);
            hi[i] = inside(ceil - before, len);
        }
    }

    private static int inside(int i, int len) {
        return i >= 0 && i < len ? i : -1;
    }

    /**
     * TF.js {@code tf.image.resizeBilinear(x, [outH, outW], false, false)} on one channel-last
     * float image, for tests and as the reference of {@link #write}.
     */
    static float[] resizeBilinear(float[] src, int height, int width, int channels, int outH, int outW) {
        float[] out = new float[outH * outW * channels];
        double ry = (double) height / outH;
        double rx = (double) width / outW;
        int idx = 0;
        for (int r = 0; r < outH; r++) {
            double sy = ry * r;
            int y0 = Math.max(0, (int) Math.floor(sy));
            int y1 = Math.min(height - 1, (int) Math.ceil(sy));
            double fy = sy - y0;
            for (int c = 0; c < outW; c++) {
                double sx = rx * c;
                int x0 = Math.max(0, (int) Math.floor(sx));
                int x1 = Math.min(width - 1, (int) Math.ceil(sx));
                double fx = sx - x0;
                for (int d = 0; d < channels; d++) {
                    double tl = src[(y0 * width + x0) * channels + d];
                    double tr = src[(y0 * width + x1) * channels + d];
                    double bl = src[(y1 * width + x0) * channels + d];
                    double br = src[(y1 * width + x1) * channels + d];
                    double t = tl + (tr - tl) * fx;
                    double b = bl + (br - bl) * fx;
                    out[idx++] = (float) (t + (b - t) * fy);
                }
            }
        }
        return out;
    }
}
