package org.biaslab.metric.leakage.linear;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.biaslab.metric.leakage.CaptionClassifier;
import org.biaslab.metric.leakage.CaptionClassifierTrainer;
import org.biaslab.metric.leakage.LeakageException;
import org.biaslab.metric.leakage.TokenTexts;

/**
 * L2-regularised logistic regression on binary bag-of-n-gram features, solved by LIBLINEAR's
 * Newton method ({@link LogisticNewton}, a port of LIBLINEAR 2.44's {@code L2R_LR} solver that
 * gives the same weights, bit for bit, as the Tribuo {@code LibLinearClassificationTrainer} this
 * class ran on before; deterministic, so the seed is not used). A constant feature is added so that
 * a caption with no known word still gets a score (the model's prior), and LIBLINEAR's bias
 * feature (penalised) after it, as Tribuo adds.
 *
 * <p>Feature columns are numbered in the order of their names ({@code __const__}, {@code g2=...},
 * {@code w=<token>}), as Tribuo's feature map numbers them; the solver's sums run over columns in
 * that order, so the order is part of the result.
 */
public final class LinearTrainer implements CaptionClassifierTrainer {
    private static final String BIAS = "__const__";

    private final LinearConfig config;

    public LinearTrainer(LinearConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "linear";
    }

