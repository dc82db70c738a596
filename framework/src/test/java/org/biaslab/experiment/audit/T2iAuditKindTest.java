package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.experiment.Runner;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecException;
import org.biaslab.util.Json;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated quick start end to end: known truth, correction, determinism, resume, escaping. */
class T2iAuditKindTest {
    @TempDir
    Path dir;

    static Path root() {
        return TestPaths.root();
    }

    static Path quickstart() {
        return root().resolve("experiments/quickstart-simulated.yaml");
    }

    private static Registry<ExperimentKind<?>> kinds(T2iAuditKind kind) {
        return new Registry<ExperimentKind<?>>("experiment kind").register("t2i-audit", "test", kind);
    }

    private Runner.Outcome run(T2iAuditKind kind, Path exp, Path out, List<String> overrides) throws Exception {
        Experiment<?> e = Experiment.load(exp, overrides, kinds(kind));
        return new Runner(new PrintStream(new ByteArrayOutputStream()), 2).run(e, out, overrides);
    }

    @Test
    void aNonEmptyFolderThatIsNoRunIsRefusedAndLeftUntouched() throws Exception {
        // the attack: --out pointed at a user's folder used to overwrite its index.html and results.json
        Path out = Files.createDirectories(dir.resolve("users-folder"));
        Files.writeString(out.resolve("index.html"), "my own page");
        Files.writeString(out.resolve("notes.txt"), "my notes");
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> run(new T2iAuditKind(), quickstart(), out, List.of()));
        assertTrue(e.getMessage().contains(out.toString()) && e.getMessage().contains("holds no biaslab run")
                && e.getMessage().contains("index.html, notes.txt"), e.getMessage());
        try (var files = Files.list(out)) {
            assertEquals(List.of("index.html", "notes.txt"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("my own page", Files.readString(out.resolve("index.html")));
        // a plain file as --out is refused too
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThrows(java.io.IOException.class, () -> run(new T2iAuditKind(), quickstart(), file, List.of()));
    }

    @Test
    void quickStartWritesEveryOutputAndTheCorrectionRecoversTheDeclaredTruth() throws Exception {
        Path out = dir.resolve("qs");
        assertEquals(Runner.Outcome.RAN, run(new T2iAuditKind(), quickstart(), out, List.of()));
        for (String f : List.of("results.json", "provenance.json", "images.csv", "occupations.csv", "index.html",
                "complete.json", "charts/gender.svg", "charts/gender.png", "charts/skin_tone.png",
                "charts/bls_2021.svg")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), "missing " + f);
        }
        assertEquals("t2i-audit", org.biaslab.util.ResultsSchemas.assertValid(out.resolve("results.json")));
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        // the same per-occupation figures as a Tablesaw table for Java users
        tech.tablesaw.api.Table table = AuditTables.occupations(out);
        assertEquals(r.path("occupations").size(), table.rowCount());
        JsonNode first = r.path("occupations").get(0);
        assertEquals(first.path("occupationId").asText(), table.stringColumn("occupation").get(0));
        assertEquals(first.path("gender").path("counts").path("woman").asInt(), table.intColumn("woman").get(0));
        assertEquals(first.path("womanAmongDecided").path("lower").asDouble(),
                table.doubleColumn("woman among decided lower").get(0), 0.0);
        assertEquals(first.path("heim").path("value").asDouble(), table.doubleColumn("HEIM |p_woman - 0.5|").get(0), 0.0);
        assertTrue(r.path("simulation").asBoolean());
        assertEquals(13 * 150, r.path("counts").path("planned").asInt());
        assertEquals(13 * 150, r.path("counts").path("ok").asInt());
        JsonNode corr = r.path("correction").path("occupations");
        assertEquals(13, corr.size());
        int covered = 0;
        double naiveErr = 0;
        double corrErr = 0;
        for (JsonNode c : corr) {
            double truth = c.path("declaredShareWomen").asDouble();
            double lo = c.path("corrected").path("lower").asDouble();
            double hi = c.path("corrected").path("upper").asDouble();
            covered += lo <= truth && truth <= hi ? 1 : 0;
            naiveErr += Math.abs(c.path("naive").path("value").asDouble() - truth);
            corrErr += Math.abs(c.path("corrected").path("value").asDouble() - truth);
        }
        // 95% intervals over 13 occupations: about 12 expected to cover; the naive shares are biased
        // towards the middle by the declared confusion, so correcting must bring them closer
        assertTrue(covered >= 11, "corrected intervals covering the declared truth: " + covered + " of 13");
        assertTrue(corrErr < 0.6 * naiveErr, "mean error corrected " + corrErr / 13 + " vs naive " + naiveErr / 13);
        // the simulated generator amplifies the BLS skew by construction (factor 1.5)
        JsonNode bls = r.path("bls").get(0);
        assertEquals(2021, bls.path("year").asInt());
        assertTrue(bls.path("rows").size() >= 10);
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("SIMULATION - biaslab"), "title says simulation");
        // the simulation declares each image's truth: perceived and declared shares on the same images
        for (JsonNode o : r.path("occupations")) {
            JsonNode same = o.path("truth").path("same");
            long paired = same.path("womanWoman").asLong() + same.path("womanMan").asLong()
                    + same.path("manWoman").asLong() + same.path("manMan").asLong();
            assertTrue(paired > 0 && paired <= o.path("womanAmongDecided").path("n").asLong(), o.toString());
            assertEquals(paired, same.path("agreement").path("n").asLong());
        }
        for (String id : List.of("summary", "truth", "gender", "skin", "bls-2021", "intersections", "validity",
                "gallery", "methods", "limitations", "sample-photos")) {
            assertTrue(html.contains("id=\"" + id + "\""), "section " + id);
        }
        assertTrue(html.split("\\(SIMULATION\\)", -1).length > 10, "every section labelled simulation");
        // the one part that is not simulated says so, and comes after every simulated section
        assertTrue(html.indexOf("<section id=\"sample-photos\">") > html.indexOf("<section id=\"limitations\">"));
        String real = html.substring(html.indexOf("<section id=\"sample-photos\">"));
        assertFalse(real.contains("(SIMULATION)"), "the real-photo section is not labelled simulation");
        assertTrue(real.contains("NOT SIMULATED") && real.contains("perceived gender")
                && real.contains("estimated skin tone"), "real section wording");
        assertEquals(6, real.split("<figure class=\"sample-photo\"", -1).length - 1, "six sample photos");
        JsonNode photos = r.path("samplePhotos").path("photos");
        assertEquals(6, photos.size());
        assertEquals(2, r.path("samplePhotos").path("validity").size());
        assertTrue(html.contains("data:image/jpeg;base64,"), "gallery thumbnails");
        assertTrue(Files.size(out.resolve("index.html")) < 3_000_000, "page size sane");
    }

    @Test
    void sameSeedGivesByteIdenticalResultsAndACompleteRunIsNotRedone() throws Exception {
        List<String> small = List.of("prompts.images_per_prompt=12");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        run(new T2iAuditKind(), quickstart(), a, small);
        run(new T2iAuditKind(), quickstart(), b, small);
        assertTrue(Json.mapper().readTree(a.resolve("results.json").toFile()).path("samplePhotos").path("photos")
                .size() > 0, "the comparison covers the real perception of the sample photos");
        assertArrayEquals(Files.readAllBytes(a.resolve("results.json")), Files.readAllBytes(b.resolve("results.json")));
        assertArrayEquals(Files.readAllBytes(a.resolve("images.csv")), Files.readAllBytes(b.resolve("images.csv")));
        long stamp = Files.getLastModifiedTime(b.resolve("results.json")).toMillis();
        assertEquals(Runner.Outcome.ALREADY_COMPLETE, run(new T2iAuditKind(), quickstart(), b, small));
        assertEquals(stamp, Files.getLastModifiedTime(b.resolve("results.json")).toMillis());
    }

    @Test
    void anInterruptedRunResumesAndEndsWithTheSameResults() throws Exception {
        List<String> small = List.of("prompts.images_per_prompt=10");
        Path fresh = dir.resolve("fresh");
        run(new T2iAuditKind(), quickstart(), fresh, small);

        // a generator whose server dies after 40 images: later requests fail and are recorded as failures
        AtomicInteger served = new AtomicInteger();
        T2iAuditKind flaky = new T2iAuditKind(config -> {
            ImageGenerator real = config.open();
            return request -> {
                if (served.incrementAndGet() > 40) {
                    throw new GenerationException(GenerationException.Kind.CONNECTION, "test", "server went away");
                }
                return real.generate(request);
            };
        });
        Path out = dir.resolve("resumed");
        Exception e = assertThrows(GenerationException.class, () -> run(flaky, quickstart(), out, small));
        assertTrue(e.getMessage().contains("90 of 130 generations failed"), e.getMessage());
        assertFalse(Files.exists(out.resolve("complete.json")));
        String csv = Files.readString(out.resolve("images.csv"));
        assertTrue(csv.contains("server went away"), "failure text recorded per image");
        // the sample photos were perceived with the outputs; the resumed run reuses them
        Path unit = out.resolve("units/" + SamplePhotoGallery.UNIT + ".json");
        long perceivedAt = Files.getLastModifiedTime(unit).toMillis();

        // and a crash (a bug, not a recorded failure) part-way through a second attempt
        AtomicInteger again = new AtomicInteger();
        T2iAuditKind crashing = new T2iAuditKind(config -> {
            ImageGenerator real = config.open();
            return request -> {
                if (again.incrementAndGet() > 30) {
                    throw new IllegalStateException("simulated crash");
                }
                return real.generate(request);
            };
        });
        assertThrows(IllegalStateException.class, () -> run(crashing, quickstart(), out, small));

        assertEquals(Runner.Outcome.RAN, run(new T2iAuditKind(), quickstart(), out, small));
        assertArrayEquals(Files.readAllBytes(fresh.resolve("results.json")),
                Files.readAllBytes(out.resolve("results.json")));
        assertEquals(perceivedAt, Files.getLastModifiedTime(unit).toMillis(), "sample photos not perceived again");
    }

    @Test
    void textFromPromptFilesIsEscapedInTheReport() throws Exception {
        Path lib = dir.resolve("prompts");
        Files.createDirectories(lib.resolve("occupations"));
        Files.createDirectories(lib.resolve("bls"));
        Files.copy(root().resolve("prompts/templates.csv"), lib.resolve("templates.csv"));
        Files.copy(root().resolve("prompts/bls/mapping.csv"), lib.resolve("bls/mapping.csv"));
        Files.copy(root().resolve("prompts/bls/cpsaat11-2021.csv"), lib.resolve("bls/cpsaat11-2021.csv"));
        Files.writeString(lib.resolve("occupations/evil.csv"),
                "id,name,source\nevil,maker <script>alert(1)</script>,test\nnurse,nurse,test\n");
        Files.copy(root().resolve("experiments/simulated-confusion.json"), dir.resolve("simulated-confusion.json"));
        String yaml = Files.readString(quickstart()).replace("lists: [heim]", "lists: [evil]")
                .replace("description: SIMULATION", "description: <script>alert(2)</script> SIMULATION");
        Path exp = dir.resolve("evil.yaml");
        Files.writeString(exp, yaml.replace("../prompts", "prompts")
                .replace("../models/", root().resolve("models").toString() + "/"));
        Path out = dir.resolve("evil-run");
        run(new T2iAuditKind(), exp, out, List.of("prompts.images_per_prompt=5", "reference.bls_years=[]"));
        String html = Files.readString(out.resolve("index.html"));
        assertFalse(org.biaslab.report.BrowserCheck.withoutOwnScript(html).contains("<script>"), "no raw script tag");
        assertTrue(html.contains("maker &lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
        // the comparison with the declared truth names the occupation too, escaped
        String truth = html.substring(html.indexOf("<section id=\"truth\">"));
        assertTrue(truth.substring(0, truth.indexOf("</section>")).contains("maker &lt;script&gt;alert(1)"));
    }

    @Test
    void theReportRendersInABrowser() throws Exception {
        org.biaslab.report.BrowserCheck.chromiumOrSkip();
        Path out = dir.resolve("browser");
        run(new T2iAuditKind(), quickstart(), out, List.of("prompts.images_per_prompt=20"));
        org.biaslab.report.BrowserCheck.assertRendersCleanly(out.resolve("index.html"),
                List.of("findings", "summary", "gender", "skin", "bls-2021", "intersections", "validity", "gallery",
                        "methods", "limitations", "sample-photos"), "t2i-audit-quickstart");
        // the findings lead with the largest gap to the declared truth on the same images, and say so in the page
        var results = org.biaslab.util.Json.mapper().readTree(out.resolve("results.json").toFile());
        String largest = null;
        double gap = -1;
        for (var o : results.get("occupations")) {
            double d = Math.abs(o.get("truth").get("same").get("difference").get("value").asDouble());
            if (d > gap) {
                gap = d;
                largest = o.get("occupationId").asText();
            }
        }
        var first = results.get("findings").get(0);
        if (gap > 0.05) {
            assertEquals("effect", first.get("kind").asText());
            assertEquals(largest, first.get("subject").asText());
            assertEquals("truth", first.get("section").asText());
        }
        String html = Files.readString(out.resolve("index.html"));
        String findings = html.substring(html.indexOf("<section id=\"findings\">"));
        findings = findings.substring(0, findings.indexOf("</section>"));
        assertTrue(findings.contains(org.biaslab.report.Html.escape(first.get("text").asText())), findings);
        assertTrue(html.indexOf("id=\"findings\"") < html.indexOf("id=\"summary\""), "the findings come first");
    }

    @Test
    void specErrorsNameFieldAndValueAllAtOnce() throws Exception {
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(quickstart(), List.of(
                "prompts.templates=[no-such-template]", "perception.faces=biggest", "reference.bls_years=[1999]",
                "perception.model_abstentions=[blurry]", "intervals.confidence=2", "perception.detector=mtcnn"),
                kinds(new T2iAuditKind())));
        String m = e.getMessage();
        assertTrue(m.contains("perception.detector: unknown value 'mtcnn'"), m);
        assertTrue(m.contains("prompts.templates: unknown template 'no-such-template'"), m);
        assertTrue(m.contains("perception.faces: unknown value 'biggest'"), m);
        assertTrue(m.contains("reference.bls_years: no BLS table for year 1999"), m);
        assertTrue(m.contains("perception.model_abstentions: 'blurry'"), m);
        assertTrue(m.contains("intervals.confidence: 2 is out of range"), m);
        assertTrue(e.problems().size() >= 6, m);
        assertTrue(m.contains("quickstart-simulated.yaml:"), "names the file: " + m);

        SpecException f = assertThrows(SpecException.class, () -> Experiment.load(quickstart(), List.of(
                "perception.mode=faceapi"), kinds(new T2iAuditKind())));
        assertTrue(f.getMessage().contains("perception.mode: the simulated generator's pictograms hold no face"),
                f.getMessage());
    }
}
