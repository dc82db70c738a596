package org.biaslab.debias.lm;

import org.biaslab.util.Hashing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains the {@link CaptionDenoiser} ("denoise to target"): each step masks every input token
 * with probability {@link TrainConfig#maskRate()} (LIBRA: 0.2) and takes the cross-entropy
 * against the target word at every position whose target is in the vocabulary, with the image
 * evidence in the prefix token; copy positions may be subsampled ({@link TrainConfig#copyRate()}). Pairs are truncated to their first {@code maxLength} tokens;
 * pairs with no in-vocabulary target word are left out (counted in the card). Deterministic for a
 * seed (see {@link Training}).
 */
public final class DenoiserTrainer {
    /** Progress phase name. */
    public static final String PHASE = "denoiser";

    private final EncoderConfig encoderConfig;
    private final TrainConfig config;

    /** @param encoderConfig must have an evidence prefix (e.g. {@link EncoderConfig#GENDER_EVIDENCE_DIM}) */
    public DenoiserTrainer(EncoderConfig encoderConfig, TrainConfig config) {
        this.encoderConfig = Objects.requireNonNull(encoderConfig, "encoderConfig");
        this.config = Objects.requireNonNull(config, "config");
        if (!encoderConfig.hasEvidence()) {
            throw new IllegalArgumentException("a caption denoiser needs evidence, got evidenceDim 0");
        }
    }

    /**
     * Trains, then scores the held-out pairs ({@link CaptionDenoiser#score}, seeded by {@code
     * Hashing.seed(seed, "heldout")}) into the card.
     *
     * @param vocabulary e.g. {@link Vocabulary#build} of the target captions
     * @param examples training pairs
     * @param heldOut held-out pairs, may be empty
     * @param data name of the training data, for the card
     */
    public CaptionDenoiser train(
            Vocabulary vocabulary,
            List<DenoiseExample> examples,
            List<DenoiseExample> heldOut,
            String data,
            long seed,
            ProgressListener listener) throws LmException {
        return train(vocabulary, examples, heldOut, data, seed, listener, null);
    }

    /**
     * As {@link #train(Vocabulary, List, List, String, long, ProgressListener)}, fine-tuning from a
     * masked language model (LIBRA fine-tunes a pretrained language model, BART): every parameter
     * whose role and shape match is copied from {@code warmStart} before training (embeddings,
     * positions, encoder layers, output bias); the evidence projection starts fresh.
     *
     * @param warmStart a masked language model over the SAME vocabulary, or null to start fresh
     */
    public CaptionDenoiser train(
            Vocabulary vocabulary,
            List<DenoiseExample> examples,
            List<DenoiseExample> heldOut,
            String data,
            long seed,
            ProgressListener listener,
            MaskedLanguageModel warmStart) throws LmException {
        Objects.requireNonNull(vocabulary, "vocabulary");
        if (warmStart != null && !warmStart.vocabulary().equals(vocabulary)) {
            throw new LmException("the warm-start masked language model has another vocabulary ("
                    + warmStart.vocabulary().size() + " tokens) than the denoiser (" + vocabulary.size() + ")");
        }
        Objects.requireNonNull(heldOut, "heldOut");
        Objects.requireNonNull(listener, "listener");
        int d = encoderConfig.evidenceDim();
        List<long[]> inputs = new ArrayList<>(examples.size());
        List<long[]> targets = new ArrayList<>(examples.size());
        List<float[]> evidence = new ArrayList<>(examples.size());
        int dropped = 0;
        for (int i = 0; i < examples.size(); i++) {
            DenoiseExample e = examples.get(i);
            if (e == null) {
                throw new LmException("example " + i + " is null");
            }
            float[] ev = e.evidence();
            if (ev.length != d) {
                throw new LmException("example " + i + ": evidence has " + ev.length + " values, the model takes " + d);
            }
            long[] target = Training.truncate(vocabulary.encode(e.target()), encoderConfig.maxLength());
            boolean any = false;
            for (long id : target) {
                any |= Masking.predictable(id);
            }
            if (!any) {
                dropped++;
                continue;
            }
            inputs.add(Training.truncate(vocabulary.encode(e.input()), encoderConfig.maxLength()));
            targets.add(target);
            evidence.add(ev);
        }
        int[] lengths = inputs.stream().mapToInt(a -> a.length).toArray();
        double rate = config.maskRate();
        double copyRate = config.copyRate();
        float copyWeight = (float) (1.0 / copyRate);
        Training.BatchMaker maker = (batch, random) -> {
            int time = 0;
            for (int i : batch) {
                time = Math.max(time, lengths[i]);
            }
            List<long[]> rows = new ArrayList<>(batch.length);
            float[] ev = new float[batch.length * d];
            List<long[]> picked = new ArrayList<>();
            for (int b = 0; b < batch.length; b++) {
                int i = batch[b];
                long[] input = inputs.get(i);
                long[] masked = Masking.maskInput(input, rate, random);
                rows.add(masked);
                System.arraycopy(evidence.get(i), 0, ev, b * d, d);
                long[] target = targets.get(i);
                for (int t = 0; t < target.length; t++) {
                    if (!Masking.predictable(target[t])) {
                        continue;
                    }
                    boolean copy = masked[t] == target[t];
                    if (!copy || copyRate >= 1.0) {
                        picked.add(new long[] {(long) b * time + t, target[t], 0});
                    } else if (random.nextDouble() < copyRate) {
                        picked.add(new long[] {(long) b * time + t, target[t], 1});
                    }
                }
            }
            if (picked.isEmpty()) {
                // every copy position of the batch was skipped: keep its first one, unweighted
                long[] first = targets.get(batch[0]);
                for (int t = 0; t < first.length; t++) {
                    if (Masking.predictable(first[t])) {
                        picked.add(new long[] {t, first[t], 0});
                        break;
                    }
                }
            }
            long[] flat = new long[picked.size()];
            long[] flatTargets = new long[picked.size()];
            float[] weights = new float[picked.size()];
            for (int r = 0; r < flat.length; r++) {
                long[] p = picked.get(r);
                flat[r] = p[0];
                flatTargets[r] = p[1];
                weights[r] = p[2] == 1 ? copyWeight : 1f;
            }
            return new Training.Batch(Training.pad(rows, time), batch.length, time, ev, d, flat, flatTargets,
                    copyRate >= 1.0 ? null : weights);
        };
        Training.Fitted fitted = Training.train(vocabulary.size(), encoderConfig, config, lengths, maker, seed, PHASE,
                listener, warmStart == null ? null : warmStart.encoder);
        ModelCard card = MlmTrainer.card(CaptionDenoiser.KIND, warmStart == null ? data
                : data + "; fine-tuned from a masked language model trained on " + warmStart.card().data(), inputs.size(), dropped, vocabulary, fitted,
                encoderConfig, config, seed);
        CaptionDenoiser model = new CaptionDenoiser(fitted.model(), fitted.encoder(), vocabulary, card);
        if (!heldOut.isEmpty()) {
            DenoiseScore score = model.score(heldOut, Hashing.seed(seed, "heldout"));
            model.setCard(card.withHeldOut(score.captions(), score.toMap()));
        }
        return model;
    }
}
