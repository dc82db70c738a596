package org.biaslab.perceive.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.biaslab.perceive.GoldenFixtures;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.TestImages;
import org.biaslab.perceive.model.ModelStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link ObjectDetector} against Human's centernet pipeline run in TF.js: {@code centernet-human.json}
 * was written by tools/tfjs-graph-reference/objects.js (TF.js 4.22.0, CPU backend), reproducing
 * Human 3.x's {@code src/object/centernet.ts} (resizeBilinear to 512, the graph's
 * {@code tower_0/detections}, TF.js non-max suppression, labels, score and boxes) on the six face-api
 * sample photos (1920 px wide) and three regions of them (a tall one, downscaled; a wide one at the
 * bottom border and a small one, upscaled), each with Human's default thresholds (0.2, IoU 0.4, 10
 * detections) and a wide setting (0.05, 0.4, 100) under which suppression does real work.
 *
 * <p>Checked, per image: the pixels (javax.imageio on both sides) and the 512 x 512 network input
 * bit for bit (SHA-256); the 100 x 6 raw detections within 1e-4 (1e-4 of the value above 1: box
 * corners are input pixels up to 512); Human's post-processing run by Java on TF.js's own raw
 * detections gives TF.js's results exactly (same rows, labels, scores and integer boxes); and on
 * Java's raw detections the same rows, labels and counts, raw scores within 1e-4, Human's two-decimal
 * score equal (it may differ by 0.01 only where the raw score lies within 1e-4 of a multiple of
 * 0.01), {@code boxRaw} within 1e-5 of the image side and pixel boxes within 1 pixel. Why these
 * bounds: the graph's box corners differ from TF.js by up to about 1e-3 input pixels (centernet's box
 * sizes are ill-conditioned in float32; TfjsGraphGoldenTest), which is 2e-6 of the side; a pixel
 * box is {@code trunc} of a fraction times a side of up to 1920 px, so a difference of 4e-3 px can
 * cross an integer and move the box by one pixel. The measured differences are printed.
 */
class ObjectDetectorGoldenTest {
    private static final double TOLERANCE = 1e-4;
    private static final double BOX_RAW_TOLERANCE = 1e-5;

    private static Path faceApiPkg;
    private static ObjectDetector detector;
    private static JsonNode fixture;

    @BeforeAll
    static void load() throws Exception {
        ModelStore store = ModelStore.forProject();
        faceApiPkg = store.fetch(store.manifest("vladmandic-face-api.yaml"));
        detector = ObjectDetector.load(store);
        fixture = GoldenFixtures.read(ObjectDetectorGoldenTest.class, "centernet-human.json");
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void theFixtureWasMadeFromTheseModelFiles() {
        assertEquals(GoldenFixtures.files(fixture), detector.modelFiles());
        assertEquals(ObjectDetector.INPUT_SIZE, fixture.get("inputSize").asInt());
    }

    @Test
    void theFixtureCoversManyDetectionsAndClasses() {
        int defaults = 0;
        int wide = 0;
        java.util.Set<String> labels = new java.util.TreeSet<>();
        for (JsonNode c : fixture.get("cases")) {
            defaults += c.get("results").get("default").size();
            wide += c.get("results").get("wide").size();
            c.get("results").get("wide").forEach(r -> labels.add(r.get("label").asText()));
        }
        assertEquals(9, fixture.get("cases").size());
        assertTrue(defaults >= 30 && wide > 2 * defaults && labels.size() >= 8,
                defaults + " default, " + wide + " wide detections, labels " + labels);
    }

    @TestFactory
    Stream<DynamicTest> detectionsAgreeWithHumanInTfjs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : fixture.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        return tests.stream();
    }

