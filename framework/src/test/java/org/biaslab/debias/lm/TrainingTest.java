package org.biaslab.debias.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

class TrainingTest {
    @Test
    void warmupThenLinearDecay() {
        // 10 steps, 2 warmup: 0.5, 1.0, then 8/8 .. 1/8 of the peak
        double[] expected = {0.5, 1.0, 1.0, 0.875, 0.75, 0.625, 0.5, 0.375, 0.25, 0.125};
        for (int s = 0; s < 10; s++) {
            assertEquals(expected[s], Training.learningRate(1.0, s, 10, 2), 1e-12, "step " + s);
        }
        assertEquals(0.2, Training.learningRate(2.0, 9, 10, 0), 1e-12);
    }

    @Test
    void epochBatchesCoverEachCaptionOnceAndAreSeeded() {
        Random lengths = new Random(4);
        int[] len = new int[1001];
        for (int i = 0; i < len.length; i++) {
            len[i] = 1 + lengths.nextInt(30);
        }
        List<int[]> a = Training.epochBatches(len, 8, new Random(5));
        List<int[]> b = Training.epochBatches(len, 8, new Random(5));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertTrue(Arrays.equals(a.get(i), b.get(i)));
        }
        List<Integer> all = new ArrayList<>();
        for (int[] batch : a) {
            assertTrue(batch.length <= 8);
            for (int i : batch) {
                all.add(i);
            }
        }
        all.sort(null);
        for (int i = 0; i < len.length; i++) {
            assertEquals(i, all.get(i));
        }
        assertEquals(126, a.size()); // one pool of 800 + one of 201: 100 + 26 batches
    }

    @Test
    void perplexityIsExpOfMeanLossOverPositions() {
        var e = HeldOut.perplexity(new double[] {1.0, 3.0}, new int[] {1, 3}, 1);
        assertEquals(Math.exp(4.0 / 4), e.value(), 1e-12);
        assertEquals(2, e.n());
        assertTrue(e.lower() <= e.value() && e.value() <= e.upper());
        assertTrue(!HeldOut.perplexity(new double[0], new int[0], 1).defined());
        assertEquals(0.75, HeldOut.accuracy(3, 4).value(), 1e-12);
        assertTrue(!HeldOut.accuracy(0, 0).defined());
    }
}
