package org.biaslab.debias.lm;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.biaslab.util.Hashing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * LIBRA's Debiasing Caption Generator (Hirota, Nakashima and Garcia, CVPR 2023) as a word-for-word
 * denoiser: given a (possibly biased) caption, randomly masked (LIBRA's rate 0.2, at training and
 * inference), and the image evidence (perceived-gender probabilities, {@link GenderEvidence}) in a
 * prefix token, it predicts the original word at every position. Trained by {@link
 * DenoiserTrainer}. LIBRA's generator is a sequence-to-sequence model over image features; here
 * the edits of Biased Caption Synthesis are word for word, so per-position prediction is
 * faithful, and the only image evidence is perceived gender.
 *
 * <p>The output has exactly one token per input token. Unknown-word policy: the model never turns
 * a word into {@code <unk>}. An input word outside the vocabulary is always kept as it is, and
 * where the most probable token at a position is a special ({@code <unk>}, {@code <pad>}, {@code
 * <mask>}, {@code <ev>}) the input word is kept. Long captions: only the first {@code maxLength}
 * tokens are read and possibly rewritten; later tokens are returned unchanged.
 */
public final class CaptionDenoiser extends EncoderModel {
    /** Kind in saved model directories. */
    public static final String KIND = "denoiser";

    CaptionDenoiser(Model model, TokenEncoder encoder, Vocabulary vocabulary, ModelCard card) {
        super(model, encoder, vocabulary, card);
        if (!encoder.config().hasEvidence()) {
            throw new IllegalArgumentException("a caption denoiser needs evidence, got evidenceDim 0");
        }
    }

    /** Loads a model saved by {@link #save}, checking its manifest. */
    public static CaptionDenoiser load(Path dir) throws IOException {
        ModelFiles.Loaded loaded = ModelFiles.load(dir, KIND);
        return new CaptionDenoiser(loaded.model(), loaded.encoder(), loaded.vocabulary(), loaded.card());
    }

    @Override
    String kind() {
        return KIND;
    }

    /** The input masking rate the model was trained with (its default at inference). */
    public double maskRate() {
        return card().training().maskRate();
    }

    /** {@link #debias(List, double, long)} at the training masking rate. */
    public List<List<String>> debias(List<DebiasInput> inputs, long seed) {
        return debias(inputs, maskRate(), seed);
    }

    /** {@link #debias(List, double, double, long)} with no edit margin: every position takes the model's top word. */
    public List<List<String>> debias(List<DebiasInput> inputs, double maskRate, long seed) {
        return debias(inputs, maskRate, 0.0, seed);
    }

