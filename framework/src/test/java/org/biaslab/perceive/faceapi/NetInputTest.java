package org.biaslab.perceive.faceapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.biaslab.perceive.RgbImage;
import org.junit.jupiter.api.Test;

class NetInputTest {

    @Test
    void bilinearUpscaleWithoutCornerAlignmentOrHalfPixelCentres() {
        // source coordinate = (in/out) * i: 0, 0.5, 1, 1.5 (clamped to the last pixel)
        float[] src = {0, 10, 20, 30};
        float[] out = NetInput.resizeBilinear(src, 2, 2, 1, 4, 4);
        assertArrayEquals(new float[] {
            0, 5, 10, 10,
            10, 15, 20, 20,
            20, 25, 30, 30,
            20, 25, 30, 30}, out);
    }

    @Test
    void bilinearDownscaleHandValues() {
        // 1x4 -> 1x3: coordinates 0, 4/3, 8/3: 0, 3 + 3 * (1/3), 6 + 3 * (2/3)
        float[] out = NetInput.resizeBilinear(new float[] {0, 3, 6, 9}, 1, 4, 1, 1, 3);
        assertArrayEquals(new float[] {0, 4, 8}, out, 1e-6f);
        // two channels interpolate independently
        float[] two = NetInput.resizeBilinear(new float[] {0, 100, 4, 200}, 1, 2, 2, 1, 4);
        assertArrayEquals(new float[] {0, 100, 2, 150, 4, 200, 4, 200}, two);
    }

    @Test
    void mirrorReversesTheColumnsOfEachRowKeepingChannels() {
        // 2x2 pixels, 3 channels, after a 3-float offset
        float[] src = {-1, -1, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        float[] dst = new float[12];
        NetInput.mirror(src, 3, 2, dst, 0);
        assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9}, dst);
        float[] back = new float[12];
        NetInput.mirror(dst, 0, 2, back, 0);
        assertArrayEquals(java.util.Arrays.copyOfRange(src, 3, 15), back);
    }

    @Test
    void padToSquarePlacesTheOddPixelAfterTheImageWhenCentred() {
        assertArrayEquals(new int[] {0, 1}, NetInput.padOffset(10, 7, true)); // diff 3: 2 rows after, 1 before
        assertArrayEquals(new int[] {1, 0}, NetInput.padOffset(7, 10, true));
        assertArrayEquals(new int[] {2, 0}, NetInput.padOffset(6, 10, true));
        assertArrayEquals(new int[] {0, 0}, NetInput.padOffset(7, 10, false)); // detector: all padding after
        assertArrayEquals(new int[] {0, 0}, NetInput.padOffset(5, 5, true));
    }

    @Test
    void writesPaddedNormalisedPixels() {
        // 3x2 image (w=3, h=2) padded to 3x3: centred puts the zero row after (round(0.5) = 1 after, 0 before)
        byte[] rgb = new byte[3 * 2 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (10 * i);
        }
        RgbImage img = new RgbImage(3, 2, rgb);
        float[] mean = {1f, 2f, 3f};
        float[] dst = new float[27 + 5];
        NetInput.write(img, 0, 0, 3, 2, true, 3, mean, dst, 5);
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    float v = y < 2 ? (rgb[(y * 3 + x) * 3 + ch] & 0xff) : 0f;
                    assertEquals((v - mean[ch]) / 255f, dst[5 + (y * 3 + x) * 3 + ch], "c" + ch + " y" + y + " x" + x);
                }
            }
        }
        assertEquals(0f, dst[0]);
    }

    @Test
    void writeMatchesPadThenResizeOnARegion() {
        // a 5x3 region of a 7x6 image, centred padding to 5x5 then resize to 4: against resizeBilinear of
        // the explicitly padded region
        byte[] rgb = new byte[7 * 6 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 37 + 11);
        }
        RgbImage img = new RgbImage(7, 6, rgb);
        int x0 = 1;
        int y0 = 2;
        int w = 5;
        int h = 3;
        int before = NetInput.padOffset(w, h, true)[1];
        assertEquals(1, before);
        float[] padded = new float[5 * 5 * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    padded[((y + before) * 5 + x) * 3 + c] = rgb[((y0 + y) * 7 + x0 + x) * 3 + c] & 0xff;
                }
            }
        }
        float[] resized = NetInput.resizeBilinear(padded, 5, 5, 3, 4, 4);
        float[] mean = {0f, 0f, 0f};
        float[] dst = new float[48];
        NetInput.write(img, x0, y0, w, h, true, 4, mean, dst, 0);
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 16; p++) {
                assertEquals(resized[p * 3 + c] / 255f, dst[p * 3 + c], "c" + c + " p" + p);
            }
        }
    }

    @Test
    void rejectsRegionsOutsideTheImage() {
        RgbImage img = new RgbImage(4, 4, new byte[48]);
        assertThrows(IllegalArgumentException.class,
                () -> NetInput.write(img, 2, 0, 3, 2, true, 4, new float[3], new float[48], 0));
    }
}
