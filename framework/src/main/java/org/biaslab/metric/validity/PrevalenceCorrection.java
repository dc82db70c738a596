package org.biaslab.metric.validity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.biaslab.metric.CountResampling;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;

/**
 * Prevalence of each true class in an audit, corrected for the classifier's error as measured on
 * labelled validation data. An audit sees only the classifier's outputs: if it calls 30% of the
 * faces "woman" but misses a fifth of the women, the naive 30% is biased. The validation confusion
 * matrix gives {@code M[t][o]} = P(output o | true class t); the audit's expected output shares are
 * {@code q = M^T pi} for the true prevalence pi, so pi is recovered by solving that system.
 *
 * <p>Estimator. Let k be the number of labels and J the number of output columns used (the k
 * labels, plus the abstention kinds the caller chooses to model, see below). The corrected
 * prevalence is the point of the probability simplex ({@code pi >= 0, sum pi = 1}) whose implied
 * output shares are closest in squared Euclidean distance to the observed ones:
 * {@code argmin ||M^T pi - q||^2}. When J = k and M is invertible this is the matrix-inversion
 * estimate {@code pi = M^-T q} whenever that lies in the simplex; for two classes it is then
 * exactly Rogan and Gladen's (1978, "Estimating prevalence from the results of a screening test",
 * Am J Epidemiol 107:71) {@code (q + Sp - 1) / (Se + Sp - 1)}, see {@link #roganGladen}, and
 * otherwise that estimate clipped to [0, 1]. Outside the simplex (sampling noise, or an audit whose
 * output shares no prevalence can produce under the validation matrix) the nearest feasible point is
 * taken; {@link Result#boundary()} and {@link Result#residual()} say when and by how much. The
 * minimum is found exactly by solving the equality-constrained least-squares problem on every
 * support (every non-empty subset of labels, at most 2^{@value #MAX_LABELS} - 1) and keeping the
 * feasible solution of least residual; the problem is convex, so this is the global minimum.
 *
 * <p>Abstentions. By default they are left out of both the audit and the validation counts, and
 * the corrected prevalence is that among the audit items the classifier decided on. An abstention
 * kind listed in {@link Options#modelledAbstentions()} becomes an output column instead (J > k):
 * the estimate then covers the items that were decided or had that kind of abstention, and accounts
 * for abstentions that depend on the true class (e.g. "uncertain" more often for one perceived
 * gender). Model an abstention only when its rate in the validation data can be expected to carry
 * over to the audit ("no face" on cropped validation faces does not).
 *
 * <p>Identifiability: undefined when a label has no validation item in the used columns, or when M
 * has rank below k (two true classes produce the same output distribution).
 *
 * <p>Interval: parametric bootstrap from one seed. Each resample draws the audit's output counts
 * multinomially from the observed shares and, independently, each validation row multinomially from
 * its observed shares with its own size, and recomputes the estimate; the interval is the
 * percentile interval of the resampled estimates, so it carries the uncertainty of both the audit
 * and the validation matrix (widened to contain the point estimate when the bootstrap distribution
 * is off to one side, as it can be at the edge of the simplex; said in the method).
 *
 * <p>Naive estimate, reported next to it: the share of each predicted label among the audit's
 * decided items, with a Wilson interval.
 */
public final class PrevalenceCorrection {
    /** Default bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 2000;
    /** Most labels the exact simplex solver accepts (it visits 2^k - 1 supports). */
    public static final int MAX_LABELS = 12;

    private static final double FEASIBLE = -1e-10;
    private static final double RANK_TOLERANCE = 1e-9;

    private PrevalenceCorrection() {}

    /**
     * Settings.
     *
     * @param modelledAbstentions abstention kinds used as output columns (empty: abstentions left out)
     * @param confidence interval confidence, e.g. 0.95
     * @param resamples bootstrap resamples (>= 1)
     * @param seed seed of the bootstrap
     */
    public record Options(Set<String> modelledAbstentions, double confidence, int resamples, long seed) {
        public Options {
            modelledAbstentions = Set.copyOf(Objects.requireNonNull(modelledAbstentions, "modelledAbstentions"));
            ConfusionMatrix.checkConfidence(confidence);
            if (resamples < 1) {
                throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
            }
        }

        /** No modelled abstentions, 95% intervals, {@link #DEFAULT_RESAMPLES} resamples. */
        public static Options defaults(long seed) {
            return new Options(Set.of(), 0.95, DEFAULT_RESAMPLES, seed);
        }
    }

