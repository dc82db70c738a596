package org.biaslab.captioner.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.CaptionerConfig;
import org.biaslab.captioner.Captioners;
import org.biaslab.cli.CliRun;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.ImageFormat;
import org.biaslab.golden.GoldenFixtures;
import org.biaslab.spec.SpecDocument;
import org.biaslab.spec.SpecProblem;
import org.biaslab.util.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCaptionerTest {
    static final Path ROOT = Path.of(System.getProperty("biaslab.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private CaptionerConfig read(String yaml, List<String> problems) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        SpecDocument doc = SpecDocument.parse(f, yaml, List.of());
        CaptionerConfig c = Captioners.read(doc.root(), 1);
        problems.addAll(doc.problems().stream().map(SpecProblem::toString).toList());
        return c;
    }

    private static CaptionRequest request(String sha, String file) {
        return new CaptionRequest(sha, new byte[] {1}, ImageFormat.PNG, "p", 0, 1,
                "{\"file\": \"" + file + "\", \"attributes\": {\"caption\": \"a nurse at work\"}}");
    }

    @Test
    void aJsonlFileKeyedByFileServesItsCaptionsAndNamesWhatIsMissing() throws Exception {
        Files.writeString(dir.resolve("caps.jsonl"), "{\"file\": \"a.png\", \"caption\": \" a woman with a laptop \"}\n"
                + "\n{\"file\": \"b.png\", \"caption\": \"<script>alert(1)</script>\"}\n");
        List<String> problems = new java.util.ArrayList<>();
        CaptionerConfig c = read("type: folder\nfile: caps.jsonl\nmodel: blip2\n", problems);
        assertEquals(List.of(), problems);
        assertTrue(c.id().startsWith("folder/file="), c.id());
        try (Captioner cap = c.open()) {
            assertEquals("a woman with a laptop", cap.caption(request("a".repeat(64), "a.png")).text());
            assertEquals("blip2", cap.caption(request("a".repeat(64), "a.png")).model());
            GenerationException e = assertThrows(GenerationException.class,
                    () -> cap.caption(request("c".repeat(64), "zzz.png")));
            assertTrue(e.getMessage().contains("caps.jsonl") && e.getMessage().contains("zzz.png"), e.getMessage());
            assertEquals(GenerationException.Kind.CONFIGURATION, e.kind());
        }
    }

    @Test
    void aCsvFileKeyedBySha256AndAManifestColumn() throws Exception {
        String sha = "ab".repeat(32);
        Files.writeString(dir.resolve("caps.csv"), "sha256,caption\n" + sha + ",\"a man, smiling\"\n");
        List<String> problems = new java.util.ArrayList<>();
        try (Captioner cap = read("type: folder\nfile: caps.csv\nkey: sha256\n", problems).open()) {
            assertEquals("a man, smiling", cap.caption(request(sha, "x.png")).text());
        }
        try (Captioner cap = read("type: folder\ncolumn: Caption\n", problems).open()) {
            assertEquals("a nurse at work", cap.caption(request(sha, "x.png")).text());
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void badCaptionFilesAreErrorsNamingFileAndLine() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"{\"file\": \"a.png\", \"caption\": \"x\"}\n{\"file\": \"a.png\", \"caption\": \"y\"}\n",
                        ":2: repeats key 'a.png' of line 1"},
                new String[] {"{\"file\": \"a.png\", \"caption\": \"  \"}\n", ":1: has an empty caption"},
                new String[] {"{\"file\": \"a.png\", \"caption\": \"x\"}\n{\"file\": \n", ":2: is not JSON"},
                new String[] {"[1, 2]\n", ":1: must be an object"},
                new String[] {"\n", "holds no captions"});
        for (String[] c : cases) {
            Files.writeString(dir.resolve("bad.jsonl"), c[0]);
            List<String> problems = new java.util.ArrayList<>();
            CaptionerConfig cfg = read("type: folder\nfile: bad.jsonl\n", problems);
            GenerationException e = assertThrows(GenerationException.class, cfg::open, c[1]);
            assertTrue(e.getMessage().contains("bad.jsonl") && e.getMessage().contains(c[1]), e.getMessage());
        }
        Files.write(dir.resolve("latin1.jsonl"), "{\"file\": \"a\", \"caption\": \"caf\u00e9\"}".getBytes(
                StandardCharsets.ISO_8859_1));
        GenerationException e = assertThrows(GenerationException.class,
                () -> read("type: folder\nfile: latin1.jsonl\n", new java.util.ArrayList<>()).open());
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void badSectionsAreProblems() throws Exception {
        List<String> problems = new java.util.ArrayList<>();
        assertNull(read("type: folder\n", problems));
        assertTrue(problems.toString().contains("exactly one of 'column'"), problems.toString());
        problems.clear();
        Files.writeString(dir.resolve("c.txt"), "x");
        read("type: folder\nfile: c.txt\nkey: name\n", problems);
        String all = problems.stream().collect(Collectors.joining("\n"));
        assertTrue(all.contains("must end in .jsonl or .csv") && all.contains("key"), all);
    }

    /**
     * The must-show run: the 300 Stable Diffusion images of ../shared/data/t2i-sd-annotated with real
     * perception and captions from a file this test writes: each caption states the annotators'
     * majority (woman, man, or "person" for Pass) and a context word that follows it. Against the
     * reference labels the caption-gender error is then exactly 0; the context words' skew follows.
     */
    @Test
    void sdAnnotatedImagesWithFolderCaptionsPassEndToEndWithRealPerception() throws Exception {
        Path data = ROOT.resolve("../shared/data/t2i-sd-annotated").normalize();
        Assumptions.assumeTrue(Files.isDirectory(data), "../shared/data absent: skipping the sd-annotated captions test");
        List<String> lines = Files.readAllLines(data.resolve("labels.csv"));
        StringBuilder caps = new StringBuilder();
        int women = 0;
        int men = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            String file = f[0];
            String label = f[7];
            String person = label.equals("Female") ? "woman" : label.equals("Male") ? "man" : "person";
            String context = label.equals("Female") ? "umbrella" : label.equals("Male") ? "skateboard" : "bench";
            women += label.equals("Female") ? 1 : 0;
            men += label.equals("Male") ? 1 : 0;
            caps.append(Json.mapper().writeValueAsString(java.util.Map.of("file", file, "caption",
                    "a " + person + " standing near a " + context))).append('\n');
        }
        Files.writeString(dir.resolve("captions.jsonl"), caps);
        // the shipped spec without its alternative perceivers and object stage (this test is about captions;
        // SdAnnotatedSharedDataTest runs the whole spec): one perception pass over the 300 images
        String shipped = Files.readString(ROOT.resolve("experiments/sd-annotated-dev.yaml"));
        int from = shipped.indexOf("  alternatives:");
        int to = shipped.indexOf("\ntruth:");
        assertTrue(from > 0 && to > from, "sd-annotated-dev.yaml: perception.alternatives comes before truth:");
        String spec = (shipped.substring(0, from) + shipped.substring(to + 1))
                .replace("library: ../prompts", "library: " + ROOT.resolve("prompts"))
                .replace("manifest: ../../shared/data/t2i-sd-annotated/labels.csv", "manifest: " + data.resolve("labels.csv"))
                .replace("resamples: 1000", "resamples: 200")
                + "captioner:\n  type: folder\n  file: captions.jsonl\n  model: written by the test\n"
                + "caption_word_min_count: 5\n";
        Files.writeString(dir.resolve("sd.yaml"), spec);
        Path out = dir.resolve("run");
        CliRun.Result r = CliRun.run("run", dir.resolve("sd.yaml").toString(), "--out", out.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode c = Json.mapper().readTree(out.resolve("results.json").toFile()).path("captions");
        JsonNode counts = Json.mapper().readTree(out.resolve("results.json").toFile()).path("counts");
        assertEquals(counts.path("ok").asInt(), c.path("images").asInt());
        assertEquals(c.path("images").asInt(), c.path("captioned").asInt(), "every ok image has a caption");
        JsonNode ref = c.path("reference");
        assertEquals(0, ref.path("error").path("overall").path("wrong").asInt(), "captions state the reference label");
        assertEquals(ref.path("women").path("images").asInt(), ref.path("women").path("female").asInt());
        assertTrue(ref.path("women").path("images").asInt() <= women && ref.path("men").path("images").asInt() <= men);
        // perception disagrees with the annotators on some images: the error against perceived gender is > 0
        assertTrue(c.path("perceived").path("error").path("overall").path("wrong").asInt() > 0, c.path("perceived")
                .path("error").toString());
        JsonNode top = ref.path("words").get(0);
        assertTrue(List.of("umbrella", "skateboard").contains(top.path("word").asText()), top.toString());
        assertEquals(1.0, ref.path("women").path("images").asInt() == 0 ? 1.0
                : findWord(ref, "umbrella").path("rateWoman").path("value").asDouble(), 1e-12);
        assertTrue(Files.readString(out.resolve("index.html")).contains("<section id=\"captions\">"));
    }

    private static JsonNode findWord(JsonNode result, String word) {
        for (JsonNode w : result.path("words")) {
            if (w.path("word").asText().equals(word)) return w;
        }
        throw new AssertionError(word + " not reported");
    }
}
