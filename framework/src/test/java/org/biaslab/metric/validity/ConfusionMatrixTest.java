package org.biaslab.metric.validity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.biaslab.metric.Estimate;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    static final List<String> LABELS = List.of("man", "woman");
    static final List<String> KINDS = List.of("uncertain", "no face");
    static final double C = 0.95;

    /*
     * true man:   man 40, woman 10, uncertain 5, no face 2   (57 items, 50 decided)
     * true woman: man 5,  woman 45, uncertain 3, no face 0   (53 items, 50 decided)
     * decided 100, correct 85; abstained 10 of 110 (uncertain 8, no face 2).
     * Wilson 95% intervals and kappa (0.7, FCE SE 0.0710563) from statsmodels 0.13.5
     * (proportion_confint method='wilson', cohens_kappa), checked against the formulas by hand.
     */
    static ConfusionMatrix example() {
        return ConfusionMatrix.of(LABELS, KINDS, new long[][] {{40, 10}, {5, 45}}, new long[][] {{5, 2}, {3, 0}});
    }

    static void assertEstimate(double value, double lower, double upper, int n, Estimate e) {
        assertEquals(value, e.value(), 1e-9, "value of " + e);
        assertEquals(lower, e.lower(), 1e-9, "lower of " + e);
        assertEquals(upper, e.upper(), 1e-9, "upper of " + e);
        assertEquals(n, e.n(), "n of " + e);
    }

    @Test
    void countsByHand() {
        ConfusionMatrix m = example();
        assertEquals(110, m.n());
        assertEquals(100, m.decided());
        assertEquals(85, m.correct());
        assertEquals(10, m.abstainedTotal());
        assertEquals(8, m.abstainedTotal("uncertain"));
        assertEquals(2, m.abstainedTotal("no face"));
        assertEquals(57, m.rowTotal("man"));
        assertEquals(50, m.rowDecided("man"));
        assertEquals(55, m.predictedTotal("woman"));
        assertEquals(10, m.count("man", "woman"));
        assertEquals(3, m.count("woman", "uncertain"));
    }

    @Test
    void proportionsMatchWilsonByHand() {
        ConfusionMatrix m = example();
        assertEstimate(0.85, 0.7671644040916763, 0.9069401471634337, 100, m.accuracy(C));
        assertEstimate(0.8, 0.6696289406777458, 0.8875624998422389, 50, m.recall("man", C));
        assertEstimate(0.9, 0.7863976856252034, 0.9565242350681095, 50, m.recall("woman", C));
        assertEstimate(40 / 45.0, 0.765009030042314, 0.9515952820543281, 45, m.precision("man", C));
        assertEstimate(45 / 55.0, 0.6966954036336236, 0.8981232956555033, 55, m.precision("woman", C));
        assertEstimate(10 / 110.0, 0.05013032897110753, 0.1592965271819359, 110, m.abstentionRate(C));
        assertEstimate(8 / 110.0, 0.03731042070659472, 0.13697985127547285, 110, m.abstentionRate("uncertain", C));
        assertEstimate(7 / 57.0, 0.060780601589980846, 0.2324644843517401, 57, m.abstentionRateOf("man", C));
    }

    @Test
    void balancedAccuracyIsMeanRecallWithMoverInterval() {
        // 0.85 - sqrt((0.8 - 0.66963)^2 + (0.9 - 0.78640)^2) / 2, and the same with the upper bounds
        assertEstimate(0.85, 0.7635388831032746, 0.9021108926440935, 100, example().balancedAccuracy(C));
        // with one label the MOVER interval is that label's Wilson interval
        ConfusionMatrix one = ConfusionMatrix.of(LABELS, List.of(), new long[][] {{40, 10}, {0, 0}},
                new long[][] {{}, {}});
        Estimate ba = one.balancedAccuracy(C);
        Estimate r = one.recall("man", C);
        assertEstimate(r.value(), r.lower(), r.upper(), 50, ba);
        assertTrue(ba.method().contains("1 of 2 labels"), ba.method());
    }

    @Test
    void balancedAccuracyDiffersFromAccuracyWhenClassesAreUnbalanced() {
        // 90 of 100 men right, 1 of 10 women right: accuracy 91/110, balanced accuracy (0.9 + 0.1) / 2
        ConfusionMatrix m = ConfusionMatrix.of(LABELS, List.of(), new long[][] {{90, 10}, {9, 1}}, new long[][] {{}, {}});
        assertEquals(91 / 110.0, m.accuracy(C).value(), 1e-12);
        assertEquals(0.5, m.balancedAccuracy(C).value(), 1e-12);
    }

    @Test
    void balancedAccuracyUndefinedWhenAClassIsAllAbstained() {
        ConfusionMatrix m = ConfusionMatrix.of(LABELS, KINDS, new long[][] {{40, 10}, {0, 0}},
                new long[][] {{0, 0}, {4, 0}});
        Estimate ba = m.balancedAccuracy(C);
        assertFalse(ba.defined());
        assertTrue(ba.method().contains("woman"), ba.method());
    }

    @Test
    void kappaMatchesFleissCohenEverittStandardError() {
        Estimate k = example().cohensKappa(C);
        double se = 0.07105631569396208;
        double z = 1.959963984540054;
        assertEstimate(0.7, 0.7 - z * se, 0.7 + z * se, 100, k);
        // 3 x 3: statsmodels cohens_kappa gives kappa 0.6920444824636439, std_kappa 0.06390928145511371
        ConfusionMatrix three = ConfusionMatrix.of(List.of("a", "b", "c"), List.of(),
                new long[][] {{50, 3, 2}, {6, 20, 4}, {1, 2, 12}}, new long[][] {{}, {}, {}});
        Estimate k3 = three.cohensKappa(C);
        assertEquals(0.6920444824636439, k3.value(), 1e-12);
        assertEquals(0.6920444824636439 - z * 0.06390928145511371, k3.lower(), 1e-9);
        assertEquals(0.8173043723935004, k3.upper(), 1e-9);
    }

    @Test
    void kappaUndefinedWhenEverythingIsInOneCell() {
        ConfusionMatrix m = ConfusionMatrix.of(LABELS, List.of(), new long[][] {{7, 0}, {0, 0}}, new long[][] {{}, {}});
        assertFalse(m.cohensKappa(C).defined());
        assertEquals(1.0, m.accuracy(C).value());
    }

    @Test
    void emptyDenominatorsAreUndefinedNotZero() {
        ConfusionMatrix m = ConfusionMatrix.of(LABELS, KINDS, new long[][] {{0, 0}, {0, 0}}, new long[][] {{3, 0}, {0, 0}});
        for (Estimate e : List.of(m.accuracy(C), m.recall("man", C), m.recall("woman", C), m.precision("man", C),
                m.cohensKappa(C), m.abstentionRateOf("woman", C))) {
            assertFalse(e.defined(), e.toString());
            assertEquals(0, e.n());
            assertTrue(Double.isNaN(e.value()));
        }
        assertEstimate(1.0, m.abstentionRate(C).lower(), 1.0, 3, m.abstentionRate(C));
    }

    @Test
    void builderTalliesItemsAndAbstentionsApart() {
        ConfusionMatrix m = ConfusionMatrix.tally(LABELS, KINDS,
                List.of("man", "man", "woman", "woman", "woman", "man"),
                List.of("man", "uncertain", "woman", "man", "no face", "man"));
        assertEquals(ConfusionMatrix.of(LABELS, KINDS, new long[][] {{2, 0}, {1, 1}}, new long[][] {{1, 0}, {0, 1}}), m);
        assertEquals(3 / 4.0, m.accuracy(C).value(), 1e-12); // 4 decided, 3 right
        assertEquals(2 / 6.0, m.abstentionRate(C).value(), 1e-12);
        ConfusionMatrix sum = m.plus(m);
        assertEquals(12, sum.n());
        assertEquals(4, sum.count("man", "man"));
    }

    @Test
    void summaryHoldsEveryMetric() {
        ConfusionMatrix.Summary s = example().summary(C);
        assertEquals(110, s.n());
        assertEquals(List.of("uncertain", "no face"), List.copyOf(s.abstentionRateByKind().keySet()));
        assertEquals(2, s.perClass().size());
        assertEquals(53, s.perClass().get(1).items());
        assertEquals(0.9, s.perClass().get(1).recall().value(), 1e-12);
        assertEquals(0.7, s.kappa().value(), 1e-12);
    }

    @Test
    void errorsNameTheFieldAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.tally(LABELS, KINDS, List.of("man", "girl"), List.of("man", "woman")));
        assertEquals("item 1: true label 'girl' is not one of [man, woman]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.tally(LABELS, KINDS, List.of("man"), List.of("female")));
        assertEquals("item 0: output 'female' is neither a label [man, woman] nor an abstention kind [uncertain, no face]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(LABELS, List.of("man"), new long[2][2], new long[2][1]));
        assertTrue(e.getMessage().contains("abstentionKinds[0] 'man' is also a label"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(List.of("a", "a"), List.of(), new long[2][2], new long[2][0]));
        assertEquals("labels contains 'a' twice", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(LABELS, List.of(), new long[][] {{1, -2}, {0, 0}}, new long[2][0]));
        assertEquals("counts[0][1] must be >= 0, got -2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(LABELS, List.of(), new long[][] {{1, 2, 3}, {0, 0, 0}}, new long[2][0]));
        assertEquals("counts[0] must have 2 columns, got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> example().accuracy(1.5));
        assertEquals("confidence must be in (0, 1), got 1.5", e.getMessage());
    }

    @Test
    void countsAreCopiedNotShared() {
        long[][] counts = {{1, 2}, {3, 4}};
        ConfusionMatrix m = ConfusionMatrix.of(LABELS, List.of(), counts, new long[2][0]);
        counts[0][0] = 99;
        m.counts()[0][0] = 99;
        assertEquals(1, m.count("man", "man"));
    }
}
