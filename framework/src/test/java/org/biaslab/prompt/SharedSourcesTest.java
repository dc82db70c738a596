package org.biaslab.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped lists and tables against the studies' own files in {@code ../shared/data}: HEIM's
 * occupations, DALL-Eval's prompt file, the Stable Bias list and the BLS tables. Skips when the
 * shared data is absent.
 */
class SharedSourcesTest {
    private final PromptLibrary lib = new PromptLibrary(ShippedPromptsTest.root().resolve("prompts"));
    private Path shared;

    @BeforeEach
    void locate() {
        shared = ShippedPromptsTest.root().resolve("../shared/data").normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared.resolve("prompts")) && Files.isDirectory(shared.resolve("bls")),
                "../shared/data absent: skipping the comparison with the studies' own files");
    }

    private static List<String> lines(Path f) throws Exception {
        return Files.readAllLines(f).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void heimEntriesAreHelmsOccupationsInOrder() throws Exception {
        List<String> source = lib.occupations("heim").occupations().stream().map(Occupation::source).toList();
        assertEquals(lines(shared.resolve("prompts/heim_occupations.txt")), source);
    }

    @Test
    void dallEvalTemplatesReproduceItsPromptFileInOrder() throws Exception {
        JsonNode all = Json.mapper().readTree(shared.resolve("prompts/dalleval/prompt_list.json").toFile());
        List<String> expected = new ArrayList<>();
        all.forEach(n -> expected.add(n.asText()));
        // the file ends with the three bare subjects, which are not occupation prompts
        assertEquals(List.of("A man", "A woman", "A person"), expected.subList(expected.size() - 3, expected.size()));
        List<Prompt> prompts = Prompt.expand(lib.occupations("dalleval"),
                List.of(lib.template("dalleval-man"), lib.template("dalleval-woman"), lib.template("dalleval-person")));
        assertEquals(expected.subList(0, expected.size() - 3), prompts.stream().map(Prompt::text).toList());
    }

    @Test
    void fairDiffusionEntriesAreItsListInOrderAndStableBiasIsASubset() throws Exception {
        // occupations.txt: a header line, then "<occupation>   <LAION> <retrieved> <percentage>%" per line
        List<String> expected = lines(shared.resolve("prompts/fair_diffusion/occupations.txt")).stream().skip(1)
                .map(l -> l.replaceAll("\\s+\\d+\\s+\\d+\\s+[\\d.]+%$", "").strip()).toList();
        OccupationList fd = lib.occupations("fair-diffusion");
        assertEquals(expected, fd.occupations().stream().map(Occupation::source).toList());
        List<String> extra = new java.util.ArrayList<>(fd.ids());
        extra.removeAll(lib.occupations("stable-bias").ids());
        assertEquals(List.of("housekeeper", "programmer", "web_developer"), extra);
    }

    @Test
    void stableBiasTokensAreTheListInOrder() throws Exception {
        List<String> source = lib.occupations("stable-bias").occupations().stream().map(Occupation::source).toList();
        assertEquals(lines(shared.resolve("prompts/stable_bias_professions.txt")), source);
    }

    @Test
    void blsTablesAreVerbatimCopies() throws Exception {
        for (int year : List.of(2020, 2021)) {
            assertEquals(Hashing.sha256(shared.resolve("bls/bls_cpsaat11_" + year + "_clean.csv")),
                    Hashing.sha256(lib.blsFile(year)), "year " + year);
        }
    }
}
