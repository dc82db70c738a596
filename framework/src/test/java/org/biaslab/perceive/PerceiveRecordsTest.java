package org.biaslab.perceive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.biaslab.perceive.faceapi.FaceAnalysis;
import org.junit.jupiter.api.Test;

class PerceiveRecordsTest {

    private static void rejects(String field, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void boxesMayReachPastTheImageButNotBeNegativeInSize() {
        FaceBox b = new FaceBox(-3, -2, 10, 4);
        assertEquals(7, b.right());
        assertEquals(2, b.bottom());
        rejects("width", () -> new FaceBox(0, 0, -1, 1));
        rejects("height", () -> new FaceBox(0, 0, 1, Double.NaN));
        rejects("x", () -> new FaceBox(Double.POSITIVE_INFINITY, 0, 1, 1));
        assertEquals(1.0 / 3, new FaceBox(0, 0, 2, 2).iou(new FaceBox(1, 0, 2, 2)), 1e-12);
        assertEquals(0, new FaceBox(0, 0, 0, 0).iou(new FaceBox(0, 0, 0, 0)));
    }

    @Test
    void detectionScoresAreProbabilities() {
        rejects("score", () -> new FaceDetection(new FaceBox(0, 0, 1, 1), 1.5));
        rejects("score", () -> new FaceDetection(new FaceBox(0, 0, 1, 1), Double.NaN));
        assertThrows(NullPointerException.class, () -> new FaceDetection(null, 0.5));
        rejects("y", () -> new Point(0, Double.NaN));
    }

    @Test
    void faceAnalysesHold68LandmarksAndBothGenderProbabilities() {
        FaceDetection d = new FaceDetection(new FaceBox(0, 0, 10, 10), 0.9);
        List<Point> pts = new ArrayList<>(Collections.nCopies(68, new Point(1, 2)));
        FaceAnalysis a = new FaceAnalysis(d, pts, new FaceBox(0, 0, 5, 5), 0.25, 0.75, 31.5);
        pts.set(0, new Point(9, 9));
        assertEquals(new Point(1, 2), a.landmarks().get(0), "defensive copy");
        assertThrows(UnsupportedOperationException.class, () -> a.landmarks().add(new Point(0, 0)));
        rejects("landmarks", () -> new FaceAnalysis(d, pts.subList(0, 5), new FaceBox(0, 0, 5, 5), 0.5, 0.5, 30));
        rejects("maleProbability", () -> new FaceAnalysis(d, pts, new FaceBox(0, 0, 5, 5), -0.1, 0.5, 30));
        rejects("maleProbability + femaleProbability", () -> new FaceAnalysis(d, pts, new FaceBox(0, 0, 5, 5), 0.3,
                0.3, 30));
        rejects("age", () -> new FaceAnalysis(d, pts, new FaceBox(0, 0, 5, 5), 0.5, 0.5, Double.NaN));
    }
}
