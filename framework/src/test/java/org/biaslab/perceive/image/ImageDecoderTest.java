package org.biaslab.perceive.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.biaslab.perceive.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    @TempDir
    Path dir;

    // ---- the pinned reader ------------------------------------------------------------------

    /**
     * TwelveMonkeys registers a JPEG reader that orders itself before the JDK's; ordinary JPEGs must
     * still be read by the JDK reader, pixel for pixel what that reader's getRGB gives.
     */
    @Test
    void ordinaryJpegIsReadByTheJdkReaderEvenWithTwelveMonkeysRegistered() throws Exception {
        boolean twelveMonkeysFirst = false;
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
        if (it.hasNext()) twelveMonkeysFirst = it.next().getClass().getName().startsWith("com.twelvemonkeys.");
        assertTrue(twelveMonkeysFirst, "test premise: TwelveMonkeys' JPEG reader is registered and ordered first");

        byte[] jpeg = TestImages.encode(TestImages.gradient(120, 80), "jpeg");
        DecodedImage d = decoder.decode(jpeg, "gradient.jpg");
        assertEquals("com.sun.imageio.plugins.jpeg.JPEGImageReader", d.decoder());
        assertEquals("jpeg", d.format());
        assertEquals(Set.of(), d.flags());

        ImageReader jdk = TestImages.jdkReader("jpeg");
        jdk.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg)));
        BufferedImage ref = jdk.read(0);
        jdk.dispose();
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 120; x++) {
                int argb = ref.getRGB(x, y);
                assertEquals((argb >> 16) & 0xFF, d.image().red(x, y));
                assertEquals((argb >> 8) & 0xFF, d.image().green(x, y));
                assertEquals(argb & 0xFF, d.image().blue(x, y));
            }
        }
        // ImageIO.read would take TwelveMonkeys' reader; our result must not depend on that choice.
        assertNotEquals(d.decoder(), ImageIO.getImageReadersByFormatName("jpeg").next().getClass().getName());
    }

    /**
     * Pins the decoded bytes of a deterministic JPEG: if a JDK or library change alters decoded
     * pixels, every colour and classifier measurement moves with it, and this test says so.
     */
    @Test
    void decodedJpegPixelsArePinned() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.gradient(64, 48), "jpeg");
        DecodedImage d = decoder.decode(jpeg, "pinned.jpg");
        assertEquals(d.image().rgb().length, 64 * 48 * 3);
        DecodedImage again = decoder.decode(jpeg, "pinned.jpg");
        assertArrayEquals(d.image().rgb(), again.image().rgb());
        assertEquals(PINNED_JPEG_SHA256, sha256(d.image().rgb()));
    }

    private static final String PINNED_JPEG_SHA256 = "c685bb06a4c50579a4334e37d373d49ecc87870eb0b65ee908fd9d58129fefaf";

    @Test
    void pngRoundTripsExactly() throws Exception {
        BufferedImage src = TestImages.gradient(33, 17);
        Path file = dir.resolve("g.png");
        Files.write(file, TestImages.encode(src, "png"));
        DecodedImage d = decoder.decode(file);
        assertEquals("png", d.format());
        assertEquals("com.sun.imageio.plugins.png.PNGImageReader", d.decoder());
        assertEquals(33, d.sourceWidth());
        assertEquals(17, d.sourceHeight());
        assertEquals(1, d.subsampling());
        assertSamePixels(src, d.image());
        assertFalse(d.altered());
    }

    @Test
    void bmpRoundTripsExactly() throws Exception {
        BufferedImage src = TestImages.gradient(20, 9);
        DecodedImage d = decoder.decode(TestImages.encode(src, "bmp"), "g.bmp");
        assertEquals("bmp", d.format());
        assertSamePixels(src, d.image());
    }

    @Test
    void onePixelImages() throws Exception {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0x102030);
        DecodedImage png = decoder.decode(TestImages.encode(one, "png"), "1x1.png");
        assertEquals(1, png.image().width());
        assertEquals(1, png.image().height());
        assertEquals(0x10, png.image().red(0, 0));
        assertEquals(0x20, png.image().green(0, 0));
        assertEquals(0x30, png.image().blue(0, 0));
        DecodedImage jpg = decoder.decode(TestImages.encode(one, "jpeg"), "1x1.jpg");
        assertEquals(1, jpg.image().width());
        assertEquals(0x10, jpg.image().red(0, 0), 3);
        assertEquals(0x20, jpg.image().green(0, 0), 3);
        assertEquals(0x30, jpg.image().blue(0, 0), 3);
    }

    // ---- grey, palette, 16-bit, alpha -------------------------------------------------------

    /** getRGB would turn grey 128 into 188 (the JDK treats grey as linear); we keep 128. */
    @Test
    void greyPngSamplesAreCopiedNotGammaLifted() throws Exception {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 0);
        grey.getRaster().setSample(1, 0, 0, 128);
        grey.getRaster().setSample(2, 0, 0, 255);
        byte[] png = TestImages.encode(grey, "png");
        assertEquals(0xBC, ImageIO.read(new ByteArrayInputStream(png)).getRGB(1, 0) & 0xFF,
                "test premise: plain getRGB lifts grey 128 to 188");
        DecodedImage d = decoder.decode(png, "grey.png");
        assertEquals(Set.of(DecodeFlag.GRAYSCALE), d.flags());
        int[] expected = {0, 128, 255};
        for (int x = 0; x < 3; x++) {
            assertEquals(expected[x], d.image().red(x, 0));
            assertEquals(expected[x], d.image().green(x, 0));
            assertEquals(expected[x], d.image().blue(x, 0));
        }
    }

    @Test
    void sixteenBitGreyIsRoundedToEightBits() throws Exception {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSample(0, 0, 0, 128 * 257);
        grey.getRaster().setSample(1, 0, 0, 65535);
        grey.getRaster().setSample(2, 0, 0, 128 * 257 + 128); // 128.498 -> 128
        DecodedImage d = decoder.decode(TestImages.encode(grey, "png"), "grey16.png");
        assertEquals(Set.of(DecodeFlag.GRAYSCALE, DecodeFlag.HIGH_BIT_DEPTH), d.flags());
        assertEquals(128, d.image().red(0, 0));
        assertEquals(255, d.image().green(1, 0));
        assertEquals(128, d.image().blue(2, 0));
    }

    @Test
    void sixteenBitRgbPng() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {65535, 128 * 257, 0});
        raster.setPixel(1, 0, new int[] {10 * 257, 200 * 257, 99 * 257});
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        DecodedImage d = decoder.decode(TestImages.encode(img, "png"), "rgb16.png");
        assertTrue(d.flags().contains(DecodeFlag.HIGH_BIT_DEPTH), d.flags().toString());
        assertEquals(255, d.image().red(0, 0));
        assertEquals(128, d.image().green(0, 0));
        assertEquals(0, d.image().blue(0, 0));
        assertEquals(10, d.image().red(1, 0));
        assertEquals(200, d.image().green(1, 0));
        assertEquals(99, d.image().blue(1, 0));
    }

    @Test
    void palettePngAndGif() throws Exception {
        byte[] r = {(byte) 255, 0, 12};
        byte[] g = {0, (byte) 255, 34};
        byte[] b = {0, 0, 56};
        IndexColorModel icm = new IndexColorModel(8, 3, r, g, b);
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, icm);
        for (int x = 0; x < 3; x++) {
            img.getRaster().setSample(x, 0, 0, x);
            img.getRaster().setSample(x, 1, 0, 2 - x);
        }
        for (String format : new String[] {"png", "gif"}) {
            DecodedImage d = decoder.decode(TestImages.encode(img, format), "palette." + format);
            assertEquals(format, d.format());
            assertTrue(d.flags().contains(DecodeFlag.PALETTE), format + " " + d.flags());
            assertEquals(12, d.image().red(2, 0), format);
            assertEquals(34, d.image().green(2, 0), format);
            assertEquals(56, d.image().blue(2, 0), format);
            assertEquals(255, d.image().red(2, 1), format);
            assertEquals(0, d.image().green(2, 1), format);
        }
    }

    @Test
    void animatedGifGivesTheFirstFrameAndSaysSo() throws Exception {
        BufferedImage red = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        BufferedImage blue = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                red.setRGB(x, y, 0xFF0000);
                blue.setRGB(x, y, 0x0000FF);
            }
        }
        DecodedImage d = decoder.decode(TestImages.animatedGif(red, blue), "anim.gif");
        assertTrue(d.flags().contains(DecodeFlag.FIRST_FRAME_ONLY), d.flags().toString());
        assertEquals(255, d.image().red(1, 1));
        assertEquals(0, d.image().blue(1, 1));
        DecodedImage still = decoder.decode(TestImages.encode(red, "gif"), "still.gif");
        assertFalse(still.flags().contains(DecodeFlag.FIRST_FRAME_ONLY));
    }

    @Test
    void transparentPixelsAreCompositedOverTheBackground() throws Exception {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0xFF102030); // opaque
        img.setRGB(1, 0, 0x00102030); // fully transparent
        img.setRGB(2, 0, 0x80FF0000); // alpha 128, red
        byte[] png = TestImages.encode(img, "png");

        DecodedImage white = decoder.decode(png, "alpha.png");
        assertEquals(Set.of(DecodeFlag.ALPHA_COMPOSITED), white.flags());
        assertRgb(white.image(), 0, 0, 0x10, 0x20, 0x30);
        assertRgb(white.image(), 1, 0, 255, 255, 255);
        // (255*128 + 255*127 + 127) / 255 = 255; (0*128 + 255*127 + 127) / 255 = 127
        assertRgb(white.image(), 2, 0, 255, 127, 127);

        DecodedImage black = new ImageDecoder(ImageDecoder.DEFAULT_MAX_SIDE, 0x000000).decode(png, "alpha.png");
        assertRgb(black.image(), 1, 0, 0, 0, 0);
        assertRgb(black.image(), 2, 0, 128, 0, 0);
    }

    @Test
    void opaqueAlphaChannelIsNotFlagged() throws Exception {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) img.setRGB(x, y, 0xFF336699);
        }
        DecodedImage d = decoder.decode(TestImages.encode(img, "png"), "opaque-argb.png");
        assertFalse(d.flags().contains(DecodeFlag.ALPHA_COMPOSITED));
        assertRgb(d.image(), 1, 1, 0x33, 0x66, 0x99);
    }

    @Test
    void greyWithAlphaIsCompositedToo() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                new int[] {8, 8}, true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {100, 255});
        raster.setPixel(1, 0, new int[] {0, 0});
        DecodedImage d = decoder.decode(TestImages.encode(new BufferedImage(cm, raster, false, null), "png"), "ga.png");
        assertEquals(Set.of(DecodeFlag.GRAYSCALE, DecodeFlag.ALPHA_COMPOSITED), d.flags());
        assertRgb(d.image(), 0, 0, 100, 100, 100);
        assertRgb(d.image(), 1, 0, 255, 255, 255);
    }

    // ---- size ---------------------------------------------------------------------------------

    /** 10000 x 10000 must not be decoded at full size: subsampled by 3 to 3334 x 3334. */
    @Test
    void hugePngIsSubsampledToTheCap() throws Exception {
        Path file = dir.resolve("huge.png");
        TestImages.checkerPng(file, 10_000, 10_000, 1000, 0xC08060, 0x204080);
        DecodedImage d = decoder.decode(file);
        assertEquals(10_000, d.sourceWidth());
        assertEquals(10_000, d.sourceHeight());
        assertEquals(3, d.subsampling());
        assertEquals(3334, d.image().width());
        assertEquals(3334, d.image().height());
        assertTrue(d.flags().contains(DecodeFlag.SUBSAMPLED));
        assertTrue(d.altered());
        // decoded (i, j) is source (3i, 3j): source band parity ((x/1000) + (y/1000)) % 2
        int[][] probes = {{0, 0}, {333, 0}, {334, 0}, {333, 334}, {3333, 3333}, {1000, 2000}};
        for (int[] p : probes) {
            int sx = p[0] * 3;
            int sy = p[1] * 3;
            int parity = ((sx / 1000) + (sy / 1000)) % 2;
            int expectedRed = parity == 0 ? 0xC0 : 0x20;
            assertEquals(expectedRed, d.image().red(p[0], p[1]), "decoded (" + p[0] + "," + p[1] + ")");
        }
    }

    @Test
    void subsamplingFactorIsCeilOfLongestSideOverCap() throws Exception {
        BufferedImage src = TestImages.gradient(201, 120);
        DecodedImage d = new ImageDecoder(50, ImageDecoder.DEFAULT_BACKGROUND).decode(TestImages.encode(src, "png"), "g.png");
        assertEquals(5, d.subsampling()); // ceil(201 / 50)
        assertEquals(41, d.image().width());
        assertEquals(24, d.image().height());
        assertEquals((src.getRGB(40 * 5, 23 * 5) >> 16) & 0xFF, d.image().red(40, 23));
        DecodedImage exact = new ImageDecoder(201, ImageDecoder.DEFAULT_BACKGROUND).decode(TestImages.encode(src, "png"), "g.png");
        assertEquals(1, exact.subsampling());
        DecodedImage jpeg = new ImageDecoder(50, ImageDecoder.DEFAULT_BACKGROUND).decode(TestImages.encode(src, "jpeg"), "g.jpg");
        assertEquals(41, jpeg.image().width());
        assertEquals(24, jpeg.image().height());
    }

    @Test
    void absurdDeclaredSizeIsRejectedBeforeDecoding() throws Exception {
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> decoder.decode(TestImages.pngHeaderOnly(30_000, 30_000), "bomb.png"));
        assertTrue(e.getMessage().startsWith("bomb.png: "), e.getMessage());
        assertTrue(e.getMessage().contains("30000x30000"), e.getMessage());
    }

    // ---- CMYK / YCCK JPEG -----------------------------------------------------------------

    /**
     * Without an embedded profile, CMYK (Adobe transform 0) and YCCK (transform 2) stay with the JDK
     * reader, whose naive conversion is the same on every OS: cyan ink is (0, 255, 255).
     */
    @Test
    void profileLessCmykAndYcckJpegsAreConvertedByTheJdkReader() throws Exception {
        for (int transform : new int[] {0, 2}) {
            byte[] jpeg = TestImages.adobeFourComponentJpeg(16, 8, 255, 0, 0, 0, transform);
            DecodedImage d = decoder.decode(jpeg, "cyan-" + transform + ".jpg");
            assertEquals("com.sun.imageio.plugins.jpeg.JPEGImageReader", d.decoder());
            assertEquals(Set.of(DecodeFlag.CMYK_CONVERTED), d.flags());
            assertTrue(d.altered());
            int r = d.image().red(8, 4);
            int g = d.image().green(8, 4);
            int b = d.image().blue(8, 4);
            assertTrue(r <= 16 && g >= 250 && b >= 250, "transform " + transform + ": cyan ink gave " + r + "," + g + "," + b);
        }
        DecodedImage k = decoder.decode(TestImages.adobeFourComponentJpeg(8, 8, 0, 0, 0, 255, 0), "k.jpg");
        assertRgb(k.image(), 4, 4, 0, 0, 0);
        DecodedImage none = decoder.decode(TestImages.adobeFourComponentJpeg(8, 8, 0, 0, 0, 0, 0), "paper.jpg");
        assertRgb(none.image(), 4, 4, 255, 255, 255);
    }

    /** A 4-component JPEG with an embedded ICC profile goes to TwelveMonkeys, which converts through profiles. */
    @Test
    void cmykJpegWithAnEmbeddedProfileGoesToTwelveMonkeys() throws Exception {
        byte[] jpeg = TestImages.adobeFourComponentJpeg(16, 8, 255, 0, 0, 0, 0);
        // The JDK has no CMYK profile to embed; an sRGB one is enough to exercise the routing
        // (TwelveMonkeys reports it as incompatible and converts as CMYK).
        byte[] withProfile = TestImages.withIccProfile(jpeg, ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        DecodedImage d = decoder.decode(withProfile, "cyan-icc.jpg");
        assertEquals("com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader", d.decoder());
        assertTrue(d.flags().contains(DecodeFlag.CMYK_CONVERTED), d.flags().toString());
        assertTrue(d.flags().contains(DecodeFlag.READER_WARNINGS), d.flags().toString());
        assertTrue(d.warnings().get(0).contains("incompatible"), d.warnings().toString());
        assertTrue(d.image().red(8, 4) <= 16 && d.image().green(8, 4) >= 240 && d.image().blue(8, 4) >= 240);
    }

    @Test
    void jpegHeaderScanFindsComponentsAndProfile() throws Exception {
        byte[] cmyk = TestImages.adobeFourComponentJpeg(8, 8, 1, 2, 3, 4, 0);
        byte[] rgb = TestImages.encode(TestImages.gradient(8, 8), "jpeg");
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        assertEquals(new ImageDecoder.JpegHeader(4, false), header(cmyk));
        assertEquals(new ImageDecoder.JpegHeader(4, true), header(TestImages.withIccProfile(cmyk, profile)));
        assertEquals(new ImageDecoder.JpegHeader(3, false), header(rgb));
        assertEquals(new ImageDecoder.JpegHeader(3, true), header(TestImages.withIccProfile(rgb, profile)));
        assertEquals(-1, header(Arrays.copyOf(rgb, 30)).components());
    }

    private static ImageDecoder.JpegHeader header(byte[] jpeg) throws IOException {
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            return ImageDecoder.jpegHeader(in);
        }
    }

    // ---- WebP (TwelveMonkeys) ---------------------------------------------------------------

    /** pattern-lossless.webp: cwebp 1.2.4 -lossless -exact of R = 10x, G = 15y, B = 200 - 5x, 24 x 16. */
    @Test
    void losslessWebpDecodesExactly() throws Exception {
        DecodedImage d = decoder.decode(resource("pattern-lossless.webp"), "pattern-lossless.webp");
        assertEquals("webp", d.format());
        assertEquals("com.twelvemonkeys.imageio.plugins.webp.WebPImageReader", d.decoder());
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) assertRgb(d.image(), x, y, 10 * x, 15 * y, 200 - 5 * x);
        }
    }

    /**
     * Lossy WebP: TwelveMonkeys' VP8 decoder is not libwebp; on this smooth pattern it differs from
     * dwebp 1.2.4 by a few levels (measured: mean 3.9, max 12). The bound catches a broken decoder;
     * the hash pins the exact output.
     */
    @Test
    void lossyWebpIsCloseToLibwebpAndPinned() throws Exception {
        DecodedImage d = decoder.decode(resource("pattern-lossy.webp"), "pattern-lossy.webp");
        byte[] ppm = resource("pattern-lossy.dwebp.ppm");
        byte[] ref = Arrays.copyOfRange(ppm, ppm.length - 24 * 16 * 3, ppm.length);
        assertTrue(new String(ppm, 0, 2, StandardCharsets.US_ASCII).equals("P6"));
        double sum = 0;
        int max = 0;
        for (int i = 0; i < ref.length; i++) {
            int diff = Math.abs((d.image().rgb()[i] & 0xFF) - (ref[i] & 0xFF));
            sum += diff;
            max = Math.max(max, diff);
        }
        assertTrue(sum / ref.length < 6, "mean difference from libwebp " + sum / ref.length);
        assertTrue(max <= 20, "max difference from libwebp " + max);
        assertEquals(PINNED_WEBP_SHA256, sha256(d.image().rgb()));
    }

    private static final String PINNED_WEBP_SHA256 = "1eba0e09ef112c53a7869c7bc719fc691fa87740c71e5105a33d3f873182714f";

    // ---- bad input --------------------------------------------------------------------------

    @Test
    void truncatedJpegIsRejectedNotGreyFilled() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.gradient(400, 300), "jpeg");
        Path file = dir.resolve("cut.jpg");
        Files.write(file, Arrays.copyOf(jpeg, jpeg.length / 2));
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(file));
        assertTrue(e.getMessage().startsWith(file + ": truncated or corrupt jpeg"), e.getMessage());
        assertEquals(file.toString(), e.source());
        // The premise: the JDK reader alone returns an image with a grey bottom.
        ImageReader jdk = TestImages.jdkReader("jpeg");
        jdk.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(Arrays.copyOf(jpeg, jpeg.length / 2))));
        BufferedImage half = jdk.read(0);
        jdk.dispose();
        assertEquals(0x808080, half.getRGB(399, 299) & 0xFFFFFF);
    }

    @Test
    void truncatedCmykJpegIsRejectedOnBothPaths() {
        byte[] plain = TestImages.adobeFourComponentJpeg(64, 64, 30, 60, 90, 10, 0);
        byte[] icc = TestImages.withIccProfile(plain, ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        for (byte[] jpeg : new byte[][] {plain, icc}) {
            ImageDecodeException e = assertThrows(ImageDecodeException.class,
                    () -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length - (plain.length / 3)), "cmyk-cut.jpg"));
            assertTrue(e.getMessage().startsWith("cmyk-cut.jpg: truncated or corrupt jpeg"), e.getMessage());
        }
    }

    @Test
    void truncatedPngGifBmpAreRejected() {
        BufferedImage src = TestImages.gradient(64, 48);
        for (String format : new String[] {"png", "gif", "bmp"}) {
            byte[] bytes = TestImages.encode(src, format);
            ImageDecodeException e = assertThrows(ImageDecodeException.class,
                    () -> decoder.decode(Arrays.copyOf(bytes, bytes.length / 2), "cut." + format), format);
            assertTrue(e.getMessage().startsWith("cut." + format + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(format), e.getMessage());
        }
    }

    @Test
    void corruptBodyAfterAValidSignatureIsRejected() {
        byte[] png = TestImages.encode(TestImages.gradient(32, 32), "png");
        byte[] broken = png.clone();
        for (int i = 40; i < broken.length - 12; i++) broken[i] = (byte) (i * 31);
        assertThrows(ImageDecodeException.class, () -> decoder.decode(broken, "garbled.png"));

        byte[] jpegHeaderOnly = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(jpegHeaderOnly, "stub.jpg"));
        assertTrue(e.getMessage().startsWith("stub.jpg: "), e.getMessage());
    }

    @Test
    void emptyMissingDirectoryAndNonImageFiles() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertEquals(empty + ": empty file (0 bytes)",
                assertThrows(ImageDecodeException.class, () -> decoder.decode(empty)).getMessage());
        assertEquals("x: empty input (0 bytes)",
                assertThrows(ImageDecodeException.class, () -> decoder.decode(new byte[0], "x")).getMessage());

        Path missing = dir.resolve("missing.jpg");
        assertEquals(missing + ": file does not exist",
                assertThrows(ImageDecodeException.class, () -> decoder.decode(missing)).getMessage());
        assertTrue(assertThrows(ImageDecodeException.class, () -> decoder.decode(dir)).getMessage().contains("directory"));

        Path text = dir.resolve("notes.png");
        Files.writeString(text, "<html><body>Rate limit exceeded</body></html>");
        String msg = assertThrows(ImageDecodeException.class, () -> decoder.decode(text)).getMessage();
        assertTrue(msg.startsWith(text + ": not a supported image (looks like text starting \"<html><body>Rate"), msg);

        byte[] tiff = {'I', 'I', '*', 0, 8, 0, 0, 0};
        assertTrue(assertThrows(ImageDecodeException.class, () -> decoder.decode(tiff, "scan.tif"))
                .getMessage().contains("TIFF"));
        byte[] heic = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
        assertTrue(assertThrows(ImageDecodeException.class, () -> decoder.decode(heic, "photo.heic"))
                .getMessage().contains("'heic'"));
        byte[] binary = {1, 2, 3, (byte) 0xFE, 0, 9};
        assertTrue(assertThrows(ImageDecodeException.class, () -> decoder.decode(binary, "blob"))
                .getMessage().contains("unrecognised first bytes 01 02 03 fe 00 09"));
    }

    @Test
    void onlyDataLossWarningsAreFatal() {
        assertTrue(ImageDecoder.fatalWarning("Premature end of JPEG file"));
        assertTrue(ImageDecoder.fatalWarning("Corrupt JPEG data: premature end of data segment"));
        assertTrue(ImageDecoder.fatalWarning("Corrupt JPEG data: bad Huffman code"));
        assertTrue(ImageDecoder.fatalWarning("Truncated File - Missing EOI marker"));
        assertFalse(ImageDecoder.fatalWarning("Corrupt JPEG data: 3 extraneous bytes before marker 0xd9"));
        assertFalse(ImageDecoder.fatalWarning("Embedded color profile is invalid; ignored"));
        assertFalse(ImageDecoder.fatalWarning("Truncated ICC profile; ignored")); // pixels are intact
    }

    @Test
    void constructorAndRecordValidation() {
        assertThrows(IllegalArgumentException.class, () -> new ImageDecoder(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ImageDecoder(10, 0x1000000));
        RgbImage img = new RgbImage(2, 2, new byte[12]);
        assertThrows(IllegalArgumentException.class,
                () -> new DecodedImage(img, "png", 4, 4, 1, "r", Set.of(), java.util.List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new DecodedImage(img, "png", 4, 4, 2, "r", Set.of(), java.util.List.of()));
        DecodedImage ok = new DecodedImage(img, "png", 4, 3, 2, "r", Set.of(DecodeFlag.SUBSAMPLED), java.util.List.of());
        assertEquals(2, ok.subsampling());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static void assertSamePixels(BufferedImage src, RgbImage out) {
        assertEquals(src.getWidth(), out.width());
        assertEquals(src.getHeight(), out.height());
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int rgb = src.getRGB(x, y);
                assertRgb(out, x, y, (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
            }
        }
    }

    private static void assertRgb(RgbImage img, int x, int y, int r, int g, int b) {
        String at = "pixel (" + x + "," + y + ")";
        assertEquals(r, img.red(x, y), at + " red");
        assertEquals(g, img.green(x, y), at + " green");
        assertEquals(b, img.blue(x, y), at + " blue");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageDecoderTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
