package org.biaslab.debias.lm;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.biaslab.util.Hashing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The masked language model of LIBRA's Biased Caption Synthesis (Hirota, Nakashima and Garcia,
 * CVPR 2023): asked for a masked word of a caption, it proposes the words the training captions
 * make likely, which is how BCS injects gender-to-context bias. Trained by {@link MlmTrainer}.
 *
 * <p>Long captions: the model sees at most {@code maxLength} tokens. {@link #fillMask} uses the
 * window of {@code maxLength} tokens around the queried position (centred where the caption
 * allows); {@link #score} uses each caption's first {@code maxLength} tokens.
 *
 * <p>Proposals are vocabulary words only: the specials ({@code <pad>}, {@code <unk>}, {@code
 * <mask>}, {@code <ev>}) are never proposed. Input words outside the vocabulary are read as
 * {@code <unk>}.
 */
public final class MaskedLanguageModel extends EncoderModel {
    /** Kind in saved model directories. */
    public static final String KIND = "mlm";

    MaskedLanguageModel(Model model, TokenEncoder encoder, Vocabulary vocabulary, ModelCard card) {
        super(model, encoder, vocabulary, card);
        if (encoder.config().hasEvidence()) {
            throw new IllegalArgumentException("a masked language model takes no evidence, got evidenceDim "
                    + encoder.config().evidenceDim());
        }
    }

    /** Loads a model saved by {@link #save}, checking its manifest. */
    public static MaskedLanguageModel load(Path dir) throws IOException {
        ModelFiles.Loaded loaded = ModelFiles.load(dir, KIND);
        return new MaskedLanguageModel(loaded.model(), loaded.encoder(), loaded.vocabulary(), loaded.card());
    }

    @Override
    String kind() {
        return KIND;
    }

    /** The {@code k} most probable words for one position (see {@link #fillMask(List, int)}). */
    public List<TokenScore> fillMask(List<String> tokens, int position, int k) {
        return fillMask(List.of(new MaskQuery(tokens, position)), k).get(0);
    }

    /**
     * For each query, the {@code k} most probable vocabulary words at its position, most probable
     * first (ties by lower id, i.e. the more frequent word). Batched; the result does not depend
     * on the batch.
     *
     * @param k candidates per query, 1..number of vocabulary words
     */
    public synchronized List<List<TokenScore>> fillMask(List<MaskQuery> queries, int k) {
        ensureOpen();
        if (k < 1 || k > vocabulary.words()) {
            throw new IllegalArgumentException("k must be in 1.." + vocabulary.words() + ", got " + k);
        }
        int maxLength = config().maxLength();
        long[][] inputs = new long[queries.size()][];
        int[] positions = new int[queries.size()];
        int[] lengths = new int[queries.size()];
        for (int q = 0; q < queries.size(); q++) {
            MaskQuery query = queries.get(q);
            int n = query.tokens().size();
            int start = n <= maxLength ? 0 : Math.max(0, Math.min(query.position() - maxLength / 2, n - maxLength));
            List<String> window = query.tokens().subList(start, Math.min(n, start + maxLength));
            long[] ids = vocabulary.encode(window);
            positions[q] = query.position() - start;
            ids[positions[q]] = Vocabulary.MASK_INDEX;
            inputs[q] = ids;
            lengths[q] = ids.length;
        }
        List<List<TokenScore>> out = new ArrayList<>(queries.size());
        for (int q = 0; q < queries.size(); q++) {
            out.add(null);
        }
        for (int[] batch : lengthBatches(lengths, INFERENCE_BATCH)) {
            int time = 0;
            for (int q : batch) {
                time = Math.max(time, lengths[q]);
            }
            List<long[]> rows = new ArrayList<>(batch.length);
            long[] flat = new long[batch.length];
            for (int b = 0; b < batch.length; b++) {
                rows.add(inputs[batch[b]]);
                flat[b] = (long) b * time + positions[batch[b]];
            }
            Training.Batch input = new Training.Batch(Training.pad(rows, time), batch.length, time, null, 0, flat, new long[0]);
            try (NDManager manager = batchManager()) {
                NDArray probabilities = Training.rowLogits(encoder, manager, input, false).softmax(1);
                NDArray words = probabilities.get(":, " + Vocabulary.SPECIALS + ":");
                NDList top = words.topK(k, 1, true, true);
                float[] values = top.get(0).toFloatArray();
                long[] ids = top.get(1).toLongArray();
                for (int b = 0; b < batch.length; b++) {
                    List<TokenScore> scores = new ArrayList<>(k);
                    for (int j = 0; j < k; j++) {
                        int id = (int) ids[b * k + j] + Vocabulary.SPECIALS;
                        scores.add(new TokenScore(vocabulary.token(id), Math.min(1.0, values[b * k + j])));
                    }
                    out.set(batch[b], List.copyOf(scores));
                }
            }
        }
        return out;
    }

    /**
     * Held-out masked-token perplexity and accuracy (see {@link MlmScore}). Captions are
     * tokenized the way the training captions were (the caller's job).
     *
     * @param seed seeds the masking of each caption ({@code Hashing.seed(seed, "mask", i)}) and
     *     the bootstrap
     */
    public synchronized MlmScore score(List<List<String>> captions, long seed) {
        ensureOpen();
        int maxLength = config().maxLength();
        List<Masking.Selection> selections = new ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            long[] ids = Training.truncate(vocabulary.encode(captions.get(i)), maxLength);
            Masking.Selection s = Masking.allMasked(ids, TrainConfig.BERT_MASK_RATE,
                    new Random(Hashing.seed(seed, "mask", i)));
            if (s.positions().length > 0) {
                selections.add(s);
            }
        }
        int n = selections.size();
        double[] lossSums = new double[n];
        int[] counts = new int[n];
        long correct = 0;
        long total = 0;
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = selections.get(i).input().length;
        }
        for (int[] batch : lengthBatches(lengths, INFERENCE_BATCH)) {
            int time = 0;
            int m = 0;
            for (int i : batch) {
                time = Math.max(time, lengths[i]);
                m += selections.get(i).positions().length;
            }
            List<long[]> rows = new ArrayList<>(batch.length);
            long[] flat = new long[m];
            long[] targets = new long[m];
            int r = 0;
            for (int b = 0; b < batch.length; b++) {
                Masking.Selection s = selections.get(batch[b]);
                rows.add(s.input());
                for (int j = 0; j < s.positions().length; j++) {
                    flat[r] = (long) b * time + s.positions()[j];
                    targets[r] = s.targets()[j];
                    r++;
                }
            }
            Training.Batch input = new Training.Batch(Training.pad(rows, time), batch.length, time, null, 0, flat, targets);
            try (NDManager manager = batchManager()) {
                NDArray logits = Training.rowLogits(encoder, manager, input, false);
                float[] ce = logits.logSoftmax(1).gather(manager.create(targets).reshape(m, 1), 1).neg().toFloatArray();
                long[] predicted = argMaxFrom(logits, Vocabulary.SPECIALS);
                r = 0;
                for (int i : batch) {
                    Masking.Selection s = selections.get(i);
                    for (int j = 0; j < s.positions().length; j++) {
                        lossSums[i] += ce[r];
                        counts[i]++;
                        correct += predicted[r] == targets[r] ? 1 : 0;
                        total++;
                        r++;
                    }
                }
            }
        }
        return new MlmScore(HeldOut.perplexity(lossSums, counts, Hashing.seed(seed, "bootstrap")),
                HeldOut.accuracy(correct, total), n);
    }
}
