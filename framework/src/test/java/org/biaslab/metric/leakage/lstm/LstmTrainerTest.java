package org.biaslab.metric.leakage.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import org.biaslab.metric.leakage.CaptionClassifier;
import org.biaslab.metric.leakage.LeakageException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class LstmTrainerTest {
    /** Tiny network, large learning rate: trains in a second or two. */
    private static final LstmConfig TINY = new LstmConfig(8, 16, 2, 0.2, 1e-2, 32, 8, 25_000);

    @Test
    void learnsTokenPresence() throws LeakageException {
        ToyData train = ToyData.containsX(600, 1, 15, 30, 1);
        ToyData test = ToyData.containsX(300, 1, 15, 30, 2);
        try (CaptionClassifier classifier =
                new LstmTrainer(TINY).train(train.texts, train.labels, 7)) {
            double[][] scores = classifier.scores(test.texts);
            int correct = 0;
            for (int i = 0; i < scores.length; i++) {
                assertEquals(1.0, scores[i][0] + scores[i][1], 1e-12);
                if ((scores[i][1] > 0.5 ? 1 : 0) == test.labels[i]) {
                    correct++;
                }
            }
            double accuracy = correct / (double) scores.length;
            assertTrue(accuracy > 0.95, "test accuracy " + accuracy);
        }
    }

    @Test
    void progressIsToldEachEpochAndChangesNothing() throws LeakageException {
        ToyData train = ToyData.containsX(100, 1, 10, 20, 4);
        ToyData test = ToyData.containsX(20, 1, 10, 20, 5);
        LstmConfig config = new LstmConfig(8, 16, 2, 0.2, 1e-2, 32, 3, 25_000);
        List<long[]> told = new ArrayList<>();
        double[][] plain;
        double[][] reported;
        try (CaptionClassifier c = new LstmTrainer(config).train(train.texts, train.labels, 3)) {
            plain = c.scores(test.texts);
        }
        try (CaptionClassifier c = new LstmTrainer(config).withProgress((epoch, epochs, sequences, nanos) ->
                told.add(new long[] {epoch, epochs, sequences, nanos})).train(train.texts, train.labels, 3)) {
            reported = c.scores(test.texts);
        }
        assertEquals(3, told.size());
        for (int e = 0; e < 3; e++) {
            assertEquals(e + 1, told.get(e)[0]);
            assertEquals(3, told.get(e)[1]);
            assertEquals(100L * (e + 1), told.get(e)[2], "every sequence once per epoch");
            assertTrue(told.get(e)[3] > 0 && (e == 0 || told.get(e)[3] >= told.get(e - 1)[3]));
        }
        for (int i = 0; i < plain.length; i++) {
            assertArrayEquals(plain[i], reported[i], 0.0, "the same training with or without progress");
        }
    }

    @Test
    void scoreDoesNotDependOnBatchPadding() throws LeakageException {
        ToyData train = ToyData.containsX(200, 1, 10, 20, 3);
        LstmConfig config = new LstmConfig(8, 16, 2, 0.5, 1e-2, 32, 2, 25_000);
        try (CaptionClassifier classifier =
                new LstmTrainer(config).train(train.texts, train.labels, 5)) {
            List<String> shortText = List.of("w3", "x", "w7");
            List<List<String>> mixed = new ArrayList<>();
            mixed.add(ToyData.containsX(1, 40, 40, 20, 9).texts.get(0));
            mixed.add(shortText);
            mixed.add(ToyData.containsX(1, 60, 60, 20, 10).texts.get(0));
            mixed.add(List.of("w1"));
            double[][] together = classifier.scores(mixed);
            for (int i = 0; i < mixed.size(); i++) {
                double[] alone = classifier.scores(List.of(mixed.get(i)))[0];
                assertEquals(alone[1], together[i][1], 1e-5, "text " + i);
            }
        }
    }

    @Test
    void sameSeedSameScoresOtherSeedOtherScores() throws LeakageException {
        ToyData train = ToyData.containsX(120, 1, 10, 20, 4);
        ToyData probe = ToyData.containsX(40, 1, 12, 25, 5);
        LstmConfig config = new LstmConfig(8, 16, 2, 0.5, 1e-2, 16, 2, 25_000);
        double[][] first = trainAndScore(config, train, probe, 11);
        double[][] second = trainAndScore(config, train, probe, 11);
        double[][] other = trainAndScore(config, train, probe, 12);
        double maxDifference = 0;
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], 0.0, "text " + i);
            maxDifference = Math.max(maxDifference, Math.abs(first[i][1] - other[i][1]));
        }
        assertTrue(maxDifference > 1e-4, "another seed changes the model: " + maxDifference);
    }

    @Test
    void handlesEmptyAndUnknownTexts() throws LeakageException {
        ToyData train = ToyData.containsX(100, 1, 8, 10, 6);
        List<List<String>> texts = new ArrayList<>(train.texts);
        texts.set(0, List.of());
        texts.set(1, List.of());
        LstmConfig config = new LstmConfig(4, 8, 1, 0.5, 1e-2, 16, 1, 25_000);
        try (CaptionClassifier classifier = new LstmTrainer(config).train(texts, train.labels, 1)) {
            double[][] scores =
                    classifier.scores(List.of(List.of(), List.of("never-seen"), List.of("<unk>")));
            assertEquals(3, scores.length);
            assertArrayEquals(scores[0], scores[1], 0.0);
            assertArrayEquals(scores[0], scores[2], 0.0);
            assertEquals(0, classifier.scores(List.of()).length);
        }
    }

    @Test
    void releasesBatchMemoryAndKeepsPadRowZero() throws LeakageException {
        ToyData train = ToyData.containsX(150, 1, 12, 20, 8);
        LstmConfig config = new LstmConfig(6, 8, 2, 0.5, 1e-2, 16, 3, 25_000);
        LstmClassifier classifier =
                (LstmClassifier) new LstmTrainer(config).train(train.texts, train.labels, 2);
        try (classifier) {
            NDManager root = classifier.model().getNDManager();
            int parameters = classifier.block().parameterList().size();
            // Only the parameters survive training: batches, gradients handles and Adam moments
            // are closed.
            assertEquals(parameters, root.getManagedArrays().size());
            classifier.scores(train.texts);
            assertEquals(parameters, root.getManagedArrays().size());
            float[] embedding = classifier.block().embeddingParameter().getArray().toFloatArray();
            for (int k = 0; k < config.embeddingDim(); k++) {
                assertEquals(0f, embedding[Vocabulary.PAD_INDEX * config.embeddingDim() + k]);
            }
        }
        assertThrows(IllegalStateException.class, () -> classifier.scores(train.texts));
    }

    @Test
    void rejectsBadTrainingData() {
        LstmTrainer trainer = new LstmTrainer(TINY);
        List<List<String>> texts = List.of(List.of("a"), List.of("b"));
        assertThrows(LeakageException.class, () -> trainer.train(texts, new int[] {0}, 1));
        assertThrows(LeakageException.class, () -> trainer.train(texts, new int[] {1, 1}, 1));
        assertThrows(LeakageException.class, () -> trainer.train(texts, new int[] {0, 2}, 1));
        assertThrows(LeakageException.class, () -> trainer.train(List.of(), new int[0], 1));
        List<List<String>> withNull = new ArrayList<>(texts);
        withNull.set(1, null);
        assertThrows(LeakageException.class, () -> trainer.train(withNull, new int[] {0, 1}, 1));
    }

    private static double[][] trainAndScore(
            LstmConfig config, ToyData train, ToyData probe, long seed) throws LeakageException {
        try (CaptionClassifier classifier =
                new LstmTrainer(config).train(train.texts, train.labels, seed)) {
            return classifier.scores(probe.texts);
        }
    }
}
