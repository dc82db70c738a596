package org.biaslab.perceive.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.biaslab.perceive.RgbImage;
import org.junit.jupiter.api.Test;

/** Human's centernet post-processing ({@link ObjectDetector#decode}) on hand-made rows; no model. */
class ObjectDetectorTest {
    private static final ObjectDetector.Options DEFAULTS = ObjectDetector.Options.defaults();

    /** Rows (x1, y1, x2, y2, score, class) in input pixels. */
    private static float[] rows(float[]... r) {
        float[] out = new float[r.length * 6];
        for (int i = 0; i < r.length; i++) {
            System.arraycopy(r[i], 0, out, i * 6, 6);
        }
        return out;
    }

    private static List<String> summary(List<ObjectDetector.Detection> ds) {
        return ds.stream().map(d -> d.label() + " " + d.score()).toList();
    }

    @Test
    void labelsAreTheEightyCocoClassesPersonFirst() {
        assertEquals(80, ObjectDetector.labels().size());
        assertEquals("person", ObjectDetector.labels().get(0));
        assertEquals("dog", ObjectDetector.labels().get(16));
        assertEquals("toothbrush", ObjectDetector.labels().get(79));
    }

    @Test
    void scoresMustExceedTheThresholdAndAreTruncatedToTwoDecimals() {
        float[] det = rows(
                new float[] {0, 0, 100, 100, 0.19999f, 0},
                new float[] {200, 200, 300, 300, 0.2f, 2}, // float32 0.2 is 0.2000000030 > 0.2: kept, as in TF.js
                new float[] {400, 0, 500, 100, 0.6789f, 16});
        assertEquals(List.of("dog 0.67", "car 0.2"), summary(ObjectDetector.decode(det, 512, 512, DEFAULTS)));
    }

    @Test
    void suppressionIsGreedyAcrossClassesAtIouAtLeastTheThreshold() {
        // b overlaps a with IoU 0.5 (suppressed although another class); c overlaps a with IoU 1/3 (kept)
        float[] det = rows(
                new float[] {0, 0, 100, 100, 0.9f, 0},
                new float[] {0, 0, 100, 50, 0.8f, 56},
                new float[] {50, 0, 150, 100, 0.7f, 0},
                new float[] {0, 0, 100, 40, 0.6f, 0}); // IoU 0.4 with a: suppressed (>=)
        // float32 0.9 is 0.8999999762 and Human truncates: 0.89
        assertEquals(List.of("person 0.89", "person 0.69"), summary(ObjectDetector.decode(det, 512, 512, DEFAULTS)));
        // overlaps below the threshold never suppress
        float[] chain = rows(
                new float[] {0, 0, 100, 100, 0.9f, 0},
                new float[] {60, 0, 160, 100, 0.8f, 0}, // IoU 0.4 / 1.6 = 0.25 with a: kept
                new float[] {120, 0, 220, 100, 0.7f, 0}); // IoU 0.25 with b: kept
        assertEquals(3, ObjectDetector.decode(chain, 512, 512, DEFAULTS).size());
        assertEquals(0.4, ObjectDetector.iou(det, 0, 3), 0);
    }

    @Test
    void equalScoresKeepTheLowerRowAndTheCapCounts() {
        float[] det = rows(
                new float[] {0, 0, 10, 10, 0.5f, 3},
                new float[] {0, 0, 10, 10, 0.5f, 2},
                new float[] {100, 100, 110, 110, 0.4f, 1},
                new float[] {200, 200, 210, 210, 0.3f, 0});
        assertEquals(List.of("motorcycle 0.5", "bicycle 0.4"),
                summary(ObjectDetector.decode(det, 512, 512, new ObjectDetector.Options(0.2, 0.4, 2))));
    }

    @Test
    void boxesAreFractionsOfTheInputAndTruncatedPixelsOfTheImage() {
        float[] det = rows(new float[] {-10, 128, 256, 640, 0.5f, 0}, new float[] {0, 0, 0, 0, 0.4f, Float.NaN});
        List<ObjectDetector.Detection> ds = ObjectDetector.decode(det, 1000, 300, DEFAULTS);
        assertEquals(1, ds.size()); // a NaN class is skipped, as in Human
        ObjectDetector.Detection d = ds.get(0);
        assertEquals(new ObjectDetector.RelativeBox(-10 / 512.0, 0.25, 256 / 512.0 + 10 / 512.0, 1.25 - 0.25), d.boxRaw());
        // x: trunc(-19.53) = -19 (towards zero, as Math.trunc); width trunc(519.53) = 519
        assertEquals(new ObjectDetector.PixelBox(-19, 75, 519, 300), d.box());
        assertEquals(true, d.isPerson());
    }

    @Test
    void aClassOutsideTheLabelsIsAnError() {
        float[] det = rows(new float[] {0, 0, 10, 10, 0.5f, 80});
        assertThrows(IllegalStateException.class, () -> ObjectDetector.decode(det, 512, 512, DEFAULTS));
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ObjectDetector.Options(1, 0.4, 10));
        assertThrows(IllegalArgumentException.class, () -> new ObjectDetector.Options(0.2, 1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> new ObjectDetector.Options(0.2, 0.4, 0));
        assertThrows(IllegalArgumentException.class, () -> new ObjectDetector.Options(0.2, 0.4, 101));
    }

    @Test
    void theInputIsTfjsResizeBilinearOfTheRgbValues() {
        // a 2x1 image resized to 512x512: column c samples x = c / 256 between the two pixels
        RgbImage img = new RgbImage(2, 1, new byte[] {0, 100, (byte) 200, (byte) 255, 50, 0});
        float[] in = ObjectDetector.networkInput(img);
        assertEquals(512 * 512 * 3, in.length);
        assertEquals(0f, in[0]);
        assertEquals((float) (255 * 0.5), in[128 * 3]); // c = 128: x = 0.5
        assertEquals(255f, in[511 * 3]); // past the last pixel: clamped
        assertEquals((float) (100 + (50 - 100) * (10 / 256.0)), in[(5 * 512 + 10) * 3 + 1]); // every row the same
    }
}
