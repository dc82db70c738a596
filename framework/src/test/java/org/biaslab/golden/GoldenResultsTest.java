package org.biaslab.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.biaslab.cli.CliRun;
import org.biaslab.engine.CpuInfo;
import org.biaslab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost in a redesign: each experiment kind, run on inputs stored under
 * {@code src/test/resources/org/biaslab/golden/<kind>/}, writes a {@code results.json} byte-identical to
 * the {@code expected-results.json} stored beside them, which was written by the code before the
 * stage redesign (issue 13).
 *
 * <p>t2i-audit (simulated generator and perception) and caption-bias (linear leakage classifier) are
 * plain Java doubles and compared on every CPU. debias trains small PyTorch models, whose float
 * results may differ in the last bits between processor models even with oneDNN capped at AVX2; it
 * is compared byte for byte only on the processor (model name and SIMD flags) its expected file was recorded on
 * ({@code expected-cpu.txt}) and skipped, saying so, elsewhere.
 *
 * <p>To re-record after an intended change of results: {@code mvn -o verify -pl framework
 * -Dtest=GoldenResultsTest -Dbiaslab.golden.record=true}, then review the diff.
 */
class GoldenResultsTest {
    static final Path ROOT = Path.of(System.getProperty("biaslab.root", "..")).toAbsolutePath().normalize();
    static final Path FIXTURES = ROOT.resolve("framework/src/test/resources/org/biaslab/golden");
    static final boolean RECORD = Boolean.getBoolean("biaslab.golden.record");

    @TempDir
    Path tmp;

    @Test
    void t2iAuditResultsAreUnchanged() throws Exception {
        check("t2i-audit");
    }

    @Test
    void captionBiasResultsAreUnchanged() throws Exception {
        check("caption-bias");
    }

    @Test
    void debiasResultsAreUnchangedOnTheRecordingCpu() throws Exception {
        Path cpuFile = FIXTURES.resolve("debias/expected-cpu.txt");
        CpuInfo info = CpuInfo.current();
        String cpu = info.model() + " " + info.isaFlags();
        if (!RECORD) {
            String recorded = Files.readString(cpuFile, StandardCharsets.UTF_8).strip();
            assumeTrue(recorded.equals(cpu), "debias golden recorded on '" + recorded + "', this is '" + cpu
                    + "': PyTorch float results may differ in the last bits between processor models");
        }
        check("debias");
        if (RECORD) {
            Files.writeString(cpuFile, cpu + "\n", StandardCharsets.UTF_8);
        }
    }