    /**
     * One true class.
     *
     * @param label the class
     * @param naive share of the audit's decided items predicted as this label, Wilson interval
     * @param corrected corrected prevalence with its bootstrap interval; n = audit items used
     */
    public record ClassPrevalence(String label, Estimate naive, Estimate corrected) {}

    /**
     * The correction.
     *
     * @param classes one entry per label, in the validation matrix's label order
     * @param auditItems all audit items given
     * @param auditUsed audit items in the used columns (decided, plus modelled abstentions)
     * @param auditDecided audit items with a predicted label (the naive estimate's denominator)
     * @param validationUsed validation items in the used columns
     * @param columns output columns used, labels first, then modelled abstention kinds
     * @param residual Euclidean distance between the observed output shares and those the corrected
     *     prevalence implies (0 when the system is solved exactly; NaN when undefined)
     * @param boundary whether the unconstrained solution left the simplex, so the estimate sits on its edge
     * @param method the estimator and interval, in words
     */
    public record Result(List<ClassPrevalence> classes, long auditItems, long auditUsed, long auditDecided,
            long validationUsed, List<String> columns, double residual, boolean boundary, String method) {
        public Result {
            classes = List.copyOf(classes);
            columns = List.copyOf(columns);
        }

        /** The entry of one label. */
        public ClassPrevalence of(String label) {
            for (ClassPrevalence c : classes) {
                if (c.label().equals(label)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown label '" + label + "'");
        }
    }

    /**
     * Rogan and Gladen (1978) estimate of the true prevalence from the apparent prevalence of a test
     * with the given sensitivity and specificity: {@code (apparent + Sp - 1) / (Se + Sp - 1)}. Not
     * clipped: a value outside [0, 1] means the apparent prevalence is impossible under Se and Sp.
     *
     * @throws IllegalArgumentException when Se + Sp = 1 (the test carries no information) or an input is
     *     outside [0, 1]
     */
    public static double roganGladen(double apparent, double sensitivity, double specificity) {
        for (double[] v : new double[][] {{apparent}, {sensitivity}, {specificity}}) {
            if (!(v[0] >= 0 && v[0] <= 1)) {
                throw new IllegalArgumentException("apparent prevalence, sensitivity and specificity must be in [0, 1], got "
                        + apparent + ", " + sensitivity + ", " + specificity);
            }
        }
        double youden = sensitivity + specificity - 1;
        if (Math.abs(youden) < 1e-12) {
            throw new IllegalArgumentException("sensitivity + specificity = 1: the test carries no information");
        }
        return (apparent + specificity - 1) / youden;
    }

    /**
     * Corrects an audit's output counts with a validation confusion matrix.
     *
     * @param auditCounts audit items per output: labels and abstention kinds of {@code validation}
     *     (missing ones count 0)
     * @param validation the classifier's confusion matrix on labelled data
     * @param options modelled abstentions, confidence, resamples, seed
     */
    public static Result correct(Map<String, Long> auditCounts, ConfusionMatrix validation, Options options) {
        Objects.requireNonNull(auditCounts, "auditCounts");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(options, "options");
        List<String> labels = validation.labels();
        int k = labels.size();
        if (k > MAX_LABELS) {
            throw new IllegalArgumentException("at most " + MAX_LABELS + " labels, got " + k);
        }
        for (String a : options.modelledAbstentions()) {
            if (!validation.abstentionKinds().contains(a)) {
                throw new IllegalArgumentException("modelled abstention '" + a + "' is not an abstention kind of the "
                        + "validation matrix " + validation.abstentionKinds());
            }
        }
        for (Map.Entry<String, Long> e : auditCounts.entrySet()) {
            String key = e.getKey();
            if (!labels.contains(key) && !validation.abstentionKinds().contains(key)) {
                throw new IllegalArgumentException("audit count '" + key + "' is neither a label " + labels
                        + " nor an abstention kind " + validation.abstentionKinds());
            }
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("audit count '" + key + "' must be >= 0, got " + e.getValue());
            }
        }
        List<String> columns = new ArrayList<>(labels);
        for (String a : validation.abstentionKinds()) {
            if (options.modelledAbstentions().contains(a)) {
                columns.add(a);
            }
        }
        int cols = columns.size();
        long auditItems = 0;
        for (long v : auditCounts.values()) {
            auditItems += v;
        }
        long[] audit = new long[cols];
        long auditUsed = 0;
        long auditDecided = 0;
        for (int j = 0; j < cols; j++) {
            audit[j] = auditCounts.getOrDefault(columns.get(j), 0L);
            auditUsed += audit[j];
            if (j < k) {
                auditDecided += audit[j];
            }
        }
        long[][] rows = new long[k][cols];
        long[] rowN = new long[k];
        long validationUsed = 0;
        for (int t = 0; t < k; t++) {
            for (int j = 0; j < cols; j++) {
                rows[t][j] = validation.count(labels.get(t), columns.get(j));
                rowN[t] += rows[t][j];
            }
            validationUsed += rowN[t];
        }

        double conf = options.confidence();
        List<Estimate> naive = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            naive.add(Intervals.wilson(audit[t], auditDecided, conf));
        }

        String why = null;
        for (int t = 0; t < k && why == null; t++) {
            if (rowN[t] == 0) {
                why = "no validation item of true label '" + labels.get(t) + "' in the columns " + columns;
            }
        }
        if (why == null && auditUsed == 0) {
            why = "no audit item in the columns " + columns;
        }
        double[][] m = why == null ? normalise(rows, rowN) : null;
        if (why == null && rank(m) < k) {
            why = "the validation matrix has rank below " + k + ": some true labels give the same output distribution";
        }
        if (why != null) {
            List<ClassPrevalence> out = new ArrayList<>();
            for (int t = 0; t < k; t++) {
                out.add(new ClassPrevalence(labels.get(t), naive.get(t), Estimate.undefined(why)));
            }
            return new Result(out, auditItems, auditUsed, auditDecided, validationUsed, columns, Double.NaN, false,
                    "undefined: " + why);
        }

        double[] q = shares(audit, auditUsed);
        Solution point = solveOnSimplex(m, q);

        int b = options.resamples();
        double[][] boot = new double[k][b];
        SplittableRandom rng = new SplittableRandom(options.seed());
        long[] auditDraw = new long[cols];
        long[][] rowDraw = new long[k][cols];
        for (int r = 0; r < b; r++) {
            CountResampling.multinomial(rng, auditUsed, q, auditDraw);
            for (int t = 0; t < k; t++) {
                CountResampling.multinomial(rng, rowN[t], m[t], rowDraw[t]);
            }
            double[] pi = solveOnSimplex(normalise(rowDraw, rowN), shares(auditDraw, auditUsed)).pi();
            for (int t = 0; t < k; t++) {
                boot[t][r] = pi[t];
            }
        }
        double alpha = (1 - conf) / 2;
        boolean twoClass = k == 2 && cols == 2;
        String estimator = twoClass
                ? "Rogan-Gladen (1978), clipped to [0, 1]"
                : (cols == k ? "inversion of the validation matrix" : "least squares over " + cols + " output columns")
                        + ", constrained to the simplex";
        List<ClassPrevalence> out = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            double[] s = boot[t];
            Arrays.sort(s);
            double lo = Intervals.quantile(s, alpha);
            double hi = Intervals.quantile(s, 1 - alpha);
            double v = point.pi()[t];
            boolean widened = v < lo || v > hi;
            String method = String.format(Locale.ROOT,
                    "%s; parametric bootstrap percentile %.0f%% (%d resamples of audit and validation counts, seed %d)%s",
                    estimator, conf * 100, b, options.seed(), widened ? ", widened to contain the estimate" : "");
            out.add(new ClassPrevalence(labels.get(t), naive.get(t),
                    new Estimate(v, Math.min(lo, v), Math.max(hi, v), Intervals.sd(s), (int) Math.min(Integer.MAX_VALUE,
                            auditUsed), method)));
        }
        return new Result(out, auditItems, auditUsed, auditDecided, validationUsed, columns, point.residual(),
                point.boundary(), estimator);
    }

    /**
     * A solution on the simplex.
     *
     * @param pi the prevalence
     * @param residual {@code ||M^T pi - q||}
     * @param boundary whether the unconstrained least-squares solution lies outside the simplex
     */
    record Solution(double[] pi, double residual, boolean boundary) {}

    /**
     * {@code argmin ||M^T pi - q||^2} over the simplex, by equality-constrained least squares on every
     * support. {@code m} is k x J (rows: true classes), {@code q} has J entries.
     */
    static Solution solveOnSimplex(double[][] m, double[] q) {
        int k = m.length;
        int cols = q.length;
        // H = M M^T, f = M q: the objective is pi^T H pi - 2 f^T pi + q^T q
        double[][] h = new double[k][k];
        double[] f = new double[k];
        for (int a = 0; a < k; a++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += m[a][j] * m[c][j];
                }
                h[a][c] = s;
            }
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += m[a][j] * q[j];
            }
            f[a] = s;
        }
        int full = (1 << k) - 1;
        double[] pi = supportSolution(h, f, full);
        if (pi != null && feasible(pi)) {
            double[] clean = clean(pi);
            return new Solution(clean, residual(m, q, clean), false);
        }
        double[] best = null;
        double bestObj = Double.POSITIVE_INFINITY;
        for (int support = 1; support < full; support++) {
            double[] x = supportSolution(h, f, support);
            if (x == null || !feasible(x)) {
                continue;
            }
            double[] c = clean(x);
            double obj = residual(m, q, c);
            if (obj < bestObj - 1e-13) {
                bestObj = obj;
                best = c;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no feasible support found; every single-label support is feasible, so "
                    + "this is a bug");
        }
        return new Solution(best, bestObj, true);
    }

    /**
     * Solves the KKT system of {@code min pi^T H pi - 2 f^T pi} subject to {@code sum pi = 1} and
     * {@code pi_i = 0} outside the support: {@code [H_SS -1; 1^T 0] [pi_S; mu] = [f_S; 1]}. Null when
     * the system is singular.
     */
    private static double[] supportSolution(double[][] h, double[] f, int support) {
        int k = h.length;
        int[] idx = new int[Integer.bitCount(support)];
        int s = 0;
        for (int i = 0; i < k; i++) {
            if ((support & (1 << i)) != 0) {
                idx[s++] = i;
            }
        }
        int n = s + 1;
        double[][] a = new double[n][n + 1];
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                a[r][c] = h[idx[r]][idx[c]];
            }
            a[r][s] = -1;
            a[r][n] = f[idx[r]];
            a[s][r] = 1;
        }
        a[s][n] = 1;
        double[] x = gauss(a);
        if (x == null) {
            return null;
        }
        double[] pi = new double[k];
        for (int r = 0; r < s; r++) {
            pi[idx[r]] = x[r];
        }
        return pi;
    }

    /** Gaussian elimination with partial pivoting of an augmented n x (n + 1) matrix; null if singular. */
    private static double[] gauss(double[][] a) {
        int n = a.length;
        double scale = 0;
        for (double[] row : a) {
            for (int c = 0; c < n; c++) {
                scale = Math.max(scale, Math.abs(row[c]));
            }
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            if (Math.abs(a[piv][col]) <= 1e-12 * scale) {
                return null;
            }
            double[] tmp = a[piv];
            a[piv] = a[col];
            a[col] = tmp;
            for (int r = col + 1; r < n; r++) {
                double fct = a[r][col] / a[col][col];
                if (fct != 0) {
                    for (int c = col; c <= n; c++) {
                        a[r][c] -= fct * a[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }

    private static boolean feasible(double[] pi) {
        for (double v : pi) {
            if (!(v >= FEASIBLE)) {
                return false;
            }
        }
        return true;
    }

    /** Rounds tiny negatives to 0 and renormalises to sum 1. */
    private static double[] clean(double[] pi) {
        double[] out = new double[pi.length];
        double s = 0;
        for (int i = 0; i < pi.length; i++) {
            out[i] = Math.max(0, pi[i]);
            s += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= s;
        }
        return out;
    }

    private static double residual(double[][] m, double[] q, double[] pi) {
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

    private static int rank(double[][] m) {
        double[] sv = new SingularValueDecomposition(MatrixUtils.createRealMatrix(m)).getSingularValues();
        double max = 0;
        for (double v : sv) {
            max = Math.max(max, v);
        }
        int r = 0;
        for (double v : sv) {
            if (v > RANK_TOLERANCE * Math.max(max, 1e-300)) {
                r++;
            }
        }
        return r;
    }

    private static double[][] normalise(long[][] rows, long[] rowN) {
        double[][] m = new double[rows.length][];
        for (int t = 0; t < rows.length; t++) {
            m[t] = shares(rows[t], rowN[t]);
        }
        return m;
    }

    private static double[] shares(long[] counts, long n) {
        double[] s = new double[counts.length];
        for (int j = 0; j < counts.length; j++) {
            s[j] = (double) counts[j] / n;
        }
        return s;
    }
}
