package org.biaslab.metric.leakage.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;

import org.biaslab.metric.leakage.LeakageException;
import org.biaslab.metric.leakage.TrainingCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training interrupted after epoch k and resumed from its checkpoint ends exactly (bit for bit)
 * where the uninterrupted training ends; a checkpoint of another training is refused, by name.
 */
class LstmCheckpointTest {
    /** Dropout on, two layers (inter-layer dropout), several batches per epoch, uneven lengths. */
    private static final LstmConfig CONFIG = new LstmConfig(8, 12, 2, 0.5, 1e-2, 16, 4, 25_000);
    private static final ToyData TRAIN = ToyData.containsX(90, 1, 12, 20, 11);
    private static final ToyData PROBE = ToyData.containsX(30, 1, 12, 20, 12);
    private static final long SEED = 5;

    @TempDir
    Path dir;

    /** What a finished training leaves: its parameters, and its scores of the probe texts. */
    private record Outcome(List<float[]> parameters, double[][] scores) {}

    /** Thrown by the progress callback: the process "dies" after an epoch. */
    private static final class Interrupted extends RuntimeException {}

    private static Outcome train(LstmTrainer trainer, ToyData data) throws LeakageException {
        try (LstmClassifier c = (LstmClassifier) trainer.train(data.texts, data.labels, SEED)) {
            List<float[]> parameters = new ArrayList<>();
            for (Parameter p : c.block().parameterList()) {
                parameters.add(p.getArray().toFloatArray());
            }
            return new Outcome(parameters, c.scores(PROBE.texts));
        }
    }

    private static void assertSame(Outcome expected, Outcome actual, String what) {
        assertEquals(expected.parameters().size(), actual.parameters().size());
        for (int i = 0; i < expected.parameters().size(); i++) {
            // assertArrayEquals(float[], float[]) compares bit patterns (floatToIntBits)
            assertArrayEquals(expected.parameters().get(i), actual.parameters().get(i),
                    what + ": parameter " + i);
        }
        for (int i = 0; i < expected.scores().length; i++) {
            assertArrayEquals(expected.scores()[i], actual.scores()[i], 0.0, what + ": score " + i);
        }
    }

    private TrainingCheckpoint checkpoint(Path file, List<String> log) {
        return new TrainingCheckpoint(file, "toy training 1 of 1", log::add);
    }

    @Test
    void aTrainingInterruptedAfterAnyEpochResumesToTheUninterruptedResult() throws Exception {
        Outcome plain = train(new LstmTrainer(CONFIG), TRAIN);
        List<String> log = new ArrayList<>();
        Path full = dir.resolve("full.ckpt");
        Outcome checkpointed = train(new LstmTrainer(CONFIG).withCheckpoint(checkpoint(full, log)), TRAIN);
        assertSame(plain, checkpointed, "writing checkpoints changes nothing");
        assertTrue(log.isEmpty(), log.toString());
        assertEquals(CONFIG.epochs(), LstmCheckpoint.read(full).epochs(), "a checkpoint after the last epoch too");

        for (int k = 1; k < CONFIG.epochs(); k++) {
            Path file = dir.resolve("interrupted-" + k + ".ckpt");
            int stop = k;
            List<long[]> told = new ArrayList<>();
            LeakageException e = assertThrows(LeakageException.class, () -> train(new LstmTrainer(CONFIG)
                    .withCheckpoint(checkpoint(file, log))
                    .withProgress((epoch, epochs, sequences, nanos) -> {
                        if (epoch == stop) {
                            throw new Interrupted();
                        }
                    }), TRAIN));
            assertInstanceOf(Interrupted.class, e.getCause());
            assertEquals(k, LstmCheckpoint.read(file).epochs());

            List<String> resumedLog = new ArrayList<>();
            Outcome resumed = train(new LstmTrainer(CONFIG)
                    .withCheckpoint(checkpoint(file, resumedLog))
                    .withProgress((epoch, epochs, sequences, nanos) ->
                            told.add(new long[] {epoch, sequences})), TRAIN);
            assertSame(plain, resumed, "interrupted after epoch " + k);
            assertEquals(List.of("resuming toy training 1 of 1 from epoch " + k + " of " + CONFIG.epochs()
                    + " (the last finished one, checkpoint " + file + ")"), resumedLog);
            assertEquals(CONFIG.epochs() - k, told.size(), "only the epochs left are run");
            assertEquals(k + 1, told.get(0)[0]);
            assertEquals((long) TRAIN.texts.size() * (k + 1), told.get(0)[1], "sequences count on from the checkpoint");
        }
    }

    @Test
    void aCheckpointOfAnotherTrainingIsRefusedByName() throws Exception {
        Path file = dir.resolve("other.ckpt");
        List<String> log = new ArrayList<>();
        LstmConfig shorter = new LstmConfig(8, 12, 2, 0.5, 2e-2, 16, 2, 25_000);
        train(new LstmTrainer(shorter).withCheckpoint(checkpoint(file, log)), TRAIN);
        byte[] otherConfig = Files.readAllBytes(file);
        ToyData otherData = ToyData.containsX(90, 1, 12, 20, 13);
        train(new LstmTrainer(CONFIG).withCheckpoint(checkpoint(file, log)), otherData);
        byte[] otherTexts = Files.readAllBytes(file);
        Outcome plain = train(new LstmTrainer(CONFIG), TRAIN);

        Files.write(file, otherConfig);
        Outcome refused = train(new LstmTrainer(CONFIG).withCheckpoint(checkpoint(file, log)), TRAIN);
        assertSame(plain, refused, "another configuration's checkpoint is not used");
        assertRefused(log, file, "another LSTM configuration");

        Files.write(file, otherTexts);
        refused = train(new LstmTrainer(CONFIG).withCheckpoint(checkpoint(file, log)), TRAIN);
        assertSame(plain, refused, "another vocabulary's checkpoint is not used");
        assertRefused(log, file, "another vocabulary");

        // same vocabulary and configuration, other labels: the data differ
        int[] flipped = TRAIN.labels.clone();
        flipped[0] = 1 - flipped[0];
        train(new LstmTrainer(CONFIG).withCheckpoint(checkpoint(file, log)),
                new ToyData(TRAIN.texts, flipped));
        refused = train(new LstmTrainer(CONFIG).withCheckpoint(checkpoint(file, log)), TRAIN);
        assertSame(plain, refused, "another data set's checkpoint is not used");
        assertRefused(log, file, "other training data");

        byte[] good = Files.readAllBytes(file);
        good[good.length / 2] ^= 1;
        Files.write(file, good);
        refused = train(new LstmTrainer(CONFIG).withCheckpoint(checkpoint(file, log)), TRAIN);
        assertSame(plain, refused, "a damaged checkpoint is not used");
        assertRefused(log, file, "checksum mismatch");
    }

    private static void assertRefused(List<String> log, Path file, String reason) {
        assertFalse(log.isEmpty());
        String last = log.get(log.size() - 1);
        assertTrue(last.startsWith("ignoring checkpoint " + file + " for toy training 1 of 1: ")
                && last.contains(reason), last);
        log.clear();
    }
}
