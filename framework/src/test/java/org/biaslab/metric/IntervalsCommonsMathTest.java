package org.biaslab.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.junit.jupiter.api.Test;

/**
 * biaslab's interval arithmetic against Commons Math's implementations of the same statistics: the
 * Wilson score interval (Wilson 1927) and the type-7 (R default) quantile.
 */
class IntervalsCommonsMathTest {
    @Test
    void wilsonEqualsCommonsMath() {
        WilsonScoreInterval reference = new WilsonScoreInterval();
        for (int n : new int[] {1, 2, 5, 13, 100, 928, 10_780}) {
            for (int k = 1; k < n; k += Math.max(1, n / 7)) {
                for (double confidence : new double[] {0.9, 0.95, 0.99}) {
                    ConfidenceInterval ci = reference.createInterval(n, k, confidence);
                    Estimate e = Intervals.wilson(k, n, confidence);
                    assertEquals(ci.getLowerBound(), e.lower(), 1e-12, k + "/" + n + " at " + confidence);
                    assertEquals(ci.getUpperBound(), e.upper(), 1e-12, k + "/" + n + " at " + confidence);
                }
            }
        }
        // a value pinned by hand: 24 of 133 at 95% (quick start's chef)
        Estimate chef = Intervals.wilson(24, 133, 0.95);
        assertEquals(0.12436743936627852, chef.lower(), 1e-15);
        assertEquals(0.2544757801336169, chef.upper(), 1e-15);
    }

    @Test
    void quantileIsCommonsMathsR7() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : new int[] {2, 3, 10, 1000}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextGaussian();
            }
            Arrays.sort(x);
            Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
            p.setData(x);
            for (double q : new double[] {0.025, 0.25, 0.5, 0.975}) {
                assertEquals(p.evaluate(q * 100), Intervals.quantile(x, q), 1e-12, "n " + n + " q " + q);
            }
        }
    }
}