    /**
     * Debiased tokens of each caption. Caption {@code i} is masked with {@code new
     * Random(Hashing.seed(seed, "mask", i))}, so results do not depend on batching.
     *
     * <p>Edit margin: a word is replaced only when the model's top word beats the input word by at
     * least {@code minLogOdds} in log-probability (natural log) at that position, masked or not. 0
     * takes the top word everywhere; e.g. 2 asks the new word to be at least e^2 = 7.4 times as
     * probable as the word it replaces. Without image features a masked word can only be guessed
     * from the rest of the caption, and the margin keeps the guesses the model is sure of.
     *
     * @param maskRate share of input tokens replaced by {@code <mask>}, in [0, 1)
     * @param minLogOdds edit margin, finite and {@code >= 0}
     */
    public synchronized List<List<String>> debias(List<DebiasInput> inputs, double maskRate, double minLogOdds,
            long seed) {
        ensureOpen();
        if (!(maskRate >= 0.0 && maskRate < 1.0)) {
            throw new IllegalArgumentException("maskRate must be in [0, 1), got " + maskRate);
        }
        if (!(minLogOdds >= 0.0 && Double.isFinite(minLogOdds))) {
            throw new IllegalArgumentException("minLogOdds must be finite and >= 0, got " + minLogOdds);
        }
        int maxLength = config().maxLength();
        int n = inputs.size();
        long[][] encoded = new long[n][];
        long[][] masked = new long[n][];
        float[][] evidence = new float[n][];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            DebiasInput input = inputs.get(i);
            evidence[i] = checkEvidence(input.evidence(), "input " + i);
            encoded[i] = Training.truncate(vocabulary.encode(input.tokens()), maxLength);
            masked[i] = Masking.maskInput(encoded[i], maskRate, new Random(Hashing.seed(seed, "mask", i)));
            lengths[i] = encoded[i].length;
        }
        List<List<String>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(inputs.get(i).tokens());
        }
        List<Integer> nonEmpty = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (lengths[i] > 0) {
                nonEmpty.add(i);
            }
        }
        int[] ne = nonEmpty.stream().mapToInt(Integer::intValue).toArray();
        int[] neLengths = Arrays.stream(ne).map(i -> lengths[i]).toArray();
        for (int[] local : lengthBatches(neLengths, INFERENCE_BATCH)) {
            int[] batch = Arrays.stream(local).map(j -> ne[j]).toArray();
            Training.Batch b = batch(batch, masked, evidence, lengths, encoded);
            long[] predicted;
            float[] margin = null;
            try (NDManager manager = batchManager()) {
                NDArray logits = Training.rowLogits(encoder, manager, b, false);
                predicted = argMaxFrom(logits, 0);
                if (minLogOdds > 0) {
                    // log p(top) - log p(input word) = logit(top) - logit(input word): no softmax needed
                    int m = b.targets().length;
                    NDArray inputLogit = logits.gather(manager.create(b.targets()).reshape(m, 1), 1).reshape(m);
                    margin = logits.max(new int[] {1}).sub(inputLogit).toFloatArray();
                }
            }
            int r = 0;
            for (int i : batch) {
                List<String> tokens = inputs.get(i).tokens();
                List<String> result = new ArrayList<>(tokens);
                for (int t = 0; t < lengths[i]; t++, r++) {
                    long id = predicted[r];
                    boolean known = encoded[i][t] >= Vocabulary.SPECIALS;
                    boolean sure = margin == null || margin[r] >= minLogOdds;
                    if (known && id >= Vocabulary.SPECIALS && id != encoded[i][t] && sure) {
                        result.set(t, vocabulary.token((int) id));
                    }
                }
                out.set(i, List.copyOf(result));
            }
        }
        return out;
    }

    /**
     * A batch predicting every position {@code t < length} of each caption.
     *
     * @param targets per caption, target ids (or null)
     */
    private Training.Batch batch(int[] batch, long[][] inputs, float[][] evidence, int[] lengths, long[][] targets) {
        int time = 0;
        int m = 0;
        for (int i : batch) {
            time = Math.max(time, lengths[i]);
            m += lengths[i];
        }
        int d = config().evidenceDim();
        List<long[]> rows = new ArrayList<>(batch.length);
        float[] ev = new float[batch.length * d];
        long[] flat = new long[m];
        long[] flatTargets = new long[targets == null ? 0 : m];
        int r = 0;
        for (int b = 0; b < batch.length; b++) {
            int i = batch[b];
            rows.add(inputs[i]);
            System.arraycopy(evidence[i], 0, ev, b * d, d);
            for (int t = 0; t < lengths[i]; t++) {
                flat[r] = (long) b * time + t;
                if (targets != null) {
                    flatTargets[r] = targets[i][t];
                }
                r++;
            }
        }
        return new Training.Batch(Training.pad(rows, time), batch.length, time, ev, d, flat, flatTargets);
    }

    private float[] checkEvidence(float[] evidence, String where) {
        if (evidence.length != config().evidenceDim()) {
            throw new IllegalArgumentException(where + ": evidence has " + evidence.length + " values, the model takes "
                    + config().evidenceDim());
        }
        return evidence;
    }

    /**
     * Held-out perplexity and accuracy against the targets (see {@link DenoiseScore}), inputs
     * masked at the training rate with {@code Hashing.seed(seed, "mask", i)}.
     */
    public synchronized DenoiseScore score(List<DenoiseExample> examples, long seed) {
        ensureOpen();
        int maxLength = config().maxLength();
        int n = examples.size();
        long[][] masked = new long[n][];
        long[][] targets = new long[n][];
        boolean[][] edits = new boolean[n][];
        float[][] evidence = new float[n][];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            DenoiseExample e = examples.get(i);
            evidence[i] = checkEvidence(e.evidence(), "example " + i);
            long[] input = Training.truncate(vocabulary.encode(e.input()), maxLength);
            masked[i] = Masking.maskInput(input, maskRate(), new Random(Hashing.seed(seed, "mask", i)));
            targets[i] = Training.truncate(vocabulary.encode(e.target()), maxLength);
            edits[i] = new boolean[input.length];
            for (int t = 0; t < input.length; t++) {
                edits[i][t] = !e.input().get(t).equals(e.target().get(t));
            }
            lengths[i] = input.length;
        }
        double[] lossSums = new double[n];
        int[] counts = new int[n];
        long correct = 0;
        long total = 0;
        long editCorrect = 0;
        long editTotal = 0;
        int[] nonEmpty = java.util.stream.IntStream.range(0, n).filter(i -> lengths[i] > 0).toArray();
        int[] neLengths = Arrays.stream(nonEmpty).map(i -> lengths[i]).toArray();
        for (int[] local : lengthBatches(neLengths, INFERENCE_BATCH)) {
            int[] batch = Arrays.stream(local).map(j -> nonEmpty[j]).toArray();
            Training.Batch b = batch(batch, masked, evidence, lengths, targets);
            float[] ce;
            long[] predicted;
            try (NDManager manager = batchManager()) {
                NDArray logits = Training.rowLogits(encoder, manager, b, false);
                int m = b.targets().length;
                ce = logits.logSoftmax(1).gather(manager.create(b.targets()).reshape(m, 1), 1).neg().toFloatArray();
                predicted = argMaxFrom(logits, 0);
            }
            int r = 0;
            for (int i : batch) {
                for (int t = 0; t < lengths[i]; t++, r++) {
                    if (!Masking.predictable(targets[i][t])) {
                        continue;
                    }
                    boolean right = predicted[r] == targets[i][t];
                    lossSums[i] += ce[r];
                    counts[i]++;
                    total++;
                    correct += right ? 1 : 0;
                    if (edits[i][t]) {
                        editTotal++;
                        editCorrect += right ? 1 : 0;
                    }
                }
            }
        }
        List<Integer> scored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (counts[i] > 0) {
                scored.add(i);
            }
        }
        double[] s = scored.stream().mapToDouble(i -> lossSums[i]).toArray();
        int[] c = scored.stream().mapToInt(i -> counts[i]).toArray();
        return new DenoiseScore(HeldOut.perplexity(s, c, Hashing.seed(seed, "bootstrap")),
                HeldOut.accuracy(correct, total), HeldOut.accuracy(editCorrect, editTotal), scored.size());
    }
}
