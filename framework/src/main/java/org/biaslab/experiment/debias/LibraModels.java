package org.biaslab.experiment.debias;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.biaslab.debias.CorpusCaption;
import org.biaslab.debias.GenderSwapper;
import org.biaslab.debias.bcs.BiasedCaptionSynthesis;
import org.biaslab.debias.lm.CaptionDenoiser;
import org.biaslab.debias.lm.DenoiseExample;
import org.biaslab.debias.lm.DenoiserTrainer;
import org.biaslab.debias.lm.LmException;
import org.biaslab.debias.lm.MaskedLanguageModel;
import org.biaslab.debias.lm.MlmTrainer;
import org.biaslab.debias.lm.ModelFiles;
import org.biaslab.debias.lm.Progress;
import org.biaslab.debias.lm.ProgressListener;
import org.biaslab.debias.lm.Vocabulary;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;

/**
 * Trains, or finds already trained, the two text models of a {@code debias} run. A trained model
 * is saved under {@code <cache>/<role>-<key>} (by default {@code .cache/models/lm/}, see
 * {@link ModelFiles#cacheDirectory}) (ignored by git) with its manifest and card;
 * the key is the SHA-256 of everything that determines the weights (input file hashes, corpus
 * settings, architecture, optimisation, seed and, for the denoiser, the masked LM's key and the
 * synthesis settings), so an interrupted run resumes after the last finished model, and a changed
 * setting trains anew.
 */
final class LibraModels {
    private static final GenderSwapper SWAPPER = GenderSwapper.libra();

    private LibraModels() {}

    /** The tokens the text models read, as synthesis reads them ({@link BiasedCaptionSynthesis#tokens}). */
    static List<String> tokens(String caption) {
        return BiasedCaptionSynthesis.tokens(SWAPPER, caption);
    }

