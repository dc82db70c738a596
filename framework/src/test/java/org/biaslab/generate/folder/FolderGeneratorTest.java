package org.biaslab.generate.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.biaslab.generate.BlankImageException;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.Generators;
import org.biaslab.generate.ImageFormat;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.generate.TestImages;
import org.biaslab.spec.SpecDocument;
import org.biaslab.spec.SpecProblem;
import org.biaslab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderGeneratorTest {
    @TempDir
    Path dir;

    private void image(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    @Test
    void csvManifestWithQuotingServesItsImages() throws Exception {
        image("img/a.png", TestImages.noisyPng(20, 10, 1));
        image("img/b.jpg", TestImages.noisyJpeg(16, 16, 2));
        image("img/c.png", TestImages.noisyPng(8, 8, 3));
        Path manifest = dir.resolve("manifest.csv");
        Files.writeString(manifest, "\uFEFFfile,prompt,occupation,seed,template,extra_note\r\n"
                + "img/a.png,\"a photo of a nurse, smiling\",nurse,42,\"a photo of a {occupation}, smiling\",x\r\n"
                + "img/b.jpg,\"a photo of a nurse, smiling\",nurse,,\"a photo of a {occupation}, smiling\",\"said \"\"hi\"\"\"\r\n"
                + "img/c.png,\"a CEO\nat work\",chief executive,7,,\r\n");
        ImageManifest m = ImageManifest.read(manifest);
        assertEquals(3, m.entries().size());
        ManifestEntry second = m.entries().get(1);
        assertEquals(3, second.line());
        assertEquals(1, second.sampleIndex(), "numbered per prompt in file order");
        assertTrue(second.seed().isEmpty());
        assertEquals("said \"hi\"", second.attributes().get("extra_note"));
        ManifestEntry third = m.entries().get(2);
        assertEquals(4, third.line());
        assertEquals("a CEO\nat work", third.prompt());
        assertEquals(0, third.sampleIndex());

        try (ImageGenerator g = new FolderGenerator(m, Optional.of("sdxl-1.0 (imported)"))) {
            GeneratedImage a = g.generate(GenerationRequest.of("nurse/t0", "a photo of a nurse, smiling", 42, 0, 512, 512));
            assertEquals(Files.readAllBytes(dir.resolve("img/a.png")).length, a.bytes().length);
            assertEquals(20, a.width());
            assertEquals(10, a.height());
            assertEquals(42, a.seed().getAsLong());
            assertTrue(a.seedHonoured());
            assertEquals("sdxl-1.0 (imported)", a.model());
            JsonNode info = Json.mapper().readTree(a.serverInfo());
            assertEquals("img/a.png", info.get("file").asText());
            assertEquals(2, info.get("manifest_line").asInt());
            assertEquals("nurse", info.get("occupation").asText());

            GeneratedImage b = g.generate(GenerationRequest.of("nurse/t0", "a photo of a nurse, smiling", 42, 1, 16, 16));
            assertEquals(ImageFormat.JPEG, b.format());
            assertTrue(b.seed().isEmpty());
            assertFalse(b.seedHonoured());

            GeneratedImage c = g.generate(GenerationRequest.of("ceo/t0", "a CEO\nat work", 99, 0, 8, 8));
            assertFalse(c.seedHonoured(), "the manifest's seed 7 is not the requested 99");
            assertEquals(7, c.seed().getAsLong());

            GenerationException missing = assertThrows(GenerationException.class,
                    () -> g.generate(GenerationRequest.of("nurse/t0", "a photo of a nurse, smiling", 1, 5, 8, 8)));
            assertEquals(GenerationException.Kind.CONFIGURATION, missing.kind());
            assertTrue(missing.getMessage().contains("no row for prompt 'a photo of a nurse, smiling' sample 5"),
                    missing.getMessage());
        }
    }

    @Test
    void jsonlManifestWithExplicitIndicesAndPerRowModels() throws Exception {
        image("x.png", TestImages.noisyPng(8, 8, 4));
        image("y.png", TestImages.flatPng(8, 8, 0x000000));
        Path manifest = dir.resolve("m.jsonl");
        Files.writeString(manifest, "{\"file\":\"x.png\",\"prompt\":\"a pilot\",\"occupation\":\"pilot\",\"seed\":5,"
                + "\"sample_index\":3,\"model\":\"dall-e-2\"}\n\n"
                + "{\"file\":\"y.png\",\"prompt\":\"a pilot\",\"occupation\":\"pilot\",\"seed\":null,"
                + "\"sample_index\":0,\"model\":\"dall-e-2\"}\n");
        ImageManifest m = ImageManifest.read(manifest);
        assertEquals(List.of(3, 0), m.entries().stream().map(ManifestEntry::sampleIndex).toList());
        assertEquals(List.of(1, 3), m.entries().stream().map(ManifestEntry::line).toList());
        try (ImageGenerator g = new FolderGenerator(m, Optional.empty())) {
            assertEquals("dall-e-2", g.generate(GenerationRequest.of("p", "a pilot", 5, 3, 8, 8)).model());
            BlankImageException blank = assertThrows(BlankImageException.class,
                    () -> g.generate(GenerationRequest.of("p", "a pilot", 5, 0, 8, 8)));
            assertTrue(blank.getMessage().contains("m.jsonl:3 (y.png)"), blank.getMessage());
            assertEquals(8, blank.image().width());
        }
    }

    @Test
    void everyBadRowIsReportedWithFileLineAndField() throws Exception {
        image("ok.png", TestImages.noisyPng(4, 4, 1));
        image("text.png", "not an image".getBytes());
        Path manifest = dir.resolve("bad.csv");
        Files.writeString(manifest, String.join("\n",
                "file,prompt,occupation,seed",
                "ok.png,a nurse,nurse,12",
                "missing.png,a nurse,nurse,13",
                "text.png,a nurse,nurse,abc",
                ",a nurse,,-4",
                "ok.png,a judge,judge,1",
                "ok.png,too,many,fields,here",
                ""));
        ManifestException e = assertThrows(ManifestException.class, () -> ImageManifest.read(manifest));
        String all = e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("\n"));
        assertTrue(all.contains("bad.csv:3: file: image 'missing.png' not found"), all);
        assertTrue(all.contains("bad.csv:4: file: 'text.png' is not a PNG or JPEG image"), all);
        assertTrue(all.contains("bad.csv:4: seed: 'abc' is not an integer"), all);
        assertTrue(all.contains("bad.csv:5: file: must not be empty"), all);
        assertTrue(all.contains("bad.csv:5: occupation: must not be empty"), all);
        assertTrue(all.contains("bad.csv:5: seed: '-4' is negative"), all);
        assertTrue(all.contains("bad.csv:6: file: 'ok.png' is already used on line 2"), all);
        assertTrue(all.contains("bad.csv:7: row has 5 fields, the header has 4"), all);
        assertEquals(8, e.problems().size(), all);
    }

    @Test
    void headerAndJsonProblemsAreReported() throws Exception {
        Path csv = dir.resolve("h.csv");
        Files.writeString(csv, "file,prompt,prompt\nx.png,a,b\n");
        String all = assertThrows(ManifestException.class, () -> ImageManifest.read(csv)).getMessage();
        assertTrue(all.contains("h.csv:1: header: column 'prompt' appears twice"), all);
        assertTrue(all.contains("h.csv:1: header: missing column 'occupation'"), all);
        assertTrue(all.contains("h.csv:1: header: missing column 'seed'"), all);

        image("a.png", TestImages.noisyPng(4, 4, 1));
        Path jsonl = dir.resolve("j.jsonl");
        Files.writeString(jsonl, "{\"file\":\"a.png\",\"prompt\":\"a\",\"occupation\":\"o\"}\n[1,2]\n{\"file\":\n"
                + "{\"file\":\"a.png\",\"prompt\":\"b\",\"occupation\":\"o\",\"seed\":1.5}\n");
        String j = assertThrows(ManifestException.class, () -> ImageManifest.read(jsonl)).getMessage();
        assertTrue(j.contains("j.jsonl:1: seed: missing field 'seed' (write \"seed\": null when unknown)"), j);
        assertTrue(j.contains("j.jsonl:2: each line must be a JSON object"), j);
        assertTrue(j.contains("j.jsonl:3: not valid JSON"), j);
        assertTrue(j.contains("j.jsonl:4: seed: '1.5' is not an integer"), j);

        Path dup = dir.resolve("d.jsonl");
        image("b.png", TestImages.noisyPng(4, 4, 2));
        Files.writeString(dup, "{\"file\":\"a.png\",\"prompt\":\"a\",\"occupation\":\"o\",\"seed\":1,\"sample_index\":0}\n"
                + "{\"file\":\"b.png\",\"prompt\":\"a\",\"occupation\":\"o\",\"seed\":2,\"sample_index\":0}\n");
        String d = assertThrows(ManifestException.class, () -> ImageManifest.read(dup)).getMessage();
        assertTrue(d.contains("d.jsonl:2: sample_index: prompt 'a' with sample index 0 already appears on line 1"), d);

        Path open = dir.resolve("q.csv");
        Files.writeString(open, "file,prompt,occupation,seed\na.png,\"never closed,o,1\n");
        String q = assertThrows(ManifestException.class, () -> ImageManifest.read(open)).getMessage();
        assertTrue(q.contains("q.csv:2: bad CSV: quoted field is never closed"), q);
    }

    @Test
    void theSpecSectionReportsManifestProblemsWithTheExperiment() throws Exception {
        image("a.png", TestImages.noisyPng(4, 4, 1));
        Files.writeString(dir.resolve("m.csv"), "file,prompt,occupation,seed\na.png,a nurse,nurse,1\nb.png,a nurse,nurse,2\n");
        Path exp = dir.resolve("exp.yaml");
        SpecDocument doc = SpecDocument.parse(exp, "type: folder\nmanifest: m.csv\nmodel: imported-sd\n", List.of());
        GeneratorConfig c = Generators.read(doc.root(), 1);
        assertNull(c);
        List<String> problems = doc.problems().stream().map(SpecProblem::toString).toList();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(exp + ":2: manifest: "), problems.get(0));
        assertTrue(problems.get(0).contains("m.csv:3: file: image 'b.png' not found"), problems.get(0));

        Files.writeString(dir.resolve("m.csv"), "file,prompt,occupation,seed\na.png,a nurse,nurse,1\n");
        SpecDocument noModel = SpecDocument.parse(exp, "type: folder\nmanifest: m.csv\ncolour: red\n", List.of());
        assertNull(Generators.read(noModel.root(), 1));
        String all = noModel.problems().toString();
        assertTrue(all.contains("model: required: manifest row 2"), all);
        assertTrue(all.contains("unknown field 'colour'"), all);

        SpecDocument good = SpecDocument.parse(exp, "type: folder\nmanifest: m.csv\nmodel: imported-sd\n", List.of());
        GeneratorConfig ok = Generators.read(good.root(), 1);
        assertEquals(List.of(), good.problems());
        assertEquals(List.of(dir.resolve("m.csv")), ok.inputs());
        try (ImageGenerator g = ok.open()) {
            assertEquals("imported-sd", g.generate(GenerationRequest.of("n", "a nurse", 1, 0, 4, 4)).model());
        }
    }
}
