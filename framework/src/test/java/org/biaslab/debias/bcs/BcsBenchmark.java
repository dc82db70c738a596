package org.biaslab.debias.bcs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biaslab.debias.CorpusCaption;
import org.biaslab.debias.GenderSwapper;
import org.biaslab.debias.TrainingCorpus;
import org.biaslab.debias.lm.EncoderConfig;
import org.biaslab.debias.lm.MaskedLanguageModel;
import org.biaslab.debias.lm.MlmTrainer;
import org.biaslab.debias.lm.ModelFiles;
import org.biaslab.debias.lm.ProgressListener;
import org.biaslab.debias.lm.TrainConfig;
import org.biaslab.debias.lm.Vocabulary;

/**
 * Biased Caption Synthesis on the real LIBRA training corpus (COCO val2014 human captions minus
 * the gender evaluation images): outcome counts, examples, and the throughput of the gender ->
 * context stage. Not a test: run by hand, e.g.
 *
 * <pre>
 * mvn -q -o -pl framework test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
 * OMP_WAIT_POLICY=PASSIVE OPT_OUT_TRACKING=true DJL_CACHE_DIR=.cache/djl java -Dai.djl.offline=true -Dbiaslab.root=$PWD \
 *   -cp framework/target/test-classes:framework/target/classes:$(cat framework/target/classpath.txt) \
 *   org.biaslab.debias.bcs.BcsBenchmark mlmCaptions=40000 epochs=1
 * </pre>
 *
 * The masked language model has the default architecture ({@link EncoderConfig#defaults()}, which
 * sets the refill cost) and is trained on {@code mlmCaptions} corpus captions, or loaded from the
 * model cache ({@code <root>/.cache/models/lm/<mlm>}) when it is there; it is saved there after
 * training.
 */
public final class BcsBenchmark {
    private BcsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            opt.put(kv[0], kv[1]);
        }
        int mlmCaptions = Integer.parseInt(opt.getOrDefault("mlmCaptions", "40000"));
        int epochs = Integer.parseInt(opt.getOrDefault("epochs", "1"));
        String name = opt.getOrDefault("mlm", "bcs-bench-mlm");
        long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
        Path root = Path.of(System.getProperty("biaslab.root", "."));
        Path coco = root.resolve("../shared/data/coco").normalize();
        TrainingCorpus corpus = TrainingCorpus.load(coco.resolve("coco_val2014_human_captions_all40504.json"),
                coco.resolve("coco_val2014_gender_set_10780.jsonl"));
        List<CorpusCaption> captions = corpus.captions();
        GenderSwapper swapper = GenderSwapper.libra();
        SynthesisConfig config = SynthesisConfig.defaults();

        long t0 = System.nanoTime();
        List<List<String>> tokens = new ArrayList<>(captions.size());
        for (CorpusCaption c : captions) {
            tokens.add(BiasedCaptionSynthesis.tokens(swapper, c.caption()));
        }
        System.out.printf(Locale.ROOT, "corpus: %d captions, tokenized in %.1f s%n", captions.size(),
                (System.nanoTime() - t0) / 1e9);

        t0 = System.nanoTime();
        GenderLeakageGate gate = GenderLeakageGate.trainOnCorpus(captions, swapper, config.maxWords(), 0.2, seed);
        GenderLeakageGate.Stats g = gate.stats();
        System.out.printf(Locale.ROOT, "gate: %d male/female captions (%d female, %d male), train %d per class, "
                        + "held-out %d per class (%d images): accuracy %.4f [%.4f, %.4f]; %.1f s%n", g.captionsOffered(),
                g.femaleOffered(), g.maleOffered(), g.trainPerClass(), g.heldOutPerClass(), g.groupsHeldOut(),
                g.heldOutAccuracy().value(), g.heldOutAccuracy().lower(), g.heldOutAccuracy().upper(),
                (System.nanoTime() - t0) / 1e9);

        Path dir = ModelFiles.cacheDirectory(name);
        MaskedLanguageModel mlm;
        if (Files.isRegularFile(dir.resolve("manifest.sha256"))) {
            mlm = MaskedLanguageModel.load(dir);
            System.out.println("mlm: loaded " + dir);
        } else {
            t0 = System.nanoTime();
            Vocabulary vocabulary = Vocabulary.build(tokens, 5, 50_000);
            List<List<String>> train = new ArrayList<>(tokens.subList(0, Math.min(mlmCaptions, tokens.size())));
            mlm = new MlmTrainer(EncoderConfig.defaults(), TrainConfig.mlmDefaults().withEpochs(epochs))
                    .train(vocabulary, train, List.of(), "COCO val2014 LIBRA training corpus (first " + train.size()
                            + " captions)", seed, ProgressListener.none());
            mlm.save(dir);
            System.out.printf(Locale.ROOT, "mlm: trained on %d captions, %d epochs, vocabulary %d words, %.1f s; saved %s%n",
                    train.size(), epochs, vocabulary.words(), (System.nanoTime() - t0) / 1e9, dir);
        }

        try (mlm; gate) {
            for (SynthesisConfig c : List.of(config, config.withShares(0, 1, 0))) {
                SynthesisResult r = BiasedCaptionSynthesis.synthesize(captions, swapper, gate, mlm, c, seed);
                SynthesisResult.Timings t = r.timings();
                System.out.printf(Locale.ROOT, "%nshares C->G %.2f G->C %.2f both %.2f: %d captions, %d kept%n",
                        c.contextToGenderShare(), c.genderToContextShare(), c.bothShare(), r.total(), r.biased().size());
                System.out.println("  assigned " + r.assigned());
                System.out.println("  outcomes " + r.outcomes());
                System.out.printf(Locale.ROOT, "  non-ASCII %d, with unknown words %d (%d tokens)%n", r.nonAsciiCaptions(),
                        r.captionsWithUnknownWords(), r.unknownTokens());
                System.out.printf(Locale.ROOT, "  time: total %.1f s, C->G %.1f s, G->C %.1f s (MLM %.1f s for %d queries,"
                                + " gate %.1f s in all); G->C %d captions -> %.0f captions/s%n", t.totalSeconds(),
                        t.contextToGenderSeconds(), t.genderToContextSeconds(), t.mlmSeconds(), t.mlmQueries(),
                        t.gateSeconds(), t.genderToContextCaptions(), t.genderToContextCaptionsPerSecond());
                DenoiserData data = DenoiserData.assemble(r, captions, EvidenceChannel.fromValidityFile(root.resolve(
                        "models/validity/faceapi-t2i-sd-annotated-padding0-margin0.1.json")), c, seed);
                System.out.println("  denoiser data: " + data.counts());
                for (Map.Entry<BiasType, List<BiasedCaption>> e : r.examples().entrySet()) {
                    for (BiasedCaption b : e.getValue()) {
                        System.out.printf(Locale.ROOT, "  %-17s %.2f -> %.2f  %s%n", e.getKey(), b.pStatedBefore(),
                                b.pStatedAfter(), b.describe());
                    }
                }
            }
        }
    }
}
