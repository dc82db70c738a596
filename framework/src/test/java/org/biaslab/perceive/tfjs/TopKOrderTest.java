package org.biaslab.perceive.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TensorOps#topK}'s bounded heap gives the first k of a full sort by TF.js's order (value
 * descending, NaN last, ties by lower index), on arrays full of ties, NaNs and signed zeros.
 */
class TopKOrderTest {
    private static int[] fullSort(float[] v, int off, int n, int k) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -v[off + i]).thenComparingInt(i -> i));
        return Arrays.stream(order).limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sameAsAFullSort() {
        Random r = new Random(7);
        float[] pool = {0f, -0f, 1f, -1f, 0.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2f};
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(200);
            int off = r.nextInt(5);
            float[] v = new float[off + n + 3];
            for (int i = 0; i < v.length; i++) {
                v[i] = trial % 3 == 0 ? r.nextFloat() : pool[r.nextInt(pool.length)];
            }
            for (int k : new int[] {0, 1, 2, r.nextInt(n + 1), n}) {
                assertArrayEquals(fullSort(v, off, n, k), TensorOps.topK(v, off, n, k), "trial " + trial + " k " + k);
            }
        }
    }
}
