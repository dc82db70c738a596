package org.biaslab.perceive;

import java.util.Objects;

/**
 * A decoded 8-bit sRGB image, row-major, three bytes per pixel (R, G, B), no alpha.
 * This is the one pixel format perception works on: every decoder output is converted to it,
 * so that networks and colour measurements see the same values whatever the file format.
 *
 * @param width  pixels per row, at least 1
 * @param height rows, at least 1
 * @param rgb    {@code width * height * 3} bytes, unsigned values 0..255
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width < 1) throw new IllegalArgumentException("width must be >= 1, was " + width);
        if (height < 1) throw new IllegalArgumentException("height must be >= 1, was " + height);
        Objects.requireNonNull(rgb, "rgb");
        long expected = (long) width * height * 3;
        if (rgb.length != expected) {
            throw new IllegalArgumentException("rgb must hold width*height*3 = " + expected
                    + " bytes for " + width + "x" + height + ", was " + rgb.length);
        }
    }

    /** Red channel at (x, y), 0..255. */
    public int red(int x, int y) { return rgb[index(x, y)] & 0xFF; }

    /** Green channel at (x, y), 0..255. */
    public int green(int x, int y) { return rgb[index(x, y) + 1] & 0xFF; }

    /** Blue channel at (x, y), 0..255. */
    public int blue(int x, int y) { return rgb[index(x, y) + 2] & 0xFF; }

    private int index(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + width + "x" + height);
        }
        return (y * width + x) * 3;
    }
}
