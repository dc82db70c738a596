package org.biaslab.debias.lm;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.biaslab.engine.Torch;

/**
 * The training loop shared by both trainers, and the batched forward pass to per-position
 * cross-entropy shared with evaluation.
 *
 * <p>Reproducibility: the seed goes to PyTorch's global generator (initialisation, dropout; as
 * {@link Long#hashCode}) and to a {@link Random} (batching, masking). That generator and DJL's
 * gradient collector are process-wide, so trainings are serialised on a class-wide lock; other
 * code drawing from PyTorch's generator concurrently would break reproducibility. Weights are
 * bit-identical for the same seed and the same number of PyTorch intra-op threads ({@code
 * ai.djl.pytorch.num_threads}); another thread count changes float summation order, so the last
 * digits differ.
 */
final class Training {
    /** Batches are length-sorted within pools of this many batches (as torchtext's BucketIterator). */
    static final int POOL_BATCHES = 100;
    private static final Object LOCK = new Object();

    private Training() {}

    /**
     * One batch in Java arrays.
     *
     * @param tokens model input {@code (batch, time)} row-major, pad = 0
     * @param evidence {@code (batch, D)} row-major, or null
     * @param rows flat indices {@code b * time + t} of the predicted positions
     * @param targets target id of each predicted position
     * @param weights loss weight of each predicted position, or null for equal weights
     */
    record Batch(long[] tokens, int batch, int time, float[] evidence, int evidenceDim, long[] rows, long[] targets,
            float[] weights) {
        Batch(long[] tokens, int batch, int time, float[] evidence, int evidenceDim, long[] rows, long[] targets) {
            this(tokens, batch, time, evidence, evidenceDim, rows, targets, null);
        }
    }

    /** Corrupts and pads the examples of one batch, drawing from {@code random}. */
    @FunctionalInterface
    interface BatchMaker {
        Batch make(int[] examples, Random random);
    }

    /**
     * Copies every parameter of {@code from} into the parameter of {@code to} with the same role
     * (its name without DJL's child-order prefix, so an extra child block such as the
     * evidence projection does not shift the match) and the same shape. Returns the roles copied.
     */
    static java.util.List<String> copyMatching(TokenEncoder from, TokenEncoder to) {
        java.util.Map<String, ai.djl.nn.Parameter> source = new java.util.HashMap<>();
        for (var p : from.getParameters()) {
            source.put(role(p.getKey()), p.getValue());
        }
        java.util.List<String> copied = new java.util.ArrayList<>();
        for (var p : to.getParameters()) {
            ai.djl.nn.Parameter src = source.get(role(p.getKey()));
            if (src != null && src.isInitialized() && p.getValue().isInitialized()
                    && src.getArray().getShape().equals(p.getValue().getArray().getShape())) {
                p.getValue().getArray().set(src.getArray().toFloatArray());
                copied.add(role(p.getKey()));
            }
        }
        return copied;
    }

    /**
     * A parameter name without the two-digit order prefix DJL gives the encoder's direct children
     * ({@code 07layer0.feedForward_01Linear_weight} -> {@code layer0.feedForward_01Linear_weight}):
     * the evidence projection, a child only the denoiser has, shifts those numbers by one.
     */
    static String role(String name) {
        return name.replaceFirst("^\\d{2}(?=[A-Za-z])", "");
    }

    /** A trained encoder and what the loop measured. */
    record Fitted(Model model, TokenEncoder encoder, double seconds, long captionsSeen, double lastEpochLoss) {}

    /**
     * Builds an encoder, seeds everything, and trains it. The returned model owns the encoder;
     * the caller closes it.
     */
    static Fitted train(
            int vocabSize,
            EncoderConfig encoderConfig,
            TrainConfig config,
            int[] lengths,
            BatchMaker maker,
            long seed,
            String phase,
            ProgressListener listener) throws LmException {
        return train(vocabSize, encoderConfig, config, lengths, maker, seed, phase, listener, null);
    }

    /**
     * As {@link #train(int, EncoderConfig, TrainConfig, int[], BatchMaker, long, String, ProgressListener)},
     * starting from the parameters of {@code warmStart} where a parameter of the same role and
     * shape exists there (see {@link #copyMatching}); the others keep their fresh initialisation.
     */
    static Fitted train(
            int vocabSize,
            EncoderConfig encoderConfig,
            TrainConfig config,
            int[] lengths,
            BatchMaker maker,
            long seed,
            String phase,
            ProgressListener listener,
            TokenEncoder warmStart) throws LmException {
        if (lengths.length == 0) {
            throw new LmException(phase + ": no training captions");
        }
        synchronized (LOCK) {
            Engine engine;
            Model model;
            try {
                engine = Torch.engine();
                model = Torch.newModel(phase);
            } catch (RuntimeException e) {
                throw new LmException("DJL engine " + Torch.ENGINE + " unavailable: " + e.getMessage(), e);
            }
            try {
                engine.setRandomSeed(Long.hashCode(seed));
                TokenEncoder encoder = new TokenEncoder(vocabSize, encoderConfig);
                model.setBlock(encoder);
                encoder.initializeParameters(model.getNDManager());
                if (warmStart != null) {
                    copyMatching(warmStart, encoder);
                }
                Random random = new Random(seed);
                long start = System.nanoTime();
                long[] seen = new long[1];
                double lastLoss = fit(engine, model.getNDManager(), encoder, config, lengths, maker, random, phase,
                        listener, start, seen);
                return new Fitted(model, encoder, (System.nanoTime() - start) / 1e9, seen[0], lastLoss);
            } catch (LmException e) {
                model.close();
                throw e;
            } catch (RuntimeException e) {
                model.close();
                throw new LmException(phase + " training failed: " + e.getMessage(), e);
            }
        }
    }

