package org.biaslab.metric.validity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.validity.Calibration.Bin;
import org.biaslab.metric.validity.Calibration.ReliabilityDiagram;
import org.biaslab.metric.validity.Calibration.Result;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    /*
     * p(positive) and truth; top label positive when p >= 0.5:
     *   0.95 T -> conf 0.95 right | 0.85 T -> 0.85 right | 0.85 F -> 0.85 wrong | 0.65 T -> 0.65 right
     *   0.35 F -> 0.65 right      | 0.10 F -> 0.90 right | 0.50 T -> 0.50 right | 0.72 F -> 0.72 wrong
     * bins: (0.4,0.5] n1 acc 1 conf .5 gap .5; (0.6,0.7] n2 acc 1 conf .65 gap .35; (0.7,0.8] n1 acc 0
     * conf .72 gap .72; (0.8,0.9] n3 (.85 .85 .90) acc 2/3 conf .866667 gap .2; (0.9,1] n1 acc 1 gap .05.
     * ECE = (0.5 + 2 * 0.35 + 0.72 + 3 * 0.2 + 0.05) / 8 = 2.57 / 8 = 0.32125.
     * Brier = mean (p - y)^2 = 1.7709 / 8 = 0.2213625.
     */
    static final double[] P = {0.95, 0.85, 0.85, 0.65, 0.35, 0.1, 0.5, 0.72};
    static final boolean[] Y = {true, true, false, true, false, false, true, false};

    @Test
    void binsAreRightClosedAsInGuo() {
        assertEquals(0, Calibration.bin(0.0, 10));
        assertEquals(0, Calibration.bin(0.1, 10));
        assertEquals(1, Calibration.bin(Math.nextUp(0.1), 10));
        assertEquals(2, Calibration.bin(0.3, 10)); // 0.3 * 10 rounds above 3 in binary floating point
        assertEquals(3, Calibration.bin(0.30000000000000004, 10));
        assertEquals(6, Calibration.bin(0.7, 10));
        assertEquals(8, Calibration.bin(0.9, 10));
        assertEquals(9, Calibration.bin(1.0, 10));
        assertEquals(4, Calibration.bin(0.5, 10));
        assertEquals(0, Calibration.bin(0.5, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.bin(1.2, 10));
        assertEquals("confidence must be in [0, 1], got 1.2", e.getMessage());
    }

    @Test
    void reliabilityDiagramAndEceByHand() {
        Result r = Calibration.binary(P, Y, 10, 0.95, 500, 7);
        ReliabilityDiagram d = r.diagram();
        assertEquals(10, d.bins().size());
        assertEquals(8, d.n());
        int[] n = new int[10];
        for (Bin b : d.bins()) {
            n[b.index()] = b.n();
        }
        assertEquals("[0, 0, 0, 0, 1, 0, 2, 1, 3, 1]", java.util.Arrays.toString(n));
        Bin b8 = d.bins().get(8);
        assertEquals(0.8, b8.lower(), 1e-15);
        assertEquals(0.9, b8.upper(), 1e-15);
        assertEquals((0.85 + 0.85 + 0.9) / 3, b8.meanConfidence(), 1e-12);
        // Wilson 95% of 2/3 (statsmodels proportion_confint): [0.2076596008020477, 0.9385080552796037]
        assertEquals(2 / 3.0, b8.accuracy().value(), 1e-12);
        assertEquals(0.2076596008020477, b8.accuracy().lower(), 1e-9);
        assertEquals(0.9385080552796037, b8.accuracy().upper(), 1e-9);
        assertEquals(3, b8.accuracy().n());
        Bin empty = d.bins().get(0);
        assertFalse(empty.accuracy().defined());
        assertTrue(Double.isNaN(empty.meanConfidence()));
        assertTrue(Double.isNaN(empty.gap()));
        assertEquals(0.32125, d.ece(), 1e-12);
        assertEquals(0.32125, r.ece().value(), 1e-12);
        assertEquals(0.2213625, r.brier().value(), 1e-12);
        assertEquals(8, r.ece().n());
        assertTrue(r.ece().lower() <= 0.32125 && 0.32125 <= r.ece().upper());
        assertTrue(r.brier().lower() < 0.2213625 && 0.2213625 < r.brier().upper(), r.brier().toString());
    }

    @Test
    void eceOfTopLabelInputsEqualsDiagramEce() {
        double[] conf = {0.55, 0.6, 0.61, 0.99, 0.2};
        boolean[] ok = {true, false, true, true, false};
        // bins (0.5,0.6]: .55 .6 -> acc .5, conf .575, gap .075; (0.6,0.7]: .61 acc 1 gap .39;
        // (0.9,1]: .99 acc 1 gap .01; (0.1,0.2]: .2 acc 0 gap .2. ECE = (2*.075 + .39 + .01 + .2) / 5 = .15
        assertEquals(0.15, Calibration.ece(conf, ok, 10), 1e-12);
        assertEquals(0.15, Calibration.reliability(conf, ok, 10, 0.95).ece(), 1e-12);
    }

    @Test
    void calibratedProbabilitiesHaveSmallEceAndMiscalibratedLarge() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 20000;
        double[] p = new double[n];
        boolean[] calibrated = new boolean[n];
        boolean[] overconfident = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = rng.nextDouble();
            calibrated[i] = rng.nextDouble() < p[i];
            // the truth follows a flatter curve than the stated probability: overconfidence
            overconfident[i] = rng.nextDouble() < 0.5 + 0.5 * (p[i] - 0.5);
        }
        Result good = Calibration.binary(p, calibrated, 10, 0.95, 200, 1);
        Result bad = Calibration.binary(p, overconfident, 10, 0.95, 200, 1);
        assertTrue(good.ece().value() < 0.02, good.ece().toString());
        assertTrue(good.ece().lower() < 0.02, good.ece().toString());
        // the miscalibration is |0.5 + (p - 0.5) / 2 - p| averaged in top-label form = E|p - 0.5| / 2 = 0.125
        assertEquals(0.125, bad.ece().value(), 0.015);
        assertTrue(bad.ece().lower() > good.ece().upper(), bad.ece() + " vs " + good.ece());
        // Brier of calibrated uniform p: E[p(1 - p)] = 1/6
        assertEquals(1 / 6.0, good.brier().value(), 0.01);
    }

    @Test
    void intervalsAreSeededAndReproducible() {
        Result a = Calibration.binary(P, Y, 10, 0.95, 300, 42);
        Result b = Calibration.binary(P, Y, 10, 0.95, 300, 42);
        Result c = Calibration.binary(P, Y, 10, 0.95, 300, 43);
        assertEquals(a, b);
        assertNotEquals(a.brier(), c.brier());
        assertTrue(a.ece().method().contains("seed"), a.ece().method());
    }

    @Test
    void noItemsIsUndefined() {
        Result r = Calibration.binary(new double[0], new boolean[0], 7);
        assertFalse(r.ece().defined());
        assertFalse(r.brier().defined());
        assertTrue(Double.isNaN(r.diagram().ece()));
        Estimate e = Calibration.eceWithInterval(new double[0], new boolean[0], 10, 0.95, 10, 1);
        assertEquals(0, e.n());
    }

    @Test
    void badInputsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.binary(new double[] {0.2, Double.NaN}, new boolean[] {true, false}, 1));
        assertEquals("probability[1] must be in [0, 1], got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.binary(new double[] {0.2}, new boolean[] {true, false}, 1));
        assertEquals("need one outcome per probability: 1 probabilities, 2 outcomes", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Calibration.ece(P, Y, 0));
        assertEquals("bins must be >= 1, got 0", e.getMessage());
    }
}
