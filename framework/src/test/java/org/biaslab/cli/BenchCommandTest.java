package org.biaslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.Kinds;
import org.biaslab.experiment.captionbias.CaptionBiasSpec;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lic-linear bench's ten-file workload (issue 17): its experiment and its refusal of a wrong folder. */
class BenchCommandTest {
    /** ../shared/data beside the checkout (the tests run in framework/). */
    private static Path sharedData() {
        return TestPaths.sharedData();
    }

    @Test
    void tenFileWorkloadIsThePairedProtocolOverTenCaptionFiles(@TempDir Path tmp) throws Exception {
        Path data = sharedData();
        Assumptions.assumeTrue(Files.isDirectory(data.resolve("lic-captions")), "../shared/data absent");
        Path extra = tmp.resolve("bias_data");
        for (String[] m : BenchCommand.EXTRA_MODELS) {
            Files.createDirectories(extra.resolve(m[1]).getParent());
            Files.writeString(extra.resolve(m[1]), "");
            Files.createDirectories(extra.resolve("model_vocab"));
            Files.writeString(extra.resolve("model_vocab/" + m[2] + "_vocab.pkl"), "");
        }
        Path yaml = tmp.resolve("bench.yaml");
        Files.writeString(yaml, BenchCommand.benchYaml(data, "linear", "type: linear", 10, extra));
        CaptionBiasSpec spec = (CaptionBiasSpec) Experiment.load(yaml, List.of(), Kinds.REGISTRY).spec();
        assertEquals(10, spec.models().size());
        assertEquals(List.of("paired"), spec.protocols());
        assertEquals("NIC+", spec.models().get(9).name());
        assertEquals(extra.resolve("Oscar/gender_val_oscar_cap_mw_entries.pkl"),
                spec.models().get(7).captions().get("gender").file());
        // without the folder: the four files in ../shared, both protocols
        Files.writeString(yaml, BenchCommand.benchYaml(data, "linear", "type: linear", 10));
        CaptionBiasSpec four = (CaptionBiasSpec) Experiment.load(yaml, List.of(), Kinds.REGISTRY).spec();
        assertEquals(4, four.models().size());
        assertNotEquals(List.of("paired"), four.protocols());
    }

    @Test
    void aFolderWithoutTheCaptionFilesIsNamed(@TempDir Path tmp) {
        Path data = sharedData();
        Assumptions.assumeTrue(Files.isDirectory(data.resolve("lic-captions")), "../shared/data absent");
        CliRun.Result r = CliRun.run("bench", "--only", "lic-linear", "--data", data.toString(), "--lic-extra",
                tmp.toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--lic-extra " + tmp) && r.err().contains("gender_val_st10_cap_mw_entries.pkl"),
                r.err());
    }
}
