package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.Kinds;
import org.biaslab.generate.TestImages;
import org.biaslab.spec.SpecException;
import org.biaslab.spec.SpecProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An occupation with no BLS row for a requested year is a validation problem, found before any
 * image is generated (it used to fail the run after 928 images were perceived, leaving no report).
 */
class BlsValidationTest {
    @TempDir
    Path dir;

    private Path spec(String occupations) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        StringBuilder csv = new StringBuilder("file,prompt,occupation,seed\n");
        int i = 0;
        for (String occ : occupations.split(",")) {
            Files.write(images.resolve(i + ".png"), TestImages.noisyPng(8, 8, i));
            csv.append(i).append(".png,a photo of a ").append(occ).append(',').append(occ).append(',').append(i)
                    .append('\n');
            i++;
        }
        Files.writeString(dir.resolve("labels.csv"), csv);
        Path library = Path.of(System.getProperty("biaslab.root", "..")).resolve("prompts").toAbsolutePath();
        return Files.writeString(dir.resolve("exp.yaml"), String.join("\n",
                "name: bls-check", "kind: t2i-audit", "seed: 1",
                "prompts:", "  library: " + library, "  source: manifest", "  list: stable-bias",
                "generator:", "  type: folder", "  manifest: labels.csv", "  image_dir: images", "  model: test",
                "perception:", "  mode: faceapi",
                "reference:", "  bls_years: [2020, 2021]", ""));
    }

    @Test
    void anUnmappedOccupationIsNamedAtValidationForEachYear() throws Exception {
        Path exp = spec("nurse,professor,artist");
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(exp, List.of(), Kinds.REGISTRY));
        String all = e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("\n"));
        assertTrue(all.contains("reference.bls_years: stable-bias/professor (manifest line 3) has no BLS mapping for "
                + "2020"), all);
        assertTrue(all.contains("stable-bias/professor (manifest line 3) has no BLS mapping for 2021"), all);
        assertTrue(all.contains("mapping.csv (or mark it unmapped with a reason), or leave that year out"), all);
        assertEquals(2, e.problems().size(), all);
    }

    @Test
    void mappedOccupationsPass() throws Exception {
        Experiment.load(spec("nurse,artist,software_developer"), List.of(), Kinds.REGISTRY);
    }
}
