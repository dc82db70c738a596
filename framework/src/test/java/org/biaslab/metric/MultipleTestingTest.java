package org.biaslab.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Holm and Benjamini-Hochberg on a family computed by hand. */
class MultipleTestingTest {
    @Test
    void handComputedFamily() {
        double[] p = {0.01, 0.04, 0.03, 0.005, Double.NaN};
        // sorted 0.005, 0.01, 0.03, 0.04 (m = 4). Holm: 4*0.005=0.02, 3*0.01=0.03, 2*0.03=0.06, max(1*0.04, 0.06)=0.06
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02, Double.NaN}, MultipleTesting.holm(p), 1e-15);
        // BH: 4/1*0.005=0.02, 4/2*0.01=0.02, 4/3*0.03=0.04, 4/4*0.04=0.04, running minimum from the top
        assertArrayEquals(new double[] {0.02, 0.04, 0.04, 0.02, Double.NaN}, MultipleTesting.benjaminiHochberg(p),
                1e-15);
        assertArrayEquals(new double[] {1.0}, MultipleTesting.holm(new double[] {0.7 * 2}), 0.0);
    }
}
