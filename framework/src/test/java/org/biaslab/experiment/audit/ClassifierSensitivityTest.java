package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biaslab.cli.CliRun;
import org.biaslab.golden.GoldenFixtures;
import org.biaslab.metric.Estimate;
import org.biaslab.util.Json;
import org.biaslab.util.ResultsSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classifier sensitivity with known truth: the golden fixture's simulated audit read again by an
 * alternative perceiver whose declared confusion reads many more women as men. The expected
 * perceived shares under both follow from the declared truths and the two matrices; the paired
 * difference must hold the expected one inside its interval for most occupations, the main
 * perceiver's numbers must be those of a run without the alternative, and the occupations whose
 * conclusion about parity changes must be flagged.
 */
class ClassifierSensitivityTest {
    @TempDir
    Path dir;

    /** An alternative that reads 35% of women as men (the main one: 15%). */
    private static final String HARSH = """
            {
              "abstentionKinds" : [ "uncertain", "no face" ],
              "classifier" : { "id" : "declared harsh confusion (test)", "modelFiles" : { } },
              "confusion" : {
                "man" : { "man" : 820, "no face" : 60, "uncertain" : 40, "woman" : 80 },
                "woman" : { "man" : 350, "no face" : 90, "uncertain" : 60, "woman" : 500 }
              },
              "createdBy" : "ClassifierSensitivityTest",
              "dataset" : "declared (simulation)",
              "format" : "biaslab-classifier-validity",
              "labels" : [ "man", "woman" ],
              "version" : 1
            }
            """;

    /** E[perceived woman share among decided] for a true share s: rates woman->woman, woman->decided, man->woman, man->decided. */
    static double perceived(double s, double ww, double wd, double mw, double md) {
        return (s * ww + (1 - s) * mw) / (s * wd + (1 - s) * md);
    }

    private Path spec(String alternatives) throws Exception {
        Path d = dir.resolve("spec");
        if (!Files.isDirectory(d)) {
            GoldenFixtures.copy("t2i-audit", d);
            Files.writeString(d.resolve("harsh-confusion.json"), HARSH);
        }
        Path f = d.resolve("sensitivity-" + Integer.toHexString(alternatives.hashCode()) + ".yaml");
        Files.writeString(f, Files.readString(d.resolve("experiment.yaml"))
                .replace("  unreliable_skin_rate: 0.1\n", "  unreliable_skin_rate: 0.1\n" + alternatives));
        return f;
    }

