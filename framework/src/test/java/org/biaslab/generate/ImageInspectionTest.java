package org.biaslab.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageInspectionTest {

    @Test
    void allBlackPngIsBlank() throws Exception {
        ImageInspection i = ImageInspection.of(TestImages.flatPng(64, 32, 0x000000));
        assertTrue(i.blank());
        assertEquals("#000000", i.meanRgb());
        assertEquals(ImageFormat.PNG, i.format());
        assertEquals(64, i.width());
        assertEquals(32, i.height());
    }

    @Test
    void flatJpegIsBlankDespiteCompression() throws Exception {
        ImageInspection i = ImageInspection.of(TestImages.flatJpeg(64, 64, 0x202020));
        assertTrue(i.blank());
        assertEquals(ImageFormat.JPEG, i.format());
    }

    @Test
    void oneDistinctPixelOrAFaintGradientIsNotBlank() throws Exception {
        BufferedImage img = TestImages.flat(32, 32, 0x000000);
        img.setRGB(31, 31, 0x000000 | (ImageInspection.BLANK_RANGE + 1));
        assertFalse(ImageInspection.of(TestImages.encode(img, "png")).blank());
        BufferedImage same = TestImages.flat(32, 32, 0x000000);
        same.setRGB(31, 31, ImageInspection.BLANK_RANGE);
        assertTrue(ImageInspection.of(TestImages.encode(same, "png")).blank(), "within the tolerance");
        assertFalse(ImageInspection.of(TestImages.noisyPng(16, 16, 9)).blank());
    }

    @Test
    void nonImagesAndTruncatedImagesAreErrors() {
        IOException text = assertThrows(IOException.class, () -> ImageInspection.of("hello".getBytes()));
        assertEquals("not a PNG or JPEG (5 bytes, first bytes 68656c6c)", text.getMessage());
        byte[] png = TestImages.noisyPng(16, 16, 9);
        assertThrows(IOException.class, () -> ImageInspection.of(Arrays.copyOf(png, 40)));
    }
}
