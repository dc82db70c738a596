package org.biaslab.debias.lm;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A trained {@link TokenEncoder} with its vocabulary and card; the shared part of {@link
 * MaskedLanguageModel} and {@link CaptionDenoiser}. Holds native memory: close it. Methods are
 * synchronized, so one instance serves one call at a time.
 */
abstract class EncoderModel implements AutoCloseable {
    /** Captions per inference batch. */
    static final int INFERENCE_BATCH = 256;

    private final Model model;
    final TokenEncoder encoder;
    final Vocabulary vocabulary;
    private ModelCard card;
    private boolean closed;

    EncoderModel(Model model, TokenEncoder encoder, Vocabulary vocabulary, ModelCard card) {
        this.model = Objects.requireNonNull(model, "model");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.card = Objects.requireNonNull(card, "card");
    }

    /** The model's vocabulary. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The architecture. */
    public EncoderConfig config() {
        return encoder.config();
    }

    /** What the model is and how it was trained. */
    public synchronized ModelCard card() {
        return card;
    }

    synchronized void setCard(ModelCard card) {
        this.card = Objects.requireNonNull(card, "card");
    }

    abstract String kind();

    /** Saves parameters, vocabulary, config and card, with a SHA-256 manifest (see {@link ModelFiles}). */
    public synchronized void save(Path dir) throws IOException {
        ensureOpen();
        ModelFiles.save(dir, kind(), encoder, vocabulary, card);
    }

    /** The DJL model (tests and benchmarks). */
    Model model() {
        return model;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(kind() + " model is closed");
        }
    }

    /** A manager for one inference batch; close it. */
    NDManager batchManager() {
        return model.getNDManager().newSubManager();
    }

    /** Indices grouped into batches of similar length (less padding). */
    static List<int[]> lengthBatches(int[] lengths, int size) {
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += size) {
            int[] batch = new int[Math.min(size, order.length - from)];
            for (int j = 0; j < batch.length; j++) {
                batch[j] = order[from + j];
            }
            batches.add(batch);
        }
        return batches;
    }

    /** Index of the largest value of each row of {@code (M, V)} among columns {@code from..V-1}. */
    static long[] argMaxFrom(NDArray logits, int from) {
        NDArray sliced = from == 0 ? logits : logits.get(":, " + from + ":");
        long[] ids = sliced.argMax(1).toLongArray();
        for (int i = 0; i < ids.length; i++) {
            ids[i] += from;
        }
        return ids;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}
