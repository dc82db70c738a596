package org.biaslab.metric.leakage.lstm;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;

import org.biaslab.engine.Torch;
import org.biaslab.metric.leakage.CaptionClassifier;
import org.biaslab.metric.leakage.CaptionClassifierTrainer;
import org.biaslab.metric.leakage.LeakageException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The LSTM attribute classifier of LIC (Hirota, Nakashima and Garcia, "Quantifying Societal Bias
 * Amplification in Image Captioning", CVPR 2022), as in its released code: torchtext vocabulary of
 * the training texts ({@code <unk>} = 0, {@code <pad>} = 1, 25,000 most frequent tokens),
 * Embedding(V, 100) N(0,1) with the {@code <unk>} and {@code <pad>} rows zeroed, dropout 0.5,
 * 2-layer bidirectional LSTM(256, dropout 0.5) over packed sequences, concatenation of the top
 * layer's final forward and backward states, dropout 0.5, Linear(512, 1); BCE-with-logits, Adam
 * (lr 5e-5, betas 0.9/0.999, eps 1e-8), batch 64, 20 epochs, model after the last epoch.
 *
 * <p>DJL 0.35.1's bidirectional {@code LSTM} block registers its parameters in an order PyTorch's
 * kernel does not expect, and padded batches would let the backward direction start on pads. So
 * {@link LicLstmBlock} calls the fused single-direction kernel once per layer and direction and
 * runs the backward direction on sequences reversed within their true lengths: exactly what
 * packing computes. Batches are bucketed by length as torchtext's {@code BucketIterator} does
 * ({@link Batches#forEpoch}), which keeps the wasted pad work small.
 *
 * <p>Runs on the PyTorch engine, CPU. Deterministic for a seed: the seed goes to PyTorch's global
 * generator (initialisation, dropout; as {@link Long#hashCode}) and to a {@link Random}
 * (shuffling). Because that generator and DJL's gradient collector are process-wide, trainings are
 * serialised on a class-wide lock; other code drawing from PyTorch's generator concurrently would
 * break reproducibility. Empty texts are read as the single token {@code <unk>}.
 */
public final class LstmTrainer implements CaptionClassifierTrainer {
    /** Registered name. */
    public static final String NAME = "lstm";

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;
    private static final int SCORING_BATCH = 256;
    private static final Object TRAINING_LOCK = new Object();

    private final LstmConfig config;
    /** Told after each epoch; null for none. */
    private final org.biaslab.metric.leakage.TrainingProgress progress;

    /** The paper's configuration. */
    public LstmTrainer() {
        this(LstmConfig.paper());
    }

    public LstmTrainer(LstmConfig config) {
        this(config, null);
    }

    private LstmTrainer(LstmConfig config, org.biaslab.metric.leakage.TrainingProgress progress) {
        this.config = Objects.requireNonNull(config, "config");
        this.progress = progress;
    }

    /** The same training, reporting each epoch (sequences so far, time) to {@code progress}. */
    @Override
    public LstmTrainer withProgress(org.biaslab.metric.leakage.TrainingProgress progress) {
        return new LstmTrainer(config, Objects.requireNonNull(progress, "progress"));
    }

    @Override
    public CaptionClassifier train(List<List<String>> texts, int[] labels, long seed)
            throws LeakageException {
        long[] targets = validate(texts, labels);
        Vocabulary vocabulary = Vocabulary.build(texts, config.maxVocab());
        long[][] encoded = new long[texts.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = vocabulary.encode(texts.get(i));
        }
        synchronized (TRAINING_LOCK) {
            Engine engine;
            Model model;
            try {
                // units run on worker threads: engine() turns PyTorch's grad mode (on in new threads) off here
                engine = Torch.engine();
                model = Torch.newModel(NAME);
            } catch (RuntimeException e) {
                throw new LeakageException("DJL engine " + Torch.ENGINE + " unavailable: " + e.getMessage(), e);
            }
            try {
                engine.setRandomSeed(Long.hashCode(seed));
                LicLstmBlock block = new LicLstmBlock(vocabulary.size(), config);
                model.setBlock(block);
                block.initialize(
                        model.getNDManager(),
                        DataType.FLOAT32,
                        new Shape(1, 1),
                        new Shape(1));
                block.zeroEmbeddingRows(Vocabulary.UNK_INDEX, Vocabulary.PAD_INDEX);
                fit(engine, model, block, encoded, targets, new Random(seed));
                return new LstmClassifier(
                        model, block, vocabulary, Math.max(SCORING_BATCH, config.batchSize()));
            } catch (LeakageException e) {
                model.close();
                throw e;
            } catch (RuntimeException e) {
                model.close();
                throw new LeakageException("LSTM training failed: " + e.getMessage(), e);
            }
        }
    }

    private void fit(
            Engine engine,
            Model model,
            LicLstmBlock block,
            long[][] encoded,
            long[] labels,
            Random random)
            throws LeakageException {
        NDManager root = model.getNDManager();
        try (TorchAdam adam =
                new TorchAdam(
                        root,
                        block.parameterList(),
                        block.embeddingParameter(),
                        Vocabulary.PAD_INDEX,
                        config.learningRate(),
                        BETA1,
                        BETA2,
                        EPSILON)) {
            runEpochs(engine, root, block, encoded, labels, random, adam);
        }
    }

    private void runEpochs(
            Engine engine,
            NDManager root,
            LicLstmBlock block,
            long[][] encoded,
            long[] labels,
            Random random,
            TorchAdam adam)
            throws LeakageException {
        long start = System.nanoTime();
        long sequences = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            for (int[] batch : Batches.forEpoch(encoded, config.batchSize(), random)) {
                float[] y = new float[batch.length];
                for (int j = 0; j < batch.length; j++) {
                    y[j] = labels[batch[j]];
                }
                try (NDManager batchManager = root.newSubManager();
                        GradientCollector collector = engine.newGradientCollector()) {
                    Batches.Padded padded = Batches.pad(batchManager, encoded, batch);
                    NDArray logits = block.logits(padded.tokens(), padded.lengths(), true);
                    NDArray loss =
                            bceWithLogits(logits.reshape(batch.length), batchManager.create(y));
                    float value = loss.getFloat();
                    if (!Float.isFinite(value)) {
                        throw new LeakageException(
                                "LSTM training diverged: loss " + value + " in epoch "
                                        + (epoch + 1));
                    }
                    collector.backward(loss);
                }
                adam.step();
                sequences += batch.length;
            }
            if (progress != null) {
                progress.epochDone(epoch + 1, config.epochs(), sequences, System.nanoTime() - start);
            }
        }
    }

    /** Mean of {@code max(z,0) - z*y + log(1 + exp(-|z|))}, as {@code BCEWithLogitsLoss}. */
    static NDArray bceWithLogits(NDArray logits, NDArray targets) {
        return Activation.relu(logits)
                .sub(logits.mul(targets))
                .add(Activation.softPlus(logits.abs().neg()))
                .mean();
    }

    /** Checks the data; returns the labels. */
    private static long[] validate(List<List<String>> texts, int[] labels)
            throws LeakageException {
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(labels, "labels");
        if (texts.size() != labels.length) {
            throw new LeakageException(
                    texts.size() + " texts but " + labels.length + " labels");
        }
        if (texts.isEmpty()) {
            throw new LeakageException("no training texts");
        }
        long[] out = new long[labels.length];
        int ones = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new LeakageException("label " + i + " is " + labels[i] + ", not 0 or 1");
            }
            List<String> text = texts.get(i);
            if (text == null) {
                throw new LeakageException("text " + i + " is null");
            }
            for (String token : text) {
                if (token == null) {
                    throw new LeakageException("text " + i + " has a null token");
                }
            }
            out[i] = labels[i];
            ones += labels[i];
        }
        if (ones == 0 || ones == labels.length) {
            throw new LeakageException(
                    "training data has a single class (" + ones + " of " + labels.length
                            + " labelled 1)");
        }
        return out;
    }

    @Override
    public boolean parallelUnits() {
        return false; // PyTorch already uses every core inside one training
    }

    @Override
    public boolean usesEngine() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The {@link LstmConfig} fields, then the fixed architecture and optimiser settings. */
    @Override
    public Map<String, Object> config() {
        Map<String, Object> map = new LinkedHashMap<>(config.toMap());
        map.put("bidirectional", true);
        map.put("adamBeta1", BETA1);
        map.put("adamBeta2", BETA2);
        map.put("adamEpsilon", EPSILON);
        return map;
    }

    /** The hyperparameters. */
    public LstmConfig lstmConfig() {
        return config;
    }
}
