package org.biaslab.experiment.captionbias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import net.razorvine.pickle.Pickler;
import org.biaslab.cli.Main;
import org.biaslab.util.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a small synthetic study whose truth is known: model captions carry a strong
 * gender cue in their non-gender words, human captions a weak one, so LIC_M must exceed LIC_D.
 */
class CaptionBiasKindTest {
    @TempDir
    Path dir;

    private static final String[] FEMALE_CUES = {"kitchen", "umbrella", "handbag"};
    private static final String[] MALE_CUES = {"skateboard", "truck", "baseball"};
    private static final String[] NEUTRAL = {"table", "street", "park", "dog", "field", "room"};

    @BeforeEach
    void data() throws Exception {
        Random rng = new Random(1);
        StringBuilder labels = new StringBuilder();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            boolean female = i % 3 == 0;
            List<String> human = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                // weak cue: 30% of human captions hold a cue word of the annotated gender
                String cue = rng.nextDouble() < 0.3 ? pick(rng, female ? FEMALE_CUES : MALE_CUES) : pick(rng, NEUTRAL);
                human.add("A " + (female ? "woman" : "man") + " near a " + cue + " in the " + pick(rng, NEUTRAL) + ".");
            }
            labels.append(Json.mapper().writeValueAsString(Map.of("img_id", 1000 + i, "gender", female ? "Female" : "Male",
                    "bb_skin", "Light", "human_captions", human))).append('\n');
            // strong cue: 90% of model captions
            String cue = rng.nextDouble() < 0.9 ? pick(rng, female ? FEMALE_CUES : MALE_CUES) : pick(rng, NEUTRAL);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("img_id", 1000 + i);
            e.put("pred", "a " + (female ? "woman" : "man") + " with a " + cue);
            e.put("bb_gender", female ? "Female" : "Male");
            entries.add(e);
        }
        Files.writeString(dir.resolve("labels.jsonl"), labels.toString());
        Files.write(dir.resolve("model.pkl"), new Pickler().dumps(entries));
        Files.writeString(dir.resolve("exp.yaml"), String.join("\n",
                "name: synthetic",
                "kind: caption-bias",
                "description: synthetic study",
                "seed: 7",
                "seeds: 3",
                "attributes:",
                "  gender:",
                "    labels: labels.jsonl",
                "classifiers:",
                "  - type: linear",
                "models:",
                "  - name: \"<script>alert(1)</script>\"",
                "    captions:",
                "      gender: {file: model.pkl, format: lic-pickle}",
                "cooccurrence:",
                "  min_count: 2",
                ""));
    }

    private static String pick(Random rng, String[] xs) {
        return xs[rng.nextInt(xs.length)];
    }

    private int run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", dir.resolve("exp.yaml").toString(), "--out", out.toString(),
                "--threads", "2"));
        args.addAll(List.of(extra));
        return Main.execute(args.toArray(new String[0]));
    }

    /**
     * The LSTM classifier through the CLI: LIC units run on worker threads, where PyTorch starts with
     * grad mode on (this failed with "a view of a leaf Variable that requires grad is being used in an
     * in-place operation" while the trainer's own tests, on the main thread, passed), and the progress
     * lines say each epoch's rate and the time left.
     */
    @Test
    void theLstmClassifierRunsOnWorkerThreadsAndReportsProgress() throws Exception {
        Path out = dir.resolve("out-lstm");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        int code;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            code = run(out, "--set", "seeds=1", "--set", "protocols=[paired]", "--set",
                    "classifiers=[{type: lstm, seeds: 1, epochs: 2, embedding: 8, hidden: 8, batch: 32}]");
        } finally {
            System.setErr(old);
        }
        String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, code, log);
        assertTrue(log.contains("training epoch 2/2") && log.contains("sequences/s"), log);
        assertTrue(log.contains("1 of 1 units of this run done"), log);
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertEquals("lstm", r.path("lic").path(0).path("classifier").asText());
        assertTrue(r.path("lic").path(0).path("lic").path("value").isNumber(), r.path("lic").toString());
    }

    @Test
    void measuresKnownLeakageAndWritesEveryOutput() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, run(out));
        for (String f : List.of("results.json", "provenance.json", "spec.resolved.yaml", "experiment.yaml",
                "lic_table.csv", "lic_seeds.csv", "cooccurrence_words.csv", "caption_gender_error.csv", "index.html",
                "complete.json", "charts/lic_gender_linear.svg", "charts/lic_gender_linear.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), "missing " + f);
        }
        assertEquals("caption-bias", org.biaslab.util.ResultsSchemas.assertValid(out.resolve("results.json")));
        JsonNode results = Json.mapper().readTree(out.resolve("results.json").toFile());
        assertEquals(2, results.path("lic").size());
        for (JsonNode row : results.path("lic")) {
            double licM = row.path("licM").path("value").asDouble();
            double licD = row.path("licD").path("value").asDouble();
            assertTrue(licM > licD + 5, row.path("protocol") + ": LIC_M " + licM + " should exceed LIC_D " + licD);
            assertEquals(3, row.path("licM").path("n").asInt());
            assertTrue(row.path("lic").path("lower").asDouble() <= row.path("lic").path("value").asDouble());
        }
        String html = Files.readString(out.resolve("index.html"));
        assertFalse(html.contains("<script>alert(1)</script>"), "model name must be escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        JsonNode prov = Json.mapper().readTree(out.resolve("provenance.json").toFile());
        assertEquals(7, prov.path("seed").asInt());
        assertEquals(2, prov.path("inputs").size());
    }

    @Test
    void theReportRendersInABrowserFromDiskWithoutErrors() throws Exception {
        org.biaslab.report.BrowserCheck.chromiumOrSkip();
        Path out = dir.resolve("out");
        assertEquals(0, run(out));
        org.biaslab.report.BrowserCheck.assertRendersCleanly(out.resolve("index.html"),
                List.of("findings", "lic-gender", "captions", "methods", "limitations"), "caption-bias-synthetic");
    }

    /**
     * An LSTM run killed inside a unit, after epoch 1 of the unit's fourth training (of six: five human
     * caption indexes, the paired model side), resumes there: the log says so, only the epochs left
     * are trained, the results are byte for byte the uninterrupted run's, and the unit's checkpoint
     * folder is deleted once the unit is stored.
     */
    @Test
    void anLstmRunKilledInsideAUnitResumesAfterItsLastEpochWithTheSameResults() throws Exception {
        String[] lstm = {"--set", "seeds=1", "--set", "protocols=[paired]", "--set",
                "classifiers=[{type: lstm, seeds: 1, epochs: 2, embedding: 8, hidden: 8, batch: 32}]"};
        String unitDir = "units/gender/_script_alert_1___script_-5c140d35/lstm/seed-0";
        Path whole = dir.resolve("whole");
        String wholeLog = stderrOf(() -> assertEquals(0, run(whole, lstm)));
        assertEquals(12, count(wholeLog, "training epoch "), wholeLog);
        assertTrue(Files.isRegularFile(whole.resolve(unitDir + ".json")));
        assertFalse(Files.exists(whole.resolve(unitDir + ".partial")), "deleted once the unit is stored");

        Path cut = dir.resolve("cut");
        // the log stream "kills" the run at the 7th epoch line, written after that epoch's checkpoint
        ByteArrayOutputStream killedLog = new ByteArrayOutputStream();
        java.io.OutputStream dying = new java.io.OutputStream() {
            private boolean died;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                killedLog.write(b, off, len);
                if (!died && count(killedLog.toString(StandardCharsets.UTF_8), "training epoch ") == 7) {
                    died = true;
                    throw new IllegalStateException("simulated kill");
                }
            }
        };
        PrintStream old = System.err;
        System.setErr(new PrintStream(dying, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = run(cut, lstm);
        } finally {
            System.setErr(old);
        }
        String killed = killedLog.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, killed);
        assertTrue(killed.contains("simulated kill"), killed);
        Path partial = cut.resolve(unitDir + ".partial");
        assertTrue(Files.isRegularFile(partial.resolve("trainings.json")), killed);
        assertTrue(Files.isRegularFile(partial.resolve("training-4.ckpt")), killed);
        assertFalse(Files.exists(partial.resolve("training-3.ckpt")), "a finished training's checkpoint is deleted");

        String resumed = stderrOf(() -> assertEquals(0, run(cut, lstm)));
        assertTrue(resumed.contains("resuming gender <script>alert(1)</script> lstm seed 0 training 4 of 6 from "
                + "epoch 1 of 2 (the last finished one, checkpoint " + partial.resolve("training-4.ckpt") + ")"),
                resumed);
        assertEquals(5, count(resumed, "training epoch "), "epoch 2 of training 4, then trainings 5 and 6: " + resumed);
        assertFalse(resumed.contains("ignoring"), resumed);
        assertArrayEquals(Files.readAllBytes(whole.resolve("results.json")), Files.readAllBytes(cut.resolve("results.json")));
        assertFalse(Files.exists(partial), "deleted once the unit is stored");
    }

    /**
     * A run that adds a classifier to a finished one reuses its units: the new folder is prepared
     * (spec only), the first run's LSTM unit is copied in, and the run trains only the added linear
     * classifier; its LSTM rows are the first run's, and the report shows both classifiers side by
     * side with escaped names.
     */
    @Test
    void anAddedClassifierReusesCopiedUnitsAndTheReportShowsBothSideBySide() throws Exception {
        String lstm = "{type: lstm, seeds: 1, epochs: 2, embedding: 8, hidden: 8, batch: 32}";
        String[] common = {"--set", "protocols=[paired]"};
        Path first = dir.resolve("lstm-only");
        String[] lstmOnly = {"--set", "classifiers=[" + lstm + "]", common[0], common[1]};
        assertEquals(0, run(first, lstmOnly));

        Path both = dir.resolve("both");
        String[] two = {"--set", "classifiers=[" + lstm + ", {name: \"lin<&>\", type: linear}]", common[0],
                common[1]};
        List<String> prepare = new ArrayList<>(List.of("run", dir.resolve("exp.yaml").toString(), "--out",
                both.toString(), "--prepare-only"));
        prepare.addAll(List.of(two));
        assertEquals(0, Main.execute(prepare.toArray(new String[0])));
        assertTrue(Files.isRegularFile(both.resolve("spec.resolved.yaml")));
        try (java.util.stream.Stream<Path> units = Files.list(both.resolve("units"))) {
            assertEquals(0, units.count(), "nothing run; units/ is made empty, ready for the copies");
        }
        String model = "_script_alert_1___script_-5c140d35";
        Path to = both.resolve("units/gender/" + model + "/lstm");
        Files.createDirectories(to);
        Files.copy(first.resolve("units/gender/" + model + "/lstm/seed-0.json"), to.resolve("seed-0.json"));

        String log = stderrOf(() -> assertEquals(0, run(both, two)));
        assertTrue(log.contains("lstm classifier: 1 of 1 units already finished"), log);
        assertEquals(0, count(log, "training epoch "), "the LSTM unit is reused, not trained: " + log);
        assertTrue(log.contains("3 of 3 units of this run done"), "the linear units run: " + log);
        assertEquals("caption-bias", org.biaslab.util.ResultsSchemas.assertValid(both.resolve("results.json")));

        JsonNode a = Json.mapper().readTree(first.resolve("results.json").toFile());
        JsonNode b = Json.mapper().readTree(both.resolve("results.json").toFile());
        assertEquals(a.path("lic").path(0), b.path("lic").path(0), "the LSTM row is the first run's");
        assertEquals("lin<&>", b.path("lic").path(1).path("classifier").asText());
        JsonNode sensitivity = null;
        for (JsonNode f : b.path("findings")) {
            if (f.path("section").asText().equals("lic-gender-classifiers")) {
                sensitivity = f;
            }
        }
        assertTrue(sensitivity != null && sensitivity.path("text").asText().startsWith("perceived gender, paired "
                + "protocol: with the lstm classifier (a single seed: no interval, LIC's sign only) LIC "), 
                b.path("findings").toString());

        String html = Files.readString(both.resolve("index.html"));
        assertFalse(html.contains("lin<&>"), "classifier names are escaped");
        String side = html.substring(html.indexOf("id=\"lic-gender-classifiers\""));
        assertTrue(side.contains("<caption>paired protocol, lstm 1 seed(s), lin&lt;&amp;&gt; 3 seed(s)</caption>"),
                side);
        assertTrue(side.contains(">lin&lt;&amp;&gt;: LIC_D</th>"), side);
        assertTrue(side.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), side);
        assertTrue(side.contains("LIC_D (human captions) by classifier: lstm "), side);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void sameSpecAndSeedGiveByteIdenticalStatisticsAndResumeLosesNothing() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, run(a));
        assertEquals(0, run(b));
        byte[] first = Files.readAllBytes(a.resolve("results.json"));
        assertArrayEquals(first, Files.readAllBytes(b.resolve("results.json")));
        assertArrayEquals(Files.readAllBytes(a.resolve("lic_seeds.csv")), Files.readAllBytes(b.resolve("lic_seeds.csv")));

        // an interrupted run: some units done, no results yet
        Files.delete(b.resolve("complete.json"));
        Files.delete(b.resolve("results.json"));
        Files.delete(b.resolve("index.html"));
        Files.delete(b.resolve("units/gender/_script_alert_1___script_-5c140d35/linear/seed-1.json"));
        assertEquals(0, run(b));
        assertArrayEquals(first, Files.readAllBytes(b.resolve("results.json")));

        // a complete run is not redone
        long stamp = Files.getLastModifiedTime(b.resolve("results.json")).toMillis();
        assertEquals(0, run(b));
        assertEquals(stamp, Files.getLastModifiedTime(b.resolve("results.json")).toMillis());

        // a different spec in the same folder is refused, not mixed
        assertEquals(1, run(b, "--set", "seeds=2"));
    }

    @Test
    void captionsForUnknownImagesAreAClearErrorNamingTheFile() throws Exception {
        List<Map<String, Object>> entries = List.of(Map.of("img_id", 99999, "pred", "a man"));
        Files.write(dir.resolve("model.pkl"), new Pickler().dumps(entries));
        String err = stderrOf(() -> assertEquals(1, run(dir.resolve("x"))));
        assertTrue(err.contains("model.pkl"), err);
        assertTrue(err.contains("not in labels.jsonl"), err);
        assertFalse(Files.exists(dir.resolve("x/results.json")));
    }

    @Test
    void aPickleOfTheWrongShapeIsAClearError() throws Exception {
        Files.write(dir.resolve("model.pkl"), new Pickler().dumps(Map.of("img_id", 1)));
        String err = stderrOf(() -> assertEquals(1, run(dir.resolve("y"))));
        assertTrue(err.contains("model.pkl: expected a pickled list of caption entries, found a dict"), err);
    }

    @Test
    void anEmptyClassIsAClearError() throws Exception {
        String onlyMen = Files.readString(dir.resolve("labels.jsonl")).replace("\"Female\"", "\"Male\"");
        Files.writeString(dir.resolve("labels.jsonl"), onlyMen);
        String err = stderrOf(() -> assertEquals(1, run(dir.resolve("z"), "--set", "cooccurrence.enabled=false")));
        assertTrue(err.contains("class 1 is empty"), err);
        assertTrue(err.contains("labels.jsonl"), err);
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
