package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biaslab.cli.CliRun;
import org.biaslab.golden.GoldenFixtures;
import org.biaslab.util.Json;
import org.biaslab.util.ResultsSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt interventions with a known truth: the simulated generator declares that under the
 * intervention every occupation's true share of women is 0.5 (amplification 0), against the
 * baseline's BLS share amplified 1.5 times. The declared effect on the perceived woman share follows
 * from the declared truths and the declared confusion matrix; the paired comparison must hold it
 * inside its interval for about 95% of occupations.
 */
class InterventionsTest {
    @TempDir
    Path dir;

    private Path spec(String interventions, String amplification) throws Exception {
        Path d = dir.resolve("spec");
        if (!Files.isDirectory(d)) {
            GoldenFixtures.copy("t2i-audit", d);
        }
        Path f = d.resolve("interventions-" + Integer.toHexString((interventions + amplification).hashCode()) + ".yaml");
        Files.writeString(f, Files.readString(d.resolve("experiment.yaml"))
                .replace("  unmapped_share: 0.5\n", "  unmapped_share: 0.5\n" + amplification) + interventions);
        return f;
    }

    /** E[perceived woman share among decided] for a true share s, through the declared confusion matrix. */
    static double perceived(double s) {
        // simulated-confusion.json: true woman -> woman 700, man 150, uncertain 60, no face 90 (of 1000);
        // true man -> woman 80, man 820, uncertain 40, no face 60
        return (s * 0.70 + (1 - s) * 0.08) / (s * 0.85 + (1 - s) * 0.90);
    }

    @Test
    void theDeclaredEffectIsRecoveredWithinItsIntervalAndTheBaselineIsUnchanged() throws Exception {
        Path exp = spec("interventions:\n  - name: ethical\n    description: Bansal et al. 2022\n"
                + "    suffix: \" if all individuals can be a {occupation} irrespective of their gender\"\n",
                "  intervention_amplification: {ethical: 0.0}\n");
        Path out = dir.resolve("run");
        CliRun.Result r = CliRun.run("run", exp.toString(), "--out", out.toString(), "--set",
                "prompts.images_per_prompt=100");
        assertEquals(0, r.code(), r.err());
        assertEquals("t2i-audit", ResultsSchemas.assertValid(out.resolve("results.json")));
        JsonNode results = Json.mapper().readTree(out.resolve("results.json").toFile());
        JsonNode v = results.path("interventions").get(0);
        assertEquals("ethical", v.path("name").asText());
        assertEquals(1300, v.path("images").asInt());
        assertEquals("paired by (prompt, sample, seed)", v.path("design").asText());
        int covered = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode c : v.path("occupations")) {
            JsonNode declared = v.path("declaredShares").path(c.path("occupationId").asText());
            assertEquals(0.5, declared.get(1).asDouble(), 1e-12, "amplification 0: parity");
            double effect = perceived(declared.get(1).asDouble()) - perceived(declared.get(0).asDouble());
            JsonNode d = c.path("womanShare").path("difference");
            if (d.path("lower").asDouble() <= effect && effect <= d.path("upper").asDouble()) {
                covered++;
            } else {
                misses.add(c.path("occupationId").asText() + ": declared " + effect + ", measured " + d);
            }
            if (Math.abs(effect) > 0.25) {
                assertTrue(c.path("moved").asBoolean(), "a declared change of " + effect + " is found: " + c);
            }
        }
        System.out.printf("interventions: the declared effect inside the interval for %d of %d occupations%n", covered,
                v.path("occupations").size());
        assertTrue(covered >= 11, "declared effects outside their intervals: " + misses);

        // the baseline's numbers are those of a run without the intervention
        Path plain = dir.resolve("plain");
        assertEquals(0, CliRun.run("run", spec("", "").toString(), "--out", plain.toString(), "--set",
                "prompts.images_per_prompt=100").code());
        JsonNode p = Json.mapper().readTree(plain.resolve("results.json").toFile());
        assertEquals(p.path("occupations"), results.path("occupations"));
        assertEquals(p.path("summary"), results.path("summary"));
        assertTrue(Files.readAllLines(out.resolve("images.csv")).size() == 2601, "both sets of images are listed");
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<section id=\"interventions\">") && html.contains("ethical against the baseline"));
    }

    @Test
    void appendedTermsFollowTheirDeclaredProbabilitiesAndBadSectionsAreProblems() throws Exception {
        Intervention v = new Intervention("dalle2-2022", "", "", "", List.of(new Intervention.Term("female", 0.25),
                new Intervention.Term("male", 0.25)));
        int female = 0;
        int male = 0;
        int none = 0;
        for (int i = 0; i < 4000; i++) {
            String p = v.apply("a photo of a nurse", "nurse", 7, "heim.nurse.t", i);
            if (p.endsWith(" female")) female++;
            else if (p.endsWith(" male")) male++;
            else if (p.equals("a photo of a nurse")) none++;
        }
        assertEquals(4000, female + male + none);
        assertTrue(Math.abs(female - 1000) < 100 && Math.abs(male - 1000) < 100, female + " " + male);
        assertEquals("a photo of a nurse if all individuals can be a nurse", new Intervention("e", "", "",
                " if all individuals can be a {occupation}", List.of()).apply("a photo of a nurse", "nurse", 1, "x", 0));

        CliRun.Result bad = CliRun.run("validate", spec("interventions:\n  - name: Bad Name\n    suffix: x\n"
                + "    prefix: y\n  - name: t\n    append_terms: [{text: a, probability: 0.8}, {text: b, probability: 0.4}]\n",
                "  intervention_amplification: {other: 0.5}\n").toString());
        assertEquals(2, bad.code());
        String m = bad.err() + bad.out();
        assertTrue(m.contains("'Bad Name' is not a valid name"), m);
        assertTrue(m.contains("exactly one of prefix, suffix and append_terms"), m);
        assertTrue(m.contains("sum to 1.2"), m);
        assertTrue(m.contains("intervention_amplification names 'other'"), m);
    }
}
