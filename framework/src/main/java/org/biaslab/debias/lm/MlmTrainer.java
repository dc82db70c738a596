package org.biaslab.debias.lm;

import org.biaslab.util.BuildInfo;
import org.biaslab.util.Hashing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains the {@link MaskedLanguageModel} from scratch on caption tokens with BERT's objective
 * ({@link Masking}: 15% of the in-vocabulary positions selected, 80% {@code <mask>} / 10% random
 * word / 10% unchanged, cross-entropy at the selected positions only), with {@link TrainConfig}'s
 * AdamW schedule. Captions longer than {@code maxLength} are truncated to their first {@code
 * maxLength} tokens; captions with no in-vocabulary word are left out (counted in the card).
 * Deterministic for a seed (see {@link Training}).
 */
public final class MlmTrainer {
    /** Progress phase name. */
    public static final String PHASE = "mlm";

    private final EncoderConfig encoderConfig;
    private final TrainConfig config;

    public MlmTrainer(EncoderConfig encoderConfig, TrainConfig config) {
        this.encoderConfig = Objects.requireNonNull(encoderConfig, "encoderConfig");
        this.config = Objects.requireNonNull(config, "config");
        if (encoderConfig.hasEvidence()) {
            throw new IllegalArgumentException("a masked language model takes no evidence, got evidenceDim "
                    + encoderConfig.evidenceDim());
        }
    }

    /**
     * Trains, then scores the held-out captions ({@link MaskedLanguageModel#score}, seeded by
     * {@code Hashing.seed(seed, "heldout")}) into the card.
     *
     * @param vocabulary e.g. {@link Vocabulary#build} of the training captions
     * @param captions training captions (tokens)
     * @param heldOut held-out captions (tokens), may be empty
     * @param data name of the training data, for the card
     */
    public MaskedLanguageModel train(
            Vocabulary vocabulary,
            List<List<String>> captions,
            List<List<String>> heldOut,
            String data,
            long seed,
            ProgressListener listener) throws LmException {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(heldOut, "heldOut");
        Objects.requireNonNull(listener, "listener");
        List<long[]> encoded = new ArrayList<>(captions.size());
        int dropped = 0;
        for (int i = 0; i < captions.size(); i++) {
            List<String> caption = captions.get(i);
            if (caption == null) {
                throw new LmException("caption " + i + " is null");
            }
            long[] ids = Training.truncate(vocabulary.encode(caption), encoderConfig.maxLength());
            boolean any = false;
            for (long id : ids) {
                any |= Masking.predictable(id);
            }
            if (any) {
                encoded.add(ids);
            } else {
                dropped++;
            }
        }
        int[] lengths = encoded.stream().mapToInt(a -> a.length).toArray();
        int vocabSize = vocabulary.size();
        double rate = config.maskRate();
        Training.BatchMaker maker = (examples, random) -> {
            int time = 0;
            int m = 0;
            List<Masking.Selection> selections = new ArrayList<>(examples.length);
            for (int i : examples) {
                Masking.Selection s = Masking.bert(encoded.get(i), rate, vocabSize, random);
                selections.add(s);
                time = Math.max(time, s.input().length);
                m += s.positions().length;
            }
            List<long[]> rows = new ArrayList<>(examples.length);
            long[] flat = new long[m];
            long[] targets = new long[m];
            int r = 0;
            for (int b = 0; b < examples.length; b++) {
                Masking.Selection s = selections.get(b);
                rows.add(s.input());
                for (int j = 0; j < s.positions().length; j++) {
                    flat[r] = (long) b * time + s.positions()[j];
                    targets[r] = s.targets()[j];
                    r++;
                }
            }
            return new Training.Batch(Training.pad(rows, time), examples.length, time, null, 0, flat, targets);
        };
        Training.Fitted fitted = Training.train(vocabSize, encoderConfig, config, lengths, maker, seed, PHASE, listener);
        ModelCard card = card(MaskedLanguageModel.KIND, data, encoded.size(), dropped, vocabulary, fitted, encoderConfig,
                config, seed);
        MaskedLanguageModel model = new MaskedLanguageModel(fitted.model(), fitted.encoder(), vocabulary, card);
        if (!heldOut.isEmpty()) {
            MlmScore score = model.score(heldOut, Hashing.seed(seed, "heldout"));
            model.setCard(card.withHeldOut(score.captions(), score.toMap()));
        }
        return model;
    }

    static ModelCard card(
            String kind,
            String data,
            int trained,
            int dropped,
            Vocabulary vocabulary,
            Training.Fitted fitted,
            EncoderConfig encoderConfig,
            TrainConfig config,
            long seed) {
        long smallest = vocabulary.words() == 0 ? 0 : vocabulary.count(vocabulary.size() - 1);
        double seconds = fitted.seconds();
        return new ModelCard(kind, data, trained, dropped, 0, vocabulary.words(), smallest,
                ModelFiles.parameterCount(fitted.encoder()), encoderConfig, config, seed, seconds,
                seconds > 0 ? fitted.captionsSeen() / seconds : Double.NaN, fitted.lastEpochLoss(), Map.of(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), BuildInfo.version(),
                BuildInfo.get("djl.version"));
    }
}
