package org.biaslab.perceive.skin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantilesTest {

    @Test
    void typeSevenByHand() {
        double[] v = {4, 1, 3, 2};
        assertEquals(2.5, Quantiles.median(v, 4), 0);
        assertEquals(1.5, Quantiles.iqr(v, 4), 1e-12); // q1 = 1.75, q3 = 3.25
        assertEquals(3, Quantiles.median(new double[] {5, 3, 1}, 3), 0);
        assertEquals(1, Quantiles.median(new double[] {1, 99}, 1), 0); // only the first n count
        assertEquals(0, Quantiles.iqr(new double[] {7}, 1), 0);
        // two values: q1 = 1.5, q3 = 2.5 (the lower quartile's upper neighbour lies beyond k75)
        assertEquals(1.0, Quantiles.iqr(new double[] {3, 1}, 2), 1e-12);
        assertEquals(0.5 * (Math.exp(3) - Math.exp(1)), Quantiles.iqr(new double[] {1, 3}, 2, Math::exp), 1e-9);
        assertEquals(1, Quantiles.medianAbsoluteDeviation(new double[] {1, 2, 3, 4, 100}, 5, 3), 0);
        assertArrayEquals(new double[] {4, 1, 3, 2}, v, "input is not reordered");
        assertThrows(IllegalArgumentException.class, () -> Quantiles.median(v, 0));
    }

    /** For an increasing map, mapping only the quartiles' neighbours equals mapping every value. */
    @Test
    void mappedIqrEqualsIqrOfMappedValues() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(300);
            double[] v = new double[n];
            double[] mapped = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rnd.nextInt(50) / 10.0;
                mapped[i] = Math.exp(v[i]);
            }
            assertEquals(Quantiles.iqr(mapped, n), Quantiles.iqr(v, n, Math::exp), 1e-9, "n=" + n);
        }
    }

    @Test
    void agreesWithSortingOnRandomDataWithTies() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + rnd.nextInt(trial % 4 == 0 ? 6000 : 200); // large n exercises the sampling step
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = trial % 3 == 0 ? rnd.nextGaussian() : rnd.nextInt(12) + (rnd.nextBoolean() ? 0.5 : 0);
            }
            if (trial % 5 == 0) Arrays.sort(v); // sorted input
            if (trial % 7 == 0) Arrays.fill(v, 3.0); // all equal
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            for (double p : new double[] {0, 0.25, 0.5, 0.75, 1}) {
                double h = (n - 1) * p;
                int lo = (int) Math.floor(h);
                double expected = lo + 1 < n ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
                assertEquals(expected, Quantiles.quantile(v, n, p), 1e-12, "n=" + n + " p=" + p);
            }
        }
    }
}
