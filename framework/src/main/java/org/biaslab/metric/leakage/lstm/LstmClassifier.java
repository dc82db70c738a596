package org.biaslab.metric.leakage.lstm;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.biaslab.metric.leakage.CaptionClassifier;
import org.biaslab.metric.leakage.LeakageException;

import java.util.List;
import java.util.Objects;

/**
 * A trained LIC LSTM classifier. Holds the DJL {@link Model} (native parameter memory) until
 * {@link #close()}. Scoring runs in evaluation mode (no dropout) in length-sorted batches, one
 * sub-manager per batch; padding does not change a score.
 */
final class LstmClassifier implements CaptionClassifier {
    private final Model model;
    private final LicLstmBlock block;
    private final Vocabulary vocabulary;
    private final int batchSize;
    private boolean closed;

    LstmClassifier(Model model, LicLstmBlock block, Vocabulary vocabulary, int batchSize) {
        this.model = model;
        this.block = block;
        this.vocabulary = vocabulary;
        this.batchSize = batchSize;
    }

    @Override
    public synchronized double[][] scores(List<List<String>> texts) throws LeakageException {
        Objects.requireNonNull(texts, "texts");
        if (closed) {
            throw new IllegalStateException("LSTM classifier is closed");
        }
        // scoring records no graph, whichever thread it runs on
        org.biaslab.engine.Torch.gradientsOffOnThisThread();
        long[][] encoded = new long[texts.size()][];
        for (int i = 0; i < encoded.length; i++) {
            List<String> text = texts.get(i);
            if (text == null) {
                throw new LeakageException("text " + i + " is null");
            }
            encoded[i] = vocabulary.encode(text);
        }
        double[][] scores = new double[encoded.length][];
        try {
            for (int[] batch : Batches.byLength(encoded, batchSize)) {
                try (NDManager batchManager = model.getNDManager().newSubManager()) {
                    Batches.Padded padded = Batches.pad(batchManager, encoded, batch);
                    NDArray logits = block.logits(padded.tokens(), padded.lengths(), false);
                    float[] p = logits.getNDArrayInternal().sigmoid().toFloatArray();
                    for (int j = 0; j < batch.length; j++) {
                        double p1 = p[j];
                        scores[batch[j]] = new double[] {1.0 - p1, p1};
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new LeakageException("LSTM scoring failed: " + e.getMessage(), e);
        }
        return scores;
    }

    /** The network (for tests). */
    LicLstmBlock block() {
        return block;
    }

    /** The DJL model holding the parameters (for tests). */
    Model model() {
        return model;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }
}
