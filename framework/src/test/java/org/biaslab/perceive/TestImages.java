package org.biaslab.perceive;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Test helper: JPEG to {@link RgbImage} with javax.imageio, as tools/faceapi-reference/DecodeRgb.java does. */
public final class TestImages {
    private TestImages() {}

    public static RgbImage read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("ImageIO cannot decode " + file);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int p = 0; p < argb.length; p++) {
            rgb[3 * p] = (byte) (argb[p] >>> 16);
            rgb[3 * p + 1] = (byte) (argb[p] >>> 8);
            rgb[3 * p + 2] = (byte) argb[p];
        }
        return new RgbImage(w, h, rgb);
    }

    /** Hex SHA-256 of the pixel bytes. */
    public static String sha256(RgbImage img) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(img.rgb()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The region (x, y, width, height) of {@code img}. */
    public static RgbImage crop(RgbImage img, int x, int y, int width, int height) {
        byte[] out = new byte[width * height * 3];
        for (int r = 0; r < height; r++) {
            System.arraycopy(img.rgb(), ((y + r) * img.width() + x) * 3, out, r * width * 3, width * 3);
        }
        return new RgbImage(width, height, out);
    }
}
