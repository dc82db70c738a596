package org.biaslab.perceive.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.biaslab.perceive.RgbImage;

/**
 * The one decoder path of biaslab: the same file always gives the same pixels.
 *
 * <p>Decoders disagree (JPEG IDCT and chroma upsampling, grey handling, colour management), and
 * the disagreement is large enough to move a classifier's probabilities by points, so every image
 * goes through this class and the reader used is recorded in {@link DecodedImage#decoder()}.
 *
 * <ul>
 *   <li><b>Readers.</b> JPEG, PNG, GIF and BMP are read by the JDK's own {@code javax.imageio}
 *       readers ({@code com.sun.imageio.plugins.*}), selected by provider class explicitly, so that
 *       other ImageIO plugins on the class path (TwelveMonkeys registers a JPEG reader that orders
 *       itself first) never change which reader decodes an ordinary file. The format is found from
 *       the file's first bytes, never from its name. TwelveMonkeys reads only two things:
 *       WebP, which the JDK cannot read, and 4-component (CMYK / YCCK) JPEGs that embed an ICC
 *       profile, which it converts through that profile. The JDK 17 reader does read CMYK / YCCK
 *       (Adobe-inverted included) with a naive profile-less conversion; a 4-component JPEG without
 *       an embedded profile stays with it, because TwelveMonkeys would convert such a file with the
 *       operating system's "Generic CMYK" profile on macOS and naively elsewhere, so the same file
 *       would give different pixels on different machines. Both kinds carry
 *       {@link DecodeFlag#CMYK_CONVERTED}.</li>
 *   <li><b>Pixels.</b> Colour images are converted with {@link BufferedImage#getRGB} semantics (the
 *       JDK's colour models, including embedded ICC profiles and 16-bit scaling). Grey images are
 *       the exception: the JDK models grey as linear light, so {@code getRGB} would lift grey 128
 *       to 188; PNG and JPEG grey samples are gamma-encoded like colour ones (and every browser and
 *       PIL shows them so), so grey samples are copied to R = G = B unchanged (16-bit rounded to
 *       8 bits). Flag {@link DecodeFlag#GRAYSCALE}.</li>
 *   <li><b>Alpha.</b> Pixels that are not fully opaque are composited over the background colour
 *       (default white, {@link #DEFAULT_BACKGROUND}) in sRGB-encoded values, as browsers do:
 *       {@code c = (c * alpha + bg * (255 - alpha) + 127) / 255}. Flag
 *       {@link DecodeFlag#ALPHA_COMPOSITED}.</li>
 *   <li><b>Size.</b> A source whose longest side exceeds {@code maxSide} (default
 *       {@value #DEFAULT_MAX_SIDE}) is decoded with ImageIO source subsampling by
 *       {@code s = ceil(longest / maxSide)}: every s-th pixel of every s-th row is kept (point
 *       sampling, no filtering), so memory stays bounded while a 10000 x 10000 file is streamed.
 *       A file declaring more than {@value #MAX_SOURCE_PIXELS} pixels is rejected as a likely
 *       decompression bomb.</li>
 *   <li><b>Truncated and corrupt files</b> are rejected, not repaired. The JDK's JPEG reader
 *       returns a picture for a truncated or damaged file, filling what is missing with grey, and
 *       only says so through a warning; a warning that entropy-coded data ended early or was bad
 *       ("Premature end of JPEG file", "Corrupt JPEG data: ...") therefore raises
 *       {@link ImageDecodeException}, because a half-grey face would silently bias every
 *       measurement. The one libjpeg warning that does not affect pixels ("extraneous bytes
 *       before marker") is kept in {@link DecodedImage#warnings()} with
 *       {@link DecodeFlag#READER_WARNINGS}. Truncated PNG, GIF and BMP files make the JDK readers
 *       throw, and that becomes an {@link ImageDecodeException} too.</li>
 *   <li><b>Frames.</b> Animated GIF and WebP: the first frame, flag {@link DecodeFlag#FIRST_FRAME_ONLY}.</li>
 * </ul>
 *
 * <p>Every problem with the input (missing, empty, not an image, unsupported format, truncated,
 * corrupt, too large) is an {@link ImageDecodeException} naming the file and the problem; a
 * decoder's unchecked exception on malformed data is wrapped into one as well.
 *
 * <p>Instances are immutable and thread-safe (each call gets its own reader).
 */
