package org.biaslab.debias.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.biaslab.util.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class ModelFilesTest {
    static final EncoderConfig SMALL = new EncoderConfig(16, 1, 2, 32, 0.1, 8, 0);
    static final TrainConfig SHORT = new TrainConfig(2, 32, 5e-3, 0.01, 0.1, 1.0, 0.15, 1.0);

    private static MaskedLanguageModel trainMlm(long seed) throws LmException {
        List<List<String>> train = Synthetic.nounIsAdjective(300, 1);
        return new MlmTrainer(SMALL, SHORT).train(Vocabulary.build(train, 1, 100), train,
                Synthetic.nounIsAdjective(50, 2), "synthetic", seed, ProgressListener.none());
    }

    private static List<MaskQuery> queries() {
        List<MaskQuery> queries = new ArrayList<>();
        for (List<String> c : Synthetic.nounIsAdjective(40, 3)) {
            queries.add(new MaskQuery(c, 3));
            queries.add(new MaskQuery(c, 1));
        }
        return queries;
    }

    @Test
    void saveLoadGivesIdenticalPredictionsAndCard(@TempDir Path dir) throws Exception {
        List<List<TokenScore>> before;
        ModelCard card;
        try (MaskedLanguageModel model = trainMlm(3)) {
            before = model.fillMask(queries(), 5);
            card = model.card();
            model.save(dir);
        }
        Map<String, String> manifest = ModelFiles.manifest(dir);
        assertEquals(ModelFiles.FILES.size(), manifest.size());
        for (Map.Entry<String, String> e : manifest.entrySet()) {
            assertEquals(Hashing.sha256(dir.resolve(e.getKey())), e.getValue(), e.getKey());
        }
        try (MaskedLanguageModel loaded = MaskedLanguageModel.load(dir)) {
            assertEquals(before, loaded.fillMask(queries(), 5));
            assertEquals(card, loaded.card());
            assertEquals(SMALL, loaded.config());
            assertTrue(Files.readString(dir.resolve(ModelFiles.CARD_MD)).contains("| seed | 3 |"));
        }
    }

    @Test
    void denoiserRoundTrip(@TempDir Path dir) throws Exception {
        List<DenoiseExample> train = Synthetic.genderPairs(200, 1);
        Vocabulary vocabulary = Vocabulary.build(Synthetic.targets(train), 1, 100);
        List<DebiasInput> inputs = new ArrayList<>();
        for (DenoiseExample e : Synthetic.genderPairs(50, 2)) {
            inputs.add(new DebiasInput(e.input(), e.evidence()));
        }
        List<List<String>> before;
        DenoiseScore score;
        List<DenoiseExample> heldOut = Synthetic.genderPairs(30, 4);
        try (CaptionDenoiser model = new DenoiserTrainer(SMALL.withEvidence(3), SHORT).train(vocabulary, train,
                List.of(), "synthetic", 1, ProgressListener.none())) {
            before = model.debias(inputs, 0.3, 5);
            score = model.score(heldOut, 6);
            model.save(dir);
        }
        try (CaptionDenoiser loaded = CaptionDenoiser.load(dir)) {
            assertEquals(before, loaded.debias(inputs, 0.3, 5));
            assertEquals(score, loaded.score(heldOut, 6));
            assertEquals(SHORT.maskRate(), loaded.maskRate());
        }
        IOException e = assertThrows(IOException.class, () -> MaskedLanguageModel.load(dir));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
    }

    @Test
    void loadChecksTheManifest(@TempDir Path dir) throws Exception {
        try (MaskedLanguageModel model = trainMlm(3)) {
            model.save(dir);
        }
        Path params = dir.resolve(ModelFiles.PARAMETERS);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 1] ^= 1;
        Files.write(params, bytes);
        IOException e = assertThrows(IOException.class, () -> MaskedLanguageModel.load(dir));
        assertTrue(e.getMessage().contains("parameters.bin") && e.getMessage().contains("SHA-256"), e.getMessage());
        Files.delete(dir.resolve(ModelFiles.MANIFEST));
        e = assertThrows(IOException.class, () -> MaskedLanguageModel.load(dir));
        assertTrue(e.getMessage().contains("manifest"), e.getMessage());
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights(@TempDir Path dir) throws Exception {
        String[] hashes = new String[3];
        long[] seeds = {11, 11, 12};
        List<List<List<TokenScore>>> predictions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (MaskedLanguageModel model = trainMlm(seeds[i])) {
                Path out = dir.resolve("m" + i);
                model.save(out);
                hashes[i] = ModelFiles.manifest(out).get(ModelFiles.PARAMETERS);
                predictions.add(model.fillMask(queries(), 3));
            }
        }
        assertEquals(hashes[0], hashes[1], "same seed, byte-identical parameters");
        assertEquals(predictions.get(0), predictions.get(1));
        assertTrue(!hashes[0].equals(hashes[2]), "another seed, other parameters");
    }

    @Test
    void cacheDirectoryIsUnderTheRoot() {
        String root = System.getProperty("biaslab.root");
        org.junit.jupiter.api.Assumptions.assumeTrue(root != null, "biaslab.root not set");
        assertEquals(Path.of(root, ".cache", "models", "lm", "coco-mlm"), ModelFiles.cacheDirectory("coco-mlm"));
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.cacheDirectory("../x"));
    }
}
