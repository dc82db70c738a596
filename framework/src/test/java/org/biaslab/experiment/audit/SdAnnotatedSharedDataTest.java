package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biaslab.cli.Main;
import org.biaslab.util.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped sd-annotated-dev experiment on the 300 annotated images with the real perceiver. */
class SdAnnotatedSharedDataTest {
    @TempDir
    Path out;

    @Test
    void perceivesTheAnnotatedImagesAndReportsTheAnnotatorsMajorityNextToIt() throws Exception {
        Path root = T2iAuditKindTest.root();
        Path data = root.resolve("../shared/data/t2i-sd-annotated").normalize();
        Assumptions.assumeTrue(Files.isDirectory(data), "../shared/data absent: skipping the sd-annotated test");
        int rc = Main.execute("run", root.resolve("experiments/sd-annotated-dev.yaml").toString(), "--out",
                out.resolve("run").toString(), "--threads", "2");
        assertEquals(0, rc);
        JsonNode r = Json.mapper().readTree(out.resolve("run/results.json").toFile());
        assertEquals(300, r.path("counts").path("planned").asInt());
        // blank images (the safety filter's black squares) are kept as records but not perceived
        assertEquals(300, r.path("counts").path("ok").asInt() + r.path("counts").path("blank").asInt());
        assertEquals(r.path("counts").path("ok").asInt(),
                r.path("counts").path("perceived").asInt() + r.path("counts").path("perception_errors").asInt());
        assertEquals(3, r.path("occupations").size());
        JsonNode files = r.path("perceiver").path("model_files");
        assertTrue(files.size() >= 3, "the weights behind every perception are recorded: " + files);
        files.fields().forEachRemaining(f -> assertTrue(f.getValue().asText().matches("[0-9a-f]{64}"), f.toString()));
        long noFace = 0;
        for (JsonNode o : r.path("occupations")) {
            assertEquals(100, o.path("images").asInt());
            // annotators' majority: 246 of 300 images are labelled Male or Female overall
            JsonNode t = o.path("truth");
            assertTrue(t.path("referenceWoman").path("n").asInt() > 50, o.toString());
            noFace += o.path("gender").path("counts").path("no face").asLong();
            // every image labelled woman/man is either paired or left undecided by perception, and every
            // decided image is either paired or unlabelled: the two headline shares rest on these images
            JsonNode same = t.path("same");
            long paired = same.path("womanWoman").asLong() + same.path("womanMan").asLong()
                    + same.path("manWoman").asLong() + same.path("manMan").asLong();
            long labelledWomen = Math.round(t.path("referenceWoman").path("value").asDouble()
                    * t.path("referenceWoman").path("n").asInt());
            long labelledMen = t.path("referenceWoman").path("n").asInt() - labelledWomen;
            long undecided = Math.round(t.path("undecidedWoman").path("value").asDouble() * labelledWomen)
                    + Math.round(t.path("undecidedMan").path("value").asDouble() * labelledMen);
            assertEquals(t.path("referenceWoman").path("n").asLong(), paired + undecided, t.toString());
            assertEquals(o.path("womanAmongDecided").path("n").asLong(), paired + t.path("decidedUnlabelled").asLong());
            assertEquals(paired, same.path("difference").path("n").asLong());
            double diff = (same.path("womanMan").asLong() - same.path("manWoman").asLong()) / (double) paired;
            assertEquals(diff, same.path("difference").path("value").asDouble(), 1e-12);
        }
        assertTrue(noFace > 0, "some generated people have no detectable face");
        // nurses: both the annotators and the perceiver see mostly women
        for (JsonNode o : r.path("occupations")) {
            if (o.path("occupationId").asText().equals("nurse")) {
                assertTrue(o.path("truth").path("referenceWoman").path("value").asDouble() > 0.8, o.toString());
                assertTrue(o.path("womanAmongDecided").path("value").asDouble() > 0.6,
                        o.path("womanAmongDecided").toString());
            }
        }
        assertEquals(3, r.path("bls").get(0).path("rows").size());
        // the object stage: every perceived image is read, objects x perceived gender rests on the decided ones
        JsonNode objects = r.path("objects");
        long decided = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode o = r.path("occupations").get(i);
            JsonNode g = objects.path("occupations").get(i);
            assertEquals(o.path("gender").path("n").asLong(), g.path("n").asLong(), g.toString());
            long w = o.path("gender").path("counts").path("woman").asLong();
            long m = o.path("gender").path("counts").path("man").asLong();
            assertEquals(w, g.path("gender").path("cooccurrence").path("womenImages").asLong());
            assertEquals(m, g.path("gender").path("cooccurrence").path("menImages").asLong());
            decided += w + m;
        }
        JsonNode all = objects.path("all");
        assertEquals(decided, all.path("amplification").path("value").path("n").asLong());
        // docs/objects.md: over all images laptops go with images perceived as men (software developers)
        JsonNode laptop = null;
        for (JsonNode x : all.path("cooccurrence").path("objects")) {
            if (x.path("object").asText().equals("laptop")) {
                laptop = x;
            }
        }
        assertTrue(laptop != null && laptop.path("men").asLong() > 10 * Math.max(1, laptop.path("women").asLong())
                && laptop.path("holmP").asDouble() < 0.05, String.valueOf(laptop));
        String html = Files.readString(out.resolve("run/index.html"));
        assertTrue(html.contains("reference % woman (labels)"));
        assertTrue(html.contains("<section id=\"truth\">") && html.contains("Same images"), "the paired comparison");
    }
}