public final class ImageDecoder {

    /** Default cap on the decoded image's longest side, in pixels. */
    public static final int DEFAULT_MAX_SIDE = 4096;
    /** Sources declaring more pixels than this are rejected (20000 x 25000). */
    public static final long MAX_SOURCE_PIXELS = 500_000_000L;
    /** Files larger than this are rejected before reading (1 GiB). */
    public static final long MAX_FILE_BYTES = 1L << 30;
    /** Default background for transparent pixels: white, 0xRRGGBB. */
    public static final int DEFAULT_BACKGROUND = 0xFFFFFF;

    private static final String JDK_PROVIDER_PREFIX = "com.sun.imageio.plugins.";
    private static final String TWELVEMONKEYS_JPEG = "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi";
    private static final String TWELVEMONKEYS_WEBP = "com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi";

    private final int maxSide;
    private final int background;

    /** A decoder with longest side {@value #DEFAULT_MAX_SIDE} and a white background. */
    public ImageDecoder() {
        this(DEFAULT_MAX_SIDE, DEFAULT_BACKGROUND);
    }

    /**
     * @param maxSide    longest side of the decoded image, at least 1; larger sources are subsampled
     * @param background colour that transparent pixels are composited over, 0xRRGGBB
     */
    public ImageDecoder(int maxSide, int background) {
        if (maxSide < 1) throw new IllegalArgumentException("maxSide must be >= 1, was " + maxSide);
        if (background < 0 || background > 0xFFFFFF) {
            throw new IllegalArgumentException("background must be 0xRRGGBB (0..0xFFFFFF), was 0x" + Integer.toHexString(background));
        }
        this.maxSide = maxSide;
        this.background = background;
    }

    public int maxSide() { return maxSide; }

    public int background() { return background; }

