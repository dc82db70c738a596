package org.biaslab.perceive.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.biaslab.perceive.GoldenFixtures;
import org.biaslab.perceive.FaceBox;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.TestImages;
import org.biaslab.perceive.model.ModelStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link FaceRes} against Human's faceres pipeline run in TF.js: {@code faceres-human.json} was
 * written by tools/tfjs-graph-reference/reference.js (TF.js 4.22.0, CPU backend), reproducing
 * Human 3.x's crop box (detector box enlarged 1.4 and squared), crop-and-resize to 192, / 255,
 * bilinear resize to 224, * 255, and faceres.ts's decoding, for the 20 faces face-api.js finds in
 * its six sample photos and one face cut by the image border (its detections, from the face-api
 * fixture, stand in for Human's detector boxes). The crop box must be identical, the network input
 * bit-identical (SHA-256), every raw output within 1e-4, and Human's label, confidence and age equal.
 */
class FaceResGoldenTest {
    private static final double TOLERANCE = 1e-4;

    private static Path faceApiPkg;
    private static FaceRes faceres;
    private static JsonNode fixture;

    @BeforeAll
    static void load() throws Exception {
        ModelStore store = ModelStore.forProject();
        faceApiPkg = store.fetch(store.manifest("vladmandic-face-api.yaml"));
        faceres = FaceRes.load(store);
        fixture = GoldenFixtures.read(FaceResGoldenTest.class, "faceres-human.json");
    }

    @AfterAll
    static void close() {
        if (faceres != null) {
            faceres.close();
        }
    }

    @Test
    void theFixtureWasMadeFromTheseModelFiles() {
        assertEquals(GoldenFixtures.files(fixture), faceres.modelFiles());
    }

    /** Faces grouped by photo (and crop of it), each group in one call. */
    @TestFactory
    Stream<DynamicTest> agreesWithHumanInTfjs() {
        Map<String, List<JsonNode>> byImage = new LinkedHashMap<>();
        for (JsonNode f : fixture.get("faces")) {
            byImage.computeIfAbsent(f.get("sample").asText() + " " + f.get("crop"), k -> new ArrayList<>()).add(f);
        }
        assertTrue(fixture.get("faces").size() >= 20, "fixture faces: " + fixture.get("faces").size());
        List<DynamicTest> tests = new ArrayList<>();
        for (List<JsonNode> faces : byImage.values()) {
            String name = faces.get(0).get("name").asText().replaceFirst("-face0$", "");
            tests.add(DynamicTest.dynamicTest(name, () -> check(faces)));
        }
        return tests.stream();
    }

    private static void check(List<JsonNode> faces) throws Exception {
        JsonNode first = faces.get(0);
        RgbImage img = TestImages.read(faceApiPkg.resolve("demo/" + first.get("sample").asText() + ".jpg"));
        JsonNode crop = first.get("crop");
        if (crop != null && !crop.isNull()) {
            img = TestImages.crop(img, crop.get("x").asInt(), crop.get("y").asInt(), crop.get("width").asInt(),
                    crop.get("height").asInt());
        }
        assertEquals(first.get("rgbSha256").asText(), TestImages.sha256(img),
                "the pixels differ from those TF.js saw (another JPEG decoder?)");
        List<FaceRes.CropBox> boxes = new ArrayList<>();
        for (JsonNode f : faces) {
            String name = f.get("name").asText();
            JsonNode d = f.get("detection");
            FaceRes.CropBox box = FaceRes.cropBox(new FaceBox(d.get("x").asDouble(), d.get("y").asDouble(),
                    d.get("width").asDouble(), d.get("height").asDouble()));
            JsonNode e = f.get("cropBox");
            assertEquals(new FaceRes.CropBox(e.get("x1").asLong(), e.get("y1").asLong(), e.get("x2").asLong(),
                    e.get("y2").asLong()), box, name + ": crop box");
            float[] input = FaceRes.networkInput(img, box);
            JsonNode sample = f.get("inputSample");
            for (int i = 0; i < sample.size(); i++) {
                assertEquals((float) sample.get(i).asDouble(), input[i], name + ": network input value " + i);
            }
            assertEquals(f.get("inputSha256").asText(), TfjsGraphGoldenTest.sha256(input),
                    name + ": the network input differs from Human's in TF.js");
            boxes.add(box);
        }
        List<FaceRes.Result> results = faceres.analyze(img, boxes);
        for (int k = 0; k < faces.size(); k++) {
            JsonNode f = faces.get(k);
            FaceRes.Result r = results.get(k);
            String name = f.get("name").asText();
            double dScore = near(f.get("genderSigmoid").asDouble(), r.maleScore(), name + ": gender sigmoid");
            double dAges = 0;
            float[] ages = r.ageDistribution();
            for (int i = 0; i < ages.length; i++) {
                dAges = Math.max(dAges, near(f.get("ages").get(i).asDouble(), ages[i], name + ": age bin " + i));
            }
            assertEquals(f.get("ages").size(), ages.length, name + ": age bins");
            double dDesc = 0;
            float[] desc = r.descriptor();
            assertEquals(f.get("descriptor").size(), desc.length, name + ": descriptor length");
            for (int i = 0; i < desc.length; i++) {
                dDesc = Math.max(dDesc, near(f.get("descriptor").get(i).asDouble(), desc[i], name + ": descriptor " + i));
            }
            assertEquals(f.get("gender").asText(), r.gender().name().toLowerCase(Locale.ROOT), name + ": gender label");
            assertEquals(f.get("genderScore").asDouble(), r.genderScore(), 1e-12, name + ": gender confidence");
            assertEquals(f.get("age").asDouble(), r.age(), 1e-9, name + ": age");
            System.out.printf(Locale.ROOT, "%s: %s %.2f age %.1f; max |diff| sigmoid %.1e, ages %.1e, descriptor %.1e%n",
                    name, r.gender(), r.genderScore(), r.age(), dScore, dAges, dDesc);
        }
    }

    private static double near(double expected, double actual, String what) {
        double d = Math.abs(expected - actual);
        assertTrue(d <= TOLERANCE, what + ": TF.js " + expected + ", Java " + actual + " (|diff| " + d + ")");
        return d;
    }

    @Test
    void decodingFollowsFaceresTs() {
        float[] ages = new float[100];
        ages[30] = 0.6f;
        ages[29] = 0.1f;
        ages[31] = 0.3f;
        // arg-max 30, right neighbour larger: round(300 + 100 * 0.3) / 10
        assertEquals(33.0, FaceRes.age(ages), 1e-12);
        ages[29] = 0.35f;
        // left neighbour larger: round(300 - 100 * 0.35) / 10
        assertEquals(26.5, FaceRes.age(ages), 1e-12);
        float[] first = new float[100];
        first[0] = 0.9f;
        first[1] = 0.1f;
        assertEquals(1.0, FaceRes.age(first), 1e-12, "bin 0 has no left neighbour");
        float[] last = new float[100];
        last[99] = 1f;
        assertTrue(Double.isNaN(FaceRes.age(last)), "Human's undefined right neighbour of the last bin");

        FaceRes.Result male = FaceRes.decode(0.8f, ages, new float[1024]);
        assertEquals(FaceRes.Gender.MALE, male.gender());
        assertEquals(0.6, male.genderScore(), 1e-12); // trunc(200 * 0.3) / 100
        FaceRes.Result female = FaceRes.decode(0.001f, ages, new float[1024]);
        assertEquals(FaceRes.Gender.FEMALE, female.gender());
        assertEquals(0.99, female.genderScore(), 1e-12, "capped at 0.99");
        FaceRes.Result unsure = FaceRes.decode(0.54f, ages, new float[1024]);
        assertEquals(FaceRes.Gender.UNKNOWN, unsure.gender(), "confidence 0.08 is not above 0.1");
        assertEquals(0, unsure.genderScore());
        FaceRes.Result half = FaceRes.decode(0.5f, ages, new float[1024]);
        assertEquals(FaceRes.Gender.UNKNOWN, half.gender());
    }

    @Test
    void cropBoxIsHumansEnlargedSquare() {
        // 100 x 60 at (10, 20): centre (60, 50), enlarged 140 x 84, squared on 140: corners 60 -/+ 70
        assertEquals(new FaceRes.CropBox(-10, -20, 130, 120), FaceRes.cropBox(new FaceBox(10, 20, 100, 60)));
        assertThrows(IllegalArgumentException.class, () -> new FaceRes.CropBox(5, 5, 5, 9));
    }
}
