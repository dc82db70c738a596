package org.biaslab.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.biaslab.metric.representation.Imbalance;
import org.biaslab.metric.representation.OutcomeShares;
import org.junit.jupiter.api.Test;

/**
 * Resampling counts gives the intervals that resampling the items one by one gives (same
 * distribution, other draws): compared on the same data with many resamples.
 */
class CountResamplingTest {
    @Test
    void aShareResampledAsABinomialMatchesTheItemBootstrap() {
        double[] x = new double[200];
        for (int i = 0; i < 58; i++) {
            x[i] = 1;
        }
        Estimate items = Intervals.bootstrapMean(x, 0.95, 20000, 3);
        Estimate counts = CountResampling.bootstrapShare(58, 200, 0.95, 20000, 4);
        assertEquals(items.value(), counts.value(), 0);
        // shares lie on a lattice of step 1/200: the two quantiles may fall one step apart
        assertEquals(items.lower(), counts.lower(), 1 / 200.0 + 1e-9);
        assertEquals(items.upper(), counts.upper(), 1 / 200.0 + 1e-9);
        assertEquals(items.sd(), counts.sd(), 1e-12);
        assertEquals(items.n(), counts.n());
        assertFalse(CountResampling.bootstrapShare(0, 0, 0.95, 100, 1).defined());
    }

    @Test
    void outcomeSharesFromCountsEqualThoseFromItemsInCountsAndWilson() {
        List<String> items = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add("a");
        }
        for (int i = 0; i < 12; i++) {
            items.add("c");
        }
        OutcomeShares fromItems = OutcomeShares.of(items, List.of("a", "b", "c"), 0.95, 2000, 1);
        OutcomeShares fromCounts = OutcomeShares.ofCounts(Map.of("a", 30L, "c", 12L), List.of("a", "b", "c"), 0.95,
                2000, 1);
        assertEquals(fromItems.counts(), fromCounts.counts());
        assertEquals(fromItems.wilson(), fromCounts.wilson());
        assertEquals(fromItems.n(), fromCounts.n());
    }

    @Test
    void meanImbalanceFromCountsMatchesTheItemBootstrap() {
        int[] g1 = new int[80];
        for (int i = 0; i < 60; i++) {
            g1[i] = 1;
        }
        int[] g2 = new int[40];
        for (int i = 0; i < 22; i++) {
            g2[i] = 1;
        }
        Estimate items = Imbalance.average(List.of(g1, g2), 2, 0.95, 20000, 5);
        Estimate counts = Imbalance.averageCounts(List.of(new long[] {20, 60}, new long[] {18, 22}), 0.95, 20000, 6,
                false);
        assertEquals(items.value(), counts.value(), 1e-15);
        // the means lie on a lattice of step 1/160: the two quantiles may fall one step apart
        assertEquals(items.lower(), counts.lower(), 1 / 160.0 + 1e-9);
        assertEquals(items.upper(), counts.upper(), 1 / 160.0 + 1e-9);
        assertEquals(items.n(), counts.n());
    }
}
