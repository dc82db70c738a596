package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.biaslab.compare.AuditComparison;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.Kinds;
import org.biaslab.experiment.Runner;
import org.biaslab.spec.SpecException;
import org.biaslab.spec.SpecProblem;
import org.biaslab.util.Json;
import org.biaslab.util.ResultsSchemas;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kind: t2i-counts}: an audit from published outcome counts, checked by hand and on Fair Diffusion's. */
class T2iCountsKindTest {
    private static final Path ROOT = Path.of(System.getProperty("biaslab.root", "..")).toAbsolutePath().normalize();
    private static final String HEADER = "occupation,model,w,m,none\n";

    @TempDir
    Path dir;

    private Path spec(String csv, String columns, String extra) throws Exception {
        Files.writeString(dir.resolve("counts.csv"), csv);
        return Files.writeString(dir.resolve("exp.yaml"), String.join("\n",
                "name: counts-test", "kind: t2i-counts", "description: hand-made counts", "seed: 1",
                "prompts:", "  library: " + ROOT.resolve("prompts"), "  list: heim",
                "counts:", "  file: counts.csv", "  source: m1", "  study: a test study",
                "  classifier: a test classifier", "  columns: " + columns,
                "reference:", "  bls_years: [2021]", "intervals:", "  resamples: 400", extra, ""));
    }

    private static final String COLUMNS = "{occupation: occupation, source: model, woman: w, man: m, no_face: none}";

    private static Path run(Path spec, Path out, List<String> overrides) throws Exception {
        Experiment<?> e = Experiment.load(spec, overrides, Kinds.REGISTRY);
        new Runner(new PrintStream(new ByteArrayOutputStream()), 2).run(e, out, overrides);
        return out;
    }

    private static JsonNode occupation(JsonNode results, String id) {
        for (JsonNode o : results.get("occupations")) {
            if (o.get("occupationId").asText().equals(id)) {
                return o;
            }
        }
        throw new AssertionError("no occupation " + id);
    }

