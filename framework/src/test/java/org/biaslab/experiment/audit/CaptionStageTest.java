package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.biaslab.captioner.Captioner;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.experiment.Runner;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.GenerationException;
import org.biaslab.golden.GoldenFixtures;
import org.biaslab.metric.Estimate;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecException;
import org.biaslab.store.RunStore;
import org.biaslab.util.Json;
import org.biaslab.util.ResultsSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caption stage of t2i-audit with the simulated captioner, whose declared rates are the known truth. */
class CaptionStageTest {
    static final double[][] PERSON = {{0.80, 0.05, 0.15}, {0.03, 0.85, 0.12}}; // woman, man x female, male, neutral
    static final Map<String, double[]> CONTEXT = Map.of("kitchen", new double[] {0.30, 0.05},
            "tools", new double[] {0.05, 0.30}, "desk", new double[] {0.20, 0.20});

    static final String CAPTIONER = String.join("\n",
            "captioner:",
            "  type: simulated",
            "  person_words:",
            "    woman: {female: 0.80, male: 0.05, neutral: 0.15}",
            "    man: {female: 0.03, male: 0.85, neutral: 0.12}",
            "  context_words:",
            "    kitchen: {woman: 0.30, man: 0.05}",
            "    tools: {woman: 0.05, man: 0.30}",
            "    desk: {woman: 0.20, man: 0.20}",
            "caption_word_min_count: 3",
            "");

    @TempDir
    Path dir;

    /** The golden t2i-audit fixture (simulated generator and perception) with the simulated captioner. */
    private Path spec(String extra) throws Exception {
        Path d = dir.resolve("spec");
        if (!Files.isDirectory(d)) {
            GoldenFixtures.copy("t2i-audit", d);
        }
        Path f = d.resolve("captioned-" + Integer.toHexString(extra.hashCode()) + ".yaml");
        Files.writeString(f, Files.readString(d.resolve("experiment.yaml")) + extra);
        return f;
    }

    private static Runner.Outcome run(T2iAuditKind kind, Path exp, Path out, List<String> overrides) throws Exception {
        Registry<ExperimentKind<?>> kinds = new Registry<ExperimentKind<?>>("experiment kind")
                .register("t2i-audit", "test", kind);
        Experiment<?> e = Experiment.load(exp, overrides, kinds);
        return new Runner(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 2)
                .run(e, out, overrides);
    }

