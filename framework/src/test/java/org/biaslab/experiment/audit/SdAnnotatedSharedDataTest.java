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
            assertTrue(o.path("truthWoman").path("n").asInt() > 50, o.toString());
            noFace += o.path("gender").path("counts").path("no face").asLong();
        }
        assertTrue(noFace > 0, "some generated people have no detectable face");
        // nurses: both the annotators and the perceiver see mostly women
        for (JsonNode o : r.path("occupations")) {
            if (o.path("occupationId").asText().equals("nurse")) {
                assertTrue(o.path("truthWoman").path("value").asDouble() > 0.8, o.path("truthWoman").toString());
                assertTrue(o.path("womanAmongDecided").path("value").asDouble() > 0.6,
                        o.path("womanAmongDecided").toString());
            }
        }
        assertEquals(3, r.path("bls").get(0).path("rows").size());
        assertTrue(Files.readString(out.resolve("run/index.html")).contains("reference % woman (labels)"));
    }
}
