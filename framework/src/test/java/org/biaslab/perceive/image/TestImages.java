package org.biaslab.perceive.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Image fixtures written in code, so that no binary test file needs committing. */
final class TestImages {

    private TestImages() {}

    /** Encodes with the JDK's own writer for the format (TwelveMonkeys registers writers too). */
    static byte[] encode(RenderedImage image, String format) {
        ImageWriter writer = jdkWriter(format);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Writes several frames into one GIF with the JDK writer. */
    static byte[] animatedGif(BufferedImage... frames) {
        ImageWriter writer = jdkWriter("gif");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage f : frames) writer.writeToSequence(new IIOImage(f, null, null), null);
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static ImageWriter jdkWriter(String format) {
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (w.getOriginatingProvider().getClass().getName().startsWith("com.sun.imageio.plugins.")) return w;
        }
        throw new IllegalStateException("no JDK writer for " + format);
    }

    static ImageReader jdkReader(String format) {
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getOriginatingProvider().getClass().getName().startsWith("com.sun.imageio.plugins.")) return r;
        }
        throw new IllegalStateException("no JDK reader for " + format);
    }

    /** A smooth colour gradient with some texture, TYPE_INT_RGB. */
    static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = x * 255 / Math.max(1, w - 1);
                int g = y * 255 / Math.max(1, h - 1);
                int b = (x * 7 + y * 13) & 0xFF;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    /**
     * A 4-component JPEG with an Adobe APP14 marker: {@code transform} 0 (CMYK) or 2 (YCCK), the
     * way Photoshop writes them: inverted CMYK (0 = full ink). The whole image is one ink mix.
     *
     * <p>For YCCK the inverted C, M, Y are stored as R', G', B' = 255 - inverted = ink and encoded
     * with the JFIF RGB to YCbCr equations, which is what libjpeg's YCCK decoding undoes.
     */
    static byte[] adobeFourComponentJpeg(int w, int h, int c, int m, int y, int k, int transform) {
        int[] sample;
        if (transform == 0) {
            sample = new int[] {255 - c, 255 - m, 255 - y, 255 - k};
        } else if (transform == 2) {
            double r = c;
            double g = m;
            double b = y;
            int yy = clamp(0.299 * r + 0.587 * g + 0.114 * b);
            int cb = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
            int cr = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
            sample = new int[] {yy, cb, cr, 255 - k};
        } else {
            throw new IllegalArgumentException("transform must be 0 or 2, was " + transform);
        }
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) raster.setPixel(xx, yy, sample);
        }
        ImageWriter writer = jdkWriter("jpeg");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = bytes.toByteArray();
        // Drop any APP0/APP14 the writer put right after SOI, then insert our own APP14 "Adobe".
        int pos = 2;
        while ((jpeg[pos] & 0xFF) == 0xFF && ((jpeg[pos + 1] & 0xFF) == 0xE0 || (jpeg[pos + 1] & 0xFF) == 0xEE)) {
            int len = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            pos += 2 + len;
        }
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
        ByteArrayOutputStream spliced = new ByteArrayOutputStream();
        spliced.write(jpeg, 0, 2);
        spliced.write(app14, 0, app14.length);
        spliced.write(jpeg, pos, jpeg.length - pos);
        return spliced.toByteArray();
    }

    /** Inserts an APP2 ICC_PROFILE segment (one chunk) right after SOI. */
    static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        int len = 2 + 12 + 2 + profile.length;
        if (len > 0xFFFF) throw new IllegalArgumentException("profile too large for one APP2 segment: " + profile.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE2);
        out.write(len >> 8);
        out.write(len & 0xFF);
        byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        out.write(id, 0, id.length);
        out.write(1); // chunk 1
        out.write(1); // of 1
        out.write(profile, 0, profile.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /**
     * Streams a palette PNG of any size without holding its pixels: index
     * {@code ((x / band) + (y / band)) % 2}, palette {@code colour0, colour1} (0xRRGGBB). Compresses
     * to a few hundred kB even at 10000 x 10000.
     */
    static void checkerPng(Path file, int w, int h, int band, int colour0, int colour1) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file))) {
            os.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
            chunk(os, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h)
                    .put((byte) 8).put((byte) 3).put((byte) 0).put((byte) 0).put((byte) 0).array());
            chunk(os, "PLTE", new byte[] {
                (byte) (colour0 >> 16), (byte) (colour0 >> 8), (byte) colour0,
                (byte) (colour1 >> 16), (byte) (colour1 >> 8), (byte) colour1});
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream z = new DeflaterOutputStream(compressed, deflater, 1 << 16)) {
                byte[][] rows = new byte[2][w + 1];
                for (int parity = 0; parity < 2; parity++) {
                    for (int x = 0; x < w; x++) rows[parity][x + 1] = (byte) (((x / band) + parity) % 2);
                }
                for (int y = 0; y < h; y++) z.write(rows[(y / band) % 2]);
            } finally {
                deflater.end();
            }
            chunk(os, "IDAT", compressed.toByteArray());
            chunk(os, "IEND", new byte[0]);
        }
    }

    /** A PNG whose header declares {@code w x h}, with a token IDAT; enough to test size checks. */
    static byte[] pngHeaderOnly(int w, int h) throws IOException {
        ByteArrayOutputStream os = new ByteArrayOutputStream();
        os.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(os, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(os, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(os, "IEND", new byte[0]);
        return os.toByteArray();
    }

    private static void chunk(OutputStream os, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        os.write(ByteBuffer.allocate(4).putInt(data.length).array());
        os.write(t);
        os.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        os.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
