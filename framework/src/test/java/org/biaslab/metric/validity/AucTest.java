package org.biaslab.metric.validity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AucTest {
    static double[] ratings(int... countsPerRating) {
        int n = 0;
        for (int c : countsPerRating) {
            n += c;
        }
        double[] out = new double[n];
        int i = 0;
        for (int r = 0; r < countsPerRating.length; r++) {
            for (int k = 0; k < countsPerRating[r]; k++) {
                out[i++] = r + 1;
            }
        }
        return out;
    }

    @Test
    void smallCaseByHand() {
        /*
         * X = {0.9, 0.8, 0.5}, Y = {0.5, 0.3}: pairs 1 1 1 1 0.5 1 -> AUC 5.5 / 6.
         * V10 = {1, 1, 0.75}: S10 = 0.0416667 / 2; V01 = {2.5 / 3, 1}: S01 = 0.0138889.
         * Var = S10 / 3 + S01 / 2 = 1/144 + 1/144 = 1/72; SE = 0.1178511 (pROC 1.18.0 agrees).
         */
        Auc.Result r = Auc.delong(new double[] {0.9, 0.8, 0.5}, new double[] {0.5, 0.3}, 0.95);
        assertEquals(5.5 / 6, r.auc().value(), 1e-12);
        assertEquals(Math.sqrt(1 / 72.0), r.standardError(), 1e-12);
        assertEquals(5.5 / 6 - 1.959963984540054 * Math.sqrt(1 / 72.0), r.auc().lower(), 1e-9);
        assertEquals(1.0, r.auc().upper(), 0); // clipped
        assertEquals(5, r.auc().n());
        assertEquals(3, r.positives());
        assertEquals(2, r.negatives());
    }

    @Test
    void hanleyMcNeilRatingsKnownValue() {
        // Hanley and McNeil (1982), table 1: 5-point ratings of 109 CT images; published AUC 0.893.
        // DeLong variance from pROC 1.18.0 (var(roc, method = "delong")): SE 0.030724408379,
        // 95% CI 0.8329523-0.9533898.
        double[] normal = ratings(33, 6, 6, 11, 2);
        double[] abnormal = ratings(3, 2, 2, 11, 33);
        Auc.Result r = Auc.delong(abnormal, normal, 0.95);
        assertEquals(0.8931711, r.auc().value(), 1e-7);
        assertEquals(0.893, r.auc().value(), 5e-4);
        assertEquals(0.030724408379, r.standardError(), 1e-11);
        assertEquals(0.8329523, r.auc().lower(), 1e-7);
        assertEquals(0.9533898, r.auc().upper(), 1e-7);
        assertEquals(109, r.auc().n());
        // reversing the groups gives 1 - AUC with the same SE
        Auc.Result rev = Auc.delong(normal, abnormal, 0.95);
        assertEquals(1 - 0.8931711, rev.auc().value(), 1e-7);
        assertEquals(r.standardError(), rev.standardError(), 1e-12);
    }

    @Test
    void agreesWithBruteForcePairCounting() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int m = 2 + rng.nextInt(30);
            int n = 2 + rng.nextInt(30);
            double[] x = new double[m];
            double[] y = new double[n];
            for (int i = 0; i < m; i++) {
                x[i] = rng.nextInt(8) + 1; // coarse, many ties
            }
            for (int j = 0; j < n; j++) {
                y[j] = rng.nextInt(6);
            }
            double[] v10 = new double[m];
            double[] v01 = new double[n];
            double sum = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double psi = x[i] > y[j] ? 1 : x[i] == y[j] ? 0.5 : 0;
                    v10[i] += psi / n;
                    v01[j] += psi / m;
                    sum += psi;
                }
            }
            Auc.Result r = Auc.delong(x, y, 0.95);
            assertEquals(sum / (m * n), r.auc().value(), 1e-12);
            double var = sampleVar(v10) / m + sampleVar(v01) / n;
            assertEquals(Math.sqrt(var), r.standardError(), 1e-12);
        }
    }

    static double sampleVar(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s / (v.length - 1);
    }

    @Test
    void midranksShareTies() {
        assertArrayEquals(new double[] {2.5, 1, 2.5, 4}, Auc.midranks(new double[] {2, 1, 2, 3}), 0);
    }

    @Test
    void degenerateCases() {
        Auc.Result separated = Auc.delong(new double[] {5, 6}, new double[] {1, 2}, 0.95);
        assertEquals(1.0, separated.auc().value());
        assertEquals(0.0, separated.standardError());
        Auc.Result single = Auc.delong(new double[] {5}, new double[] {1, 2}, 0.95);
        assertEquals(1.0, single.auc().value());
        assertTrue(Double.isNaN(single.standardError()));
        assertTrue(single.auc().method().startsWith("no interval"), single.auc().method());
        Auc.Result none = Auc.delong(new double[0], new double[] {1}, 0.95);
        assertFalse(none.auc().defined());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Auc.delong(new double[] {1, Double.POSITIVE_INFINITY}, new double[] {1}, 0.95));
        assertEquals("positive[1] must be finite, got Infinity", e.getMessage());
    }
}
