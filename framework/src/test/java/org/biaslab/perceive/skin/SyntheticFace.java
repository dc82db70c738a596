package org.biaslab.perceive.skin;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import org.biaslab.perceive.RgbImage;

/**
 * A drawn frontal face with known colours and its 68 landmarks (iBUG 300-W order), hand-placed
 * for a face of about 130 x 170 pixels centred at (100, 95) in a 200 x 200 canvas. Drawing is
 * without anti-aliasing, so every pixel is exactly one of the colours given.
 */
final class SyntheticFace {

    /** Template landmarks, 200 x 200 canvas. */
    static final double[][] TEMPLATE = template();

    private SyntheticFace() {}

    private static double[][] template() {
        double[][] p = new double[68][];
        for (int i = 0; i <= 16; i++) { // jaw: lower half of an ellipse, subject's right (image left) first
            double t = Math.PI - i * Math.PI / 16;
            p[i] = new double[] {100 + 62 * Math.cos(t), 90 + 75 * Math.sin(t)};
        }
        double[][] rightBrow = {{52, 70}, {61, 65}, {71, 63}, {81, 64}, {91, 67}};
        for (int i = 0; i < 5; i++) {
            p[17 + i] = rightBrow[i];
            p[26 - i] = new double[] {200 - rightBrow[i][0], rightBrow[i][1]};
        }
        p[27] = new double[] {100, 78};
        p[28] = new double[] {100, 88};
        p[29] = new double[] {100, 98};
        p[30] = new double[] {100, 108};
        double[][] noseBase = {{88, 115}, {94, 117}, {100, 118}, {106, 117}, {112, 115}};
        for (int i = 0; i < 5; i++) p[31 + i] = noseBase[i];
        double[][] rightEye = {{58, 85}, {65, 81}, {73, 81}, {80, 86}, {73, 89}, {65, 89}};
        for (int i = 0; i < 6; i++) p[36 + i] = rightEye[i];
        int[] mirror = {45, 44, 43, 42, 47, 46}; // 36..41 -> their mirror points
        for (int i = 0; i < 6; i++) p[mirror[i]] = new double[] {200 - rightEye[i][0], rightEye[i][1]};
        double[][] mouth = {{78, 140}, {86, 135}, {94, 132}, {100, 133}, {106, 132}, {114, 135}, {122, 140},
            {114, 146}, {106, 149}, {100, 150}, {94, 149}, {86, 146},
            {82, 140}, {94, 137}, {100, 137}, {106, 137}, {118, 140}, {106, 143}, {100, 144}, {94, 143}};
        for (int i = 0; i < 20; i++) p[48 + i] = mouth[i];
        return p;
    }

    /** Landmarks mapped by {@code t} (scale, rotation, translation). */
    static double[][] landmarks(AffineTransform t) {
        double[][] out = new double[68][2];
        for (int i = 0; i < 68; i++) {
            double[] src = TEMPLATE[i].clone();
            t.transform(src, 0, out[i], 0, 1);
        }
        return out;
    }

    /**
     * Draws the face: background, skin ellipse (forehead included), hair cap above the forehead,
     * dark brows, eyes and red lips, all through {@code t}.
     */
    static BufferedImage draw(int width, int height, AffineTransform t, int skin, int background, boolean brows) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(new Color(background));
        g.fillRect(0, 0, width, height);
        g.transform(t);
        g.setColor(new Color(skin));
        g.fill(new Ellipse2D.Double(100 - 66, 95 - 90, 132, 180));
        g.setColor(new Color(0x2A1E16));
        g.fill(new java.awt.geom.Rectangle2D.Double(0, 0, 200, 14));
        if (brows) {
            g.setStroke(new BasicStroke(4f));
            g.draw(polyline(17, 21, false));
            g.draw(polyline(22, 26, false));
        }
        g.setColor(Color.WHITE);
        g.fill(polyline(36, 41, true));
        g.fill(polyline(42, 47, true));
        g.setColor(new Color(0xA8404A));
        g.fill(polyline(48, 59, true));
        g.dispose();
        return img;
    }

    private static Path2D polyline(int from, int toInclusive, boolean close) {
        Path2D path = new Path2D.Double();
        path.moveTo(TEMPLATE[from][0], TEMPLATE[from][1]);
        for (int i = from + 1; i <= toInclusive; i++) path.lineTo(TEMPLATE[i][0], TEMPLATE[i][1]);
        if (close) path.closePath();
        return path;
    }

    static RgbImage rgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = img.getRGB(x, y);
                int i = (y * w + x) * 3;
                out[i] = (byte) (v >> 16);
                out[i + 1] = (byte) (v >> 8);
                out[i + 2] = (byte) v;
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Multiplies every pixel's channels by the gains (coloured or dimmed light), rounding. */
    static RgbImage light(RgbImage img, double red, double green, double blue) {
        byte[] out = img.rgb().clone();
        double[] gains = {red, green, blue};
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.min(255, Math.round((out[i] & 0xFF) * gains[i % 3]));
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    /** The default face: identity transform, 200 x 200, grey-blue background, brows drawn. */
    static RgbImage face(int skin) {
        return rgb(draw(200, 200, new AffineTransform(), skin, 0x5A6E8C, true));
    }
}