    private void check(String kind) throws Exception {
        Path src = FIXTURES.resolve(kind);
        Path work = tmp.resolve(kind);
        copyTree(src, work);
        Path out = tmp.resolve("out-" + kind);
        CliRun.Result r = CliRun.run("run", work.resolve("experiment.yaml").toString(), "--out", out.toString(),
                "--threads", "2");
        assertEquals(0, r.code(), r.err() + r.out());
        byte[] actual = Files.readAllBytes(out.resolve("results.json"));
        Path expected = src.resolve("expected-results.json");
        if (RECORD) {
            Files.write(expected, actual);
            return;
        }
        String want = Files.readString(expected, StandardCharsets.UTF_8);
        String got = new String(actual, StandardCharsets.UTF_8);
        if (!want.equals(got)) {
            // the first differing line, for the failure message
            String[] a = want.split("\n", -1);
            String[] b = got.split("\n", -1);
            int i = 0;
            while (i < Math.min(a.length, b.length) && a[i].equals(b[i])) i++;
            assertEquals(i < a.length ? a[i] : "<end>", i < b.length ? b[i] : "<end>",
                    kind + " results.json differs from " + expected + " at line " + (i + 1));
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!p.getFileName().toString().startsWith("expected-")) {
                    Files.copy(p, t);
                }
            }
        }
    }

    /** Writes the stored inputs of caption-bias and debias (run once, by hand; kept for the record). */
    public static void main(String[] args) throws IOException {
        writeCaptionBias(FIXTURES.resolve("caption-bias"));
        writeDebias(FIXTURES.resolve("debias"));
    }

    static void writeCaptionBias(Path d) throws IOException {
        String[] fc = {"kitchen", "umbrella", "handbag"};
        String[] mc = {"skateboard", "truck", "baseball"};
        String[] neutral = {"table", "street", "park", "dog", "field", "room"};
        Random rng = new Random(1);
        StringBuilder labels = new StringBuilder();
        StringBuilder model = new StringBuilder();
        for (int i = 0; i < 240; i++) {
            boolean female = i % 3 == 0;
            List<String> human = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                String cue = rng.nextDouble() < 0.3 ? pick(rng, female ? fc : mc) : pick(rng, neutral);
                human.add("A " + (female ? "woman" : "man") + " near a " + cue + " in the " + pick(rng, neutral) + ".");
            }
            labels.append(Json.mapper().writeValueAsString(Map.of("img_id", 1000 + i, "gender",
                    female ? "Female" : "Male", "bb_skin", "Light", "human_captions", human))).append('\n');
            String cue = rng.nextDouble() < 0.9 ? pick(rng, female ? fc : mc) : pick(rng, neutral);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("image_id", 1000 + i);
            e.put("caption", "a " + (female ? "woman" : "man") + " with a " + cue);
            model.append(Json.mapper().writeValueAsString(e)).append('\n');
        }
        Files.createDirectories(d);
        Files.writeString(d.resolve("labels.jsonl"), labels);
        Files.writeString(d.resolve("model.jsonl"), model);
    }

    static void writeDebias(Path d) throws IOException {
        List<String> maleObjects = List.of("skateboard", "surfboard", "truck", "tie", "bat", "hammer");
        List<String> femaleObjects = List.of("umbrella", "purse", "cake", "dress", "flowers", "kitten");
        Random random = new Random(7);
        Map<String, List<String>> all = new LinkedHashMap<>();
        StringBuilder labels = new StringBuilder();
        StringBuilder model = new StringBuilder();
        for (int img = 1; img <= 700; img++) {
            boolean female = random.nextBoolean();
            List<String> caps = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                caps.add(caption(female, random, maleObjects, femaleObjects));
            }
            all.put(Long.toString(img), caps);
            if (img > 600) {
                labels.append(Json.mapper().writeValueAsString(Map.of("img_id", img, "gender",
                        female ? "Female" : "Male", "human_captions", caps))).append('\n');
                boolean wrong = random.nextDouble() < 0.2;
                model.append(Json.mapper().writeValueAsString(Map.of("image_id", img, "caption",
                        caption(female != wrong, random, maleObjects, femaleObjects)))).append('\n');
            }
        }
        Files.createDirectories(d);
        Files.writeString(d.resolve("captions.json"), Json.mapper().writeValueAsString(all));
        Files.writeString(d.resolve("gender_set.jsonl"), labels);
        Files.writeString(d.resolve("model.jsonl"), model);
    }

    static String caption(boolean female, Random random, List<String> male, List<String> fem) {
        String g = female ? List.of("woman", "girl", "lady").get(random.nextInt(3))
                : List.of("man", "boy", "guy").get(random.nextInt(3));
        boolean stereo = random.nextDouble() < 0.85;
        List<String> objects = female == stereo ? fem : male;
        String o = objects.get(random.nextInt(objects.size()));
        return switch (random.nextInt(3)) {
            case 0 -> "A " + g + " holding a " + o + " near the table.";
            case 1 -> "The " + g + " is carrying a " + o + ".";
            default -> "A " + g + " with " + (female ? "her " : "his ") + o + " in a park.";
        };
    }

    private static String pick(Random rng, String[] xs) {
        return xs[rng.nextInt(xs.length)];
    }
}
