package org.biaslab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biaslab.cli.CliRun;
import org.biaslab.util.Json;
import org.biaslab.util.ResultsSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare on caption-bias and debias runs (the golden fixtures' results, one of them altered by a known amount). */
class StudyComparisonTest {
    static final Path GOLDEN = Path.of(System.getProperty("biaslab.root", "..")).toAbsolutePath().normalize()
            .resolve("framework/src/test/resources/org/biaslab/golden");

    @TempDir
    Path dir;

    @Test
    void captionBiasRunsAreComparedPerLicRowAndAKnownShiftIsFound() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.copy(GOLDEN.resolve("caption-bias/expected-results.json"), a.resolve("results.json"));
        // B: every seed's LIC_M 10 points lower
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(a.resolve("results.json").toFile());
        for (JsonNode row : doc.path("lic")) {
            for (JsonNode seed : row.path("perSeed")) {
                ((ArrayNode) seed).set(0, Json.mapper().getNodeFactory().numberNode(seed.get(0).asDouble() - 10));
            }
        }
        Files.writeString(b.resolve("results.json"), Json.pretty(doc));
        Path out = dir.resolve("out");
        CliRun.Result r = CliRun.run("compare", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("compare-studies", ResultsSchemas.assertValid(out.resolve("results.json")));
        JsonNode c = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertEquals(doc.path("lic").size(), c.path("lic").size());
        for (JsonNode l : c.path("lic")) {
            assertEquals(10.0, l.path("difference").path("value").asDouble(), 1e-9, l.toString());
            assertTrue(l.path("difference").path("lower").asDouble() > 0, "a 10-point shift is found: " + l);
        }
        assertTrue(Files.readString(out.resolve("index.html")).contains("LIC (x100)"));
    }

    @Test
    void debiasRunsAreComparedPerModelAndKindsMustMatch() throws Exception {
        Path a = Files.createDirectories(dir.resolve("da"));
        Files.copy(GOLDEN.resolve("debias/expected-results.json"), a.resolve("results.json"));
        Path out = dir.resolve("dout");
        CliRun.Result r = CliRun.run("compare", a.toString(), a.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("compare-studies", ResultsSchemas.assertValid(out.resolve("results.json")));
        JsonNode m = Json.mapper().readTree(out.resolve("results.json").toFile()).path("models").get(0);
        assertEquals(0.0, m.path("errorAfter").path("difference").path("value").asDouble(), 1e-12, "a run against itself");
        assertEquals(1, m.path("licAfter").size());

        Path cb = Files.createDirectories(dir.resolve("cb"));
        Files.copy(GOLDEN.resolve("caption-bias/expected-results.json"), cb.resolve("results.json"));
        CliRun.Result mixed = CliRun.run("compare", a.toString(), cb.toString(), "--out", dir.resolve("x").toString());
        assertEquals(1, mixed.code());
        assertTrue(mixed.err().contains("cannot compare a 'debias' run"), mixed.err());
    }
}
