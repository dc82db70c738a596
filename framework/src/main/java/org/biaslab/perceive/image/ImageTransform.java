package org.biaslab.perceive.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.biaslab.perceive.RgbImage;

/**
 * Declared, deterministic image transforms under which perception's robustness is measured
 * ({@code validate-perception --transform}): the failure modes seen in generated images (sepia and
 * black-and-white portraits, dim or coloured light, compression, blur, small faces). Each is a pure
 * function of the pixels; the definitions are the ones documented in docs/perception.md.
 */
public enum ImageTransform {
    /** The image as it is. */
    NONE("none", "the image unchanged"),
    /** Luma (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B) in every channel. */
    GRAYSCALE("grayscale", "BT.601 luma in all three channels"),
    /** The common sepia matrix (rows 0.393 0.769 0.189 / 0.349 0.686 0.168 / 0.272 0.534 0.131), clipped. */
    SEPIA("sepia", "sepia tone matrix, clipped to 255"),
    /** Every channel times 0.35 (about 1.5 stops under-exposed), rounded. */
    LOW_LIGHT("low-light", "every channel x 0.35 (about 1.5 stops darker)"),
    /** Red x 1.0, green x 0.78, blue x 0.5: warm (tungsten-like) coloured light. */
    WARM_LIGHT("warm-light", "channels x (1.0, 0.78, 0.5): warm coloured light"),
    /** Blue x 1.0, green x 0.85, red x 0.6: cold (blue) coloured light. */
    COLD_LIGHT("cold-light", "channels x (0.6, 0.85, 1.0): cold coloured light"),
    /** JPEG at quality 30 (javax.imageio), decoded again. */
    JPEG_30("jpeg-30", "JPEG re-encoded at quality 30"),
    /** Gaussian blur, sigma 2 px (kernel radius 6), edges clamped. */
    BLUR("blur", "Gaussian blur, sigma 2 px"),
    /** Averaged down to a quarter of the size in each dimension and bilinearly back up: a face 4x smaller in detail. */
    LOW_RES_4("low-res-4", "area-averaged to 1/4 size and bilinearly back: a quarter of the detail");

    private final String id;
    private final String description;

    ImageTransform(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The ids, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(ImageTransform::id).toList();
    }

    /** The transform with this id. */
    public static ImageTransform parse(String id) {
        for (ImageTransform t : values()) {
            if (t.id.equals(id.strip().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown image transform '" + id + "'; known: " + String.join(", ", ids()));
    }

    /** The transformed image (a new one; the input is not changed). */
    public RgbImage apply(RgbImage in) {
        return switch (this) {
            case NONE -> in;
            case GRAYSCALE -> matrix(in, new double[] {0.299, 0.587, 0.114, 0.299, 0.587, 0.114, 0.299, 0.587, 0.114});
            case SEPIA -> matrix(in, new double[] {0.393, 0.769, 0.189, 0.349, 0.686, 0.168, 0.272, 0.534, 0.131});
            case LOW_LIGHT -> matrix(in, new double[] {0.35, 0, 0, 0, 0.35, 0, 0, 0, 0.35});
            case WARM_LIGHT -> matrix(in, new double[] {1.0, 0, 0, 0, 0.78, 0, 0, 0, 0.5});
            case COLD_LIGHT -> matrix(in, new double[] {0.6, 0, 0, 0, 0.85, 0, 0, 0, 1.0});
            case JPEG_30 -> jpeg(in, 0.30f);
            case BLUR -> blur(in, 2.0);
            case LOW_RES_4 -> lowRes(in, 4);
        };
    }

    private static int clip(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** out_c = sum_k m[3c + k] in_k, rounded and clipped. */
    private static RgbImage matrix(RgbImage in, double[] m) {
        byte[] src = in.rgb();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i += 3) {
            int r = src[i] & 0xFF;
            int g = src[i + 1] & 0xFF;
            int b = src[i + 2] & 0xFF;
            for (int c = 0; c < 3; c++) {
                out[i + c] = (byte) clip(m[3 * c] * r + m[3 * c + 1] * g + m[3 * c + 2] * b);
            }
        }
        return new RgbImage(in.width(), in.height(), out);
    }

    private static RgbImage jpeg(RgbImage in, float quality) {
        BufferedImage img = new BufferedImage(in.width(), in.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < in.height(); y++) {
            for (int x = 0; x < in.width(); x++) {
                img.setRGB(x, y, (in.red(x, y) << 16) | (in.green(x, y) << 8) | in.blue(x, y));
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (MemoryCacheImageOutputStream os = new MemoryCacheImageOutputStream(bytes)) {
                w.setOutput(os);
                ImageWriteParam p = w.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality);
                w.write(null, new IIOImage(img, null, null), p);
            } finally {
                w.dispose();
            }
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            byte[] out = new byte[in.rgb().length];
            for (int y = 0; y < in.height(); y++) {
                for (int x = 0; x < in.width(); x++) {
                    int v = back.getRGB(x, y);
                    int i = 3 * (y * in.width() + x);
                    out[i] = (byte) (v >> 16);
                    out[i + 1] = (byte) (v >> 8);
                    out[i + 2] = (byte) v;
                }
            }
            return new RgbImage(in.width(), in.height(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG round trip in memory failed", e);
        }
    }

    /** Separable Gaussian blur with clamped edges. */
    private static RgbImage blur(RgbImage in, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        int w = in.width();
        int h = in.height();
        double[] tmp = new double[w * h * 3];
        byte[] src = in.rgb();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int i = -r; i <= r; i++) {
                        int xx = Math.max(0, Math.min(w - 1, x + i));
                        s += k[i + r] * (src[3 * (y * w + xx) + c] & 0xFF);
                    }
                    tmp[3 * (y * w + x) + c] = s;
                }
            }
        }
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int i = -r; i <= r; i++) {
                        int yy = Math.max(0, Math.min(h - 1, y + i));
                        s += k[i + r] * tmp[3 * (yy * w + x) + c];
                    }
                    out[3 * (y * w + x) + c] = (byte) clip(s);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Area average down by {@code f} (partial edge blocks averaged over what they hold), bilinear back up. */
    private static RgbImage lowRes(RgbImage in, int f) {
        int w = in.width();
        int h = in.height();
        int sw = Math.max(1, (w + f - 1) / f);
        int sh = Math.max(1, (h + f - 1) / f);
        double[] small = new double[sw * sh * 3];
        int[] n = new int[sw * sh];
        byte[] src = in.rgb();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int j = (y / f) * sw + x / f;
                n[j]++;
                for (int c = 0; c < 3; c++) {
                    small[3 * j + c] += src[3 * (y * w + x) + c] & 0xFF;
                }
            }
        }
        for (int j = 0; j < n.length; j++) {
            for (int c = 0; c < 3; c++) {
                small[3 * j + c] /= n[j];
            }
        }
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            // the centre of output pixel y in small-image coordinates
            double sy = Math.max(0, Math.min(sh - 1, (y + 0.5) / f - 0.5));
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(sh - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.max(0, Math.min(sw - 1, (x + 0.5) / f - 0.5));
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(sw - 1, x0 + 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - fy) * ((1 - fx) * small[3 * (y0 * sw + x0) + c] + fx * small[3 * (y0 * sw + x1) + c])
                            + fy * ((1 - fx) * small[3 * (y1 * sw + x0) + c] + fx * small[3 * (y1 * sw + x1) + c]);
                    out[3 * (y * w + x) + c] = (byte) clip(v);
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
