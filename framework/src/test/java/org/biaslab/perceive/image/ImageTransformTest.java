package org.biaslab.perceive.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.biaslab.perceive.RgbImage;
import org.junit.jupiter.api.Test;

/** The declared transforms do what docs/perception.md says, on pixels worked out by hand. */
class ImageTransformTest {
    private static RgbImage solid(int w, int h, int r, int g, int b) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) r;
            px[i + 1] = (byte) g;
            px[i + 2] = (byte) b;
        }
        return new RgbImage(w, h, px);
    }

    /** A vertical edge: left half black, right half white. */
    private static RgbImage edge(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = w / 2; x < w; x++) {
                int i = 3 * (y * w + x);
                px[i] = px[i + 1] = px[i + 2] = (byte) 255;
            }
        }
        return new RgbImage(w, h, px);
    }

    @Test
    void colourTransformsOnOnePixel() {
        RgbImage p = solid(1, 1, 200, 100, 50);
        // luma 0.299*200 + 0.587*100 + 0.114*50 = 124.2
        RgbImage g = ImageTransform.GRAYSCALE.apply(p);
        assertEquals(124, g.red(0, 0));
        assertEquals(124, g.green(0, 0));
        assertEquals(124, g.blue(0, 0));
        // sepia: r = 0.393*200 + 0.769*100 + 0.189*50 = 164.95; g = 0.349*200 + 0.686*100 + 0.168*50 = 146.8;
        // b = 0.272*200 + 0.534*100 + 0.131*50 = 114.35
        RgbImage s = ImageTransform.SEPIA.apply(p);
        assertEquals(165, s.red(0, 0));
        assertEquals(147, s.green(0, 0));
        assertEquals(114, s.blue(0, 0));
        assertEquals(255, ImageTransform.SEPIA.apply(solid(1, 1, 255, 255, 255)).red(0, 0), "clipped");
        RgbImage d = ImageTransform.LOW_LIGHT.apply(p);
        assertEquals(70, d.red(0, 0));
        assertEquals(35, d.green(0, 0));
        assertEquals(18, d.blue(0, 0)); // 17.5 rounds half up
        RgbImage w = ImageTransform.WARM_LIGHT.apply(p);
        assertEquals(200, w.red(0, 0));
        assertEquals(78, w.green(0, 0));
        assertEquals(25, w.blue(0, 0));
        RgbImage c = ImageTransform.COLD_LIGHT.apply(p);
        assertEquals(120, c.red(0, 0));
        assertEquals(85, c.green(0, 0));
        assertEquals(50, c.blue(0, 0));
        assertSame(p, ImageTransform.NONE.apply(p));
    }

    @Test
    void blurAndLowResKeepFlatAreasAndSoftenEdges() {
        RgbImage flat = solid(40, 30, 90, 120, 150);
        for (ImageTransform t : new ImageTransform[] {ImageTransform.BLUR, ImageTransform.LOW_RES_4}) {
            RgbImage o = t.apply(flat);
            assertEquals(40, o.width());
            assertEquals(30, o.height());
            for (int y = 0; y < 30; y += 7) {
                for (int x = 0; x < 40; x += 9) {
                    assertEquals(90, o.red(x, y), t.id());
                    assertEquals(150, o.blue(x, y), t.id());
                }
            }
            RgbImage e = t.apply(edge(40, 30));
            // next to the edge the values are now between black and white; far from it they are unchanged
            int near = e.red(19, 15);
            assertTrue(near > 0 && near < 255, t.id() + " softens the edge: " + near);
            assertEquals(0, e.red(2, 15), t.id());
            assertEquals(255, e.red(37, 15), t.id());
        }
    }

    @Test
    void jpegChangesPixelsALittleAndKeepsTheSize() {
        RgbImage e = edge(32, 32);
        RgbImage j = ImageTransform.JPEG_30.apply(e);
        assertEquals(32, j.width());
        assertEquals(32, j.height());
        assertTrue(Math.abs(j.red(2, 2) - 0) < 30 && Math.abs(j.red(29, 29) - 255) < 30, "far from the edge: close");
        // a busy pattern loses detail at quality 30, but stays close on average
        byte[] px = new byte[32 * 32 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i * 37 + (i / 96) * 11) % 256);
        }
        RgbImage busy = new RgbImage(32, 32, px);
        RgbImage jb = ImageTransform.JPEG_30.apply(busy);
        assertNotEquals(java.util.Arrays.hashCode(busy.rgb()), java.util.Arrays.hashCode(jb.rgb()), "lossy");
    }

    @Test
    void unknownTransformsAreNamed() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ImageTransform.parse("sepiaa"));
        assertTrue(x.getMessage().contains("'sepiaa'") && x.getMessage().contains("grayscale, sepia"), x.getMessage());
        assertEquals(ImageTransform.LOW_RES_4, ImageTransform.parse(" Low-Res-4 "));
    }
}
