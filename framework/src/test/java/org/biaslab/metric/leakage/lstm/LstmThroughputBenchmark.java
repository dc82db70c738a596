package org.biaslab.metric.leakage.lstm;


import org.biaslab.metric.leakage.CaptionClassifier;
import org.biaslab.metric.leakage.LeakageException;
import org.biaslab.engine.Torch;

/**
 * Training throughput of the paper configuration (embedding 100, hidden 256, 2 bidirectional
 * layers, batch 64) for one epoch on 6,000 synthetic sequences of 8..20 tokens from 1,000 words.
 * Not a test: run by hand, e.g. {@code java -Dai.djl.offline=true -cp ... LstmThroughputBenchmark
 * [sequences] [epochs]} with {@code OPT_OUT_TRACKING=true} and {@code DJL_CACHE_DIR} set.
 */
public final class LstmThroughputBenchmark {
    private LstmThroughputBenchmark() {}

    public static void main(String[] args) throws LeakageException {
        int sequences = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        ToyData data = ToyData.containsX(sequences, 8, 20, 1000, 42);
        LstmConfig paper = LstmConfig.paper();
        LstmConfig config =
                new LstmConfig(
                        paper.embeddingDim(),
                        paper.hiddenDim(),
                        paper.numLayers(),
                        paper.dropout(),
                        paper.learningRate(),
                        paper.batchSize(),
                        epochs,
                        paper.maxVocab());
        Torch.engine(); // load the native library outside the timing
        long start = System.nanoTime();
        try (CaptionClassifier classifier =
                new LstmTrainer(config).train(data.texts, data.labels, 1)) {
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            long scoreStart = System.nanoTime();
            classifier.scores(data.texts);
            double scoreSeconds = (System.nanoTime() - scoreStart) / 1e9;
            System.out.printf(
                    "threads=%d sequences=%d epochs=%d train=%.1fs (%.0f sequences/s)"
                            + " scoring=%.1fs (%.0f sequences/s)%n",
                    Runtime.getRuntime().availableProcessors(),
                    sequences,
                    epochs,
                    trainSeconds,
                    sequences * (double) epochs / trainSeconds,
                    scoreSeconds,
                    sequences / scoreSeconds);
        }
    }
}
