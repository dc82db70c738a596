package org.biaslab.perceive.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.biaslab.cli.Main;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.faceapi.FaceApiBenchmark;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.report.BrowserCheck;
import org.biaslab.util.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command end to end with the real weights on a few generated files: two of the face-api
 * sample photos, a flat grey image (no face), a truncated JPEG and a listed file that is missing;
 * one profession name carries markup to check escaping. A second test runs 40 UTKFace images
 * from the shared data when it is present.
 */
class ValidatePerceptionCommandTest {
    @TempDir
    static Path dir;
    static Path out;
    static int exit;

    @BeforeAll
    static void run() throws Exception {
        ModelStore store = ModelStore.forProject();
        Path pkg = store.fetch(store.manifest(FaceApi.MANIFEST));
        Path images = Files.createDirectories(dir.resolve("images"));
        List<RgbImage> samples = FaceApiBenchmark.sampleImages(pkg, 512);
        for (int i = 0; i < 2; i++) {
            ImageIO.write(toBuffered(samples.get(i)), "png", images.resolve("s" + i + ".png").toFile());
        }
        BufferedImage grey = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) grey.setRGB(x, y, 0x808080);
        ImageIO.write(grey, "png", images.resolve("grey.png").toFile());
        ImageIO.write(toBuffered(samples.get(2)), "jpg", images.resolve("full.jpg").toFile());
        byte[] jpg = Files.readAllBytes(images.resolve("full.jpg"));
        Files.write(images.resolve("broken.jpg"), java.util.Arrays.copyOf(jpg, jpg.length / 3));
        Files.delete(images.resolve("full.jpg"));
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "filename,source,profession,annotator_id_0,annotation,prompt\n"
                + "s0.png,SD,<b>nurse&co</b>,Female,Female,p\n"
                + "s1.png,SD,artist,Male,Male,p\n"
                + "grey.png,SD,artist,Pass,Pass,p\n"
                + "broken.jpg,SD,artist,Female,Female,p\n"
                + "missing.jpg,SD,artist,Male,Male,p\n");
        out = dir.resolve("out");
        exit = Main.execute("validate-perception", "--images", images.toString(), "--labels", labels.toString(),
                "--out", out.toString(), "--dataset", "tiny", "--threads", "2");
    }

    private static BufferedImage toBuffered(RgbImage img) {
        BufferedImage b = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        byte[] p = img.rgb();
        for (int i = 0; i < img.width() * img.height(); i++) {
            b.setRGB(i % img.width(), i / img.width(), (p[3 * i] & 255) << 16 | (p[3 * i + 1] & 255) << 8 | (p[3 * i + 2] & 255));
        }
        return b;
    }

    @Test
    void writesEveryOutputAndCountsBrokenFilesWithoutStopping() throws Exception {
        assertEquals(0, exit);
        for (String f : List.of("validity.json", "results.json", "images.csv", "provenance.json", "index.html",
                "charts/reliability.svg", "charts/reliability.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals("validate-perception", org.biaslab.util.ResultsSchemas.assertValid(out.resolve("results.json")));
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertEquals(5, r.path("counts").path("images").asInt());
        assertEquals(2, r.path("counts").path("errors").asInt());
        assertEquals(1, r.path("counts").path("excludedFromAccuracy").asInt());
        assertEquals(2, r.path("counts").path("scored").asInt());
        ClassifierValidity v = ClassifierValidity.read(out.resolve("validity.json"));
        assertEquals(2, v.matrix().n());
        assertEquals(List.of("woman", "man"), v.matrix().labels());
        assertEquals(List.of("uncertain", "no face"), v.matrix().abstentionKinds());
        assertFalse(v.modelFiles().isEmpty());
        assertEquals("tiny", v.dataset());
        List<String> csv = Files.readAllLines(out.resolve("images.csv"));
        assertEquals(6, csv.size());
        String grey = csv.stream().filter(l -> l.startsWith("grey.png,")).findFirst().orElseThrow();
        assertTrue(grey.contains(",Pass,excluded,") && grey.contains(",no face,"), grey);
        String broken = csv.stream().filter(l -> l.startsWith("broken.jpg,")).findFirst().orElseThrow();
        assertTrue(broken.contains(",Female,woman,") && broken.contains(",error,") && broken.contains("decode:"), broken);
        String missing = csv.stream().filter(l -> l.startsWith("missing.jpg,")).findFirst().orElseThrow();
        assertTrue(missing.contains(",Male,man,") && missing.contains("does not exist"), missing);
        String s0 = csv.stream().filter(l -> l.startsWith("s0.png,")).findFirst().orElseThrow();
        assertFalse(s0.contains(",no face,") || s0.contains(",error,"), "sample photo 1 has faces: " + s0);
    }

    @Test
    void theReportIsEscapedAndRendersInABrowser() throws Exception {
        assertEquals(0, exit);
        String html = Files.readString(out.resolve("index.html"));
        assertFalse(html.contains("<b>nurse"), "profession markup must be escaped");
        assertTrue(html.contains("&lt;b&gt;nurse&amp;co&lt;/b&gt;"));
        assertTrue(html.contains("trained partly on UTKFace"));
        BrowserCheck.assertRendersCleanly(out.resolve("index.html"),
                List.of("findings", "summary", "confusion", "calibration", "groups", "skin-tone", "methods", "limitations"),
                "validate-perception-tiny");
    }

    @Test
    void badArgumentsExitWithTwoBeforeLoadingAnyModel() throws Exception {
        assertEquals(2, Main.execute("validate-perception", "--images", dir.resolve("images").toString(), "--labels",
                dir.resolve("no-such.csv").toString()));
        assertEquals(2, Main.execute("validate-perception", "--images", dir.resolve("images").toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--uncertain-margin", "0.7"));
        // the detector's input must be a multiple of 32
        assertEquals(2, Main.execute("validate-perception", "--images", dir.resolve("images").toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--input-size", "400"));
    }

    @Test
    void transformsAreReportedPairedAgainstTheOriginalImages() throws Exception {
        Path o = dir.resolve("out-transforms");
        assertEquals(0, Main.execute("validate-perception", "--images", dir.resolve("images").toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--out", o.toString(), "--dataset", "tiny", "--threads", "2",
                "--transform", "grayscale,low-res-4,grayscale"));
        JsonNode r = Json.mapper().readTree(o.resolve("results.json").toFile());
        assertEquals(2, r.path("transforms").size(), "each transform once");
        assertEquals("grayscale", r.path("transforms").path(0).path("transform").asText());
        assertEquals("low-res-4", r.path("transforms").path(1).path("transform").asText());
        // the same readable images in both runs: 3 of the 5 listed (one broken, one missing)
        assertEquals(3, r.path("transforms").path(0).path("detectionChange").path("difference").path("n").asInt());
        String html = Files.readString(o.resolve("index.html"));
        assertTrue(html.contains("id=\"robustness\"") && html.contains("BT.601 luma"), "the robustness section");
        assertEquals(2, Main.execute("validate-perception", "--images", dir.resolve("images").toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--transform", "sepiaa"), "an unknown transform is a usage error");
    }

    @Test
    void fortyUtkfaceImagesAreReadWellAboveChance() throws Exception {
        Path data = Path.of(System.getProperty("biaslab.root", ".")).resolve("../shared/data/faces/utkface-dev")
                .toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("labels.csv")), "no shared data at " + data);
        List<String> lines = Files.readAllLines(data.resolve("labels.csv"));
        List<String> slice = new ArrayList<>();
        slice.add(lines.get(0));
        int step = (lines.size() - 1) / 40;
        for (int i = 1; i < lines.size() && slice.size() <= 40; i += step) slice.add(lines.get(i));
        Path labels = dir.resolve("utk40.csv");
        Files.write(labels, slice);
        Path o = dir.resolve("utk-out");
        assertEquals(0, Main.execute("validate-perception", "--images", data.resolve("images").toString(), "--labels",
                labels.toString(), "--out", o.toString(), "--threads", "2"));
        ClassifierValidity v = ClassifierValidity.read(o.resolve("validity.json"));
        assertEquals(40, v.matrix().n());
        // padding 0.5 is the default for this layout; without padding about 1 in 10 of these crops is found
        assertTrue(v.matrix().decided() >= 20, "decided " + v.matrix().decided() + " of 40");
        assertTrue(v.matrix().accuracy(0.95).lower() > 0.6, "accuracy " + v.matrix().accuracy(0.95));
        JsonNode r = Json.mapper().readTree(o.resolve("results.json").toFile());
        assertEquals(0.5, r.path("policy").path("cropPadding").asDouble());
        assertEquals("White", r.path("itaAuc").path(0).path("positive").asText());
    }
}
