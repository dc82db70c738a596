import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes JPEG files with javax.imageio.ImageIO into raw 8-bit RGB, row-major, three bytes a pixel
 * (BufferedImage.getRGB), the same decoding the Java golden tests use, so that face-api.js and the
 * Java port see identical pixels. Run by reference.js as a single-file program:
 * {@code java DecodeRgb.java OUT_DIR IMAGE...}; writes OUT_DIR/NAME.rgb and prints the Java version, then "NAME WIDTH HEIGHT" per image.
 */
public final class DecodeRgb {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        System.out.println("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        Files.createDirectories(out);
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
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
            String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            try (OutputStream o = Files.newOutputStream(out.resolve(name + ".rgb"))) {
                o.write(rgb);
            }
            System.out.println(name + " " + w + " " + h);
        }
    }
}
