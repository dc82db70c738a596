package org.biaslab.metric.representation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.biaslab.metric.Estimate;
import org.junit.jupiter.api.Test;

/** Hand-computed values of the representation metrics. */
class RepresentationMetricsTest {
    @Test
    void heimImbalanceAndMadFromUniform() {
        assertEquals(0.25, Imbalance.heim(3, 1), 1e-12);
        assertEquals(0.0, Imbalance.heim(5, 5), 1e-12);
        assertTrue(Double.isNaN(Imbalance.heim(0, 0)), "no decided image: undefined, not 0");
        // K = 2: (|0.75 - 0.5| + |0.25 - 0.5|) / 2 = 0.25, equal to HEIM's
        assertEquals(0.25, Imbalance.madFromUniform(new long[] {3, 1}), 1e-12);
        // K = 3, all in one: (2/3 + 1/3 + 1/3) / 3 = 4/9
        assertEquals(4.0 / 9, Imbalance.madFromUniform(new long[] {6, 0, 0}), 1e-12);
        // K = 4, shares .4 .3 .2 .1: (.15 + .05 + .05 + .15) / 4 = 0.1
        assertEquals(0.1, Imbalance.madFromUniform(new long[] {4, 3, 2, 1}), 1e-12);
    }

    @Test
    void averageOverGroupsWithBootstrapInterval() {
        int[] a = {0, 0, 0, 1}; // 0.25
        int[] b = {0, 1};       // 0
        Estimate e = Imbalance.average(List.of(a, b, new int[0]), 2, 0.95, 500, 1);
        assertEquals(0.125, e.value(), 1e-12);
        assertEquals(2, e.n(), "n = groups used; the empty group is left out");
        assertTrue(e.lower() <= 0.125 && e.upper() >= 0.125);
        assertFalse(Imbalance.average(List.of(new int[0]), 2, 0.95, 100, 1).defined());
        assertThrows(IllegalArgumentException.class, () -> Imbalance.average(List.of(new int[] {2}), 2, 0.95, 10, 1));
    }

    @Test
    void blsDifferenceBinomialTestAndAmplification() {
        // 9 of 10 against 0.5: P(X <= 1) + P(X >= 9) = 22 / 1024
        assertEquals(22.0 / 1024, WorkforceComparison.binomialTest(9, 10, 0.5), 1e-12);
        assertEquals(1.0, WorkforceComparison.binomialTest(5, 10, 0.5), 1e-12);
        WorkforceComparison.Row r = WorkforceComparison.compare(9, 10, 0.8, 0.95);
        assertEquals(0.1, r.difference().value(), 1e-12);
        assertEquals(r.share().lower() - 0.8, r.difference().lower(), 1e-12);
        assertEquals(0.1, r.amplification(), 1e-12);
        assertTrue(r.amplified());
        // workforce 30% women, generator 10%: more skewed the same way
        WorkforceComparison.Row men = WorkforceComparison.compare(1, 10, 0.3, 0.95);
        assertEquals(0.2, men.amplification(), 1e-12);
        // workforce 30%, generator 70%: reversed, negative amplification
        WorkforceComparison.Row rev = WorkforceComparison.compare(7, 10, 0.3, 0.95);
        assertTrue(rev.reversed());
        assertEquals(-0.4, rev.amplification(), 1e-12);
        WorkforceComparison.Row none = WorkforceComparison.compare(0, 0, 0.3, 0.95);
        assertFalse(none.share().defined(), "no decided image: undefined");
        WorkforceComparison.Summary s = WorkforceComparison.summarise(List.of(r, men, rev, none), 0.05, 0.95, 200, 3);
        assertEquals(3, s.groups());
        assertEquals(2, s.amplified());
        assertEquals(1, s.reversed());
        assertEquals((0.1 + 0.2 - 0.4) / 3, s.meanAmplification().value(), 1e-12);
    }

    @Test
    void sharesAndIntersectionsWithSmallCells() {
        OutcomeShares s = OutcomeShares.of(List.of("woman", "man", "man", "no face"),
                List.of("woman", "man", "uncertain", "no face"), 0.95, 200, 1);
        assertEquals(0.5, s.wilson().get("man").value(), 1e-12);
        assertEquals(0.0, s.wilson().get("uncertain").value(), 1e-12);
        assertEquals(4, s.wilson().get("uncertain").n());
        assertFalse(OutcomeShares.of(List.of(), List.of("woman"), 0.95, 10, 1).wilson().get("woman").defined());
        Intersections.Table t = Intersections.of(List.of("woman", "woman", "man"), List.of("light", "dark", "light"),
                List.of("woman", "man"), List.of("light", "dark"), 2, 0.95);
        assertEquals(3, t.n());
        assertEquals(4, t.smallCells(), "every cell has fewer than 2 faces");
        assertEquals(1, t.cells().get(0).count());
        assertEquals(1.0 / 3, t.cells().get(0).share().value(), 1e-12);
    }
}
