package org.biaslab.metric.validity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.validity.PrevalenceCorrection.Options;
import org.biaslab.metric.validity.PrevalenceCorrection.Result;
import org.junit.jupiter.api.Test;

class PrevalenceCorrectionTest {
    static final List<String> MW = List.of("man", "woman");

    /** Validation: men 95 man / 5 woman (Sp 0.95 for "woman"); women 30 man / 70 woman (Se 0.7). */
    static ConfusionMatrix validation() {
        return ConfusionMatrix.of(MW, List.of("uncertain"), new long[][] {{95, 5}, {30, 70}}, new long[][] {{4}, {9}});
    }

    @Test
    void roganGladenByHand() {
        // (0.245 + 0.95 - 1) / (0.7 + 0.95 - 1) = 0.195 / 0.65 = 0.3
        assertEquals(0.3, PrevalenceCorrection.roganGladen(0.245, 0.7, 0.95), 1e-12);
        // an apparent prevalence below 1 - Sp is impossible: negative, not clipped
        assertEquals(-0.03 / 0.65, PrevalenceCorrection.roganGladen(0.02, 0.7, 0.95), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrevalenceCorrection.roganGladen(0.3, 0.4, 0.6));
        assertEquals("sensitivity + specificity = 1: the test carries no information", e.getMessage());
    }

    @Test
    void twoClassCorrectionIsRoganGladen() {
        // audit: 245 "woman", 755 "man", 40 uncertain (left out by default)
        Result r = PrevalenceCorrection.correct(Map.of("woman", 245L, "man", 755L, "uncertain", 40L), validation(),
                Options.defaults(5));
        assertEquals(0.3, r.of("woman").corrected().value(), 1e-12);
        assertEquals(0.7, r.of("man").corrected().value(), 1e-12);
        assertEquals(0.0, r.residual(), 1e-12);
        assertFalse(r.boundary());
        assertEquals(1040, r.auditItems());
        assertEquals(1000, r.auditUsed());
        assertEquals(1000, r.auditDecided());
        assertEquals(200, r.validationUsed());
        assertEquals(List.of("man", "woman"), r.columns());
        assertTrue(r.method().startsWith("Rogan-Gladen"), r.method());
        Estimate naive = r.of("woman").naive();
        assertEquals(0.245, naive.value(), 1e-12);
        assertEquals(1000, naive.n());
        Estimate w = r.of("woman").corrected();
        assertTrue(w.lower() < 0.3 && 0.3 < w.upper(), w.toString());
        // the validation set is small (100 women), so the corrected interval is much wider than the naive one
        assertTrue(w.upper() - w.lower() > 2 * (naive.upper() - naive.lower()), w + " vs " + naive);
        assertEquals(1000, w.n());
        assertTrue(w.method().contains("2000 resamples") && w.method().contains("seed 5"), w.method());
        // the same seed gives the same result
        assertEquals(r, PrevalenceCorrection.correct(Map.of("woman", 245L, "man", 755L, "uncertain", 40L),
                validation(), Options.defaults(5)));
    }

    @Test
    void impossibleAuditIsClippedToTheSimplex() {
        // 2% "woman" is below the 5% of men called "woman": Rogan-Gladen is negative
        Result r = PrevalenceCorrection.correct(Map.of("woman", 20L, "man", 980L), validation(), Options.defaults(5));
        assertEquals(0.0, r.of("woman").corrected().value(), 0);
        assertEquals(1.0, r.of("man").corrected().value(), 0);
        assertTrue(r.boundary());
        // fitted shares for pi = (1, 0) are (0.95, 0.05); observed (0.98, 0.02)
        assertEquals(Math.sqrt(2) * 0.03, r.residual(), 1e-12);
    }

