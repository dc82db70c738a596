package org.biaslab.metric.leakage.linear;

/**
 * L2-regularised logistic regression on binary (0/1) sparse features, solved by LIBLINEAR's primal
 * Newton method with preconditioned conjugate gradients and a line search: a port of
 * {@code de.bwaldvogel.liblinear} 2.44 ({@code Linear.train} with solver {@code L2R_LR}, bias 1,
 * bias regularised, no class weights, no initial solution), which is what Tribuo's
 * {@code LibLinearClassificationTrainer} runs. Every floating-point operation that LIBLINEAR does is
 * done here too, with the same operands in the same order, so the weights are bit-for-bit the same
 * (checked against LIBLINEAR by {@code LinearTrainerTribuoTest}). What differs is how the work is
 * laid out, none of which changes a number:
 * <ul>
 *   <li>features are binary and stored as {@code int} columns without values (LIBLINEAR multiplies
 *       each by its value 1.0, which is exact);</li>
 *   <li>column 0 is a constant feature present in every row (the classifier's {@code __const__}),
 *       and LIBLINEAR's bias column, also in every row, comes after the last feature: neither is
 *       stored;</li>
 *   <li>{@code X v} (one sum per row, over its columns in column order) runs over the rows grouped
 *       by length, eight rows of one length side by side, their columns stored interleaved; each
 *       row's sum is unchanged;</li>
 *   <li>{@code X^T u} (one sum per column, over its rows in row order) runs over a column-major
 *       copy, eight columns side by side with one accumulator each (the long columns in lanes that
 *       take the next column when theirs ends), by a schedule of interleaved rows worked out once
 *       per problem, instead of scattering each row into memory; each column still adds its rows
 *       in row order, starting from the same value;</li>
 *   <li>the line search's accepted {@code exp(-y w.x)} is kept for the gradient, which would compute
 *       the same value again;</li>
 *   <li>a row equal to an earlier row (the same columns) has the same {@code x_i . v}, and a column
 *       equal to an earlier column (the same rows) or to the constant column has the same sum in
 *       {@code X^T u}: each is computed once and copied (caption sets repeat captions, up to 70% of
 *       the rows of a captioner's, and some words occur in exactly the same captions).</li>
 * </ul>
 *
 * <p>Rows are grouped by class as LIBLINEAR does (the class of the first row first, each class in
 * the given order), and that first class is the one whose probability {@link Model#probability}
 * returns.
 */
final class LogisticNewton {
    private LogisticNewton() {}

    /**
     * A trained model.
     *
     * @param w weights: the constant column 0, the feature columns, the bias last ({@code features + 1})
     * @param firstLabel the label (0 or 1) whose probability the decision value gives: LIBLINEAR's
     *     first class, the label of the first training row
     */
    record Model(double[] w, int firstLabel) {
        /** The probability of {@link #firstLabel} for a decision value, as {@code Linear.predictProbability}. */
        static double probability(double dec) {
            return 1 / (1 + Math.exp(-dec));
        }

        /** Index of the bias weight. */
        int bias() {
            return w.length - 1;
        }
    }