    /** Deterministic: the seed is not used. */
    @Override
    public boolean usesSeed() {
        return false;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "L2-regularised logistic regression (LIBLINEAR 2.44 L2R_LR Newton solver, ported)");
        m.put("features", "binary " + (config.ngrams() == 1 ? "unigrams" : "1.." + config.ngrams() + "-grams"));
        m.put("ngrams", config.ngrams());
        m.put("c", config.c());
        m.put("max_iterations", config.maxIterations());
        m.put("tolerance", config.tolerance());
        return m;
    }

    @Override
    public CaptionClassifier train(List<List<String>> texts, int[] labels, long seed) throws LeakageException {
        if (texts.size() != labels.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.length + " labels");
        }
        List<TreeSet<String>> rows = new ArrayList<>(texts.size());
        TreeSet<String> names = new TreeSet<>();
        for (List<String> t : texts) {
            TreeSet<String> f = features(t, config.ngrams());
            rows.add(f);
            names.addAll(f);
        }
        if (!names.first().equals(BIAS)) {
            throw new IllegalStateException("feature " + names.first() + " sorts before " + BIAS);
        }
        Map<String, Integer> column = new HashMap<>(names.size() * 2);
        for (String n : names) {
            column.put(n, column.size());
        }
        // every row holds __const__, the first name in order (column 0), which the solver adds itself
        int[] rowStart = new int[rows.size() + 1];
        int nnz = 0;
        for (int i = 0; i < rows.size(); i++) {
            rowStart[i] = nnz;
            nnz += rows.get(i).size() - 1;
        }
        rowStart[rows.size()] = nnz;
        int[] cols = new int[nnz];
        int k = 0;
        for (TreeSet<String> row : rows) {
            for (String n : row) {
                int c = column.get(n);
                if (c != 0) {
                    cols[k++] = c;
                }
            }
        }
        return new Classifier(train(names.size(), rowStart, cols, labels), column, config.ngrams());
    }

    /**
     * Unigrams straight from the token ids, without building feature names: the dictionary is in
     * name order, so the columns numbered in token-id order are Tribuo's numbering of the names
     * {@code __const__} (column 0, it sorts before every {@code w=}) and {@code w=<token>}; a test
     * text's decision value sums its known columns in that order and the bias last, as before.
     */
    @Override
    public double[][] trainAndScore(TokenTexts texts, int[] labels, int[] train, int[] test, long seed)
            throws LeakageException {
        if (config.ngrams() != 1) {
            return CaptionClassifierTrainer.super.trainAndScore(texts, labels, train, test, seed);
        }
        TokenTexts.Sets sets = texts.distinctSets();
        int[] start = sets.start();
        int[] ids = sets.ids();
        // the training rows' token ids are read once (the rows come in the split's random order: each row's
        // ids are a cache miss), then numbered as columns in place; each loop a small method of its own, which
        // the JIT compiles once, instead of compiling this method again from each loop (on-stack replacement)
        int[] column = new int[texts.vocabularySize()];
        int[] rowStart = new int[train.length + 1];
        int[] cols = new int[rowStarts(train, start, rowStart)];
        int[] trainLabels = new int[train.length];
        rows(train, start, ids, labels, rowStart, cols, trainLabels, column);
        int features = numberColumns(column);
        renumber(cols, column);
        LogisticNewton.Model model = train(features, rowStart, cols, trainLabels);
        double[] w = model.w();
        double[][] out = new double[test.length][2];
        for (int i = 0; i < test.length; i++) {
            probabilities(model, decision(w, start, ids, column, test[i], model.bias()), out[i]);
        }
        return out;
    }

    /** Where each training row starts among the rows' ids, back to back; returns their total. */
    private static int rowStarts(int[] train, int[] start, int[] rowStart) {
        int k = 0;
        for (int i = 0; i < train.length; i++) {
            rowStart[i] = k;
            k += start[train[i] + 1] - start[train[i]];
        }
        rowStart[train.length] = k;
        return k;
    }

    /** Numbers the marked ids' columns from 1 in id order (-1 for the others); returns the column count. */
    private static int numberColumns(int[] column) {
        int features = 1;
        for (int id = 0; id < column.length; id++) {
            column[id] = column[id] != 0 ? features++ : -1;
        }
        return features;
    }

    /** The training rows' token ids and labels, row after row; marks (with 1) each id that occurs. */
    private static void rows(int[] train, int[] start, int[] ids, int[] labels, int[] rowStart, int[] cols,
            int[] trainLabels, int[] column) {
        for (int i = 0; i < train.length; i++) {
            int r = train[i];
            System.arraycopy(ids, start[r], cols, rowStart[i], start[r + 1] - start[r]);
            trainLabels[i] = labels[r];
        }
        for (int id : cols) {
            column[id] = 1;
        }
    }

    /** {@code cols[k] = column[cols[k]]}: token ids to column numbers. */
    private static void renumber(int[] cols, int[] column) {
        for (int k = 0; k < cols.length; k++) {
            cols[k] = column[cols[k]];
        }
    }

    /** A text's decision value: 0, the constant column's weight, its known columns in order, the bias. */
    private static double decision(double[] w, int[] start, int[] ids, int[] column, int r, int bias) {
        double dec = 0;
        dec += w[0];
        for (int t = start[r]; t < start[r + 1]; t++) {
            int c = column[ids[t]];
            if (c >= 0) {
                dec += w[c];
            }
        }
        dec += w[bias];
        return dec;
    }

    /**
     * Trains the solver: {@code features} columns, column 0 the constant feature that every row
     * holds (not listed in {@code cols}), each row's other columns ascending; the bias column is
     * added after them.
     */
    LogisticNewton.Model train(int features, int[] rowStart, int[] cols, int[] labels) throws LeakageException {
        for (int label : labels) {
            if (label != 0 && label != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, got " + label);
            }
        }
        try {
            return LogisticNewton.train(features, rowStart, cols, labels, config.c(), config.tolerance(),
                    config.maxIterations());
        } catch (IllegalArgumentException e) {
            throw new LeakageException("linear classifier training failed: " + e.getMessage(), e);
        }
    }

    /**
     * The probabilities of label 0 and label 1 for a decision value, as Tribuo's LIBLINEAR model
     * gave them (LIBLINEAR's {@code p} for its first class and {@code 1 - p} for the other) and
     * this trainer normalised them.
     */
    static void probabilities(LogisticNewton.Model model, double dec, double[] out) {
        double p = LogisticNewton.Model.probability(dec);
        double q = 1. - p;
        double p0 = model.firstLabel() == 0 ? p : q;
        double p1 = model.firstLabel() == 0 ? q : p;
        double z = p0 + p1;
        out[0] = p0 / z;
        out[1] = p1 / z;
    }

    static TreeSet<String> features(List<String> tokens, int ngrams) {
        TreeSet<String> f = new TreeSet<>();
        f.add(BIAS);
        for (int n = 1; n <= ngrams; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                f.add(n == 1 ? "w=" + tokens.get(i) : "g" + n + "=" + String.join(" ", tokens.subList(i, i + n)));
            }
        }
        return f;
    }

    private record Classifier(LogisticNewton.Model model, Map<String, Integer> column, int ngrams)
            implements CaptionClassifier {
        @Override
        public double[][] scores(List<List<String>> texts) {
            double[][] out = new double[texts.size()][2];
            double[] w = model.w();
            for (int i = 0; i < texts.size(); i++) {
                // the known features in column order (= name order), then the bias, as LIBLINEAR sums them
                double dec = 0;
                for (String n : features(texts.get(i), ngrams)) {
                    Integer c = column.get(n);
                    if (c != null) {
                        dec += w[c];
                    }
                }
                dec += w[model.bias()];
                probabilities(model, dec, out[i]);
            }
            return out;
        }
    }
}