    @Test
    void handCountedSharesImbalanceAndBlsComeFromTheCountsOfTheSelectedSource() throws Exception {
        // cook: 30 women, 10 men, 10 no face; CEO: 5 women, 45 men; model m2's rows must be ignored
        Path spec = spec(HEADER + "cook,m1,30,10,10\na CEO,m1,5,45,0\ncook,m2,0,50,0\nnurse,m2,50,0,0\n", COLUMNS, "");
        Path out = run(spec, dir.resolve("run"), List.of());
        ResultsSchemas.assertValid(out.resolve("results.json"));
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertEquals("t2i-audit", r.get("kind").asText(), "compare and gate read it as an audit");
        assertEquals(2, r.get("occupations").size());
        JsonNode cook = occupation(r, "cook");
        assertEquals(50, cook.get("images").asInt());
        assertEquals(30, cook.get("gender").get("counts").get("woman").asLong());
        assertEquals(10, cook.get("gender").get("counts").get("no face").asLong());
        assertEquals(0.2, cook.get("gender").get("wilson").get("no face").get("value").asDouble(), 1e-12);
        assertEquals(0.75, cook.get("womanAmongDecided").get("value").asDouble(), 1e-12);
        assertEquals(0.25, cook.get("heim").get("value").asDouble(), 1e-12);
        JsonNode ceo = occupation(r, "ceo");
        assertEquals(0.4, ceo.get("heim").get("value").asDouble(), 1e-12);
        // mean HEIM over the two occupations, (0.25 + 0.4) / 2, with both bootstraps around it
        assertEquals(0.325, r.get("summary").get("meanHeim").get("value").asDouble(), 1e-12);
        JsonNode two = r.get("countsSource").get("meanHeimOccupationsResampled");
        assertEquals(0.325, two.get("value").asDouble(), 1e-12);
        assertTrue(two.get("lower").asDouble() <= 0.325 && two.get("upper").asDouble() >= 0.325);
        assertTrue(two.get("upper").asDouble() - two.get("lower").asDouble()
                > r.get("summary").get("meanHeim").get("upper").asDouble()
                        - r.get("summary").get("meanHeim").get("lower").asDouble(),
                "resampling the two occupations too widens the interval");
        assertEquals(List.of("chef", "firefighter", "therapist", "housekeeper", "pilot", "flight_attendant",
                "taxi_driver", "nurse", "software_developer", "politician", "scientist"),
                Json.mapper().convertValue(r.get("countsSource").get("notInFile"), List.class));
        // BLS 2021: Cooks 40.2% women against 75% perceived among decided
        JsonNode bls = r.get("bls").get(0).get("rows");
        JsonNode cookBls = null;
        for (JsonNode b : bls) {
            if (b.get("occupationId").asText().equals("cook")) {
                cookBls = b;
            }
        }
        assertEquals(0.402, cookBls.get("comparison").get("reference").asDouble(), 1e-12);
        assertEquals(0.75, cookBls.get("comparison").get("share").get("value").asDouble(), 1e-12);
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("NO IMAGES WERE SEEN"), "the report says no image was seen");
        assertTrue(html.contains("a test classifier"), "and which classifier produced the counts");
        assertFalse(html.contains("id=\"gallery\""), "no gallery without images");
        assertFalse(html.contains("id=\"skin\""), "no skin section without skin estimates");
        assertTrue(Files.isRegularFile(out.resolve("occupations.csv")));
        assertFalse(Files.exists(out.resolve("images.csv")), "no image rows are invented from counts");
    }

    @Test
    void aValidityRecordCorrectsTheCountedSharesForClassifierError() throws Exception {
        Path spec = spec(HEADER + "cook,m1,30,10,10\na CEO,m1,5,45,0\n", COLUMNS, String.join("\n",
                "perception:", "  validity: " + ROOT.resolve("experiments/simulated-confusion.json"),
                "  model_abstentions: [no face]"));
        Path out = run(spec, dir.resolve("corrected"), List.of());
        ResultsSchemas.assertValid(out.resolve("results.json"));
        JsonNode c = Json.mapper().readTree(out.resolve("results.json").toFile()).get("correction");
        assertEquals(List.of("no face"), Json.mapper().convertValue(c.get("modelledAbstentions"), List.class));
        assertEquals(2, c.get("occupations").size());
        for (JsonNode o : c.get("occupations")) {
            // the naive share is the counted one; the corrected one differs once the classifier's errors are undone
            assertTrue(o.get("corrected").get("value").isNumber(), o.toString());
            assertTrue(Math.abs(o.get("corrected").get("value").asDouble() - o.get("naive").get("value").asDouble())
                    > 1e-6, o.toString());
        }
        assertTrue(Files.readString(out.resolve("index.html")).contains("Naive and corrected"));
    }

    @Test
    void badCountsAreNamedWithFileLineAndColumnAllAtOnce() throws Exception {
        Path spec = spec(HEADER
                + "cook,m1,-3,10,0\n" // 2: negative
                + "chef,m1,2.5,10,0\n" // 3: not a whole number
                + ",m1,3,4,0\n" // 4: missing occupation
                + "pilot,m1,0,0,0\n" // 5: total zero
                + "cook,m1,1,1,0\n" // 6: duplicate of line 2
                + "astronaut,m1,1,1,0\n" // 7: not in the list
                + "nurse,m1,4,1\n", // 8: a field short
                COLUMNS, "");
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(spec, List.of(), Kinds.REGISTRY));
        String all = e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("\n"));
        Path csv = dir.resolve("counts.csv");
        for (String expected : List.of(csv + ":2: column 'w': -3 is negative",
                csv + ":3: column 'w': '2.5' is not a whole number of images",
                csv + ":4: column 'occupation': missing occupation",
                csv + ":5: columns w, m, none: the total is 0",
                csv + ":6: occupation 'cook' of source 'm1' again (first on line 2)",
                csv + ":7: column 'occupation': 'astronaut' is not an occupation of list 'heim'",
                csv + ":8: expected 5 fields as in the header, found 4")) {
            assertTrue(all.contains(expected), "missing: " + expected + "\nin:\n" + all);
        }
        assertTrue(all.contains("exp.yaml"), "each problem names the experiment file too: " + all);
        assertTrue(all.contains("counts.file"), all);
    }

    @Test
    void aMistypedColumnOrSourceIsAValidationProblem() throws Exception {
        Path spec = spec(HEADER + "cook,m1,3,1,0\n", "{occupation: occupation, source: model, woman: n_wman, man: m}",
                "");
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(spec, List.of(), Kinds.REGISTRY));
        String all = e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("\n"));
        assertTrue(all.contains("counts.csv:1: no column 'n_wman' (the woman column) in the header; columns: "
                + "occupation, model, w, m, none"), all);

        Path other = spec(HEADER + "cook,m1,3,1,0\n", COLUMNS, "");
        SpecException s = assertThrows(SpecException.class, () -> Experiment.load(other,
                List.of("counts.source=m9"), Kinds.REGISTRY));
        assertTrue(s.getMessage().contains("no row has the source 'm9'; the file has m1"), s.getMessage());
    }

    @Test
    void comparedRunsOfTwoSourcesSayWhichMovedTowardParity() throws Exception {
        // m1 -> m2: cook 90% -> 55% women (toward parity), CEO 10% -> 11% (no change)
        Path spec = spec(HEADER + "cook,m1,180,20,0\na CEO,m1,20,180,0\ncook,m2,110,90,0\na CEO,m2,22,178,0\n",
                COLUMNS, "");
        Path a = run(spec, dir.resolve("m2"), List.of("counts.source=m2"));
        Path b = run(spec, dir.resolve("m1"), List.of());
        AuditComparison c = AuditComparison.of(a, b, 0.95, 0.05);
        assertEquals("unpaired", c.design(), "counts have no images to pair");
        assertEquals(1, c.parity().moved());
        assertEquals(List.of("cook"), c.parity().towardIds());
        assertEquals(0, c.parity().away());
    }

    /**
     * Fair Diffusion's published summary (../shared/data/README.md): the mean over occupations of
     * |p_woman - 0.5| is 0.311 (SD 1.5), 0.105 (edited) and 0.258 (LAION), reproduced to 3 decimals
     * by the shipped experiment; and the two comparisons docs/counts.md reports.
     */
    @Test
    void fairDiffusionsPublishedMeansAndComparisons() throws Exception {
        Path csv = ROOT.resolve("../shared/data/t2i-counts/fair_diffusion_fairface_gender_counts.csv").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(csv), "../shared/data/t2i-counts absent");
        Path spec = ROOT.resolve("experiments/fair-diffusion-counts.yaml");
        List<String> means = new ArrayList<>();
        for (String source : List.of("sd_generated", "sd_fair_edited", "laion")) {
            Path out = run(spec, dir.resolve(source), List.of("counts.source=" + source));
            ResultsSchemas.assertValid(out.resolve("results.json"));
            JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
            assertEquals(153, r.get("occupations").size());
            JsonNode within = r.get("summary").get("meanHeim");
            JsonNode two = r.get("countsSource").get("meanHeimOccupationsResampled");
            assertEquals(within.get("value").asDouble(), two.get("value").asDouble(), 0);
            assertTrue(two.get("upper").asDouble() - two.get("lower").asDouble()
                    > within.get("upper").asDouble() - within.get("lower").asDouble());
            means.add(String.format(Locale.ROOT, "%.3f", within.get("value").asDouble()));
        }
        assertEquals(List.of("0.311", "0.105", "0.258"), means);

        AuditComparison edited = AuditComparison.of(dir.resolve("sd_fair_edited"), dir.resolve("sd_generated"), 0.95,
                0.05);
        assertEquals(108, edited.parity().moved());
        assertEquals(108, edited.parity().toward());
        assertEquals(8, edited.parity().crossed());
        AuditComparison laion = AuditComparison.of(dir.resolve("sd_generated"), dir.resolve("laion"), 0.95, 0.05);
        assertEquals(95, laion.parity().moved());
        assertEquals(71, laion.parity().away(), "SD 1.5 further from parity than LAION");
        assertEquals(24, laion.parity().toward());
    }
}
