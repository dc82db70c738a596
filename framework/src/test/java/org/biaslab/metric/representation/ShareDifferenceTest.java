package org.biaslab.metric.representation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShareDifferenceTest {
    @Test
    void newcombesWorkedExample() {
        // Newcombe 1998, Statistics in Medicine 17:873-890, example (a): 56/70 - 48/80, method 10: 0.0524 to 0.3339
        ShareDifference d = ShareDifference.of(56, 70, 48, 80, 0.95);
        assertEquals(0.2, d.difference().value(), 1e-12);
        assertEquals(0.0524, d.difference().lower(), 5e-5);
        assertEquals(0.3339, d.difference().upper(), 5e-5);
        // pooled z-test: p = 104/150, z = 0.2 / sqrt(p(1-p)(1/70 + 1/80)) = 2.65017, two-sided 0.0080451
        assertEquals(0.0080451, d.pValue(), 1e-6);
    }

    @Test
    void equalSharesAndEmptyRuns() {
        ShareDifference same = ShareDifference.of(30, 100, 30, 100, 0.95);
        assertEquals(0, same.difference().value(), 0);
        assertEquals(1, same.pValue(), 1e-12);
        assertTrue(same.difference().lower() < 0 && same.difference().upper() > 0);
        assertTrue(Double.isNaN(ShareDifference.of(0, 0, 3, 10, 0.95).pValue()));
    }

    @Test
    void pairedSharesAreTheMarginsAndMcNemarsExactTest() {
        // 40 yes in both, 12 yes only in the first, 3 only in the second, 45 in neither (n = 100)
        ShareDifference d = ShareDifference.paired(40, 12, 3, 45, 0.95);
        assertEquals(0.52, d.a().value(), 1e-12);
        assertEquals(0.43, d.b().value(), 1e-12);
        assertEquals(0.09, d.difference().value(), 1e-12);
        // McNemar exact: two-sided binomial of 12 in 15 at 1/2 = 2 * P(X >= 12) = 2 * 576 / 32768
        assertEquals(2 * 576.0 / 32768, d.pValue(), 1e-12);
        assertEquals(1, ShareDifference.paired(10, 0, 0, 5, 0.95).pValue(), 0);
    }
}