    /** Decodes a file; the path names it in every error. */
    public DecodedImage decode(Path file) throws ImageDecodeException {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        long size;
        try {
            if (Files.isDirectory(file)) throw new ImageDecodeException(name, "is a directory, not an image file");
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(name, "file does not exist", e);
        } catch (IOException e) {
            throw new ImageDecodeException(name, "cannot read file: " + e, e);
        }
        if (size == 0) throw new ImageDecodeException(name, "empty file (0 bytes)");
        if (size > MAX_FILE_BYTES) {
            throw new ImageDecodeException(name, "file is " + size + " bytes, more than the " + MAX_FILE_BYTES + "-byte limit");
        }
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            return decode(in, name);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageDecodeException(name, "cannot read file: " + e, e);
        }
    }

    /**
     * Decodes in-memory bytes (e.g. a generator's base64-decoded PNG).
     *
     * @param name what to call the bytes in error messages, e.g. "openai response 3, image 0"
     */
    public DecodedImage decode(byte[] bytes, String name) throws ImageDecodeException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(name, "name");
        if (bytes.length == 0) throw new ImageDecodeException(name, "empty input (0 bytes)");
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in, name);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageDecodeException(name, "cannot read bytes: " + e, e);
        }
    }

    private DecodedImage decode(ImageInputStream in, String name) throws IOException {
        byte[] head = new byte[16];
        int n = readFully(in, head);
        in.seek(0);
        String format = sniff(head, n, name);

        EnumSet<DecodeFlag> flags = EnumSet.noneOf(DecodeFlag.class);
        ImageReader reader;
        if (format.equals("jpeg")) {
            JpegHeader header = jpegHeader(in);
            in.seek(0);
            if (header.components() == 4) {
                flags.add(DecodeFlag.CMYK_CONVERTED);
            }
            reader = header.components() == 4 && header.iccProfile()
                    ? readerFrom("jpeg", TWELVEMONKEYS_JPEG)
                    : jdkReader(format);
        } else if (format.equals("webp")) {
            reader = readerFrom("webp", TWELVEMONKEYS_WEBP);
        } else {
            reader = jdkReader(format);
        }

        List<String> warnings = new ArrayList<>();
        try {
            reader.setInput(in, false, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            int w;
            int h;
            try {
                w = reader.getWidth(0);
                h = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw new ImageDecodeException(name, "cannot read the " + format + " header: " + describe(e), e);
            }
            if (w < 1 || h < 1) throw new ImageDecodeException(name, format + " declares size " + w + "x" + h);
            if ((long) w * h > MAX_SOURCE_PIXELS) {
                throw new ImageDecodeException(name, format + " declares " + w + "x" + h + " = " + (long) w * h
                        + " pixels, more than the limit of " + MAX_SOURCE_PIXELS);
            }
            int s = Math.max(1, (Math.max(w, h) + maxSide - 1) / maxSide);
            ImageReadParam param = reader.getDefaultReadParam();
            if (s > 1) {
                param.setSourceSubsampling(s, s, 0, 0);
                flags.add(DecodeFlag.SUBSAMPLED);
            }
            BufferedImage bi;
            try {
                bi = reader.read(0, param);
            } catch (IIOException e) {
                throw new ImageDecodeException(name, "cannot decode " + format + ": " + describe(e), e);
            } catch (IOException e) {
                throw new ImageDecodeException(name, "read error while decoding " + format + ": " + describe(e), e);
            } catch (RuntimeException e) {
                throw new ImageDecodeException(name, "malformed " + format + " (decoder failed with " + describe(e) + ")", e);
            }
            for (String warning : warnings) {
                if (fatalWarning(warning)) {
                    throw new ImageDecodeException(name, "truncated or corrupt " + format + ": the decoder reported \""
                            + warning + "\" and would fill the missing part with grey");
                }
            }
            if (!warnings.isEmpty()) flags.add(DecodeFlag.READER_WARNINGS);
            if ((format.equals("gif") || format.equals("webp")) && moreThanOneFrame(reader, warnings)) {
                flags.add(DecodeFlag.FIRST_FRAME_ONLY);
            }
            RgbImage rgb = toRgb(bi, w, h, s, flags);
            return new DecodedImage(rgb, format, w, h, s, reader.getClass().getName(), flags, warnings);
        } finally {
            reader.dispose();
        }
    }

    /** Whether a reader warning means the pixels were partly invented. */
    static boolean fatalWarning(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        if (w.contains("extraneous bytes before marker")) return false;
        return w.contains("premature end") || w.contains("corrupt jpeg data") || w.contains("truncated file")
                || w.contains("bad huffman") || w.contains("missing eoi");
    }

    private static boolean moreThanOneFrame(ImageReader reader, List<String> warnings) {
        try {
            return reader.getNumImages(true) > 1;
        } catch (IOException | RuntimeException e) {
            warnings.add("could not count frames after the first: " + describe(e));
            return false;
        }
    }

    private RgbImage toRgb(BufferedImage bi, int w, int h, int s, EnumSet<DecodeFlag> flags) {
        int outW = (w + s - 1) / s;
        int outH = (h + s - 1) / s;
        int step;
        if (bi.getWidth() == outW && bi.getHeight() == outH) {
            step = 1;
        } else if (bi.getWidth() == w && bi.getHeight() == h) {
            step = s; // the reader ignored source subsampling: sample here, same points
        } else {
            throw new IllegalStateException("reader returned " + bi.getWidth() + "x" + bi.getHeight() + " for a "
                    + w + "x" + h + " source subsampled by " + s);
        }
        ColorModel cm = bi.getColorModel();
        if (cm instanceof IndexColorModel) flags.add(DecodeFlag.PALETTE);
        for (int c = 0; c < cm.getNumComponents(); c++) {
            if (cm.getComponentSize(c) > 8) flags.add(DecodeFlag.HIGH_BIT_DEPTH);
        }
        byte[] out = new byte[outW * outH * 3];
        int bgR = (background >> 16) & 0xFF;
        int bgG = (background >> 8) & 0xFF;
        int bgB = background & 0xFF;
        boolean composited = false;
        boolean grey = !(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && cm.getNumColorComponents() == 1;
        if (grey) {
            flags.add(DecodeFlag.GRAYSCALE);
            Raster raster = bi.getRaster();
            int greyMax = (1 << cm.getComponentSize(0)) - 1;
            boolean alpha = cm.hasAlpha();
            int alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
            boolean premultiplied = cm.isAlphaPremultiplied();
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    int g = raster.getSample(x * step, y * step, 0);
                    int a = 255;
                    if (alpha) {
                        int aRaw = raster.getSample(x * step, y * step, 1);
                        a = scaleTo8(aRaw, alphaMax);
                        if (premultiplied && aRaw > 0) g = (int) Math.min(greyMax, Math.round((double) g * alphaMax / aRaw));
                    }
                    int g8 = scaleTo8(g, greyMax);
                    int i = (y * outW + x) * 3;
                    if (a < 255) {
                        composited = true;
                        out[i] = (byte) over(g8, bgR, a);
                        out[i + 1] = (byte) over(g8, bgG, a);
                        out[i + 2] = (byte) over(g8, bgB, a);
                    } else {
                        out[i] = out[i + 1] = out[i + 2] = (byte) g8;
                    }
                }
            }
        } else {
            int[] row = new int[bi.getWidth()];
            for (int y = 0; y < outH; y++) {
                bi.getRGB(0, y * step, bi.getWidth(), 1, row, 0, bi.getWidth());
                for (int x = 0; x < outW; x++) {
                    int argb = row[x * step];
                    int a = argb >>> 24;
                    int r = (argb >> 16) & 0xFF;
                    int g = (argb >> 8) & 0xFF;
                    int b = argb & 0xFF;
                    if (a < 255) {
                        composited = true;
                        r = over(r, bgR, a);
                        g = over(g, bgG, a);
                        b = over(b, bgB, a);
                    }
                    int i = (y * outW + x) * 3;
                    out[i] = (byte) r;
                    out[i + 1] = (byte) g;
                    out[i + 2] = (byte) b;
                }
            }
        }
        if (composited) flags.add(DecodeFlag.ALPHA_COMPOSITED);
        return new RgbImage(outW, outH, out);
    }

    /** {@code v} in 0..max to 0..255, rounded half up. */
    private static int scaleTo8(int v, int max) {
        return max == 255 ? v : (int) ((v * 255L * 2 + max) / (2L * max));
    }

    private static int over(int c, int bg, int a) {
        return (c * a + bg * (255 - a) + 127) / 255;
    }

    /** The container format from the first bytes, or an exception that names what the bytes look like. */
    static String sniff(byte[] h, int n, String name) throws ImageDecodeException {
        if (n >= 3 && u(h[0]) == 0xFF && u(h[1]) == 0xD8 && u(h[2]) == 0xFF) return "jpeg";
        if (n >= 8 && u(h[0]) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G'
                && h[4] == 0x0D && h[5] == 0x0A && h[6] == 0x1A && h[7] == 0x0A) return "png";
        if (n >= 6 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8'
                && (h[4] == '7' || h[4] == '9') && h[5] == 'a') return "gif";
        if (n >= 2 && h[0] == 'B' && h[1] == 'M') return "bmp";
        if (n >= 12 && h[0] == 'R' && h[1] == 'I' && h[2] == 'F' && h[3] == 'F'
                && h[8] == 'W' && h[9] == 'E' && h[10] == 'B' && h[11] == 'P') return "webp";
        String looks = lookalike(h, n);
        throw new ImageDecodeException(name, "not a supported image (" + looks
                + "); supported: JPEG, PNG, GIF, BMP, WebP, found from the first bytes");
    }

    private static String lookalike(byte[] h, int n) {
        String ascii = new String(h, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (n >= 4 && ((h[0] == 'I' && h[1] == 'I' && h[2] == '*' && h[3] == 0) || (h[0] == 'M' && h[1] == 'M' && h[2] == 0 && h[3] == '*'))) {
            return "looks like TIFF, which is not supported";
        }
        if (n >= 12 && ascii.startsWith("ftyp", 4)) {
            String brand = ascii.substring(8, 12);
            return "looks like an ISO-BMFF file with brand '" + brand.strip() + "' (HEIF/AVIF/MP4), which is not supported";
        }
        if (n >= 12 && u(h[0]) == 0 && u(h[1]) == 0 && u(h[2]) == 0 && u(h[3]) == 0x0C && ascii.startsWith("jP", 4)) {
            return "looks like JPEG 2000, which is not supported";
        }
        if (ascii.startsWith("%PDF")) return "looks like a PDF document";
        if (ascii.startsWith("8BPS")) return "looks like a Photoshop document, which is not supported";
        if (n >= 4 && h[0] == 0 && h[1] == 0 && h[2] == 1 && h[3] == 0) return "looks like a Windows icon, which is not supported";
        boolean text = n > 0;
        for (int i = 0; i < n; i++) {
            int c = u(h[i]);
            if (c < 0x09 || (c > 0x0D && c < 0x20) || c == 0x7F) text = false;
        }
        if (text) return "looks like text starting \"" + ascii.strip().replaceAll("\\s+", " ") + "\"";
        StringBuilder hex = new StringBuilder("unrecognised first bytes");
        for (int i = 0; i < Math.min(n, 8); i++) hex.append(String.format(Locale.ROOT, " %02x", u(h[i])));
        return hex.toString();
    }

    /** What the JPEG headers before the first scan say: components of the first frame, embedded ICC profile. */
    record JpegHeader(int components, boolean iccProfile) {}

    /**
     * Walks the JPEG markers up to the first frame header (SOFn). Components are -1 when no frame
     * header comes before the scan or the markers are broken (the reader then reports the problem).
     */
    static JpegHeader jpegHeader(ImageInputStream in) throws IOException {
        in.seek(2); // after FFD8
        boolean icc = false;
        while (true) {
            int b = in.read();
            if (b != 0xFF) return new JpegHeader(-1, icc);
            int m = in.read();
            while (m == 0xFF) m = in.read();
            if (m < 0) return new JpegHeader(-1, icc);
            if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) continue; // markers without a length
            if (m == 0xD9 || m == 0xDA) return new JpegHeader(-1, icc); // no frame header before the scan
            int len;
            try {
                len = in.readUnsignedShort();
            } catch (java.io.EOFException e) {
                return new JpegHeader(-1, icc);
            }
            if (len < 2) return new JpegHeader(-1, icc);
            long next = in.getStreamPosition() + len - 2;
            if (m == 0xE2 && len >= 2 + 12) {
                byte[] id = new byte[12];
                if (readFully(in, id) == 12 && new String(id, 0, 11, java.nio.charset.StandardCharsets.ISO_8859_1).equals("ICC_PROFILE")) {
                    icc = true;
                }
            }
            boolean sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
            if (sof) {
                if (len < 8) return new JpegHeader(-1, icc);
                in.skipBytes(5); // precision, height, width
                return new JpegHeader(in.read(), icc);
            }
            in.seek(next);
        }
    }

    private static ImageReader jdkReader(String format) {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (r.getOriginatingProvider() != null
                    && r.getOriginatingProvider().getClass().getName().startsWith(JDK_PROVIDER_PREFIX)) {
                return r;
            }
            r.dispose();
        }
        throw new IllegalStateException("this JDK has no built-in " + format + " reader (" + JDK_PROVIDER_PREFIX + "*)");
    }

    private static ImageReader readerFrom(String format, String providerClass) {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (r.getOriginatingProvider() != null && r.getOriginatingProvider().getClass().getName().equals(providerClass)) {
                return r;
            }
            r.dispose();
        }
        throw new IllegalStateException("ImageIO reader " + providerClass + " for " + format
                + " is not registered: is the TwelveMonkeys jar on the class path?");
    }

    /** Reads up to {@code buf.length} bytes; returns how many were read. */
    private static int readFully(ImageInputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) break;
            n += r;
        }
        return n;
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (t != null && seen.add(t)) {
            if (sb.length() > 0) sb.append(" <- ");
            String msg = t.getMessage();
            sb.append(t instanceof IIOException && msg != null ? msg : t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
            t = t.getCause();
        }
        return sb.toString();
    }

    private static int u(byte b) {
        return b & 0xFF;
    }
}