    /**
     * Trains on {@code l} rows.
     *
     * @param features number of feature columns, the constant column 0 included (the bias column
     *     {@code features} is added)
     * @param rowStart start of each row in {@code cols}, {@code l + 1} entries
     * @param cols each row's feature columns other than the constant column 0 (which every row
     *     has), ascending within each row, each in {@code [1, features)}
     * @param labels 0 or 1 per row
     * @param c the cost C of every row
     * @param eps LIBLINEAR's stopping tolerance ({@code -e})
     * @param maxIterations Newton iteration limit
     * @throws IllegalArgumentException when only one class is present
     */
    static Model train(int features, int[] rowStart, int[] cols, int[] labels, double c, double eps,
            int maxIterations) {
        int l = labels.length;
        if (l == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int first = labels[0];
        int pos = 0;
        for (int label : labels) {
            if (label == first) {
                pos++;
            }
        }
        if (pos == l) {
            throw new IllegalArgumentException("training rows hold one class only (" + first + ")");
        }
        // group the rows by class, LIBLINEAR's groupClasses: the first row's class first (y = +1)
        int[] start = new int[l + 1];
        int[] grouped = new int[rowStart[l] - rowStart[0]];
        double[] y = new double[l];
        int k = 0;
        int nnz = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < l; i++) {
                if ((labels[i] == first) == (pass == 0)) {
                    start[k] = nnz;
                    int len = rowStart[i + 1] - rowStart[i];
                    System.arraycopy(cols, rowStart[i], grouped, nnz, len);
                    nnz += len;
                    y[k] = pass == 0 ? 1 : -1;
                    k++;
                }
            }
        }
        start[l] = nnz;
        int neg = l - pos;
        double tol = eps * Math.max(Math.min(pos, neg), 1) / l;
        Problem p = new Problem(l, features + 1, start, grouped, y, c);
        double[] w = new double[features + 1];
        p.newton(w, tol, maxIterations);
        return new Model(w, first);
    }

    /** Columns of at least this many rows are summed in lanes ({@link Schedule#lanes}). */
    static final int LONG = 48;
    /** Columns summed side by side ({@link Schedule}). */
    static final int LANES = 8;

    /** The objective of {@code L2R_LrFunction} with the solver of {@code Newton}, over one problem. */
    private static final class Problem {
        private final int l;
        /** Variables: the constant column 0, the feature columns, the bias. */
        private final int n;
        private final int bias;
        /** Rows grouped by length: {@code byLength[byLengthStart[len] ..]} are the rows of length len. */
        private final int[] byLength;
        private final int[] byLengthStart;
        /**
         * The columns of the rows in {@code byLength} order, each run of eight rows of one length interleaved
         * (the t-th column of the run's row q at {@code 8 t + q} from the run's start), the rows left over
         * one after another.
         */
        private final int[] rowCols;
        /** The feature columns shorter than {@link #LONG} left over after the groups of eight, each summed alone. */
        private final int[] colOrder;
        /** How {@code X^T u} sums the long columns and the groups of eight short ones. */
        private final Schedule schedule;
        private final double[] laneSum = new double[LANES];
        private final int[] colStart;
        private final int[] colRows;
        /** Rows equal to an earlier row: (row, earlier row) pairs; their {@code X v} is the earlier one's. */
        private final int[] rowCopies;
        /** Feature columns equal to an earlier column or to the constant one: (column, earlier) pairs. */
        private final int[] colCopies;
        private final double[] y;
        private final double[] cArr;
        private final double[] wx;
        private final double[] tmp;
        private final double[] d;
        /** C[i] * D[i], as {@code Hv} and the preconditioner compute it. */
        private final double[] cd;
        /** exp(-y[i] * wx[i]) where the last loss evaluation computed it for the current wx, else NaN. */
        private final double[] expNeg;
        private final double[] u;
        private double wTw;

        Problem(int l, int n, int[] start, int[] cols, double[] y, double c) {
            this.l = l;
            this.n = n;
            this.bias = n - 1;
            this.y = y;
            this.cArr = new double[l];
            java.util.Arrays.fill(cArr, c);
            this.wx = new double[l];
            this.tmp = new double[l];
            this.d = new double[l];
            this.cd = new double[l];
            this.expNeg = new double[l];
            this.u = new double[l];
            int nnz = start[l];
            // each step its own small method: compiled once each, not as one large body several times over
            int[] rowRep = firsts(start, cols, l);
            int[] uniq = representatives(rowRep);
            rowCopies = copies(rowRep);
            byLengthStart = lengthStarts(start, uniq);
            byLength = rowsByLength(start, uniq, byLengthStart);
            rowCols = rowMajor(start, cols, byLength, byLengthStart);
            colStart = columnStarts(cols, nnz, n);
            colRows = columnMajor(start, cols, l, colStart);
            int[] colRep = columnFirsts(colStart, colRows, n, l);
            colCopies = copies(colRep);
            int[] order = columnsByLength(colStart, n, colRep);
            int longs = longColumns(order, colStart);
            int groups = (order.length - longs) / LANES;
            colOrder = java.util.Arrays.copyOfRange(order, longs + groups * LANES, order.length);
            schedule = new Schedule(colRows, colStart, order, longs, groups, l);
        }

        /**
         * {@link #firsts} of the columns 0 .. n-2, where a feature column holding every row counts as
         * the constant column 0 (same rows, same sum).
         */
        private static int[] columnFirsts(int[] colStart, int[] colRows, int n, int l) {
            int[] colRep = firsts(colStart, colRows, n - 1);
            colRep[0] = 0;
            for (int j = 1; j < n - 1; j++) {
                if (colRep[j] == j && colStart[j + 1] - colStart[j] == l) {
                    colRep[j] = 0;
                }
            }
            return colRep;
        }

        /** How many columns of {@code order} (longest first) have {@link #LONG} rows or more. */
        private static int longColumns(int[] order, int[] colStart) {
            int longs = 0;
            while (longs < order.length && colStart[order[longs] + 1] - colStart[order[longs]] >= LONG) {
                longs++;
            }
            return longs;
        }

        /**
         * For each of {@code count} lists ({@code items[start[i] .. start[i + 1])}), the first list equal to
         * it (itself when it is the first): equal lists give equal sums, computed once.
         */
        private static int[] firsts(int[] start, int[] items, int count) {
            int size = Integer.highestOneBit(Math.max(2, count) * 2) * 2;
            int[] table = new int[size];
            java.util.Arrays.fill(table, -1);
            int[] first = new int[count];
            for (int i = 0; i < count; i++) {
                long h = start[i + 1] - start[i];
                for (int t = start[i]; t < start[i + 1]; t++) {
                    h = h * 0x9E3779B97F4A7C15L + items[t];
                }
                int slot = (int) (h ^ (h >>> 29)) & (size - 1);
                first[i] = i;
                while (table[slot] >= 0) {
                    int o = table[slot];
                    if (java.util.Arrays.equals(items, start[o], start[o + 1], items, start[i], start[i + 1])) {
                        first[i] = o;
                        break;
                    }
                    slot = (slot + 1) & (size - 1);
                }
                if (first[i] == i) {
                    table[slot] = i;
                }
            }
            return first;
        }

        /** The indexes that are their own first ({@code first[i] == i}), ascending. */
        private static int[] representatives(int[] first) {
            int k = 0;
            for (int i = 0; i < first.length; i++) {
                if (first[i] == i) {
                    k++;
                }
            }
            int[] out = new int[k];
            k = 0;
            for (int i = 0; i < first.length; i++) {
                if (first[i] == i) {
                    out[k++] = i;
                }
            }
            return out;
        }

        /** Pairs (copy, first) of the indexes that repeat an earlier one, back to back. */
        private static int[] copies(int[] first) {
            int n = 0;
            for (int i = 0; i < first.length; i++) {
                if (first[i] != i) {
                    n++;
                }
            }
            int[] out = new int[2 * n];
            int k = 0;
            for (int i = 0; i < first.length; i++) {
                if (first[i] != i) {
                    out[k++] = i;
                    out[k++] = first[i];
                }
            }
            return out;
        }

        /** {@code out[copy] = out[first]} for each pair of {@code copies}. */
        private static void copy(int[] copies, double[] out) {
            for (int k = 0; k < copies.length; k += 2) {
                out[copies[k]] = out[copies[k + 1]];
            }
        }

        /** Rows by length (counting sort): the rows of length len are {@code byLength[starts[len] .. starts[len + 1])}. */
        private static int[] lengthStarts(int[] start, int[] rows) {
            int maxLen = 0;
            for (int i : rows) {
                maxLen = Math.max(maxLen, start[i + 1] - start[i]);
            }
            int[] starts = new int[maxLen + 2];
            for (int i : rows) {
                starts[start[i + 1] - start[i] + 1]++;
            }
            for (int len = 0; len <= maxLen; len++) {
                starts[len + 1] += starts[len];
            }
            return starts;
        }

        /** The rows ordered by length, stable. */
        private static int[] rowsByLength(int[] start, int[] rowsIn, int[] lengthStarts) {
            int[] rows = new int[rowsIn.length];
            int[] next = lengthStarts.clone();
            for (int i : rowsIn) {
                rows[next[start[i + 1] - start[i]]++] = i;
            }
            return rows;
        }

        /** {@link #rowCols}: the columns of {@code rows} (grouped by length at {@code lengthStarts}). */
        private static int[] rowMajor(int[] start, int[] cols, int[] rows, int[] lengthStarts) {
            int nnz = 0;
            for (int r : rows) {
                nnz += start[r + 1] - start[r];
            }
            int[] out = new int[nnz];
            int k = 0;
            for (int len = 0; len + 1 < lengthStarts.length; len++) {
                int q = lengthStarts[len];
                int e = lengthStarts[len + 1];
                for (; q + 7 < e; q += 8) {
                    for (int r = 0; r < 8; r++) {
                        int from = start[rows[q + r]];
                        for (int t = 0; t < len; t++) {
                            out[k + 8 * t + r] = cols[from + t];
                        }
                    }
                    k += 8 * len;
                }
                for (; q < e; q++) {
                    System.arraycopy(cols, start[rows[q]], out, k, len);
                    k += len;
                }
            }
            return out;
        }

        /** Start of each column's rows in the column-major copy ({@code n + 1} entries). */
        private static int[] columnStarts(int[] cols, int nnz, int n) {
            int[] cs = new int[n + 1];
            for (int j = 0; j < nnz; j++) {
                cs[cols[j] + 1]++;
            }
            for (int j = 0; j < n; j++) {
                cs[j + 1] += cs[j];
            }
            return cs;
        }

        /** Column-major copy: the rows of each column ascending, then rows 0 .. l-1 (the constant column). */
        private static int[] columnMajor(int[] start, int[] cols, int l, int[] colStart) {
            int nnz = start[l];
            int[] out = new int[nnz + l];
            int[] fill = colStart.clone();
            for (int i = 0; i < l; i++) {
                for (int j = start[i]; j < start[i + 1]; j++) {
                    out[fill[cols[j]]++] = i;
                }
                out[nnz + i] = i;
            }
            return out;
        }

        /** Feature columns 1 .. n-2 by length, longest first (counting sort; the order only groups work). */
        private static int[] columnsByLength(int[] colStart, int n, int[] colRep) {
            int maxCol = 0;
            int count = 0;
            for (int j = 1; j < n - 1; j++) {
                if (colRep[j] == j) {
                    maxCol = Math.max(maxCol, colStart[j + 1] - colStart[j]);
                    count++;
                }
            }
            int[] slot = new int[maxCol + 2];
            for (int j = 1; j < n - 1; j++) {
                if (colRep[j] == j) {
                    slot[maxCol - (colStart[j + 1] - colStart[j]) + 1]++;
                }
            }
            for (int len = 0; len <= maxCol; len++) {
                slot[len + 1] += slot[len];
            }
            int[] order = new int[count];
            for (int j = 1; j < n - 1; j++) {
                if (colRep[j] == j) {
                    order[slot[maxCol - (colStart[j + 1] - colStart[j])]++] = j;
                }
            }
            return order;
        }

        /**
         * {@code out[i] = x_i . v}: per row, 0 + v[0], then its columns in order, then the bias. Rows of
         * one length run eight at a time, each with its own sum (more additions in flight; each row's
         * sum is the same).
         */
        private void xv(double[] v, double[] out) {
            double v0 = v[0];
            double start0 = 0.0 + v0; // LIBLINEAR's 0 + v[0] (a -0.0 becomes +0.0)
            double vb = v[bias];
            int[] rc = rowCols;
            int[] rows = byLength;
            int k = 0;
            for (int len = 0; len + 1 < byLengthStart.length; len++) {
                int q = byLengthStart[len];
                int e = byLengthStart[len + 1];
                for (; q + 7 < e; q += 8) {
                    double r0 = start0;
                    double r1 = start0;
                    double r2 = start0;
                    double r3 = start0;
                    double r4 = start0;
                    double r5 = start0;
                    double r6 = start0;
                    double r7 = start0;
                    for (int t = k, stop = k + 8 * len; t < stop; t += 8) {
                        r0 += v[rc[t]];
                        r1 += v[rc[t + 1]];
                        r2 += v[rc[t + 2]];
                        r3 += v[rc[t + 3]];
                        r4 += v[rc[t + 4]];
                        r5 += v[rc[t + 5]];
                        r6 += v[rc[t + 6]];
                        r7 += v[rc[t + 7]];
                    }
                    out[rows[q]] = r0 + vb;
                    out[rows[q + 1]] = r1 + vb;
                    out[rows[q + 2]] = r2 + vb;
                    out[rows[q + 3]] = r3 + vb;
                    out[rows[q + 4]] = r4 + vb;
                    out[rows[q + 5]] = r5 + vb;
                    out[rows[q + 6]] = r6 + vb;
                    out[rows[q + 7]] = r7 + vb;
                    k += 8 * len;
                }
                for (; q < e; q++) {
                    double ret = 0;
                    ret += v0;
                    for (int t = 0; t < len; t++) {
                        ret += v[rc[k + t]];
                    }
                    out[rows[q]] = ret + vb;
                    k += len;
                }
            }
            copy(rowCopies, out);
        }

        /**
         * {@code out[j] = init + sum of a[i] over the rows i holding column j, in row order}: LIBLINEAR's
         * row-by-row scatter ({@code XTv}, {@code Hv}, the preconditioner), column by column.
         */
        private void xTv(double[] a, double init, double[] out) {
            double[] sum = laneSum;
            java.util.Arrays.fill(sum, init);
            int[] rows = schedule.rows;
            int[] len = schedule.length;
            int[] events = schedule.events;
            int pos = 0;
            int e = 0;
            for (int c = 0; c < len.length; c++) {
                add8(a, rows, pos, len[c], sum);
                pos += LANES * len[c];
                e = finish(a, init, out, e, events[c]);
            }
            out[bias] = out[0]; // the bias column, like the constant one, holds every row
            int[] cs = colStart;
            int[] cr = colRows;
            int[] co = colOrder;
            for (int g = 0; g < co.length; g++) {
                out[co[g]] = rest(a, cr, cs[co[g]], cs[co[g] + 1], init);
            }
            copy(colCopies, out);
        }

        /** Events {@code from .. to} of the schedule: each lane's column gets its sum and rest; the lane restarts. */
        private int finish(double[] a, double init, double[] out, int from, int to) {
            double[] sum = laneSum;
            Schedule s = schedule;
            for (int e = from; e < to; e++) {
                int q = s.lane[e];
                int col = s.col[e];
                if (col >= 0) {
                    out[col] = rest(a, colRows, s.from[e], s.to[e], sum[q]);
                }
                sum[q] = init;
            }
            return to;
        }

        /**
         * Eight sums side by side: {@code sum[q] += a[rows[pos + 8 t + q]]} for t from 0 to {@code m}, in
         * order. Eight independent chains of additions keep the core busy where one chain would wait on
         * each addition; the eight lanes' rows are stored interleaved, so that one index walks them all
         * (with X v's rows interleaved too: 8-9% less time per training when C1 compiles it, as on 2
         * cores, 5-7% with C2; docs/benchmarks.md).
         */
        private static void add8(double[] a, int[] rows, int pos, int m, double[] sum) {
            double s0 = sum[0];
            double s1 = sum[1];
            double s2 = sum[2];
            double s3 = sum[3];
            double s4 = sum[4];
            double s5 = sum[5];
            double s6 = sum[6];
            double s7 = sum[7];
            for (int t = pos, stop = pos + LANES * m; t < stop; t += LANES) {
                s0 += a[rows[t]];
                s1 += a[rows[t + 1]];
                s2 += a[rows[t + 2]];
                s3 += a[rows[t + 3]];
                s4 += a[rows[t + 4]];
                s5 += a[rows[t + 5]];
                s6 += a[rows[t + 6]];
                s7 += a[rows[t + 7]];
            }
            sum[0] = s0;
            sum[1] = s1;
            sum[2] = s2;
            sum[3] = s3;
            sum[4] = s4;
            sum[5] = s5;
            sum[6] = s6;
            sum[7] = s7;
        }

        /** {@code s} plus {@code a[cr[t]]} for t from {@code from} to {@code to}, in order. */
        private static double rest(double[] a, int[] cr, int from, int to, double s) {
            for (int t = from; t < to; t++) {
                s += a[cr[t]];
            }
            return s;
        }

        private double cTimesLoss(int i, double wxi) {
            double ywx = wxi * y[i];
            if (ywx >= 0) {
                double e = Math.exp(-ywx);
                expNeg[i] = e;
                return cArr[i] * Math.log(1 + e);
            }
            expNeg[i] = Double.NaN;
            return cArr[i] * (-ywx + Math.log(1 + Math.exp(ywx)));
        }

        double fun(double[] w) {
            double f = 0;
            wTw = 0;
            xv(w, wx);
            for (int i = 0; i < n; i++) {
                wTw += w[i] * w[i];
            }
            for (int i = 0; i < l; i++) {
                f += cTimesLoss(i, wx[i]);
            }
            return f + 0.5 * wTw;
        }

        /** After {@link #fun} or an accepted line search step (which leave {@code expNeg} for this wx). */
        void grad(double[] w, double[] g) {
            for (int i = 0; i < l; i++) {
                // exp(-y[i] * wx[i]) is the loss's exp(-ywx) when ywx >= 0: (-y) * wx == -(wx * y) for y = +-1
                double e = expNeg[i];
                double t = 1 / (1 + (e == e ? e : Math.exp(-y[i] * wx[i])));
                d[i] = t * (1 - t);
                tmp[i] = cArr[i] * (t - 1) * y[i];
                cd[i] = cArr[i] * d[i];
            }
            xTv(tmp, 0, g);
            plusInPlace(w, g, n);
        }

        void diagPreconditioner(double[] m) {
            xTv(cd, 1, m);
        }

        void hv(double[] s, double[] hs) {
            xv(s, u);
            timesInPlace(cd, u, l);
            xTv(u, 0, hs);
            plusInPlace(s, hs, n);
        }

        // the element-wise loops of the solver each in a small method: the JIT compiles them once, instead of
        // compiling the whole calling method again at each of its loops (on-stack replacement)

        /** {@code u[i] = c[i] * u[i]}. */
        private static void timesInPlace(double[] c, double[] u, int len) {
            for (int i = 0; i < len; i++) {
                u[i] = c[i] * u[i];
            }
        }

        /** {@code h[i] = s[i] + h[i]}. */
        private static void plusInPlace(double[] s, double[] h, int len) {
            for (int i = 0; i < len; i++) {
                h[i] = s[i] + h[i];
            }
        }

        /** {@code z[i] = r[i] / m[i]}. */
        private static void divide(double[] r, double[] m, double[] z, int len) {
            for (int i = 0; i < len; i++) {
                z[i] = r[i] / m[i];
            }
        }

        /** The loss part of the objective at {@code wx + alpha * tmp}, summed over rows in order. */
        private double lossAlong(double alpha) {
            double loss = 0;
            for (int i = 0; i < l; i++) {
                double innerProduct = tmp[i] * alpha + wx[i];
                loss += cTimesLoss(i, innerProduct);
            }
            return loss;
        }

        /** {@code x[i] += alpha * dx[i]}. */
        private static void step(double[] x, double alpha, double[] dx, int len) {
            for (int i = 0; i < len; i++) {
                x[i] += alpha * dx[i];
            }
        }

        /** {@code linesearch_and_update}: returns the step size (0 when the search fails); f[0] in and out. */
        double linesearchAndUpdate(double[] w, double[] s, double[] f, double[] g, double alpha) {
            double sTs = 0;
            double wTs = 0;
            double gTs = 0;
            double eta = 0.01;
            int maxNumLinesearch = 20;
            double fold = f[0];
            xv(s, tmp);
            for (int i = 0; i < n; i++) {
                sTs += s[i] * s[i];
                wTs += s[i] * w[i];
                gTs += s[i] * g[i];
            }
            int num;
            for (num = 0; num < maxNumLinesearch; num++) {
                double loss = lossAlong(alpha);
                f[0] = loss + (alpha * alpha * sTs + wTw) / 2.0 + alpha * wTs;
                if (f[0] - fold <= eta * alpha * gTs) {
                    // wx + alpha * tmp == tmp * alpha + wx: the loss above saw this wx, so expNeg fits it
                    step(wx, alpha, tmp, l);
                    break;
                }
                alpha *= 0.5;
            }
            if (num >= maxNumLinesearch) {
                f[0] = fold;
                return 0;
            }
            step(w, alpha, s, n);
            wTw += alpha * alpha * sTs + 2 * alpha * wTs;
            return alpha;
        }

        /** {@code Newton.newton} with {@code w} all zeros on entry (no initial solution). */
        void newton(double[] w, double eps, int maxIter) {
            double[] s = new double[n];
            double[] r = new double[n];
            double[] g = new double[n];
            double alphaPcg = 0.01;
            double[] m = new double[n];
            double[] f = new double[1];
            double initStepSize = 1;
            boolean search = true;
            int iter = 1;

            // LIBLINEAR evaluates f and the gradient at w0 = 0 for |g0|, then again at w; w is 0 here,
            // so both evaluations give the same numbers and one is enough
            f[0] = fun(w);
            grad(w, g);
            double gnorm0 = dnrm2(n, g);
            double gnorm = gnorm0;
            if (gnorm <= eps * gnorm0) {
                search = false;
            }
            while (iter <= maxIter && search) {
                diagPreconditioner(m);
                blend(m, alphaPcg, n);
                pcg(g, m, s, r);
                double fold = f[0];
                double stepSize = linesearchAndUpdate(w, s, f, g, initStepSize);
                if (stepSize == 0) {
                    break;
                }
                grad(w, g);
                gnorm = dnrm2(n, g);
                if (gnorm <= eps * gnorm0) {
                    break;
                }
                if (f[0] < -1.0e+32) {
                    break;
                }
                double actred = fold - f[0];
                if (Math.abs(actred) <= 1.0e-12 * Math.abs(f[0])) {
                    break;
                }
                iter++;
            }
        }

        /** {@code m[i] = (1 - a) + a * m[i]}. */
        private static void blend(double[] m, double a, int len) {
            for (int i = 0; i < len; i++) {
                m[i] = (1 - a) + a * m[i];
            }
        }

        /** PCG's start: s = 0, r = -g, z = r / m, d = z. */
        private static void pcgStart(double[] g, double[] m, double[] s, double[] r, double[] z, double[] dd, int len) {
            for (int i = 0; i < len; i++) {
                s[i] = 0;
                r[i] = -g[i];
                z[i] = r[i] / m[i];
                dd[i] = z[i];
            }
        }

        private void pcg(double[] g, double[] m, double[] s, double[] r) {
            double epsCg = 0.5;
            double[] dd = new double[n];
            double[] hd = new double[n];
            double[] z = new double[n];
            double q = 0;
            pcgStart(g, m, s, r, z, dd, n);
            double zTr = ddot(n, z, r);
            double gMinvNorm = Math.sqrt(zTr);
            double cgtol = Math.min(epsCg, Math.sqrt(gMinvNorm));
            int cgIter = 0;
            int maxCgIter = Math.max(n, 5);
            while (cgIter < maxCgIter) {
                cgIter++;
                hv(dd, hd);
                double dHd = ddot(n, dd, hd);
                if (dHd <= 1.0e-16) {
                    break;
                }
                double alpha = zTr / dHd;
                daxpy(n, alpha, dd, s);
                alpha = -alpha;
                daxpy(n, alpha, hd, r);
                double newQ = -0.5 * (ddot(n, s, r) - ddot(n, s, g));
                double qdiff = newQ - q;
                if (newQ <= 0 && qdiff <= 0) {
                    if (cgIter * qdiff >= cgtol * newQ) {
                        break;
                    }
                } else {
                    break;
                }
                q = newQ;
                divide(r, m, z, n);
                double znewTrnew = ddot(n, z, r);
                double beta = znewTrnew / zTr;
                dscal(n, beta, dd);
                daxpy(n, 1, z, dd);
                zTr = znewTrnew;
            }
        }
    }

    /**
     * {@link Problem}'s schedule of {@code X^T u}: chunks of eight columns' rows side by side. Chunk c adds,
     * for t from 0 to {@code length[c]}, row {@code rows[pos + 8 t + q]} into lane q's sum (pos: where the
     * chunk starts); then its events {@code events[c - 1] .. events[c]} each finish a lane: column
     * {@code col[e]} (none when -1) gets lane {@code lane[e]}'s sum plus its rows
     * {@code colRows[from[e] .. to[e])}, and the lane starts again from the initial value. The arrays
     * have their final lengths once the constructor returns.
     */
    private static final class Schedule {
        int[] rows;
        int rowCount;
        int[] length = new int[16];
        int[] events = new int[16];
        int chunks;
        int[] lane = new int[16];
        int[] col = new int[16];
        int[] from = new int[16];
        int[] to = new int[16];
        int eventCount;

        /**
         * The schedule of the constant column (the last {@code l} entries of {@code colRows}) and the first
         * {@code longs} columns of {@code order} in lanes, then of {@code groups} groups of eight after them.
         */
        Schedule(int[] colRows, int[] colStart, int[] order, int longs, int groups, int l) {
            rows = new int[Math.max(LANES, colRows.length)];
            lanes(colRows, colStart, order, longs, l);
            for (int g = longs; g < longs + groups * LANES; g += LANES) {
                group(colRows, colStart, order, g);
            }
            rows = java.util.Arrays.copyOf(rows, rowCount);
            length = java.util.Arrays.copyOf(length, chunks);
            events = java.util.Arrays.copyOf(events, chunks);
            lane = java.util.Arrays.copyOf(lane, eventCount);
            col = java.util.Arrays.copyOf(col, eventCount);
            from = java.util.Arrays.copyOf(from, eventCount);
            to = java.util.Arrays.copyOf(to, eventCount);
        }

        /** A new chunk of {@code m} rows per lane, with no events yet. */
        private void chunk(int m) {
            if (chunks == length.length) {
                length = java.util.Arrays.copyOf(length, 2 * chunks);
                events = java.util.Arrays.copyOf(events, 2 * chunks);
            }
            length[chunks] = m;
            events[chunks] = eventCount;
            chunks++;
            if (rowCount + LANES * m > rows.length) {
                rows = java.util.Arrays.copyOf(rows, Math.max(2 * rows.length, rowCount + LANES * m));
            }
        }

        private void event(int q, int c, int f, int t) {
            if (eventCount == lane.length) {
                lane = java.util.Arrays.copyOf(lane, 2 * eventCount);
                col = java.util.Arrays.copyOf(col, 2 * eventCount);
                from = java.util.Arrays.copyOf(from, 2 * eventCount);
                to = java.util.Arrays.copyOf(to, 2 * eventCount);
            }
            lane[eventCount] = q;
            col[eventCount] = c;
            from[eventCount] = f;
            to[eventCount] = t;
            eventCount++;
            events[chunks - 1] = eventCount;
        }

        /**
         * The long columns, eight side by side: each lane adds one column's rows in order and, when its
         * column ends, takes the next one, so that eight additions are in flight while the long columns
         * last (a column's sum is one chain of dependent additions; alone, the constant column's l of
         * them would wait on each other). The constant column (every row) is at least as long as any
         * feature column: it goes first. Lanes without a column left add row 0 into a sum that is reset
         * at the end.
         */
        private void lanes(int[] cr, int[] colStart, int[] order, int longs, int l) {
            int[] at = new int[LANES];
            int[] end = new int[LANES];
            int[] c = new int[LANES];
            int next = 0; // 0: the constant column; i > 0: order[i - 1]
            int active = 0;
            for (int k = 0; k < LANES; k++) {
                c[k] = -1;
                if (next <= longs) {
                    take(k, next++, cr, colStart, order, l, at, end, c);
                    active++;
                }
            }
            while (active > 0) {
                int m = Integer.MAX_VALUE;
                for (int k = 0; k < LANES; k++) {
                    if (c[k] >= 0) {
                        m = Math.min(m, end[k] - at[k]);
                    }
                }
                chunk(m);
                for (int k = 0; k < LANES; k++) {
                    for (int t = 0; t < m; t++) {
                        rows[rowCount + LANES * t + k] = c[k] >= 0 ? cr[at[k] + t] : 0;
                    }
                }
                rowCount += LANES * m;
                for (int k = 0; k < LANES; k++) {
                    if (c[k] < 0) {
                        continue;
                    }
                    at[k] += m;
                    if (at[k] == end[k]) {
                        event(k, c[k], 0, 0);
                        if (next <= longs) {
                            take(k, next++, cr, colStart, order, l, at, end, c);
                        } else {
                            c[k] = -1;
                            active--;
                        }
                    }
                }
            }
            for (int k = 0; k < LANES; k++) {
                event(k, -1, 0, 0); // idle lanes added row 0 into their sums
            }
        }

        /** Lane k takes long column i (0: the constant column; i > 0: {@code order[i - 1]}). */
        private static void take(int k, int i, int[] cr, int[] colStart, int[] order, int l, int[] at, int[] end,
                int[] c) {
            if (i == 0) {
                c[k] = 0;
                at[k] = cr.length - l;
                end[k] = cr.length;
            } else {
                c[k] = order[i - 1];
                at[k] = colStart[c[k]];
                end[k] = colStart[c[k] + 1];
            }
        }

        /**
         * Eight short columns ({@code order[g .. g + 8)}, longest first): side by side for the shortest one's
         * length, then each alone for the rest of its rows.
         */
        private void group(int[] cr, int[] colStart, int[] order, int g) {
            int m = colStart[order[g + LANES - 1] + 1] - colStart[order[g + LANES - 1]];
            chunk(m);
            for (int k = 0; k < LANES; k++) {
                int f = colStart[order[g + k]];
                for (int t = 0; t < m; t++) {
                    rows[rowCount + LANES * t + k] = cr[f + t];
                }
            }
            rowCount += LANES * m;
            for (int k = 0; k < LANES; k++) {
                int j = order[g + k];
                event(k, j, colStart[j] + m, colStart[j + 1]);
            }
        }
    }

    // ---- the BLAS routines of LIBLINEAR's Blas class (unit increments), same operation order ----

    static double dnrm2(int nn, double[] x) {
        if (nn <= 0) {
            return 0.0;
        }
        if (nn == 1) {
            return Math.abs(x[0]);
        }
        double scale = 0.0;
        double ssq = 1.0;
        for (int ix = nn - 1; ix >= 0; ix--) {
            if (x[ix] != 0.0) {
                double absxi = Math.abs(x[ix]);
                if (scale < absxi) {
                    double temp = scale / absxi;
                    ssq = ssq * (temp * temp) + 1.0;
                    scale = absxi;
                } else {
                    double temp = absxi / scale;
                    ssq += temp * temp;
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    static double ddot(int nn, double[] sx, double[] sy) {
        double stemp = 0.0;
        if (nn > 0) {
            int m = nn - 4;
            int i;
            for (i = 0; i < m; i += 5) {
                stemp += sx[i] * sy[i] + sx[i + 1] * sy[i + 1] + sx[i + 2] * sy[i + 2]
                        + sx[i + 3] * sy[i + 3] + sx[i + 4] * sy[i + 4];
            }
            for (; i < nn; i++) {
                stemp += sx[i] * sy[i];
            }
        }
        return stemp;
    }

    static void daxpy(int nn, double sa, double[] sx, double[] sy) {
        if (nn > 0 && sa != 0.0) {
            int m = nn - 3;
            int i;
            for (i = 0; i < m; i += 4) {
                sy[i] += sa * sx[i];
                sy[i + 1] += sa * sx[i + 1];
                sy[i + 2] += sa * sx[i + 2];
                sy[i + 3] += sa * sx[i + 3];
            }
            for (; i < nn; ++i) {
                sy[i] += sa * sx[i];
            }
        }
    }

    static void dscal(int nn, double sa, double[] sx) {
        if (nn > 0) {
            int m = nn - 4;
            int i;
            for (i = 0; i < m; i += 5) {
                sx[i] = sa * sx[i];
                sx[i + 1] = sa * sx[i + 1];
                sx[i + 2] = sa * sx[i + 2];
                sx[i + 3] = sa * sx[i + 3];
                sx[i + 4] = sa * sx[i + 4];
            }
            for (; i < nn; ++i) {
                sx[i] = sa * sx[i];
            }
        }
    }
}
