package org.biaslab.cli;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.biaslab.metric.leakage.lstm.SyntheticTexts;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biaslab.engine.Torch;
import org.biaslab.metric.leakage.CaptionClassifier;
import org.biaslab.metric.leakage.lstm.LstmConfig;
import org.biaslab.metric.leakage.lstm.LstmTrainer;

/**
 * {@code bench --only lstm-rate}: biaslab's LIC LSTM training rate (paper configuration: embedding
 * 100, 2 bidirectional layers of 256, dropout 0.5, Adam 5e-5, batch 64) in sequences/s on a
 * synthetic workload, then the same training in PyTorch ({@code tools/lic-lstm-torch}, one Python
 * process with the same thread count) and the ratio. The workload is the one of the test harness
 * {@code LstmThroughputBenchmark}: sequences of 8..20 tokens drawn from 1,000 random words, half
 * of them holding the word {@code x} (label 1); data seed 42, training seed 1. The Python script
 * re-implements {@link Random} and draws the same sequences and the same batches. A speed
 * comparison only: without a Python that has torch the anchor is skipped with a note.
 */
final class TorchLstmAnchor {
    /** Environment variable naming the Python to use when {@code --torch} is not given. */
    static final String ENV = "BIASLAB_TORCH_PYTHON";
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 20;
    static final int WORDS = 1000;
    static final long DATA_SEED = 42;
    static final long TRAINING_SEED = 1;
    private static final String PREFIX = "lstm-torch:";
    private static final PythonAnchor ANCHOR = new PythonAnchor("lstm-rate: PyTorch anchor",
            "tools/lic-lstm-torch/lstm_torch.py", "--torch", ENV, "torch", "torch");
    private static final Pattern FIELD = Pattern.compile("([a-z_]+)=(\\S+)");

    private TorchLstmAnchor() {}

    /** Synthetic texts and labels: label 1 iff {@code x} occurs (as {@code ToyData.containsX}). */
    record Workload(List<List<String>> texts, int[] labels) {
        static Workload of(int n) {
            SyntheticTexts s = SyntheticTexts.containsX(n, MIN_LENGTH, MAX_LENGTH, WORDS, DATA_SEED);
            return new Workload(s.texts(), s.labels());
        }
    }

    /** The anchor's figures, read from its {@code lstm-torch:} line. */
    record Figures(double sequencesPerSecond, double wallSeconds, double cpuSeconds, int threads, String torch) {}

    /**
     * Trains biaslab's LSTM on {@code sequences} synthetic sequences for {@code epochs} epochs with
     * PyTorch's intra-op threads set to {@code threads}, prints its rate, then the anchor's.
     *
     * @param root the biaslab checkout (holds tools/lic-lstm-torch)
     * @param python the Python given with {@code --torch}, or null
     */
    static void run(PrintWriter out, Path root, int sequences, int epochs, int threads, String python)
            throws Exception {
        Workload data = Workload.of(sequences);
        LstmConfig paper = LstmConfig.paper();
        LstmConfig config = new LstmConfig(paper.embeddingDim(), paper.hiddenDim(), paper.numLayers(),
                paper.dropout(), paper.learningRate(), paper.batchSize(), epochs, paper.maxVocab());
        Torch.engine(); // native library and self-check outside the timing
        JniUtils.setNumThreads(threads);
        double cpu0 = ProcessFigures.cpuSeconds();
        long t0 = System.nanoTime();
        try (CaptionClassifier classifier = new LstmTrainer(config).train(data.texts(), data.labels(),
                TRAINING_SEED)) {
            long t1 = System.nanoTime();
            double cpu = ProcessFigures.cpuSeconds() - cpu0;
            double wall = (t1 - t0) / 1e9;
            double rate = (double) sequences * epochs / wall;
            out.printf(Locale.ROOT, "lstm-rate: biaslab %.1f sequences/s (%d sequences of %d-%d tokens x %d epoch(s), "
                            + "paper configuration, batch %d, %d thread(s)): wall %.1f s, CPU %s%n", rate, sequences,
                    MIN_LENGTH, MAX_LENGTH, epochs, config.batchSize(), JniUtils.getNumThreads(), wall,
                    ProcessFigures.seconds(cpu));
            out.flush();
            anchor(out, root, sequences, epochs, threads, python, rate);
        }
    }

    private static void anchor(PrintWriter out, Path root, int sequences, int epochs, int threads, String python,
            double biaslabRate) throws IOException, InterruptedException {
        List<String> args = List.of("--sequences", String.valueOf(sequences), "--epochs", String.valueOf(epochs),
                "--threads", String.valueOf(threads), "--min-length", String.valueOf(MIN_LENGTH), "--max-length",
                String.valueOf(MAX_LENGTH), "--words", String.valueOf(WORDS), "--data-seed", String.valueOf(DATA_SEED),
                "--seed", String.valueOf(TRAINING_SEED));
        PythonAnchor.Output o = ANCHOR.run(out, root, python, args, PREFIX);
        if (o == null) {
            return;
        }
        String line = o.line();
        Figures f = line == null ? null : parse(line);
        if (o.exit() != 0 || f == null) {
            ANCHOR.failed(out, o);
            return;
        }
        out.println(line);
        out.println(comparison(biaslabRate, f));
        out.flush();
    }

    /** The side-by-side line. */
    static String comparison(double biaslabRate, Figures torch) {
        return String.format(Locale.ROOT, "lstm-rate vs PyTorch: %.1f vs %.1f sequences/s = %.2fx (torch %s, %d "
                + "thread(s))", biaslabRate, torch.sequencesPerSecond(), biaslabRate / torch.sequencesPerSecond(),
                torch.torch(), torch.threads());
    }

    /** The anchor's figures from its line, or null when a figure is missing or not a number. */
    static Figures parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        Map<String, String> fields = new TreeMap<>();
        Matcher m = FIELD.matcher(line.substring(PREFIX.length()));
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        try {
            return new Figures(Double.parseDouble(fields.get("sequences_per_s")),
                    Double.parseDouble(fields.get("wall_s")), Double.parseDouble(fields.get("cpu_s")),
                    Integer.parseInt(fields.get("threads")), fields.getOrDefault("torch", "?"));
        } catch (NullPointerException | NumberFormatException e) {
            return null;
        }
    }
}
