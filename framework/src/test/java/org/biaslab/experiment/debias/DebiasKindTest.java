package org.biaslab.experiment.debias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.biaslab.caption.CaptionFormatException;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.experiment.Runner;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecException;
import org.biaslab.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@code debias} kind on a small synthetic caption world (no shared data needed): men
 * mostly appear with "male" objects and women with "female" ones, and the captioning model under
 * test names the stereotypical gender for a fifth of the images. Tiny models, few epochs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebiasKindTest {
    static final List<String> MALE_OBJECTS = List.of("skateboard", "surfboard", "truck", "tie", "bat", "hammer");
    static final List<String> FEMALE_OBJECTS = List.of("umbrella", "purse", "cake", "dress", "flowers", "kitten");

    /** Captions the model "wrote" for a few evaluation images: every kind of odd input the kind must count, not crash on. */
    static final Map<Integer, String> ODD = Map.of(
            1201, "",
            1202, "Une femme à vélo près du café, naïve résumé.",
            1203, ("a man holding a " + "very ".repeat(60) + "long umbrella").strip(),
            1204, "zzqx blorf wibble a frobnicator",
            1205, "a red truck parked near the table .",
            1206, "   ",
            1207, "\u0000\u0007 a woman \t with a cake");

    @TempDir
    static Path dir;
    static Path cache;
    static Path experiment;

    @BeforeAll
    static void world() throws Exception {
        cache = dir.resolve("cache");
        Random random = new Random(7);
        Map<String, List<String>> all = new LinkedHashMap<>();
        StringBuilder labels = new StringBuilder();
        StringBuilder model = new StringBuilder();
        for (int img = 1; img <= 1400; img++) {
            boolean female = random.nextBoolean();
            List<String> caps = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                caps.add(caption(female, random));
            }
            all.put(Long.toString(img), caps);
            if (img > 1200) {
                labels.append(Json.mapper().writeValueAsString(Map.of("img_id", img, "gender", female ? "Female" : "Male",
                        "human_captions", caps))).append('\n');
                boolean wrong = random.nextDouble() < 0.2;
                String said = ODD.getOrDefault(img, caption(female != wrong, random));
                model.append(Json.mapper().writeValueAsString(Map.of("image_id", img, "caption", said))).append('\n');
            }
        }
        Files.writeString(dir.resolve("captions.json"), Json.mapper().writeValueAsString(all));
        Files.writeString(dir.resolve("gender_set.jsonl"), labels.toString());
        Files.writeString(dir.resolve("model.jsonl"), model.toString());
        Path validity = Path.of(System.getProperty("biaslab.root", "..")).resolve(
                "models/validity/faceapi-utkface-dev-padding0.5-margin0.1.json").toAbsolutePath().normalize();
        Files.copy(validity, dir.resolve("validity.json"));
        experiment = dir.resolve("debias.yaml");
        Files.writeString(experiment, """
                name: debias-synthetic
                kind: debias
                seed: 11
                corpus: {captions: captions.json, evaluation_set: gender_set.jsonl, held_out_fraction: 0.1, min_count: 1}
                evidence: {validity: validity.json}
                mlm:
                  encoder: {embedding_dim: 16, layers: 1, heads: 2, feed_forward_dim: 32, dropout: 0.0, max_length: 16}
                  training: {epochs: 2, batch_size: 32, learning_rate: 5.0e-3}
                synthesis: {top_k: 3, examples_per_type: 2}
                denoiser:
                  encoder: {embedding_dim: 16, layers: 1, heads: 2, feed_forward_dim: 32, dropout: 0.0, max_length: 16}
                  training: {epochs: 4, batch_size: 32, learning_rate: 5.0e-3}
                evaluation:
                  mask_rates: [0.2]
                  seeds: 2
                  examples: 4
                  classifiers: [{name: linear, type: linear}]
                intervals: {resamples: 100}
                models:
                  - name: "Model <script>"
                    captions: {file: model.jsonl, format: jsonl}
                """);
    }

    static String caption(boolean female, Random random) {
        String g = female ? List.of("woman", "girl", "lady").get(random.nextInt(3))
                : List.of("man", "boy", "guy").get(random.nextInt(3));
        boolean stereo = random.nextDouble() < 0.85;
        List<String> objects = female == stereo ? FEMALE_OBJECTS : MALE_OBJECTS;
        String o = objects.get(random.nextInt(objects.size()));
        return switch (random.nextInt(3)) {
            case 0 -> "A " + g + " holding a " + o + " near the table.";
            case 1 -> "The " + g + " is carrying a " + o + ".";
            default -> "A " + g + " with " + (female ? "her " : "his ") + o + " in a park.";
        };
    }

    static Registry<ExperimentKind<?>> kinds() {
        return new Registry<ExperimentKind<?>>("experiment kind").register("debias", "test", new DebiasKind(cache));
    }

    static String run(Path file, Path out, String... overrides) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Experiment<?> exp = Experiment.load(file, List.of(overrides), kinds());
        new Runner(new PrintStream(log, true, StandardCharsets.UTF_8), 2).run(exp, out, List.of(overrides));
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Order(1) // trains the models into the shared cache; later runs reuse them
    void trainsAppliesEvaluatesAndReportsThenReusesTheTrainedModels() throws Exception {
        Path a = dir.resolve("run-a");
        String logA = run(experiment, a);
        assertTrue(logA.contains("masked LM: training"), logA);
        assertTrue(logA.contains("debiasing caption generator: training"), logA);
        assertEquals("debias", org.biaslab.util.ResultsSchemas.assertValid(a.resolve(RunDirectory.RESULTS)));
        JsonNode results = Json.mapper().readTree(a.resolve(RunDirectory.RESULTS).toFile());
        assertEquals(200, results.get("images").asInt());
        JsonNode m = results.get("models").get(0);
        assertEquals("Model <script>", m.get("model").asText());
        assertEquals(200, m.get("images").asInt());
        assertTrue(m.get("lic").get(0).get("seeds").asInt() == 2, m.get("lic").toString());
        List<String> rows = Files.readAllLines(a.resolve("captions/Model__script_-6c53b3c4.jsonl"));
        assertEquals(200, rows.size());
        String html = Files.readString(a.resolve("index.html"));
        assertTrue(!org.biaslab.report.BrowserCheck.withoutOwnScript(html).contains("<script>")
                && html.contains("Model &lt;script&gt;"), "escaped model name");
        JsonNode context = Json.mapper().readTree(a.resolve(DebiasKind.CONTEXT).toFile());
        assertTrue(context.get("training").has("synthesis"), context.toString());
        // odd inputs are debiased or kept, and counted
        JsonNode applied = context.get("training").get("application").get("Model <script>");
        assertEquals(2, applied.get("emptyCaptions").asInt(), applied.toString());
        assertEquals(1, applied.get("nonAscii").asInt(), applied.toString());
        assertEquals(1, applied.get("longerThanWindow").asInt(), applied.toString());
        assertTrue(applied.get("withUnknownWords").asInt() >= 2, applied.toString());
        assertTrue(applied.get("noGenderWord").asInt() >= 3, applied.toString());
        Map<Long, JsonNode> byId = new LinkedHashMap<>();
        for (String row : rows) {
            JsonNode n = Json.mapper().readTree(row);
            byId.put(n.get("image_id").asLong(), n);
        }
        assertEquals("", byId.get(1201L).get("caption").asText(), "an empty caption stays empty");
        assertTrue(byId.get(1203L).get("caption").asText().endsWith("very very long umbrella"),
                "words past the window are kept: " + byId.get(1203L));
        assertTrue(byId.get(1204L).get("caption").asText().contains("frobnicator"), "unknown words are kept");
        assertTrue(context.get("evidence").get("source").asText().length() > 0);

        // a second run (new folder) finds both models in the cache and gives the same results
        Path b = dir.resolve("run-b");
        String logB = run(experiment, b);
        assertTrue(logB.contains("masked LM: using the trained model"), logB);
        assertTrue(logB.contains("debiasing caption generator: using the trained model"), logB);
        assertArrayEquals(Files.readAllBytes(a.resolve(RunDirectory.RESULTS)), Files.readAllBytes(b.resolve(RunDirectory.RESULTS)));

        // the report re-renders from the run folder alone
        Files.delete(b.resolve("index.html"));
        new DebiasKind(cache).report(new RunDirectory(b));
        assertTrue(Files.readString(b.resolve("index.html")).contains("Model &lt;script&gt;"));
    }

    @Test
    @Order(2)
    void imageFoldsSplitTheEvaluationImagesAndEditMarginsAreVariants() throws Exception {
        Map<Long, String> seen = new LinkedHashMap<>();
        int total = 0;
        for (String fold : List.of("1/2", "2/2")) {
            Path out = dir.resolve("run-fold-" + fold.charAt(0));
            String log = run(experiment, out, "evaluation.image_fold=" + fold, "evaluation.edit_margins=[0.0,50.0]");
            assertTrue(log.contains("evaluating image fold " + fold), log);
            JsonNode results = Json.mapper().readTree(out.resolve(RunDirectory.RESULTS).toFile());
            int images = results.get("images").asInt();
            assertTrue(images > 40 && images < 160, fold + ": " + images);
            total += images;
            JsonNode models = results.get("models");
            assertEquals("Model <script> (margin 0.0)", models.get(0).get("model").asText());
            assertEquals("Model <script> (margin 50.0)", models.get(1).get("model").asText());
            assertEquals(0, models.get(1).get("changes").get("changed").asInt(), "no edit beats a margin of 50");
            assertEquals(0, models.get(0).get("inputs").get("ignoredBefore").asInt(), "only the fold's captions are given");
            for (String row : Files.readAllLines(out.resolve("captions/Model__script___margin_0.0_-1689873e.jsonl"))) {
                long id = Json.mapper().readTree(row).get("image_id").asLong();
                assertEquals(null, seen.put(id, fold), "image " + id + " in two folds");
            }
        }
        assertEquals(200, total, "the two folds cover the 200 evaluation images");
    }

    @Test
    void variantNamesCarryTheDecodingOnlyWhenSeveralAreEvaluated() {
        assertEquals("SAT", DebiasKind.variant("SAT", 0.2, 1, 0.0, 1));
        assertEquals("SAT (test mask 0.20)", DebiasKind.variant("SAT", 0.2, 2, 0.0, 1));
        assertEquals("SAT (margin 2.0)", DebiasKind.variant("SAT", 0.2, 1, 2.0, 3));
        assertEquals("SAT (test mask 0.00, margin 2.0)", DebiasKind.variant("SAT", 0.0, 2, 2.0, 2));
    }

    @Test
    void everySpecProblemIsReportedAtOnceWithItsField() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(experiment)
                .replace("synthesis: {top_k: 3, examples_per_type: 2}",
                        "synthesis: {top_k: 3, colour: red, shares: {context_to_gender: 0.5, gender_to_context: 0.4, both: 0.3}}")
                .replace("evidence: {validity: validity.json}", "evidence: {validity: missing.json}")
                .replace("type: linear", "type: svm")
                .replace("mask_rates: [0.2]", "mask_rates: [0.2]\n  edit_margins: [1.0, -2.0, 1.0]\n  image_fold: 3/2"));
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(bad, List.of(), kinds()));
        String all = e.getMessage();
        assertTrue(all.contains("edit_margins") && all.contains("-2.0 is outside") && all.contains("1.0 is listed twice"),
                all);
        assertTrue(all.contains("colour"), all);
        assertTrue(all.contains("sum to 1"), all);
        assertTrue(all.contains("missing.json"), all);
        assertTrue(all.contains("svm"), all);
        assertTrue(all.contains("image_fold") && all.contains("'3/2'"), all);
        assertTrue(e.problems().size() >= 7, all);
    }

    @Test
    void aCaptionFileMissingEvaluationImagesIsRefusedBeforeTraining() throws Exception {
        Path partial = dir.resolve("partial.jsonl");
        List<String> lines = Files.readAllLines(dir.resolve("model.jsonl"));
        Files.write(partial, lines.subList(0, 150));
        Path yaml = dir.resolve("partial.yaml");
        Files.writeString(yaml, Files.readString(experiment).replace("file: model.jsonl", "file: partial.jsonl"));
        CaptionFormatException e = assertThrows(CaptionFormatException.class, () -> run(yaml, dir.resolve("run-p")));
        assertTrue(e.getMessage().contains("partial.jsonl") && e.getMessage().contains("no caption for 50"), e.getMessage());
    }

    @Test
    void captionsOfImagesTheLabelFileDoesNotListAreRefusedBeforeTraining() throws Exception {
        // the attack: extra image ids (another image set) used to be accepted silently
        Path extra = dir.resolve("extra.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(dir.resolve("model.jsonl")));
        JsonNode first = Json.mapper().readTree(lines.get(0));
        com.fasterxml.jackson.databind.node.ObjectNode added = first.deepCopy();
        added.put("image_id", 987_654_321L);
        lines.add(added.toString());
        Files.write(extra, lines);
        Path yaml = dir.resolve("extra.yaml");
        Files.writeString(yaml, Files.readString(experiment).replace("file: model.jsonl", "file: extra.jsonl"));
        CaptionFormatException e = assertThrows(CaptionFormatException.class, () -> run(yaml, dir.resolve("run-x")));
        assertTrue(e.getMessage().contains("extra.jsonl") && e.getMessage().contains("1 caption(s) of images that")
                && e.getMessage().contains("987654321"), e.getMessage());
    }

    @Test
    @Order(3)
    void everyModelGetsTheSameEvidenceDrawPerImageWhateverItsName() throws Exception {
        // the same caption file under two names gives identical results (draws used to be seeded with the name)
        Path yaml = dir.resolve("two-names.yaml");
        String models = "models:\n  - name: \"A\"\n    captions: {file: model.jsonl, format: jsonl}\n"
                + "  - name: \"B renamed\"\n    captions: {file: model.jsonl, format: jsonl}\n";
        String text = Files.readString(experiment);
        Files.writeString(yaml, text.substring(0, text.indexOf("models:")) + models);
        Path out = dir.resolve("run-two-names");
        run(yaml, out);
        JsonNode results = Json.mapper().readTree(out.resolve(RunDirectory.RESULTS).toFile()).get("models");
        assertEquals(2, results.size());
        for (String field : List.of("changes", "inputs")) {
            assertEquals(results.get(0).get(field), results.get(1).get(field), field);
        }
        // point estimates agree; the bootstrap intervals resample with the model's own seed
        JsonNode a = results.get(0).get("genderError").get("after").get("overall");
        JsonNode b = results.get(1).get("genderError").get("after").get("overall");
        assertEquals(a.get("errorRate").get("value"), b.get("errorRate").get("value"));
        assertEquals(a.get("wrong"), b.get("wrong"));
        try (var files = Files.list(out.resolve("captions"))) {
            List<Path> jsonl = files.sorted().toList();
            assertEquals(2, jsonl.size(), jsonl.toString());
            assertEquals(Files.readString(jsonl.get(0)), Files.readString(jsonl.get(1)));
        }
    }
}
