package org.biaslab.generate;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What an encoded image is: its format, size, and whether it is blank.
 *
 * <p><b>Blank</b> means a single flat colour: over all pixels, every channel's range (max minus
 * min) is at most {@link #BLANK_RANGE}. AUTOMATIC1111's NSFW filter replaces the picture with pure
 * black (range 0); a small tolerance also catches a flat image that went through JPEG. Any real
 * photograph or rendering spans far more than {@value #BLANK_RANGE} levels somewhere in the frame.
 *
 * @param format encoding, from the leading bytes
 * @param width pixels per row
 * @param height rows
 * @param blank whether the image is one flat colour
 * @param meanRgb the mean colour as {@code #rrggbb} (the flat colour when blank)
 */
public record ImageInspection(ImageFormat format, int width, int height, boolean blank, String meanRgb) {
    /** Largest per-channel range (0..255) an image may span and still count as blank. */
    public static final int BLANK_RANGE = 6;
    /** The largest encoded image read (a generated or listed image is a few MB at most). */
    public static final long MAX_BYTES = 64L << 20;
    /** The most pixels an image may declare; checked from its header before any decoding. */
    public static final long MAX_PIXELS = 64_000_000L;

    public ImageInspection {
        if (format == null) {
            throw new IllegalArgumentException("format must not be null");
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size must be positive, was " + width + "x" + height);
        }
        if (meanRgb == null || !meanRgb.matches("#[0-9a-f]{6}")) {
            throw new IllegalArgumentException("meanRgb must be #rrggbb, was " + meanRgb);
        }
    }

    /**
     * Refuses an image whose header declares more than {@link #MAX_PIXELS} pixels, before decoding:
     * a small PNG can declare 30000x30000 pixels and take minutes and gigabytes to decode.
     */
    static void checkDeclaredSize(byte[] bytes, ImageFormat format) throws IOException {
        long[] size = declaredSize(bytes);
        if (size != null && size[0] * size[1] > MAX_PIXELS) {
            throw new IOException(format + " declares " + size[0] + "x" + size[1] + " pixels, more than " + MAX_PIXELS
                    + "; not decoded");
        }
    }

    /** Width and height from the image header alone, or null when no reader can parse the header. */
    private static long[] declaredSize(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator()
                    : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new long[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null; // the decoder reports a corrupt header with its own message
        }
    }

    /**
     * Decodes {@code bytes} and inspects the pixels.
     *
     * @throws IOException when the bytes are not a PNG or JPEG, or do not decode
     */
    public static ImageInspection of(byte[] bytes) throws IOException {
        Optional<ImageFormat> format = ImageFormat.sniff(bytes);
        if (format.isEmpty()) {
            throw new IOException("not a PNG or JPEG (" + bytes.length + " bytes, first bytes "
                    + leadingHex(bytes) + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException(format.get() + " of " + bytes.length + " bytes; an image is at most " + MAX_BYTES
                    + " bytes");
        }
        checkDeclaredSize(bytes, format.get());
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new IOException("corrupt " + format.get() + " (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IOException("no decoder accepted the " + format.get() + " data (" + bytes.length + " bytes)");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] row = new int[w];
        int minR = 255, minG = 255, minB = 255, maxR = 0, maxG = 0, maxB = 0;
        long sumR = 0, sumG = 0, sumB = 0;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int argb : row) {
                int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
                minR = Math.min(minR, r);
                maxR = Math.max(maxR, r);
                minG = Math.min(minG, g);
                maxG = Math.max(maxG, g);
                minB = Math.min(minB, b);
                maxB = Math.max(maxB, b);
                sumR += r;
                sumG += g;
                sumB += b;
            }
        }
        long n = (long) w * h;
        boolean blank = maxR - minR <= BLANK_RANGE && maxG - minG <= BLANK_RANGE && maxB - minB <= BLANK_RANGE;
        String mean = String.format("#%02x%02x%02x", Math.round((double) sumR / n), Math.round((double) sumG / n),
                Math.round((double) sumB / n));
        return new ImageInspection(format.get(), w, h, blank, mean);
    }

    private static String leadingHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            sb.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return sb.length() == 0 ? "(none)" : sb.toString();
    }
}
