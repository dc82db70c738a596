package org.biaslab.experiment.captionbias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.cli.Main;
import org.biaslab.util.Json;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real experiment file on the released LIC data, with the linear classifier (10 seeds, paired
 * protocol, perceived gender). Skips when ../shared/data is absent.
 */
class HirotaLicSharedDataTest {
    @TempDir
    Path out;

    static Path root() {
        return TestPaths.root();
    }

    @Test
    void linearTableOnTheReleasedCaptionsMatchesThePapersOrdering() throws Exception {
        Path data = root().resolve("../shared/data/lic-captions").normalize();
        Assumptions.assumeTrue(Files.isDirectory(data), "../shared/data absent: skipping the real-data LIC test");
        // the shipped experiment, perceived gender only (every line about race dropped), paths made absolute
        String text = Files.readString(root().resolve("experiments/hirota2022-lic.yaml"));
        StringBuilder genderOnly = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.contains("race")) {
                genderOnly.append(line.replace("../../shared/", root().resolve("../shared").normalize() + "/"))
                        .append('\n');
            }
        }
        Path exp = out.resolve("gender.yaml");
        Files.writeString(exp, genderOnly.toString());
        int rc = Main.execute("run", exp.toString(), "--out", out.resolve("run").toString(), "--threads", "2",
                "--set", "protocols=[paired]", "--set", "classifiers=[{type: linear}]");
        assertEquals(0, rc);
        JsonNode results = Json.mapper().readTree(out.resolve("run/results.json").toFile());
        Map<String, JsonNode> byModel = new HashMap<>();
        for (JsonNode row : results.path("lic")) {
            byModel.put(row.path("model").asText(), row);
        }
        assertEquals(4, byModel.size());
        for (JsonNode row : byModel.values()) {
            assertEquals(10, row.path("licM").path("n").asInt());
            double licD = row.path("licD").path("value").asDouble();
            assertTrue(licD > 40 && licD < 50, row.path("model") + " LIC_D " + licD);
        }
        // the paper's order of LIC_M: SAT < FC < Transformer < NIC+Equalizer
        List<String> order = List.of("SAT", "FC", "Transformer", "NIC+Equalizer");
        for (int i = 0; i + 1 < order.size(); i++) {
            double a = byModel.get(order.get(i)).path("licM").path("value").asDouble();
            double b = byModel.get(order.get(i + 1)).path("licM").path("value").asDouble();
            assertTrue(a < b, order.get(i) + " LIC_M " + a + " should be below " + order.get(i + 1) + " " + b);
        }
        // leakage is amplified (interval above 0) for FC, Transformer and NIC+Equalizer; SAT is near 0
        for (String m : List.of("FC", "Transformer", "NIC+Equalizer")) {
            assertTrue(byModel.get(m).path("lic").path("lower").asDouble() > 0, m + " LIC interval above 0");
        }
        // caption statistics: NIC+Equalizer's captions use female words for a share of female images
        JsonNode nic = results.path("captions").path("models").path("NIC+Equalizer");
        assertTrue(nic.path("genderError").path("overall").path("images").asInt() == 10780);
    }
}