    /** The cache key of a model: SHA-256 of the canonical JSON of {@code parts}, first 16 hex digits. */
    static String key(Map<String, Object> parts) {
        try {
            return Hashing.sha256(Json.mapper().writeValueAsString(parts)).substring(0, 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The masked language model of synthesis: loaded from the cache when there, else trained and saved. */
    static MaskedLanguageModel mlm(Path cache, DebiasSpec.Lm spec, Vocabulary vocabulary, List<List<String>> train,
            List<List<String>> heldOut, String data, long seed, String key, Consumer<String> log)
            throws IOException, LmException {
        return cachedOrTrained(cache.resolve("libra-mlm-" + key), "masked LM",
                String.format(Locale.ROOT, "training on %,d captions (%,d held out), %d epochs", train.size(),
                        heldOut.size(), spec.training().epochs()),
                MaskedLanguageModel::load,
                () -> new MlmTrainer(spec.encoder(), spec.training()).train(vocabulary, train, heldOut, data, seed,
                        listener("masked LM", log)),
                MaskedLanguageModel::save, log);
    }

    /** The debiasing caption generator: loaded from the cache when there, else trained and saved. */
    static CaptionDenoiser denoiser(Path cache, DebiasSpec.Lm spec, Vocabulary vocabulary, List<DenoiseExample> train,
            List<DenoiseExample> heldOut, String data, long seed, String key, MaskedLanguageModel warmStart,
            Consumer<String> log) throws IOException, LmException {
        String what = "debiasing caption generator";
        return cachedOrTrained(denoiserDirectory(cache, key), what,
                String.format(Locale.ROOT, "training on %,d pairs (%,d held out), %d epochs", train.size(),
                        heldOut.size(), spec.training().epochs()),
                CaptionDenoiser::load,
                () -> new DenoiserTrainer(spec.encoder(), spec.training()).train(vocabulary, train, heldOut, data, seed,
                        listener(what, log), spec.warmStart() ? warmStart : null),
                CaptionDenoiser::save, log);
    }

    @FunctionalInterface
    private interface Load<M> {
        M load(Path dir) throws IOException;
    }

    @FunctionalInterface
    private interface Train<M> {
        M train() throws LmException;
    }

    @FunctionalInterface
    private interface Save<M> {
        void save(M model, Path dir) throws IOException;
    }

    /** The model saved in {@code dir} when it is complete (has its manifest), else one trained now and saved there. */
    private static <M> M cachedOrTrained(Path dir, String what, String plan, Load<M> load, Train<M> train, Save<M> save,
            Consumer<String> log) throws IOException, LmException {
        if (complete(dir)) {
            log.accept(what + ": using the trained model in " + dir);
            return load.load(dir);
        }
        log.accept(what + ": " + plan);
        M model = train.train();
        save.save(model, dir);
        log.accept(what + ": saved to " + dir);
        return model;
    }

    /** A saved model is complete once its manifest is written (ModelFiles writes it last). */
    private static boolean complete(Path dir) {
        return Files.isRegularFile(dir.resolve("manifest.sha256"));
    }

    private static Path denoiserDirectory(Path cache, String key) {
        return cache.resolve("libra-denoiser-" + key);
    }

    /** The synthesis summary kept beside a cached denoiser (so a resumed run can report it without re-synthesizing). */
    static Path synthesisSummaryFile(Path cache, String key) {
        return cache.resolve("libra-denoiser-" + key + ".synthesis.json");
    }

    /** Whether the denoiser of this key is already trained (then synthesis can be skipped). */
    static boolean denoiserCached(Path cache, String key) {
        return complete(denoiserDirectory(cache, key));
    }

    /** Logs every tenth of the steps and each epoch's end. */
    private static ProgressListener listener(String what, Consumer<String> log) {
        return new ProgressListener() {
            private long nextStep;

            @Override
            public void onProgress(Progress p) {
                if (p.step() >= nextStep || p.endOfEpoch()) {
                    nextStep = p.step() + Math.max(1, p.steps() / 10);
                    log.accept(String.format(Locale.ROOT, "%s: epoch %d/%d, step %,d/%,d, loss %.3f, %.0f captions/s",
                            what, p.epoch(), p.epochs(), p.step(), p.steps(), p.epochMeanLoss(), p.captionsPerSecond()));
                }
            }
        };
    }

    /**
     * Splits the corpus by image: each image is held out with probability {@code heldOutFraction}
     * (seeded by its id); with {@code maxCaptions > 0}, images are taken in a seeded order until
     * about that many training captions and the matching share of held-out ones.
     */
    static Split split(List<CorpusCaption> corpus, double heldOutFraction, int maxCaptions, long seed) {
        Map<Long, List<CorpusCaption>> byImage = new LinkedHashMap<>();
        for (CorpusCaption c : corpus) {
            byImage.computeIfAbsent(c.imageId(), k -> new ArrayList<>()).add(c);
        }
        List<Long> ids = new ArrayList<>(byImage.keySet());
        ids.sort(java.util.Comparator.comparingLong((Long id) -> Hashing.seed(seed, "corpus-order", id))
                .thenComparingLong(id -> id));
        List<CorpusCaption> train = new ArrayList<>();
        List<CorpusCaption> held = new ArrayList<>();
        long heldCap = maxCaptions <= 0 ? Long.MAX_VALUE
                : Math.max(1, Math.round(maxCaptions * heldOutFraction / (1 - heldOutFraction)));
        for (Long id : ids) {
            List<CorpusCaption> caps = byImage.get(id);
            boolean toHeld = (Hashing.seed(seed, "held-out", id) >>> 11) * 0x1.0p-53 < heldOutFraction;
            if (toHeld && held.size() < heldCap) {
                held.addAll(caps);
            } else if (!toHeld && (maxCaptions <= 0 || train.size() < maxCaptions)) {
                train.addAll(caps);
            }
        }
        return new Split(train, held);
    }

    /** Training and held-out captions (whole images on each side). */
    record Split(List<CorpusCaption> train, List<CorpusCaption> heldOut) {}
}
