package org.biaslab.perceive.faceapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.biaslab.perceive.GoldenFixtures;
import org.biaslab.perceive.FaceBox;
import org.biaslab.perceive.FaceDetection;
import org.biaslab.perceive.Point;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.TestImages;
import org.biaslab.perceive.model.ModelStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java port against face-api.js itself: {@code faceapi-reference.json} was written by
 * tools/faceapi-reference/reference.js (face-api 1.7.15 on TF.js 4.22.0, CPU backend) from the same
 * weights and the same pixels (the package's sample photos decoded by javax.imageio, some cut to a
 * portrait, a 512x512 region, a region cutting a face at the border, an image smaller than the
 * detector input, one with other detector options). Every face must be found in the
 * same order, and every reported number (scores and probabilities, pixel coordinates of boxes and
 * landmarks, age in years) must agree within 1e-4. The remaining differences come from float32
 * summation order (TF.js's sequential CPU kernels vs PyTorch's blocked ones); the largest seen is
 * 8.3e-5 pixels on a landmark, 5e-7 on scores, 1e-7 on probabilities, 1.1e-5 years of age.
 */
class FaceApiGoldenTest {
    private static final double TOLERANCE = 1e-4;

    private static Path pkg;
    private static FaceApi api;
    private static JsonNode fixture;

    @BeforeAll
    static void load() throws Exception {
        ModelStore store = ModelStore.forProject();
        pkg = store.fetch(store.manifest(FaceApi.MANIFEST));
        api = FaceApi.open(pkg, FaceApi.Options.defaults());
        fixture = GoldenFixtures.read(FaceApiGoldenTest.class, "faceapi-reference.json");
    }

    @AfterAll
    static void close() {
        if (api != null) {
            api.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> agreesWithFaceApiJs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : fixture.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        assertTrue(tests.size() >= 11, "fixture cases: " + tests.size());
        return tests.stream();
    }

    private static void check(JsonNode c) throws Exception {
        String name = c.get("name").asText();
        RgbImage img = TestImages.read(pkg.resolve(c.get("file").asText()));
        JsonNode crop = c.get("crop");
        if (crop != null && !crop.isNull()) {
            img = TestImages.crop(img, crop.get("x").asInt(), crop.get("y").asInt(), crop.get("width").asInt(),
                    crop.get("height").asInt());
        }
        assertEquals(c.get("rgbSha256").asText(), TestImages.sha256(img),
                name + ": the pixels differ from those face-api.js saw (another JPEG decoder?)");
        JsonNode o = c.get("options");
        FaceApi.Options options = new FaceApi.Options(o.get("inputSize").asInt(), o.get("scoreThreshold").asDouble());
        List<FaceAnalysis> faces = api.analyze(img, options);
        JsonNode expected = c.get("faces");
        assertEquals(expected.size(), faces.size(), name + ": number of faces");
        assertTrue(faces.size() > 0, name + ": the fixture should hold faces");
        double[] worst = new double[6];
        for (int i = 0; i < faces.size(); i++) {
            FaceAnalysis a = faces.get(i);
            JsonNode e = expected.get(i);
            String where = name + " face " + i + " ";
            worst[0] = Math.max(worst[0], near(e.get("score").asDouble(), a.detection().score(), where + "score"));
            worst[1] = Math.max(worst[1], box(e.get("box"), a.detection().box(), where + "box"));
            for (int k = 0; k < FaceAnalysis.LANDMARKS; k++) {
                Point p = a.landmarks().get(k);
                JsonNode ep = e.get("landmarks").get(k);
                worst[2] = Math.max(worst[2], near(ep.get(0).asDouble(), p.x(), where + "landmark " + k + " x"));
                worst[2] = Math.max(worst[2], near(ep.get(1).asDouble(), p.y(), where + "landmark " + k + " y"));
            }
            worst[3] = Math.max(worst[3], box(e.get("alignedBox"), a.alignedBox(), where + "aligned box"));
            double male = e.get("maleProbability").asDouble();
            worst[4] = Math.max(worst[4], near(male, a.maleProbability(), where + "P(male)"));
            worst[4] = Math.max(worst[4], near(1 - male, a.femaleProbability(), where + "P(female)"));
            worst[5] = Math.max(worst[5], near(e.get("age").asDouble(), a.age(), where + "age"));
        }
        // the detector alone gives the same detections
        List<FaceDetection> detections = api.detect(img, options);
        assertEquals(faces.size(), detections.size(), name + ": detect() vs analyze()");
        for (int i = 0; i < faces.size(); i++) {
            assertEquals(faces.get(i).detection(), detections.get(i), name + " face " + i + ": detect() vs analyze()");
        }
        System.out.printf(Locale.ROOT, "%s: %d faces, max |diff| score %.1e, box %.1e px, landmarks %.1e px, "
                + "aligned box %.1e px, probabilities %.1e, age %.1e years%n", name, faces.size(), worst[0], worst[1],
                worst[2], worst[3], worst[4], worst[5]);
    }

    private static double near(double expected, double actual, String what) {
        double d = Math.abs(expected - actual);
        assertTrue(d <= TOLERANCE, what + ": expected " + expected + ", was " + actual + " (|diff| " + d + ")");
        return d;
    }

    private static double box(JsonNode e, FaceBox b, String what) {
        return Math.max(Math.max(near(e.get("x").asDouble(), b.x(), what + " x"), near(e.get("y").asDouble(), b.y(),
                what + " y")), Math.max(near(e.get("width").asDouble(), b.width(), what + " width"),
                near(e.get("height").asDouble(), b.height(), what + " height")));
    }
}
