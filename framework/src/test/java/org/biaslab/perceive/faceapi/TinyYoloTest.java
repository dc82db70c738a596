package org.biaslab.perceive.faceapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Box decoding, NMS and face-api's box arithmetic against hand-computed values. */
class TinyYoloTest {
    private static final double[][] ANCHORS = TinyFaceDetectorNet.ANCHORS;

    /** Logits of a 2x2 grid with every score very low except the given (anchor, row, col). */
    private static float[] grid(int cells, int anchor, int row, int col, float tx, float ty, float tw, float th,
            float score) {
        int plane = cells * cells;
        float[] l = new float[25 * plane];
        for (int a = 0; a < 5; a++) {
            for (int p = 0; p < plane; p++) {
                l[(a * 5 + 4) * plane + p] = -20;
            }
        }
        int base = anchor * 5 * plane + row * cells + col;
        l[base] = tx;
        l[base + plane] = ty;
        l[base + 2 * plane] = tw;
        l[base + 3 * plane] = th;
        l[base + 4 * plane] = score;
        return l;
    }

    @Test
    void decodesCentreAndSizeWithAnchorsOnASquareImage() {
        float[] l = grid(2, 1, 1, 0, 0f, 0f, 0f, (float) Math.log(2), 2f);
        List<TinyYolo.Candidate> c = TinyYolo.decode(l, 2, ANCHORS, 64, 100, 100, 0.5);
        assertEquals(1, c.size());
        // centre ((0 + 0.5) / 2, (1 + 0.5) / 2); size (1 * 6.041143 / 2, 2 * 7.080126 / 2)
        double w = 6.041143 / 2;
        double h = 7.080126;
        JsBox b = c.get(0).relative();
        assertEquals(0.25 - w / 2, b.x(), 1e-12);
        assertEquals(0.75 - h / 2, b.y(), 1e-6); // exp of the float logit log(2) is 2 within 1e-7
        assertEquals(w, b.width(), 1e-12);
        assertEquals(h, b.height(), 1e-6);
        assertEquals(1 / (1 + Math.exp(-2)), c.get(0).score(), 1e-15);
    }

    @Test
    void correctsForThePaddingOfAWideImage() {
        // 200x100 image in a 64 input: the image fills 64x32, so y and height are stretched by 64/32
        float[] l = grid(2, 0, 0, 1, 0f, 0f, 0f, 0f, 3f);
        JsBox b = TinyYolo.decode(l, 2, ANCHORS, 64, 200, 100, 0.5).get(0).relative();
        double w = 1.603231 / 2;
        double h = 2.094468 / 2 * 2;
        assertEquals(0.75 - w / 2, b.x(), 1e-12);
        assertEquals(0.25 * 2 - h / 2, b.y(), 1e-12);
        assertEquals(h, b.height(), 1e-12);
    }

    @Test
    void scoreThresholdIsStrict() {
        float[] l = grid(2, 0, 0, 0, 0f, 0f, 0f, 0f, 0f); // sigmoid(0) = 0.5
        assertEquals(0, TinyYolo.decode(l, 2, ANCHORS, 64, 64, 64, 0.5).size());
        assertEquals(1, TinyYolo.decode(l, 2, ANCHORS, 64, 64, 64, 0.49).size());
    }

    @Test
    void nonMaxSuppressionKeepsTheBestOfOverlappingBoxes() {
        List<TinyYolo.Candidate> c = List.of(
                new TinyYolo.Candidate(new JsBox(0, 0, 0.5, 0.5), 0.6),
                new TinyYolo.Candidate(new JsBox(0.05, 0, 0.5, 0.5), 0.9),  // IoU with 0: 0.225/0.275 > 0.4
                new TinyYolo.Candidate(new JsBox(0.5, 0.5, 0.4, 0.4), 0.7),
                new TinyYolo.Candidate(new JsBox(0.3, 0, 0.5, 0.5), 0.8));  // IoU with 1: 0.125/0.375 <= 0.4
        assertEquals(List.of(1, 3, 2), TinyYolo.nonMaxSuppression(c, 416, 0.4));
    }

    @Test
    void amongEqualScoresTheLastDecodedIsPickedFirst() {
        List<TinyYolo.Candidate> c = List.of(
                new TinyYolo.Candidate(new JsBox(0, 0, 0.5, 0.5), 0.8),
                new TinyYolo.Candidate(new JsBox(0.01, 0, 0.5, 0.5), 0.8));
        assertEquals(List.of(1), TinyYolo.nonMaxSuppression(c, 416, 0.4));
    }

    @Test
    void clipAtImageBordersFloorsEachValue() {
        assertArrayEquals(new int[] {0, 3, 7, 4}, new JsBox(-2.5, 3.7, 10.2, 4.9).clipFloor(100, 100));
        // right edge 99.5 + 5 cut at the image width 100: width 100 - 99.5 = 0.5, floored to 0
        assertArrayEquals(new int[] {99, 10, 0, 5}, new JsBox(99.5, 10, 5, 5).clipFloor(100, 100));
        assertEquals(1.0 / 3, JsBox.iou(new JsBox(0, 0, 2, 2), new JsBox(1, 0, 2, 2)), 1e-12);
    }

    @Test
    void landmarksMapFromThePaddedSquareToTheImage() {
        // crop 50 wide, 100 high at (10, 20) of an unclipped detection at (10.5, 20.25): the crop is
        // padded 25 px each side to 100x100; a point output (0.5, 0.25) of the 112 square is
        // x = (0.5 * 112 - 28) / 56 of the crop width, y = 0.25 of its height
        float[] out = new float[136];
        out[0] = 0.5f;
        out[1] = 0.25f;
        var pts = FaceApi.landmarksInImage(out, 0, new int[] {10, 20, 50, 100}, new JsBox(10.5, 20.25, 49, 99));
        assertEquals(10.5 + 0.5 * 50, pts.get(0).x(), 1e-5);
        assertEquals(20.25 + 0.25 * 100, pts.get(0).y(), 1e-5);
        // the aligned box is the landmarks' bounding box (maxima start at 0) widened by 20%
        JsBox r = FaceApi.alignedRect(List.of(new org.biaslab.perceive.Point(10, 20), new org.biaslab.perceive.Point(60,
                120)));
        assertEquals(5, r.x(), 1e-12);
        assertEquals(10, r.y(), 1e-12);
        assertEquals(60, r.width(), 1e-12);
        assertEquals(120, r.height(), 1e-12);
        assertTrue(r.right() > 60);
    }
}
