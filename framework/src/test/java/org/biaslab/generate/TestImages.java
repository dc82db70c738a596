package org.biaslab.generate;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Small encoded images for tests: noisy ones (never blank) and flat ones. */
public final class TestImages {
    private TestImages() {}

    /** A PNG of random colours drawn from {@code seed}. */
    public static byte[] noisyPng(int width, int height, long seed) {
        return encode(noisy(width, height, seed), "png");
    }

    /** A JPEG of random colours drawn from {@code seed}. */
    public static byte[] noisyJpeg(int width, int height, long seed) {
        return encode(noisy(width, height, seed), "jpg");
    }

    /** A PNG of one colour ({@code 0xRRGGBB}). */
    public static byte[] flatPng(int width, int height, int rgb) {
        return encode(flat(width, height, rgb), "png");
    }

    /** A JPEG of one colour ({@code 0xRRGGBB}). */
    public static byte[] flatJpeg(int width, int height, int rgb) {
        return encode(flat(width, height, rgb), "jpg");
    }

    public static BufferedImage flat(int width, int height, int rgb) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private static BufferedImage noisy(int width, int height, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