    @Test
    void threeClassInversionByHand() {
        // M = [[.8 .1 .1] [.2 .7 .1] [.1 .1 .8]], pi = (.5 .3 .2) -> q = M^T pi = (.48 .28 .24)
        List<String> abc = List.of("a", "b", "c");
        ConfusionMatrix v = ConfusionMatrix.of(abc, List.of(), new long[][] {{80, 10, 10}, {20, 70, 10}, {10, 10, 80}},
                new long[3][0]);
        Result r = PrevalenceCorrection.correct(Map.of("a", 480L, "b", 280L, "c", 240L), v, Options.defaults(1));
        assertEquals(0.5, r.of("a").corrected().value(), 1e-12);
        assertEquals(0.3, r.of("b").corrected().value(), 1e-12);
        assertEquals(0.2, r.of("c").corrected().value(), 1e-12);
        assertEquals(0.0, r.residual(), 1e-12);
        assertTrue(r.method().startsWith("inversion of the validation matrix"), r.method());
    }

    @Test
    void threeClassOutsideTheSimplexTakesTheNearestFeasiblePoint() {
        List<String> abc = List.of("a", "b", "c");
        double[][] m = {{0.8, 0.1, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.1, 0.8}};
        // q = (0.05, 0.75, 0.2): the unconstrained inverse has a negative share for "a"
        double[] q = {0.05, 0.75, 0.2};
        PrevalenceCorrection.Solution s = PrevalenceCorrection.solveOnSimplex(m, q);
        assertTrue(s.boundary());
        assertEquals(0.0, s.pi()[0], 1e-12);
        assertEquals(1.0, s.pi()[0] + s.pi()[1] + s.pi()[2], 1e-12);
        // no feasible point on a fine grid of the simplex fits better
        for (int i = 0; i <= 200; i++) {
            for (int j = 0; i + j <= 200; j++) {
                double[] pi = {i / 200.0, j / 200.0, (200 - i - j) / 200.0};
                assertTrue(distance(m, q, pi) >= s.residual() - 1e-12, java.util.Arrays.toString(pi));
            }
        }
        assertEquals(distance(m, q, s.pi()), s.residual(), 1e-12);
        ConfusionMatrix v = ConfusionMatrix.of(abc, List.of(), new long[][] {{80, 10, 10}, {20, 70, 10}, {10, 10, 80}},
                new long[3][0]);
        Result r = PrevalenceCorrection.correct(Map.of("a", 5L, "b", 75L, "c", 20L), v, Options.defaults(1));
        assertArrayEquals(s.pi(), new double[] {r.of("a").corrected().value(), r.of("b").corrected().value(),
                r.of("c").corrected().value()}, 1e-12);
    }

    static double distance(double[][] m, double[] q, double[] pi) {
        double s = 0;
        for (int j = 0; j < q.length; j++) {
            double fit = 0;
            for (int t = 0; t < m.length; t++) {
                fit += m[t][j] * pi[t];
            }
            s += (fit - q[j]) * (fit - q[j]);
        }
        return Math.sqrt(s);
    }

    @Test
    void modelledAbstentionCorrectsForClassDependentAbstaining() {
        /*
         * Validation: men 80 man / 10 woman / 10 uncertain; women 10 man / 60 woman / 30 uncertain.
         * True pi = (0.6 men, 0.4 women): q = (0.52 man, 0.30 woman, 0.18 uncertain).
         * Modelling "uncertain": exact solution (0.6, 0.4) over all 1000 items.
         * Not modelling it: among decided items, Se = 60/70, Sp = 80/90, apparent 300/820 -> woman
         * 0.341463 = 0.28 / 0.82, the true share of women among the decided items.
         */
        ConfusionMatrix v = ConfusionMatrix.of(MW, List.of("uncertain"), new long[][] {{80, 10}, {10, 60}},
                new long[][] {{10}, {30}});
        Map<String, Long> audit = Map.of("man", 520L, "woman", 300L, "uncertain", 180L);
        Result modelled = PrevalenceCorrection.correct(audit, v, new Options(Set.of("uncertain"), 0.95, 500, 3));
        assertEquals(0.4, modelled.of("woman").corrected().value(), 1e-12);
        assertEquals(0.0, modelled.residual(), 1e-12);
        assertEquals(1000, modelled.auditUsed());
        assertEquals(List.of("man", "woman", "uncertain"), modelled.columns());
        assertTrue(modelled.method().startsWith("least squares over 3 output columns"), modelled.method());
        Result decided = PrevalenceCorrection.correct(audit, v, new Options(Set.of(), 0.95, 500, 3));
        assertEquals(0.28 / 0.82, decided.of("woman").corrected().value(), 1e-12);
        assertEquals(820, decided.auditUsed());
        assertEquals(300 / 820.0, decided.of("woman").naive().value(), 1e-12);
    }

