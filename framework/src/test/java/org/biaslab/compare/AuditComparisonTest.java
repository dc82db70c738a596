package org.biaslab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biaslab.cli.CliRun;
import org.biaslab.util.Json;
import org.biaslab.util.ResultsSchemas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simulated audits with declared truths: the quick start with its declared amplification (1.5)
 * and the same with none (1.0, the BLS shares themselves); and the same run twice.
 */
class AuditComparisonTest {
    @TempDir
    static Path dir;
    static Path amplified;
    static Path plain;

    static Path root() {
        return Path.of(System.getProperty("biaslab.root", Path.of("").toAbsolutePath().getParent().toString()));
    }

    static int cli(String... args) {
        return CliRun.run(args).code();
    }

    @BeforeAll
    static void runs() {
        String quickstart = root().resolve("experiments/quickstart-simulated.yaml").toString();
        amplified = dir.resolve("amplified");
        plain = dir.resolve("plain");
        assertEquals(0, cli("run", quickstart, "--out", amplified.toString(), "--set", "prompts.images_per_prompt=300"));
        assertEquals(0, cli("run", quickstart, "--out", plain.toString(), "--set", "prompts.images_per_prompt=300",
                "--set", "generator.amplification=1.0"));
    }

    @Test
    void aDeclaredAmplificationIsFoundWhereItIsLargeAndTheOutputsValidate() throws Exception {
        AuditComparison c = AuditComparison.of(amplified, plain, 0.95, 0.05);
        assertEquals(13, c.occupations().size());
        assertFalse(c.perceiverChanged());
        // same experiment seed: the same prompts, samples and seeds in both runs
        assertEquals("paired by (prompt, sample, seed)", c.design());
        assertTrue(c.occupations().stream().allMatch(ch -> ch.design().equals("paired (300 images)")));
        // every occupation whose interval excludes 0 moved the way the declared truths say
        java.util.Map<String, Double> declared = new java.util.HashMap<>();
        for (String run : new String[] {"amplified", "plain"}) {
            for (com.fasterxml.jackson.databind.JsonNode o : org.biaslab.util.Json.mapper()
                    .readTree(dir.resolve(run).resolve("results.json").toFile()).get("occupations")) {
                declared.merge(o.get("occupationId").asText(), (run.equals("amplified") ? 1 : -1)
                        * o.get("declaredShareWomen").asDouble(), Double::sum);
            }
        }
        int excluding = 0;
        for (org.biaslab.metric.representation.OccupationChanges.Change ch : c.occupations()) {
            org.biaslab.metric.Estimate d = ch.womanShare().difference();
            if (d.lower() > 0 || d.upper() < 0) {
                excluding++;
                assertEquals(Math.signum(declared.get(ch.occupationId())), Math.signum(d.value()), ch.toString());
            }
        }
        assertTrue(excluding >= 3, "declared changes of 10-14 points found: " + excluding);
        long moved = c.occupations().stream().filter(org.biaslab.metric.representation.OccupationChanges.Change::moved).count();
        assertTrue(moved >= 3, "paired on the same seeds, the declared changes survive Holm: " + moved);
        for (int i = 1; i < c.occupations().size(); i++) {
            assertTrue(Math.abs(c.occupations().get(i - 1).womanShare().difference().value())
                    >= Math.abs(c.occupations().get(i).womanShare().difference().value()));
        }
        for (org.biaslab.metric.representation.OccupationChanges.Change ch : c.occupations()) {
            assertTrue(ch.womanBh() <= ch.womanHolm() + 1e-12, "BH is never stricter than Holm");
            assertEquals(ch.womanHolm() < 0.05, ch.moved());
        }
        Path out = dir.resolve("cmp");
        assertEquals(0, cli("compare", amplified.toString(), plain.toString(), "--out", out.toString()));
        assertEquals("compare", ResultsSchemas.assertValid(out.resolve("results.json")));
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("occupations moved in perceived woman share"), html.substring(0, 400));
        // estimated skin tone per ITA category: both runs declare the same distribution, so no category's
        // share of faces moves by more than chance (every interval holds 0 for most)
        long holdsZero = 0;
        long all = 0;
        for (var ch : c.occupations()) {
            for (var d : ch.skin().values()) {
                all++;
                if (d.difference().lower() <= 0 && 0 <= d.difference().upper()) holdsZero++;
            }
        }
        assertTrue(all >= 13 * 5 && holdsZero >= 0.9 * all, holdsZero + " of " + all);
    }

    @Test
    void runsWithOtherSeedsAreComparedUnpaired() throws Exception {
        Path reseeded = dir.resolve("reseeded");
        assertEquals(0, cli("run", root().resolve("experiments/quickstart-simulated.yaml").toString(), "--out",
                reseeded.toString(), "--set", "prompts.images_per_prompt=300", "--set", "seed=7"));
        AuditComparison c = AuditComparison.of(amplified, reseeded, 0.95, 0.05);
        assertEquals("unpaired", c.design());
        // the same declared truths: nothing should move after Holm
        assertEquals(0, c.occupations().stream().filter(org.biaslab.metric.representation.OccupationChanges.Change::moved).count(), c.toString());
    }

    @Test
    void aRunComparedWithItselfMovesNothing() throws Exception {
        AuditComparison c = AuditComparison.of(amplified, amplified, 0.95, 0.05);
        for (org.biaslab.metric.representation.OccupationChanges.Change ch : c.occupations()) {
            assertEquals(0, ch.womanShare().difference().value(), 0);
            assertEquals(1, ch.womanHolm(), 1e-12);
            assertFalse(ch.moved());
        }
    }

    @Test
    void runsOfAnotherKindOrUnfinishedAreRefused() throws Exception {
        Path notRun = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(IOException.class, () -> AuditComparison.of(amplified, notRun, 0.95, 0.05))
                .getMessage().contains("holds no results.json"));
        Path other = Files.createDirectories(dir.resolve("caption-bias"));
        Files.writeString(other.resolve("results.json"), "{\"schemaVersion\": 1, \"kind\": \"caption-bias\"}");
        assertTrue(assertThrows(IOException.class, () -> AuditComparison.of(amplified, other, 0.95, 0.05))
                .getMessage().contains("is a 'caption-bias' run; compare reads two t2i-audit runs"));
    }

    @Test
    void captionMetricsAreComparedWhenBothRunsCaptioned() throws Exception {
        String quickstart = root().resolve("experiments/quickstart-simulated.yaml").toString();
        Path a = dir.resolve("captions-a");
        Path b = dir.resolve("captions-b");
        assertEquals(0, cli("run", quickstart, "--out", a.toString(), "--set", "prompts.images_per_prompt=60"));
        // B's captioner names men for women four times as often as A's
        assertEquals(0, cli("run", quickstart, "--out", b.toString(), "--set", "prompts.images_per_prompt=60",
                "--set", "captioner.person_words.woman.male=0.20", "--set", "captioner.person_words.woman.female=0.65"));
        Path out = dir.resolve("captions-compare");
        assertEquals(0, cli("compare", a.toString(), b.toString(), "--out", out.toString()));
        assertEquals("compare", org.biaslab.util.ResultsSchemas.assertValid(out.resolve("results.json")));
        JsonNode c = Json.mapper().readTree(out.resolve("results.json").toFile()).path("captions");
        assertTrue(c.path("captionerChanged").asBoolean(), c.toString());
        JsonNode women = c.path("errorWomen").path("difference");
        assertTrue(women.path("upper").asDouble() < 0, "A's captions err less on perceived women: " + women);
        assertEquals(1, c.path("leakage").size(), "the quick start's linear leakage in both runs");
        assertTrue(Files.readString(out.resolve("index.html")).contains("<section id=\"captions\">"));
    }
}