    private static void check(JsonNode c) throws Exception {
        String name = c.get("name").asText();
        RgbImage img = TestImages.read(faceApiPkg.resolve("demo/" + c.get("sample").asText() + ".jpg"));
        JsonNode crop = c.get("crop");
        if (crop != null && !crop.isNull()) {
            img = TestImages.crop(img, crop.get("x").asInt(), crop.get("y").asInt(), crop.get("width").asInt(),
                    crop.get("height").asInt());
        }
        assertEquals(c.get("rgbSha256").asText(), TestImages.sha256(img), name + ": pixels differ from TF.js's");
        assertEquals(c.get("inputSha256").asText(), sha256(ObjectDetector.networkInput(img)),
                name + ": the resized network input differs from TF.js's");
        float[] expectedRaw = floats(c.get("detections"));
        long start = System.nanoTime();
        float[] raw = detector.rawDetections(img);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(expectedRaw.length, raw.length);
        double rawWorst = 0;
        for (int i = 0; i < raw.length; i++) {
            double d = Math.abs(expectedRaw[i] - raw[i]);
            if (!(d <= TOLERANCE * Math.max(1, Math.abs(expectedRaw[i])))) {
                throw new AssertionError(name + ": detections[" + i / 6 + "][" + i % 6 + "]: TF.js " + expectedRaw[i]
                        + ", Java " + raw[i]);
            }
            rawWorst = Math.max(rawWorst, d);
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%s %dx%d (%d ms): raw |diff| %.1e",
                name, img.width(), img.height(), millis, rawWorst));
        for (var e : Map.of("default", ObjectDetector.Options.defaults(),
                "wide", new ObjectDetector.Options(0.05, 0.4, 100)).entrySet()) {
            JsonNode config = fixture.get("configs").get(e.getKey());
            ObjectDetector.Options o = e.getValue();
            assertEquals(config.get("minConfidence").asDouble(), o.minConfidence());
            assertEquals(config.get("iouThreshold").asDouble(), o.iouThreshold());
            assertEquals(config.get("maxDetected").asInt(), o.maxDetected());
            JsonNode expected = c.get("results").get(e.getKey());
            String what = name + " " + e.getKey();
            // the post-processing alone, on TF.js's own raw detections: exact
            List<ObjectDetector.Detection> same = ObjectDetector.decode(expectedRaw, img.width(), img.height(), o);
            assertEquals(expected.size(), same.size(), what + ": count on TF.js's raw detections");
            for (int k = 0; k < same.size(); k++) {
                JsonNode x = expected.get(k);
                ObjectDetector.Detection d = same.get(k);
                assertEquals(x.get("label").asText(), d.label(), what + " #" + k);
                assertEquals(x.get("class").asInt(), d.classIndex(), what + " #" + k);
                assertEquals(x.get("score").asDouble(), d.score(), 0, what + " #" + k + " score");
                assertEquals(x.get("rawScore").floatValue(), d.rawScore(), 0, what + " #" + k + " raw score");
                assertEquals(List.of(x.get("box").get(0).asInt(), x.get("box").get(1).asInt(), x.get("box").get(2).asInt(),
                        x.get("box").get(3).asInt()), List.of(d.box().x(), d.box().y(), d.box().width(), d.box().height()),
                        what + " #" + k + " box");
                assertEquals(x.get("boxRaw").get(0).asDouble(), d.boxRaw().x(), 0, what + " #" + k + " boxRaw");
                assertEquals(x.get("boxRaw").get(3).asDouble(), d.boxRaw().height(), 0, what + " #" + k + " boxRaw");
            }
            // the whole pipeline
            List<ObjectDetector.Detection> got = ObjectDetector.decode(raw, img.width(), img.height(), o);
            assertEquals(labels(expected), got.stream().map(ObjectDetector.Detection::label).toList(), what + ": labels");
            double scoreWorst = 0;
            double boxRawWorst = 0;
            int boxWorst = 0;
            for (int k = 0; k < got.size(); k++) {
                JsonNode x = expected.get(k);
                ObjectDetector.Detection d = got.get(k);
                double rawScore = x.get("rawScore").asDouble();
                double ds = Math.abs(rawScore - d.rawScore());
                assertTrue(ds <= TOLERANCE, what + " #" + k + ": raw score " + rawScore + " vs " + d.rawScore());
                scoreWorst = Math.max(scoreWorst, ds);
                double nearest = Math.round(rawScore * 100) / 100.0;
                if (Math.abs(rawScore - nearest) > TOLERANCE) {
                    assertEquals(x.get("score").asDouble(), d.score(), 1e-12, what + " #" + k + ": Human's score");
                } else {
                    assertEquals(x.get("score").asDouble(), d.score(), 0.01 + 1e-12, what + " #" + k + ": Human's score");
                }
                double[] er = {x.get("boxRaw").get(0).asDouble(), x.get("boxRaw").get(1).asDouble(),
                    x.get("boxRaw").get(2).asDouble(), x.get("boxRaw").get(3).asDouble()};
                double[] ar = {d.boxRaw().x(), d.boxRaw().y(), d.boxRaw().width(), d.boxRaw().height()};
                int[] eb = {x.get("box").get(0).asInt(), x.get("box").get(1).asInt(), x.get("box").get(2).asInt(),
                    x.get("box").get(3).asInt()};
                int[] ab = {d.box().x(), d.box().y(), d.box().width(), d.box().height()};
                for (int q = 0; q < 4; q++) {
                    double dr = Math.abs(er[q] - ar[q]);
                    assertTrue(dr <= BOX_RAW_TOLERANCE, what + " #" + k + ": boxRaw[" + q + "] " + er[q] + " vs " + ar[q]);
                    boxRawWorst = Math.max(boxRawWorst, dr);
                    int db = Math.abs(eb[q] - ab[q]);
                    assertTrue(db <= 1, what + " #" + k + ": box[" + q + "] " + eb[q] + " vs " + ab[q]);
                    boxWorst = Math.max(boxWorst, db);
                }
            }
            report.append(String.format(Locale.ROOT, "; %s %d found, score |diff| %.1e, boxRaw %.1e (%.1e px), box %d px",
                    e.getKey(), got.size(), scoreWorst, boxRawWorst, boxRawWorst * Math.max(img.width(), img.height()),
                    boxWorst));
        }
        System.out.println(report);
    }

    private static List<String> labels(JsonNode results) {
        List<String> out = new ArrayList<>();
        results.forEach(r -> out.add(r.get("label").asText()));
        return out;
    }

    private static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }

    /** SHA-256 of float32 values, little-endian, as objects.js hashes a Float32Array. */
    private static String sha256(float[] v) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b.array()));
    }
}