    @Test
    void nonIdentifiableValidationIsUndefined() {
        ConfusionMatrix same = ConfusionMatrix.of(MW, List.of(), new long[][] {{60, 40}, {30, 20}}, new long[2][0]);
        Result r = PrevalenceCorrection.correct(Map.of("man", 10L, "woman", 5L), same, Options.defaults(1));
        assertFalse(r.of("woman").corrected().defined());
        assertTrue(r.method().contains("rank below 2"), r.method());
        assertEquals(5 / 15.0, r.of("woman").naive().value(), 1e-12);
        ConfusionMatrix noWomen = ConfusionMatrix.of(MW, List.of(), new long[][] {{60, 40}, {0, 0}}, new long[2][0]);
        Result r2 = PrevalenceCorrection.correct(Map.of("man", 10L), noWomen, Options.defaults(1));
        assertEquals("undefined: no validation item of true label 'woman' in the columns [man, woman]",
                r2.of("man").corrected().method());
        Result r3 = PrevalenceCorrection.correct(Map.of(), validation(), Options.defaults(1));
        assertFalse(r3.of("man").corrected().defined());
        assertFalse(r3.of("man").naive().defined());
    }

    @Test
    void badInputsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrevalenceCorrection.correct(Map.of("female", 3L), validation(), Options.defaults(1)));
        assertEquals("audit count 'female' is neither a label [man, woman] nor an abstention kind [uncertain]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PrevalenceCorrection.correct(Map.of("man", -3L), validation(), Options.defaults(1)));
        assertEquals("audit count 'man' must be >= 0, got -3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PrevalenceCorrection.correct(Map.of("man", 3L),
                validation(), new Options(Set.of("no face"), 0.95, 10, 1)));
        assertEquals("modelled abstention 'no face' is not an abstention kind of the validation matrix [uncertain]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Options(Set.of(), 0.95, 0, 1));
        assertEquals("resamples must be >= 1, got 0", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------
    // Simulation: known prevalence through a known confusion matrix

    static String draw(SplittableRandom rng, List<String> outputs, double[] p) {
        double u = rng.nextDouble();
        double c = 0;
        for (int j = 0; j < p.length; j++) {
            c += p[j];
            if (u < c) {
                return outputs.get(j);
            }
        }
        return outputs.get(p.length - 1);
    }

    /**
     * Coverage over replications: returns {covered by the corrected interval, covered by the naive
     * interval} per class, counted over {@code reps} seeded replications.
     */
    static int[][] coverage(List<String> labels, List<String> kinds, double[] pi, double[][] confusion,
            int validationPerClass, int auditN, Set<String> modelled, int reps) {
        List<String> outputs = new java.util.ArrayList<>(labels);
        outputs.addAll(kinds);
        int[][] covered = new int[2][labels.size()];
        for (int rep = 0; rep < reps; rep++) {
            SplittableRandom rng = new SplittableRandom(1000 + rep);
            ConfusionMatrix.Builder b = ConfusionMatrix.builder(labels, kinds);
            for (int t = 0; t < labels.size(); t++) {
                for (int i = 0; i < validationPerClass; i++) {
                    b.add(labels.get(t), draw(rng, outputs, confusion[t]));
                }
            }
            Map<String, Long> audit = new HashMap<>();
            for (int i = 0; i < auditN; i++) {
                String truth = draw(rng, labels, pi);
                audit.merge(draw(rng, outputs, confusion[labels.indexOf(truth)]), 1L, Long::sum);
            }
            Result r = PrevalenceCorrection.correct(audit, b.build(), new Options(modelled, 0.95, 400, rep));
            for (int t = 0; t < labels.size(); t++) {
                Estimate c = r.of(labels.get(t)).corrected();
                Estimate n = r.of(labels.get(t)).naive();
                if (c.lower() <= pi[t] && pi[t] <= c.upper()) {
                    covered[0][t]++;
                }
                if (n.lower() <= pi[t] && pi[t] <= n.upper()) {
                    covered[1][t]++;
                }
            }
        }
        return covered;
    }

    @Test
    void simulationTwoClassesCorrectedCoversNaiveDoesNot() {
        // 30% women; 30% of women called "man", 5% of men called "woman": naive ~ 0.245
        int reps = 40;
        int[][] cov = coverage(MW, List.of(), new double[] {0.7, 0.3}, new double[][] {{0.95, 0.05}, {0.3, 0.7}},
                400, 3000, Set.of(), reps);
        assertTrue(cov[0][1] >= 34, "corrected covered the true 0.3 in " + cov[0][1] + " of " + reps);
        assertEquals(0, cov[1][1], "naive covered the true 0.3 in " + cov[1][1] + " of " + reps);
    }

    @Test
    void simulationThreeClassesWithClassDependentAbstention() {
        // class c is often abstained on and confused with b; "uncertain" modelled as a column
        double[][] m = {{0.75, 0.10, 0.05, 0.10}, {0.05, 0.80, 0.05, 0.10}, {0.05, 0.15, 0.50, 0.30}};
        double[] pi = {0.2, 0.5, 0.3};
        int reps = 40;
        int[][] cov = coverage(List.of("a", "b", "c"), List.of("uncertain"), pi, m, 400, 3000, Set.of("uncertain"),
                reps);
        for (int t = 0; t < 3; t++) {
            assertTrue(cov[0][t] >= 34, "corrected covered class " + t + " in " + cov[0][t] + " of " + reps);
        }
        // naive shares among decided items: c 0.185 / 0.84 = 0.22 against a true 0.3
        assertEquals(0, cov[1][2], "naive covered class c in " + cov[1][2] + " of " + reps);
    }

    // ------------------------------------------------------------------------------------------
    // Samplers

    @Test
    void binomialSamplerMatchesTheDistribution() {
        SplittableRandom rng = new SplittableRandom(9);
        int draws = 40000;
        for (double p : new double[] {0.03, 0.3, 0.5, 0.9}) {
            int n = 20;
            int[] freq = new int[n + 1];
            for (int i = 0; i < draws; i++) {
                freq[(int) org.biaslab.metric.CountResampling.binomial(rng, n, p)]++;
            }
            BinomialDistribution exact = new BinomialDistribution(null, n, p);
            for (int x = 0; x <= n; x++) {
                double pmf = exact.probability(x);
                double tolerance = 5 * Math.sqrt(pmf * (1 - pmf) / draws) + 1e-4;
                assertEquals(pmf, (double) freq[x] / draws, tolerance, "Bin(" + n + ", " + p + ") at " + x);
            }
        }
        // large n: mean n p and variance n p (1 - p)
        double sum = 0;
        double sq = 0;
        int k = 20000;
        for (int i = 0; i < k; i++) {
            double x = org.biaslab.metric.CountResampling.binomial(rng, 100000, 0.01);
            sum += x;
            sq += x * x;
        }
        double mean = sum / k;
        double var = sq / k - mean * mean;
        assertEquals(1000, mean, 0.5);
        assertEquals(990, var, 990 * 0.05);
        assertEquals(0, org.biaslab.metric.CountResampling.binomial(rng, 10, 0));
        assertEquals(10, org.biaslab.metric.CountResampling.binomial(rng, 10, 1));
        assertEquals(0, org.biaslab.metric.CountResampling.binomial(rng, 0, 0.5));
    }

    @Test
    void multinomialDrawsSumToN() {
        SplittableRandom rng = new SplittableRandom(2);
        long[] out = new long[4];
        double[] p = {0.1, 0.0, 0.6, 0.3};
        double[] mean = new double[4];
        for (int i = 0; i < 5000; i++) {
            org.biaslab.metric.CountResampling.multinomial(rng, 200, p, out);
            assertEquals(200, out[0] + out[1] + out[2] + out[3]);
            assertEquals(0, out[1]);
            for (int j = 0; j < 4; j++) {
                mean[j] += out[j] / 5000.0;
            }
        }
        assertArrayEquals(new double[] {20, 0, 120, 60}, mean, 0.5);
    }
}