    private static double fit(
            Engine engine,
            NDManager root,
            TokenEncoder encoder,
            TrainConfig config,
            int[] lengths,
            BatchMaker maker,
            Random random,
            String phase,
            ProgressListener listener,
            long start,
            long[] seen) throws LmException {
        int perEpoch = (lengths.length + config.batchSize() - 1) / config.batchSize();
        long steps = (long) perEpoch * config.epochs();
        long warmup = (long) Math.ceil(config.warmupFraction() * steps);
        long step = 0;
        double epochLoss = Double.NaN;
        try (AdamW adam = new AdamW(root, encoder.parameterList(), encoder::decays, config.weightDecay(),
                config.clipNorm())) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                double lossSum = 0;
                int lossSteps = 0;
                for (int[] examples : epochBatches(lengths, config.batchSize(), random)) {
                    Batch batch = maker.make(examples, random);
                    double loss;
                    try (NDManager manager = root.newSubManager();
                            GradientCollector collector = engine.newGradientCollector()) {
                        NDArray perRow = crossEntropy(encoder, manager, batch, true);
                        NDArray mean = batch.weights() == null
                                ? perRow.mean()
                                : perRow.mul(manager.create(batch.weights())).sum().div(sum(batch.weights()));
                        loss = mean.getFloat();
                        if (!Double.isFinite(loss)) {
                            throw new LmException(phase + " training diverged: loss " + loss + " at step " + (step + 1));
                        }
                        collector.backward(mean);
                    }
                    double lr = learningRate(config.learningRate(), step, steps, warmup);
                    adam.step(lr);
                    step++;
                    seen[0] += examples.length;
                    lossSum += loss;
                    lossSteps++;
                    epochLoss = lossSum / lossSteps;
                    listener.onProgress(new Progress(phase, epoch, config.epochs(), step, steps, seen[0], epochLoss, lr,
                            (System.nanoTime() - start) / 1e9));
                }
            }
        }
        return epochLoss;
    }

    private static float sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return (float) s;
    }

    /** Linear warmup over {@code warmup} steps to {@code peak}, then linear decay to 0 after the last step. */
    static double learningRate(double peak, long step, long steps, long warmup) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        return peak * (steps - step) / (double) (steps - warmup);
    }

    /**
     * Per-row cross-entropy {@code (M)} in nats of one batch. Only the predicted positions are
     * projected to the vocabulary (the projection dominates the cost).
     */
    static NDArray crossEntropy(TokenEncoder encoder, NDManager manager, Batch batch, boolean training) {
        NDArray logProbs = rowLogProbabilities(encoder, manager, batch, training);
        NDArray targets = manager.create(batch.targets(), new Shape(batch.targets().length, 1));
        return logProbs.gather(targets, 1).reshape(batch.targets().length).neg();
    }

    /** Log-probabilities {@code (M, V)} at the batch's rows. */
    static NDArray rowLogProbabilities(TokenEncoder encoder, NDManager manager, Batch batch, boolean training) {
        return rowLogits(encoder, manager, batch, training).logSoftmax(1);
    }

    /** Logits {@code (M, V)} at the batch's rows. */
    static NDArray rowLogits(TokenEncoder encoder, NDManager manager, Batch batch, boolean training) {
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray tokens = manager.create(batch.tokens(), new Shape(batch.batch(), batch.time()));
        NDArray evidence = batch.evidence() == null
                ? null
                : manager.create(batch.evidence(), new Shape(batch.batch(), batch.evidenceDim()));
        NDArray hidden = encoder.hidden(ps, tokens, evidence, training);
        long e = encoder.config().embeddingDim();
        NDArray flat = hidden.reshape((long) batch.batch() * batch.time(), e);
        NDArray rows = flat.get(new NDIndex("{}", manager.create(batch.rows())));
        return encoder.project(rows);
    }

    /**
     * One epoch's batches (torchtext {@code BucketIterator} style): examples shuffled, cut into
     * pools of {@link #POOL_BATCHES} batches, each pool stably sorted by length and cut into
     * batches, the pool's batches shuffled. Keeps padding small.
     */
    static List<int[]> epochBatches(int[] lengths, int size, Random random) {
        List<Integer> order = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        int pool = (int) Math.min(Integer.MAX_VALUE, (long) POOL_BATCHES * size);
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < lengths.length; from += pool) {
            Integer[] chunk = order.subList(from, Math.min(lengths.length, from + pool)).toArray(new Integer[0]);
            Arrays.sort(chunk, Comparator.comparingInt(i -> lengths[i]));
            List<int[]> poolBatches = new ArrayList<>();
            for (int b = 0; b < chunk.length; b += size) {
                int[] batch = new int[Math.min(size, chunk.length - b)];
                for (int j = 0; j < batch.length; j++) {
                    batch[j] = chunk[b + j];
                }
                poolBatches.add(batch);
            }
            Collections.shuffle(poolBatches, random);
            batches.addAll(poolBatches);
        }
        return batches;
    }

    /** Right-pads id rows to the longest; returns {@code (tokens, time)}. */
    static long[] pad(List<long[]> rows, int time) {
        long[] tokens = new long[rows.size() * time];
        for (int b = 0; b < rows.size(); b++) {
            long[] r = rows.get(b);
            System.arraycopy(r, 0, tokens, b * time, r.length);
        }
        return tokens;
    }

    /** The first {@code max} ids. */
    static long[] truncate(long[] ids, int max) {
        return ids.length <= max ? ids : Arrays.copyOf(ids, max);
    }
}
