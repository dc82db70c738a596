package org.biaslab.debias.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny MLM on 2,000 real COCO val2014 captions (lower-cased Treebank tokens), skipped when the
 * shared data is absent. Full-size figures come from {@link LmBenchmark}, not from tests.
 */
class CocoSmokeTest {
    @Test
    void tinyMlmOnRealCaptionsBeatsTheUniformGuess() throws Exception {
        String root = System.getProperty("biaslab.root");
        Assumptions.assumeTrue(root != null, "biaslab.root not set");
        Path file = Path.of(root).resolve("../shared/data/coco/coco_val2014_human_captions_all40504.json");
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared COCO captions absent: " + file);
        List<List<String>> captions = new ArrayList<>();
        for (List<List<String>> image : LmBenchmark.load(Path.of(root), 600)) {
            captions.addAll(image);
            if (captions.size() >= 2500) {
                break;
            }
        }
        List<List<String>> train = captions.subList(0, 2000);
        List<List<String>> heldOut = captions.subList(2000, 2500);
        Vocabulary vocabulary = Vocabulary.build(train, 2, 10_000);
        EncoderConfig config = new EncoderConfig(32, 1, 2, 64, 0.1, 32, 0);
        try (MaskedLanguageModel model = new MlmTrainer(config, new TrainConfig(2, 64, 3e-3, 0.01, 0.05, 1.0, 0.15, 1.0))
                .train(vocabulary, train, heldOut, "COCO val2014 smoke", 1, ProgressListener.none())) {
            MlmScore score = model.score(heldOut, 2);
            assertEquals(500, score.captions());
            // the unigram distribution alone is far below the uniform guess (perplexity = vocabulary size)
            assertTrue(score.perplexity().value() < vocabulary.size() / 4.0,
                    "perplexity " + score.perplexity() + " vs " + vocabulary.size() + " entries");
            List<TokenScore> top = model.fillMask(List.of("a", "man", "riding", "a", "wave", "on", "top", "of", "a",
                    "surfboard", "."), 10, 5);
            assertEquals(5, top.size());
            assertTrue(top.stream().allMatch(t -> vocabulary.isWord(t.token())), top.toString());
        }
    }
}