    @Test
    void captionsEveryImageAndWritesTheCaptionOutputs() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(Runner.Outcome.RAN, run(new T2iAuditKind(), spec(CAPTIONER), out, List.of()));
        assertEquals("t2i-audit", ResultsSchemas.assertValid(out.resolve("results.json")));
        JsonNode c = Json.mapper().readTree(out.resolve("results.json").toFile()).path("captions");
        assertEquals(156, c.path("images").asInt());
        assertEquals(156, c.path("captioned").asInt());
        assertEquals(0, c.path("failed").asInt());
        assertTrue(c.path("simulation").asBoolean());
        assertTrue(c.path("captionerId").asText().startsWith("simulated/"));
        assertEquals("the simulation's declared true gender", c.path("referenceSource").asText());
        // every image is labelled by the declared truth; perception leaves some uncertain or faceless
        assertEquals(156, c.path("reference").path("images").asInt());
        assertEquals(156, c.path("perceived").path("images").asInt() + c.path("perceived").path("unlabelled").asInt());
        // Burns et al.'s error on images labelled woman is the rate of male words on them
        JsonNode ref = c.path("reference");
        assertEquals(ref.path("women").path("maleRate").path("value").asDouble(),
                ref.path("error").path("female").path("errorRate").path("value").asDouble(), 1e-12);
        List<String> csv = Files.readAllLines(out.resolve("captions.csv"));
        assertEquals(157, csv.size());
        assertTrue(csv.get(1).contains("a photo of a"), csv.get(1));
        assertTrue(Files.readString(out.resolve("caption_words.csv")).contains("reference,kitchen,"));
        try (RunStore store = RunStore.openExisting(out.resolve(T2iAuditKind.STORE))) {
            assertEquals(156, store.captions().size());
        }
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<section id=\"captions\">"), "a Captions section");
        assertTrue(html.contains("Context words most skewed towards images perceived as women"), "skewed words");
        assertTrue(html.contains("&ldquo;a photo of a"), "example captions");
    }

    @Test
    void theCaptionsSectionRendersInABrowserWithoutErrors() throws Exception {
        org.biaslab.report.BrowserCheck.chromiumOrSkip();
        Path out = dir.resolve("out");
        assertEquals(Runner.Outcome.RAN, run(new T2iAuditKind(), spec(CAPTIONER), out, List.of()));
        org.biaslab.report.BrowserCheck.assertRendersCleanly(out.resolve("index.html"),
                List.of("findings", "summary", "captions", "gallery", "methods"), "t2i-audit-captions");
    }

    @Test
    void failedCaptionsAreRecordedAndOnlyTheyAreRequestedAgain() throws Exception {
        Path exp = spec(CAPTIONER);
        Path fresh = dir.resolve("fresh");
        run(new T2iAuditKind(), exp, fresh, List.of());

        AtomicInteger calls = new AtomicInteger();
        T2iAuditKind flaky = new T2iAuditKind(GeneratorConfig::open, ModelStore.forProject(), config -> {
            Captioner real = config.open();
            return request -> {
                if (calls.incrementAndGet() > 100) {
                    throw new GenerationException(GenerationException.Kind.HTTP_STATUS, true, 500, "http://test:1",
                            null, 3, "gave up after 3 attempts: HTTP 500 from the captioner", null);
                }
                return real.caption(request);
            };
        });
        Path out = dir.resolve("resumed");
        Exception e = assertThrows(GenerationException.class, () -> run(flaky, exp, out, List.of()));
        assertTrue(e.getMessage().contains("56 of 156 captions failed"), e.getMessage());
        assertFalse(Files.exists(out.resolve("complete.json")));
        assertTrue(Files.readString(out.resolve("captions.csv")).contains("HTTP 500 from the captioner"));

        AtomicInteger second = new AtomicInteger();
        T2iAuditKind counting = new T2iAuditKind(GeneratorConfig::open, ModelStore.forProject(), config -> {
            Captioner real = config.open();
            return request -> {
                second.incrementAndGet();
                return real.caption(request);
            };
        });
        assertEquals(Runner.Outcome.RAN, run(counting, exp, out, List.of()));
        assertEquals(56, second.get(), "only the failed captions are requested again");
        assertEquals(Files.readString(fresh.resolve("results.json")), Files.readString(out.resolve("results.json")));
        assertEquals(Files.readString(fresh.resolve("captions.csv")), Files.readString(out.resolve("captions.csv")));
    }

    @Test
    void aShardWithFailedCaptionsIsNotFinished() throws Exception {
        Path exp = spec(CAPTIONER);
        T2iAuditKind failing = new T2iAuditKind(GeneratorConfig::open, ModelStore.forProject(), config -> request -> {
            throw new GenerationException(GenerationException.Kind.HTTP_STATUS, false, 503, "http://test:1", null, 1,
                    "HTTP 503 from the captioner", null);
        });
        Registry<ExperimentKind<?>> kinds = new Registry<ExperimentKind<?>>("experiment kind")
                .register("t2i-audit", "test", failing);
        Experiment<?> e = Experiment.load(exp, List.of(), kinds);
        Path out = dir.resolve("shard");
        GenerationException ex = assertThrows(GenerationException.class, () -> new Runner(new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 2).runShard(e, out, List.of(),
                org.biaslab.store.Shard.parse("1/2")));
        assertTrue(ex.getMessage().contains("captions of shard 1/2 failed"), ex.getMessage());
    }

    /**
     * The known truth: over 20 seeds, the reported rates of person words and context words on images
     * of each declared true gender, and the context words' skew, hold the declared values inside their
     * 95% intervals about as often as they should.
     */
    @Test
    void reportedRatesMatchTheDeclaredOnesWithinTheirIntervalsOver20Seeds() throws Exception {
        Path exp = spec(CAPTIONER);
        int covered = 0;
        int total = 0;
        List<String> misses = new ArrayList<>();
        for (int seed = 1; seed <= 20; seed++) {
            Path out = dir.resolve("seed-" + seed);
            run(new T2iAuditKind(), exp, out, List.of("seed=" + seed, "prompts.images_per_prompt=20"));
            JsonNode ref = Json.mapper().readTree(out.resolve("results.json").toFile()).path("captions")
                    .path("reference");
            List<Object[]> checks = new ArrayList<>();
            checks.add(new Object[] {"woman female", ref.path("women").path("femaleRate"), PERSON[0][0]});
            checks.add(new Object[] {"woman male (error)", ref.path("error").path("female").path("errorRate"),
                    PERSON[0][1]});
            checks.add(new Object[] {"man female (error)", ref.path("error").path("male").path("errorRate"),
                    PERSON[1][0]});
            checks.add(new Object[] {"man male", ref.path("men").path("maleRate"), PERSON[1][1]});
            for (JsonNode w : ref.path("words")) {
                double[] p = CONTEXT.get(w.path("word").asText());
                if (p == null) continue; // "photo": in every caption
                checks.add(new Object[] {w.path("word").asText() + " | woman", w.path("rateWoman"), p[0]});
                checks.add(new Object[] {w.path("word").asText() + " | man", w.path("rateMan"), p[1]});
                checks.add(new Object[] {w.path("word").asText() + " skew", w.path("skew"), p[0] - p[1]});
            }
            assertEquals(13, checks.size(), "every declared quantity is reported");
            for (Object[] ch : checks) {
                Estimate est = Json.mapper().treeToValue((JsonNode) ch[1], Estimate.class);
                double truth = (double) ch[2];
                total++;
                if (est.lower() <= truth && truth <= est.upper()) {
                    covered++;
                } else {
                    misses.add("seed " + seed + " " + ch[0] + ": " + truth + " outside [" + est.lower() + ", "
                            + est.upper() + "]");
                }
            }
        }
        double coverage = covered / (double) total;
        System.out.printf("simulated captioner: %d of %d declared values inside their 95%% intervals (%.1f%%)%n",
                covered, total, 100 * coverage);
        // 260 intervals at nominal 95%: fewer than 90% inside would be a 4-sigma shortfall
        assertTrue(coverage >= 0.90, "coverage " + coverage + "; misses: " + misses);
        assertTrue(coverage < 1.0 || total < 100, "some misses are expected of 95% intervals over " + total);
    }

    /**
     * Leakage with a known truth: context words declared skewed by true gender leak it through the
     * masked captions; with every rate declared equal for both genders nothing leaks, and the
     * classifier stays at chance.
     */
    @Test
    void leakageIsAboveChanceOnlyWhenTheDeclaredWordsAreSkewed() throws Exception {
        String leakage = "caption_leakage:\n  seeds: 8\n  classifiers: [{type: linear}]\n";
        Path skewed = dir.resolve("skewed");
        run(new T2iAuditKind(), spec(CAPTIONER + leakage), skewed, List.of("prompts.images_per_prompt=40"));
        String fair = String.join("\n",
                "captioner:",
                "  type: simulated",
                "  person_words:",
                "    woman: {female: 0.80, male: 0.05, neutral: 0.15}",
                "    man: {female: 0.05, male: 0.80, neutral: 0.15}",
                "  context_words:",
                "    kitchen: {woman: 0.20, man: 0.20}",
                "    tools: {woman: 0.20, man: 0.20}",
                "");
        Path control = dir.resolve("control");
        run(new T2iAuditKind(), spec(fair + leakage), control, List.of("prompts.images_per_prompt=40"));
        assertEquals("t2i-audit", ResultsSchemas.assertValid(skewed.resolve("results.json")));
        JsonNode s = leakage(skewed, "reference");
        JsonNode c = leakage(control, "reference");
        assertEquals(8, s.path("perSeed").size());
        System.out.printf("caption leakage (declared truth, linear, 8 seeds): skewed LIC %.1f [%.1f, %.1f] accuracy "
                + "%.1f; equal rates LIC %.1f [%.1f, %.1f] accuracy %.1f [%.1f, %.1f]%n",
                s.path("lic").path("value").asDouble(), s.path("lic").path("lower").asDouble(),
                s.path("lic").path("upper").asDouble(), s.path("accuracy").path("value").asDouble(),
                c.path("lic").path("value").asDouble(), c.path("lic").path("lower").asDouble(),
                c.path("lic").path("upper").asDouble(), c.path("accuracy").path("value").asDouble(),
                c.path("accuracy").path("lower").asDouble(), c.path("accuracy").path("upper").asDouble());
        assertTrue(s.path("accuracy").path("lower").asDouble() > 55, s.toString());
        assertTrue(s.path("lic").path("lower").asDouble() > c.path("lic").path("upper").asDouble(),
                "skewed words leak more than none: " + s + " vs " + c);
        assertTrue(c.path("accuracy").path("lower").asDouble() <= 50 && c.path("accuracy").path("upper")
                .asDouble() >= 50, "no declared skew: chance accuracy " + c);
        assertTrue(Files.readString(skewed.resolve("index.html")).contains("Leakage: a classifier predicts"));
    }

    /**
     * Debiasing on generated images: a tiny LIBRA-style denoiser is trained by a debias run on captions
     * of the simulated grammar, then applied to the simulated captions with each image's perception as
     * evidence; the metrics are computed again on the debiased captions.
     */
    @Test
    void debiasingRewritesTheCaptionsWithPerceptionAsEvidenceAndReportsBeforeAndAfter() throws Exception {
        Path world = dir.resolve("debias-world");
        Files.createDirectories(world);
        java.util.Random random = new java.util.Random(5);
        Map<String, List<String>> all = new java.util.LinkedHashMap<>();
        StringBuilder labels = new StringBuilder();
        StringBuilder model = new StringBuilder();
        List<String> fem = List.of("kitchen", "flowers");
        List<String> mal = List.of("tools", "truck");
        for (int img = 1; img <= 900; img++) {
            boolean female = random.nextBoolean();
            List<String> caps = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                List<String> words = random.nextDouble() < 0.8 == female ? fem : mal;
                caps.add("a photo of a " + (female ? "woman" : "man") + " with a " + words.get(random.nextInt(2)));
            }
            all.put(Integer.toString(img), caps);
            if (img > 800) {
                labels.append(Json.mapper().writeValueAsString(Map.of("img_id", img, "gender", female ? "Female"
                        : "Male", "human_captions", caps))).append('\n');
                model.append(Json.mapper().writeValueAsString(Map.of("image_id", img, "caption",
                        caps.get(0)))).append('\n');
            }
        }
        Files.writeString(world.resolve("captions.json"), Json.mapper().writeValueAsString(all));
        Files.writeString(world.resolve("gender_set.jsonl"), labels);
        Files.writeString(world.resolve("model.jsonl"), model);
        Files.copy(org.biaslab.golden.GoldenFixtures.debiasValidity(), world.resolve("validity.json"));
        Files.writeString(world.resolve("debias.yaml"), String.join("\n",
                "name: tiny-debiaser",
                "kind: debias",
                "seed: 3",
                "corpus: {captions: captions.json, evaluation_set: gender_set.jsonl, held_out_fraction: 0.1, "
                        + "min_count: 1}",
                "evidence: {validity: validity.json}",
                "mlm:",
                "  encoder: {embedding_dim: 16, layers: 1, heads: 2, feed_forward_dim: 32, dropout: 0.0, max_length: 16}",
                "  training: {epochs: 1, batch_size: 32, learning_rate: 5.0e-3}",
                "synthesis: {top_k: 3, examples_per_type: 2}",
                "denoiser:",
                "  encoder: {embedding_dim: 16, layers: 1, heads: 2, feed_forward_dim: 32, dropout: 0.0, max_length: 16}",
                "  training: {epochs: 3, batch_size: 32, learning_rate: 5.0e-3}",
                "evaluation: {mask_rates: [0.2], seeds: 1, examples: 2, classifiers: [{name: linear, type: linear}]}",
                "intervals: {resamples: 100}",
                "models:",
                "  - name: m",
                "    captions: {file: model.jsonl, format: jsonl}",
                ""));
        Path cache = dir.resolve("lm-cache");
        Registry<ExperimentKind<?>> debiasKinds = new Registry<ExperimentKind<?>>("experiment kind")
                .register("debias", "test", org.biaslab.experiment.debias.DebiasKind.withCache(cache));
        new Runner(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 2).run(
                Experiment.load(world.resolve("debias.yaml"), List.of(), debiasKinds), dir.resolve("debias-run"),
                List.of());
        Path denoiser;
        try (var s = Files.list(cache)) {
            denoiser = s.filter(p -> p.getFileName().toString().startsWith("libra-denoiser-") && Files.isDirectory(p))
                    .findFirst().orElseThrow();
        }

        Path out = dir.resolve("debiased");
        run(new T2iAuditKind(), spec(CAPTIONER + "caption_debiasing:\n  model: " + denoiser + "\n"), out,
                List.of());
        assertEquals("t2i-audit", ResultsSchemas.assertValid(out.resolve("results.json")));
        JsonNode c = Json.mapper().readTree(out.resolve("results.json").toFile()).path("captions");
        JsonNode d = c.path("debiasing");
        assertEquals(156, d.path("images").asInt());
        assertEquals(denoiser.getFileName().toString(), d.path("model").asText());
        assertTrue(d.path("withEvidence").asInt() > 100 && d.path("withEvidence").asInt() < 156,
                "images with a face get evidence, faceless ones none: " + d.path("withEvidence"));
        assertTrue(d.path("changed").path("n").asInt() == 156);
        assertEquals(156, d.path("perceived").path("images").asInt() + d.path("perceived").path("unlabelled").asInt());
        System.out.printf("tiny debiaser on simulated captions: %.1f%% changed; error vs perceived %.3f -> %.3f%n",
                100 * d.path("changed").path("value").asDouble(),
                c.path("perceived").path("error").path("overall").path("errorRate").path("value").asDouble(),
                d.path("perceived").path("error").path("overall").path("errorRate").path("value").asDouble());
        List<String> csv = Files.readAllLines(out.resolve("captions.csv"));
        assertTrue(csv.get(0).endsWith(",debiased"));
        assertTrue(csv.stream().skip(1).allMatch(l -> !l.endsWith(",")), "every captioned image has a debiased caption");
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("Before and after debiasing") && html.contains("debiased: "), "report shows it");
        // the report renders again from the run folder alone
        Files.delete(out.resolve("index.html"));
        new T2iAuditKind().report(new org.biaslab.experiment.RunDirectory(out));
        assertTrue(Files.readString(out.resolve("index.html")).contains("debiased: "));

        // a folder that is no saved denoiser is a spec problem naming the field
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(spec(CAPTIONER
                + "caption_debiasing:\n  model: " + dir + "\n"), List.of(),
                new Registry<ExperimentKind<?>>("k").register("t2i-audit", "t", new T2iAuditKind())));
        assertTrue(e.getMessage().contains("caption_debiasing.model") && e.getMessage().contains("manifest.sha256"),
                e.getMessage());
    }

    private static JsonNode leakage(Path run, String labels) throws Exception {
        for (JsonNode row : Json.mapper().readTree(run.resolve("results.json").toFile()).path("captions")
                .path("leakage")) {
            if (row.path("labels").asText().equals(labels)) {
                return row.path("result");
            }
        }
        throw new AssertionError("no leakage row for " + labels + " in " + run);
    }

    @Test
    void listShowsEveryGeneratorAndCaptioner() {
        org.biaslab.cli.CliRun.Result r = org.biaslab.cli.CliRun.run("list");
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("image generators:", "captioners:", "openai-chat", "ollama", "folder", "simulated",
                "a1111", "openai-images")) {
            assertTrue(r.out().contains(name), name + " missing from: " + r.out());
        }
    }

    @Test
    void badCaptionerSectionsAreReportedWithFileAndField() throws Exception {
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(spec(String.join("\n",
                "captioner:",
                "  type: simulated",
                "  person_words:",
                "    woman: {female: 0.8, male: 0.1, neutral: 0.2}",
                "    man: {female: 0.1, male: 0.9}",
                "  context_words:",
                "    woman: {woman: 0.1, man: 0.1}",
                "  colour: blue",
                "")), List.of(), new Registry<ExperimentKind<?>>("k").register("t2i-audit", "t", new T2iAuditKind())));
        String m = e.getMessage();
        assertTrue(m.contains("must sum to 1") && m.contains("1.1"), m);
        assertTrue(m.contains("'woman' is a gender or person word"), m);
        assertTrue(m.contains("unknown field 'colour'"), m);
        assertTrue(m.contains(".yaml:"), "names the file and line: " + m);

        SpecException unknown = assertThrows(SpecException.class, () -> Experiment.load(spec(
                "captioner:\n  type: blip9\n"), List.of(),
                new Registry<ExperimentKind<?>>("k").register("t2i-audit", "t", new T2iAuditKind())));
        assertTrue(unknown.getMessage().contains("blip9") && unknown.getMessage().contains("simulated"),
                unknown.getMessage());
    }
}
