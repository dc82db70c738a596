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
import org.biaslab.metric.leakage.TrainingCheckpoint;
import org.biaslab.metric.leakage.TrainingProgress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 *
 * <p>With a {@link TrainingCheckpoint} ({@link #withCheckpoint}) the state after every epoch is
 * written to its file ({@link LstmCheckpoint}), and a training that finds a checkpoint of the same
 * configuration, vocabulary, data and seed continues after its epoch: to the bit the training an
 * uninterrupted run would have done.
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
    private final TrainingProgress progress;
    /** Written after each epoch and resumed from; null for none. */
    private final TrainingCheckpoint checkpoint;

    /** The paper's configuration. */
    public LstmTrainer() {
        this(LstmConfig.paper());
    }

    public LstmTrainer(LstmConfig config) {
        this(config, null, null);
    }

    private LstmTrainer(LstmConfig config, TrainingProgress progress, TrainingCheckpoint checkpoint) {
        this.config = Objects.requireNonNull(config, "config");
        this.progress = progress;
        this.checkpoint = checkpoint;
    }

    /** The same training, reporting each epoch (sequences so far, time) to {@code progress}. */
    @Override
    public LstmTrainer withProgress(TrainingProgress progress) {
        return new LstmTrainer(config, Objects.requireNonNull(progress, "progress"), checkpoint);
    }

    /**
     * The same training, writing its state to {@code checkpoint} after every epoch and, when the
     * file holds a checkpoint of this very training (configuration, vocabulary, data, seed),
     * continuing after its epoch. The result is bit for bit the uninterrupted training's.
     */
    @Override
    public LstmTrainer withCheckpoint(TrainingCheckpoint checkpoint) {
        return new LstmTrainer(config, progress, Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    @Override
    public boolean checkpoints() {
        return true;
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
        LstmCheckpoint.Identity identity = null;
        Optional<LstmCheckpoint> resume = Optional.empty();
        if (checkpoint != null) {
            identity = LstmCheckpoint.Identity.of(config(), vocabulary, encoded, targets, seed);
            resume = LstmCheckpoint.load(checkpoint, identity, config.epochs());
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
                fit(engine, model, block, encoded, targets, new Random(seed), identity, resume);
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
            Random random,
            LstmCheckpoint.Identity identity,
            Optional<LstmCheckpoint> resume)
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
            Progress from = new Progress(0, 0, 0);
            if (resume.isPresent()) {
                from = resume(root, block, encoded, random, adam, resume.get());
            }
            runEpochs(engine, root, block, encoded, labels, random, adam, identity, from);
        }
    }

    /** Where a training stands: epochs done, sequences processed and time spent in them. */
    private record Progress(int epochs, long sequences, long nanos) {}

    /**
     * Brings a freshly initialised training to the checkpoint's epoch: replays the finished epochs'
     * shuffles and dropout draws (which must end in the recorded shuffling state), then sets the
     * parameters and Adam's state. A checkpoint whose replay does not end in its recorded state is
     * refused before anything is drawn, and the training starts from its first epoch.
     */
    private Progress resume(
            NDManager root,
            LicLstmBlock block,
            long[][] encoded,
            Random random,
            TorchAdam adam,
            LstmCheckpoint saved) {
        String misfit = saved.mismatch(block);
        // the (batch, time) shapes of every finished epoch's batches, from a copy of the shuffling
        Random replay = copy(random);
        List<int[]> shapes = new ArrayList<>();
        for (int epoch = 0; epoch < saved.epochs(); epoch++) {
            for (int[] batch : Batches.forEpoch(encoded, config.batchSize(), replay)) {
                int time = 0;
                for (int i : batch) {
                    time = Math.max(time, encoded[i].length);
                }
                shapes.add(new int[] {batch.length, time});
            }
        }
        if (misfit == null && !Arrays.equals(LstmCheckpoint.state(replay), saved.shuffleState())) {
            misfit = "replaying its " + saved.epochs()
                    + " epochs' shuffles does not end in its recorded shuffling state";
        }
        if (misfit != null) {
            checkpoint.refuse(misfit);
            return new Progress(0, 0, 0);
        }
        for (int[] shape : shapes) {
            block.drawTrainingDropouts(root, shape[0], shape[1]);
        }
        for (int epoch = 0; epoch < saved.epochs(); epoch++) {
            Batches.forEpoch(encoded, config.batchSize(), random);
        }
        saved.restore(block, adam);
        checkpoint.resuming(saved.epochs(), config.epochs());
        return new Progress(saved.epochs(), saved.sequences(), saved.nanos());
    }

    /** An independent {@link Random} in the same state. */
    private static Random copy(Random random) {
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(LstmCheckpoint.state(random)))) {
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot copy a java.util.Random", e);
        }
    }

    private void runEpochs(
            Engine engine,
            NDManager root,
            LicLstmBlock block,
            long[][] encoded,
            long[] labels,
            Random random,
            TorchAdam adam,
            LstmCheckpoint.Identity identity,
            Progress from)
            throws LeakageException {
        long start = System.nanoTime() - from.nanos();
        long sequences = from.sequences();
        for (int epoch = from.epochs(); epoch < config.epochs(); epoch++) {
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
            long nanos = System.nanoTime() - start;
            if (checkpoint != null) {
                LstmCheckpoint state = LstmCheckpoint.capture(
                        identity, epoch + 1, sequences, nanos, random, block, adam);
                try {
                    state.write(checkpoint.file());
                } catch (IOException e) {
                    throw new LeakageException("cannot write the checkpoint of " + checkpoint.training()
                            + " after epoch " + (epoch + 1) + ": " + e.getMessage(), e);
                }
            }
            if (progress != null) {
                progress.epochDone(epoch + 1, config.epochs(), sequences, nanos);
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