    @Test
    void anAlternativePerceiverIsComparedOnTheSameImages() throws Exception {
        Path with = dir.resolve("with");
        CliRun.Result r = CliRun.run("run", spec("  alternatives:\n    - name: harsh\n"
                + "      validity: harsh-confusion.json\n").toString(), "--out", with.toString(), "--set",
                "prompts.images_per_prompt=150");
        assertEquals(0, r.code(), r.err());
        assertEquals("t2i-audit", ResultsSchemas.assertValid(with.resolve("results.json")));
        Path without = dir.resolve("without");
        r = CliRun.run("run", spec("").toString(), "--out", without.toString(), "--set", "prompts.images_per_prompt=150");
        assertEquals(0, r.code(), r.err());

        JsonNode a = Json.mapper().readTree(with.resolve("results.json").toFile());
        JsonNode b = Json.mapper().readTree(without.resolve("results.json").toFile());
        // the main perceiver's numbers do not change when an alternative reads the images too
        assertEquals(b.path("occupations"), a.path("occupations"));
        assertFalse(b.has("sensitivity"));

        JsonNode s = a.path("sensitivity").get(0);
        assertEquals("harsh", s.path("name").asText());
        assertTrue(s.path("perceiver").path("id").asText().endsWith("/alternative=harsh"), s.path("perceiver").toString());
        assertEquals("paired by (prompt, sample, seed)", s.path("design").asText());
        int covered = 0;
        int lower = 0;
        int withWomen = 0;
        int dependent = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode o : s.path("occupations")) {
            String id = o.path("occupationId").asText();
            double truth = declared(a, id);
            double expected = perceived(truth, 0.50, 0.85, 0.08, 0.90) - perceived(truth, 0.70, 0.85, 0.08, 0.90);
            JsonNode d = o.path("difference").path("difference");
            if (d.path("lower").asDouble() <= expected && expected <= d.path("upper").asDouble()) {
                covered++;
            } else {
                misses.add(id + ": expected " + expected + ", measured " + d);
            }
            // coupled draws: the harsh perceiver reads a woman only where the main one does
            double alt = o.path("alternative").path("value").asDouble();
            double main = o.path("main").path("value").asDouble();
            assertTrue(alt <= main, id + ": " + alt + " > " + main);
            // against the declared truth on the same images: the harsh perceiver never agrees more often
            JsonNode tm = o.path("mainTruth");
            JsonNode ta = o.path("alternativeTruth");
            assertTrue(tm.path("agreement").path("n").asInt() > 100, id + ": " + tm);
            assertTrue(ta.path("agreement").path("value").asDouble() <= tm.path("agreement").path("value").asDouble(),
                    id + ": " + ta + " vs " + tm);
            if (truth >= 0.1) {
                lower += alt < main ? 1 : 0;
                withWomen++;
            }
            // the flag follows from the two conclusions, each from its share's interval and the tolerance
            String cm = ClassifierSensitivity.conclusion(estimate(o.path("main")), 0.05);
            String ca = ClassifierSensitivity.conclusion(estimate(o.path("alternative")), 0.05);
            assertEquals(cm, o.path("mainConclusion").asText(), id);
            assertEquals(ca, o.path("alternativeConclusion").asText(), id);
            assertEquals(!cm.equals(ca), o.path("dependsOnClassifier").asBoolean(), id);
            dependent += cm.equals(ca) ? 0 : 1;
        }
        int n = s.path("occupations").size();
        assertEquals(13, n);
        assertTrue(covered >= 11, "expected difference inside the paired interval for " + covered + " of 13: " + misses);
        assertEquals(withWomen, lower, "the harsh perceiver reads fewer women where there are women");
        assertTrue(withWomen >= 8, "occupations with a declared share of at least 10%: " + withWomen);
        assertEquals(dependent, s.path("dependent").asInt());
        assertTrue(dependent > 0, "some conclusion about parity changes with the classifier");
        // the report leads with it and has the section
        String html = Files.readString(with.resolve("index.html"));
        assertTrue(html.contains("id=\"sensitivity\""));
        assertTrue(html.contains("The conclusion about parity depends on the classifier for " + dependent + " of 13"),
                "finding in the report");
    }

    @Test
    void badAlternativesAreNamedWithFileAndLine() throws Exception {
        Path f = spec("  alternatives:\n    - name: same\n    - name: harsh\n      validity: harsh-confusion.json\n"
                + "    - name: harsh\n      detector: blazeface\n    - name: typo\n      detektor: blazeface\n");
        CliRun.Result r = CliRun.run("validate", f.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        String err = r.err() + r.out();
        assertTrue(err.contains("alternative perceiver 'same' reads the images exactly as the main perceiver does"), err);
        assertTrue(err.contains("a second alternative perceiver named 'harsh'"), err);
        assertTrue(err.contains("detektor"), err);
        assertTrue(err.contains(f.getFileName().toString() + ":"), "file:line in " + err);
    }

    private static double declared(JsonNode results, String occupationId) {
        for (JsonNode o : results.path("occupations")) {
            if (o.path("occupationId").asText().equals(occupationId)) {
                return o.path("declaredShareWomen").asDouble();
            }
        }
        throw new AssertionError("no occupation " + occupationId);
    }

    private static Estimate estimate(JsonNode e) {
        return new Estimate(e.path("value").asDouble(), e.path("lower").asDouble(), e.path("upper").asDouble(),
                Double.NaN, e.path("n").asInt(), e.path("method").asText());
    }
}
