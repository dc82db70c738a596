package org.biaslab.metric.leakage.linear;

/**
 * L2-regularised logistic regression on binary (0/1) sparse features, solved by LIBLINEAR's primal
 * Newton method with preconditioned conjugate gradients and a line search: a port of
 * {@code de.bwaldvogel.liblinear} 2.44 ({@code Linear.train} with solver {@code L2R_LR}, bias 1,
 * bias regularised, no class weights, no initial solution), which is what Tribuo's
 * {@code LibLinearClassificationTrainer} runs. Every floating-point operation is done in the same
 * order as there, so the weights are bit-for-bit the same (checked against LIBLINEAR by
 * {@code LogisticNewtonTest}); what differs is the storage: rows are compressed sparse rows of
 * {@code int} column indexes without values (a binary feature's value 1.0 multiplies exactly), and
 * the bias column is implicit, after the last feature.
 *
 * <p>Rows are grouped by class as LIBLINEAR does (the class of the first row first, each class in
 * the given order), and that first class is the one whose probability {@link #probability} returns.
 */
final class LogisticNewton {
    private LogisticNewton() {}

    /**
     * A trained model.
     *
     * @param w weights, one per feature column and the bias last ({@code features + 1})
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
     * @param features number of feature columns (the bias column {@code features} is added)
     * @param rowStart start of each row in {@code cols}, {@code l + 1} entries
     * @param cols column indexes of the features that are 1, ascending within each row
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

    /** The objective of {@code L2R_LrFunction} with the solver of {@code Newton}, over one problem. */
    private static final class Problem {
        private final int l;
        private final int n;
        private final int bias;
        private final int[] start;
        private final int[] cols;
        private final double[] y;
        private final double[] cArr;
        private final double[] wx;
        private final double[] tmp;
        private final double[] d;
        /** C[i] * D[i], as {@code Hv} and the preconditioner compute it. */
        private final double[] cd;
        private double wTw;

        Problem(int l, int n, int[] start, int[] cols, double[] y, double c) {
            this.l = l;
            this.n = n;
            this.bias = n - 1;
            this.start = start;
            this.cols = cols;
            this.y = y;
            this.cArr = new double[l];
            java.util.Arrays.fill(cArr, c);
            this.wx = new double[l];
            this.tmp = new double[l];
            this.d = new double[l];
            this.cd = new double[l];
        }

        /** {@code x_i . v}: the row's features in column order, then the bias. */
        private double dot(double[] v, int i) {
            double ret = 0;
            for (int k = start[i], e = start[i + 1]; k < e; k++) {
                ret += v[cols[k]];
            }
            ret += v[bias];
            return ret;
        }

        private void xv(double[] v, double[] out) {
            for (int i = 0; i < l; i++) {
                out[i] = dot(v, i);
            }
        }

        private void xTv(double[] v, double[] out) {
            java.util.Arrays.fill(out, 0, n, 0);
            for (int i = 0; i < l; i++) {
                double a = v[i];
                for (int k = start[i], e = start[i + 1]; k < e; k++) {
                    out[cols[k]] += a;
                }
                out[bias] += a;
            }
        }

        private double cTimesLoss(int i, double wxi) {
            double ywx = wxi * y[i];
            if (ywx >= 0) {
                return cArr[i] * Math.log(1 + Math.exp(-ywx));
            }
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

        void grad(double[] w, double[] g) {
            for (int i = 0; i < l; i++) {
                tmp[i] = 1 / (1 + Math.exp(-y[i] * wx[i]));
                d[i] = tmp[i] * (1 - tmp[i]);
                tmp[i] = cArr[i] * (tmp[i] - 1) * y[i];
                cd[i] = cArr[i] * d[i];
            }
            xTv(tmp, g);
            for (int i = 0; i < n; i++) {
                g[i] = w[i] + g[i];
            }
        }

        void diagPreconditioner(double[] m) {
            java.util.Arrays.fill(m, 0, n, 1);
            for (int i = 0; i < l; i++) {
                double v = cd[i];
                for (int k = start[i], e = start[i + 1]; k < e; k++) {
                    m[cols[k]] += v;
                }
                m[bias] += v;
            }
        }

        void hv(double[] s, double[] hs) {
            java.util.Arrays.fill(hs, 0, n, 0);
            for (int i = 0; i < l; i++) {
                int b = start[i];
                int e = start[i + 1];
                double xTs = 0;
                for (int k = b; k < e; k++) {
                    xTs += s[cols[k]];
                }
                xTs += s[bias];
                xTs = cd[i] * xTs;
                for (int k = b; k < e; k++) {
                    hs[cols[k]] += xTs;
                }
                hs[bias] += xTs;
            }
            for (int i = 0; i < n; i++) {
                hs[i] = s[i] + hs[i];
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
                double loss = 0;
                for (int i = 0; i < l; i++) {
                    double innerProduct = tmp[i] * alpha + wx[i];
                    loss += cTimesLoss(i, innerProduct);
                }
                f[0] = loss + (alpha * alpha * sTs + wTw) / 2.0 + alpha * wTs;
                if (f[0] - fold <= eta * alpha * gTs) {
                    for (int i = 0; i < l; i++) {
                        wx[i] += alpha * tmp[i];
                    }
                    break;
                }
                alpha *= 0.5;
            }
            if (num >= maxNumLinesearch) {
                f[0] = fold;
                return 0;
            }
            for (int i = 0; i < n; i++) {
                w[i] += alpha * s[i];
            }
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
                for (int i = 0; i < n; i++) {
                    m[i] = (1 - alphaPcg) + alphaPcg * m[i];
                }
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

        private void pcg(double[] g, double[] m, double[] s, double[] r) {
            double epsCg = 0.5;
            double[] dd = new double[n];
            double[] hd = new double[n];
            double[] z = new double[n];
            double q = 0;
            for (int i = 0; i < n; i++) {
                s[i] = 0;
                r[i] = -g[i];
                z[i] = r[i] / m[i];
                dd[i] = z[i];
            }
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
                for (int i = 0; i < n; i++) {
                    z[i] = r[i] / m[i];
                }
                double znewTrnew = ddot(n, z, r);
                double beta = znewTrnew / zTr;
                dscal(n, beta, dd);
                daxpy(n, 1, z, dd);
                zTr = znewTrnew;
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
