package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.cli.Main;
import org.biaslab.perceive.image.ImageDecoder;
import org.biaslab.perceive.objects.ObjectDetector;
import org.biaslab.perceive.objects.PersonRecall;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;
import org.biaslab.util.ResultsSchemas;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object stage on real images: a folder audit over a few of the annotated SD images with
 * {@code perception.objects: centernet}. The split of "no face" adds up, and the people counts are
 * the detector's own on the same files (what {@code detect-objects} counts).
 */
class ObjectStageSharedDataTest {
    /** Known from docs/objects.md: no face (35, 36, 87), uncertain (90), painted people, nurses. */
    private static final List<String> FILES = List.of("api_software_developer_35.jpg",
            "api_software_developer_36.jpg", "api_software_developer_87.jpg", "api_software_developer_90.jpg",
            "api_artist_4.jpg", "api_artist_31.jpg", "api_artist_0.jpg", "api_nurse_0.jpg", "api_nurse_1.jpg");

    @TempDir
    Path dir;

    @Test
    void splitsNoFaceIntoNoPersonAndAPersonWhoseFaceIsNotReadable() throws Exception {
        Path root = T2iAuditKindTest.root();
        Path data = root.resolve("../shared/data/t2i-sd-annotated").normalize();
        Assumptions.assumeTrue(Files.isDirectory(data), "../shared/data absent: skipping the object stage test");
        List<String> lines = Files.readAllLines(data.resolve("labels.csv"));
        StringBuilder manifest = new StringBuilder(lines.get(0)).append('\n');
        Path images = Files.createDirectories(dir.resolve("images"));
        for (String l : lines.subList(1, lines.size())) {
            String file = l.substring(0, l.indexOf(','));
            if (FILES.contains(file)) {
                manifest.append(l).append('\n');
                Files.copy(data.resolve("images").resolve(file), images.resolve(file));
            }
        }
        Files.writeString(dir.resolve("labels.csv"), manifest);
        Path spec = dir.resolve("objects.yaml");
        Files.writeString(spec, String.join("\n",
                "name: objects-sd-few",
                "kind: t2i-audit",
                "seed: 1",
                "prompts:",
                "  library: " + root.resolve("prompts"),
                "  source: manifest",
                "  list: stable-bias",
                "generator:",
                "  type: folder",
                "  manifest: labels.csv",
                "  image_dir: images",
                "  model: sd",
                "  columns: {file: filename, occupation: profession, seed: none}",
                "perception:",
                "  mode: faceapi",
                "  detector: blazeface",
                "  uncertain_margin: 0.1",
                "  objects: centernet",
                "intervals:",
                "  confidence: 0.95",
                "  resamples: 200",
                ""));
        Path out = dir.resolve("run");
        assertEquals(0, Main.execute("run", spec.toString(), "--out", out.toString(), "--threads", "2"));
        JsonNode r = Json.mapper().readTree(out.resolve("results.json").toFile());
        ResultsSchemas.assertValid(out.resolve("results.json"));
        assertEquals(FILES.size(), r.path("counts").path("perceived").asInt());
        JsonNode files = r.path("perceiver").path("objects").path("model_files");
        assertTrue(files.size() >= 2, "the object detector's weights are recorded: " + r.path("perceiver"));

        // the detector's own counts on the same files, as detect-objects makes them
        Map<String, Integer> peopleBySha = new HashMap<>();
        Map<String, java.util.Set<String>> objectsBySha = new HashMap<>();
        try (ObjectDetector od = ObjectDetector.load()) {
            ImageDecoder decoder = new ImageDecoder();
            for (String f : FILES) {
                Path p = images.resolve(f);
                int n = (int) od.detect(decoder.decode(p).image()).stream()
                        .filter(ObjectDetector.Detection::isPerson).count();
                peopleBySha.put(Hashing.sha256(p), n);
                objectsBySha.put(Hashing.sha256(p), od.detect(decoder.decode(p).image()).stream()
                        .filter(d -> !d.isPerson()).map(ObjectDetector.Detection::label)
                        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
            }
        }
        ImageRow[] rows = Json.mapper().readValue(out.resolve("images.json").toFile(), ImageRow[].class);
        assertEquals(FILES.size(), rows.length);
        List<PersonRecall.Image> recall = new ArrayList<>();
        Map<String, long[]> split = new HashMap<>();
        for (ImageRow row : rows) {
            assertEquals(peopleBySha.get(row.sha256()), row.people(), row.sha256());
            assertEquals(List.copyOf(objectsBySha.get(row.sha256())), row.objects(), row.sha256());
            String expected = !row.outcome().equals("no face") ? row.outcome()
                    : row.people() > 0 ? ObjectStage.FACE_NOT_READABLE : ObjectStage.NO_PERSON;
            assertEquals(expected, row.person(), row.toString());
            recall.add(new PersonRecall.Image(row.sha256(), row.occupationId(), true, row.people() > 0,
                    row.outcome()));
            long[] s = split.computeIfAbsent(row.occupationId(), k -> new long[3]);
            s[0] += row.person().equals(ObjectStage.NO_PERSON) ? 1 : 0;
            s[1] += row.person().equals(ObjectStage.FACE_NOT_READABLE) ? 1 : 0;
            s[2]++;
        }
        // three software developers have no face (docs/objects.md): the split is not empty
        assertTrue(split.get("software_developer")[0] + split.get("software_developer")[1] >= 1, "no face split");
        Map<String, PersonRecall.Share> whereNoFace = new HashMap<>();
        PersonRecall.personWhereNoFace(recall, "no face", 0.95).forEach(s -> whereNoFace.put(s.group(), s));

        JsonNode objects = r.path("objects");
        assertEquals("objects/centernet", objects.path("detector").asText());
        assertEquals(r.path("occupations").size(), objects.path("occupations").size());
        for (int i = 0; i < objects.path("occupations").size(); i++) {
            JsonNode o = objects.path("occupations").get(i);
            JsonNode occ = r.path("occupations").get(i);
            String id = o.path("occupationId").asText();
            assertEquals(occ.path("occupationId").asText(), id);
            long[] s = split.get(id);
            long n = o.path("n").asLong();
            assertEquals(s[2], n);
            assertEquals(occ.path("images").asLong(), n);
            long noPerson = Math.round(o.path("noPerson").path("value").asDouble() * n);
            long notReadable = Math.round(o.path("faceNotReadable").path("value").asDouble() * n);
            assertEquals(s[0], noPerson, o.toString());
            assertEquals(s[1], notReadable, o.toString());
            // the split adds up to face perception's "no face", whose share does not change
            assertEquals(occ.path("gender").path("counts").path("no face").asLong(), noPerson + notReadable,
                    occ.toString());
            PersonRecall.Share w = whereNoFace.get(id);
            assertEquals(w == null ? 0 : w.hits(), notReadable, id);
            assertEquals(w == null ? 0 : w.n(), noPerson + notReadable, id);
        }
        // object x perceived gender over all images: recounted from the rows
        JsonNode co = objects.path("all").path("cooccurrence");
        long women = java.util.Arrays.stream(rows).filter(x -> x.outcome().equals("woman")).count();
        long men = java.util.Arrays.stream(rows).filter(x -> x.outcome().equals("man")).count();
        assertEquals(women, co.path("womenImages").asLong());
        assertEquals(men, co.path("menImages").asLong());
        java.util.Set<String> seen = new java.util.TreeSet<>();
        java.util.Arrays.stream(rows).filter(x -> x.outcome().equals("woman") || x.outcome().equals("man"))
                .forEach(x -> seen.addAll(x.objects()));
        assertEquals(seen.size(), co.path("objects").size(), co.toString());
        for (JsonNode o : co.path("objects")) {
            String cls = o.path("object").asText();
            assertEquals(java.util.Arrays.stream(rows).filter(x -> x.outcome().equals("woman")
                    && x.objects().contains(cls)).count(), o.path("women").asLong(), cls);
            assertEquals(java.util.Arrays.stream(rows).filter(x -> x.outcome().equals("man")
                    && x.objects().contains(cls)).count(), o.path("men").asLong(), cls);
        }
        assertEquals(3314, objects.path("reference").path("women").asLong());
        String csv = Files.readString(out.resolve("images.csv"));
        assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",people,person,objects"), csv);

        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("% person, face not readable") && html.contains("objects/centernet"),
                "the report splits no face");
        assertTrue(html.contains("Objects and perceived gender") && html.contains("group-normalised BA")
                && Files.isRegularFile(out.resolve("charts/people.svg")), "the report shows objects x perceived gender");

        // a resumed run detects nothing again: the detections are in the store
        assertEquals(0, Main.execute("run", spec.toString(), "--out", out.toString(), "--threads", "2"));
        assertEquals(r, Json.mapper().readTree(out.resolve("results.json").toFile()));
    }
}
