package org.biaslab.metric.validity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;

/**
 * Counts of true label x classifier output over string labels, with abstentions kept apart from
 * predictions. Rows are the true labels ({@link #labels()}); the prediction columns are the same
 * labels, and the abstention columns are the kinds of "no prediction" ({@link #abstentionKinds()},
 * e.g. {@code "uncertain"} when the classifier's top probability lies within its abstention band,
 * {@code "no face"} when no face was detected). An abstention is never counted as an error: every
 * prediction metric is computed over the decided items (those with a predicted label), and the
 * abstention rate is reported next to it with its own interval.
 *
 * <p>Immutable; build it with {@link #builder(List, List)} item by item, or {@link #of} from counts.
 * All proportions are {@link Estimate}s with a Wilson (1927) score interval whose n is the
 * denominator; a proportion with denominator 0 is undefined, never 0.
 */
public final class ConfusionMatrix {
    /** Default confidence of every interval. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    private final List<String> labels;
    private final List<String> abstentionKinds;
    private final long[][] counts;
    private final long[][] abstained;
    private final Map<String, Integer> labelIndex;
    private final Map<String, Integer> abstentionIndex;

    private ConfusionMatrix(List<String> labels, List<String> abstentionKinds, long[][] counts, long[][] abstained) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(abstentionKinds, "abstentionKinds");
        this.labels = List.copyOf(labels);
        this.abstentionKinds = List.copyOf(abstentionKinds);
        if (this.labels.isEmpty()) {
            throw new IllegalArgumentException("labels must not be empty");
        }
        this.labelIndex = index(this.labels, "labels", Map.of());
        this.abstentionIndex = index(this.abstentionKinds, "abstentionKinds", labelIndex);
        int k = this.labels.size();
        int a = this.abstentionKinds.size();
        this.counts = copy(counts, k, k, "counts");
        this.abstained = copy(abstained, k, a, "abstained");
    }

    private static Map<String, Integer> index(List<String> names, String field, Map<String, Integer> taken) {
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String s = names.get(i);
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(field + "[" + i + "] must be a non-blank string, got '" + s + "'");
            }
            if (idx.putIfAbsent(s, i) != null) {
                throw new IllegalArgumentException(field + " contains '" + s + "' twice");
            }
            if (taken.containsKey(s)) {
                throw new IllegalArgumentException(field + "[" + i + "] '" + s
                        + "' is also a label: an abstention kind must differ from every label");
            }
        }
        return Map.copyOf(idx);
    }

    private static long[][] copy(long[][] m, int rows, int cols, String field) {
        Objects.requireNonNull(m, field);
        if (m.length != rows) {
            throw new IllegalArgumentException(field + " must have " + rows + " rows (one per label), got " + m.length);
        }
        long[][] out = new long[rows][];
        for (int i = 0; i < rows; i++) {
            if (m[i] == null || m[i].length != cols) {
                throw new IllegalArgumentException(field + "[" + i + "] must have " + cols + " columns, got "
                        + (m[i] == null ? "null" : m[i].length));
            }
            for (int j = 0; j < cols; j++) {
                if (m[i][j] < 0) {
                    throw new IllegalArgumentException(field + "[" + i + "][" + j + "] must be >= 0, got " + m[i][j]);
                }
            }
            out[i] = m[i].clone();
        }
        return out;
    }

    /**
     * A matrix from counts.
     *
     * @param labels true and predicted labels, in row/column order
     * @param abstentionKinds kinds of no prediction, in column order (may be empty)
     * @param counts {@code counts[t][p]}: items of true label t predicted as label p
     * @param abstained {@code abstained[t][a]}: items of true label t with abstention kind a
     */
    public static ConfusionMatrix of(List<String> labels, List<String> abstentionKinds, long[][] counts,
            long[][] abstained) {
        return new ConfusionMatrix(labels, abstentionKinds, counts, abstained);
    }

    /** A builder that tallies items one by one. */
    public static Builder builder(List<String> labels, List<String> abstentionKinds) {
        return new Builder(labels, abstentionKinds);
    }

    /** Tallies items: {@code truth.get(i)} is item i's true label, {@code outputs.get(i)} its label or abstention. */
    public static ConfusionMatrix tally(List<String> labels, List<String> abstentionKinds, List<String> truth,
            List<String> outputs) {
        if (truth.size() != outputs.size()) {
            throw new IllegalArgumentException("need one output per true label: " + truth.size() + " true labels, "
                    + outputs.size() + " outputs");
        }
        Builder b = builder(labels, abstentionKinds);
        for (int i = 0; i < truth.size(); i++) {
            b.add(i, truth.get(i), outputs.get(i));
        }
        return b.build();
    }

    /** Collects counts; rejects labels that are not in the declared lists, naming the item. */
    public static final class Builder {
        private final ConfusionMatrix shape;
        private final long[][] counts;
        private final long[][] abstained;
        private long items;

        private Builder(List<String> labels, List<String> abstentionKinds) {
            List<String> l = labels == null ? null : List.copyOf(labels);
            List<String> a = abstentionKinds == null ? null : List.copyOf(abstentionKinds);
            int k = l == null ? 0 : l.size();
            int m = a == null ? 0 : a.size();
            this.shape = new ConfusionMatrix(l, a, new long[k][k], new long[k][m]);
            this.counts = new long[k][k];
            this.abstained = new long[k][m];
        }

        /** Adds one item. */
        public Builder add(String truth, String output) {
            return add(items, truth, output, 1);
        }

        /** Adds {@code count} items with the same true label and output. */
        public Builder add(String truth, String output, long count) {
            return add(items, truth, output, count);
        }

        /** Adds one item, naming it by {@code item} in an error message. */
        Builder add(long item, String truth, String output) {
            return add(item, truth, output, 1);
        }

        private Builder add(long item, String truth, String output, long count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0, got " + count);
            }
            Integer t = truth == null ? null : shape.labelIndex.get(truth);
            if (t == null) {
                throw new IllegalArgumentException("item " + item + ": true label '" + truth + "' is not one of "
                        + shape.labels);
            }
            Integer p = output == null ? null : shape.labelIndex.get(output);
            if (p != null) {
                counts[t][p] += count;
            } else {
                Integer a = output == null ? null : shape.abstentionIndex.get(output);
                if (a == null) {
                    throw new IllegalArgumentException("item " + item + ": output '" + output + "' is neither a label "
                            + shape.labels + " nor an abstention kind " + shape.abstentionKinds);
                }
                abstained[t][a] += count;
            }
            items++;
            return this;
        }

        public ConfusionMatrix build() {
            return new ConfusionMatrix(shape.labels, shape.abstentionKinds, counts, abstained);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Counts

    public List<String> labels() {
        return labels;
    }

    public List<String> abstentionKinds() {
        return abstentionKinds;
    }

    /** A copy of the prediction counts, {@code [true][predicted]} in label order. */
    public long[][] counts() {
        return copy(counts, labels.size(), labels.size(), "counts");
    }

    /** A copy of the abstention counts, {@code [true][abstention kind]}. */
    public long[][] abstained() {
        return copy(abstained, labels.size(), abstentionKinds.size(), "abstained");
    }

    /** Index of a label; throws naming the label when unknown. */
    public int labelIndex(String label) {
        Integer i = label == null ? null : labelIndex.get(label);
        if (i == null) {
            throw new IllegalArgumentException("unknown label '" + label + "', labels are " + labels);
        }
        return i;
    }

    private int abstentionIndex(String kind) {
        Integer i = kind == null ? null : abstentionIndex.get(kind);
        if (i == null) {
            throw new IllegalArgumentException("unknown abstention kind '" + kind + "', kinds are " + abstentionKinds);
        }
        return i;
    }

    /** Items of true label {@code truth} whose output was {@code output} (a label or an abstention kind). */
    public long count(String truth, String output) {
        int t = labelIndex(truth);
        Integer p = output == null ? null : labelIndex.get(output);
        return p != null ? counts[t][p] : abstained[t][abstentionIndex(output)];
    }

    /** All items. */
    public long n() {
        return decided() + abstainedTotal();
    }

    /** Items with a predicted label. */
    public long decided() {
        long s = 0;
        for (long[] row : counts) {
            for (long v : row) {
                s += v;
            }
        }
        return s;
    }

    /** Items predicted as their true label. */
    public long correct() {
        long s = 0;
        for (int i = 0; i < counts.length; i++) {
            s += counts[i][i];
        }
        return s;
    }

    /** Items with any abstention. */
    public long abstainedTotal() {
        long s = 0;
        for (long[] row : abstained) {
            for (long v : row) {
                s += v;
            }
        }
        return s;
    }

    /** Items with the given abstention kind. */
    public long abstainedTotal(String kind) {
        int a = abstentionIndex(kind);
        long s = 0;
        for (long[] row : abstained) {
            s += row[a];
        }
        return s;
    }

    /** Items of a true label (decided and abstained). */
    public long rowTotal(String truth) {
        int t = labelIndex(truth);
        return rowDecided(t) + rowAbstained(t);
    }

    /** Items of a true label that got a predicted label. */
    public long rowDecided(String truth) {
        return rowDecided(labelIndex(truth));
    }

    /** Items predicted as a label (column total over decided items). */
    public long predictedTotal(String label) {
        int p = labelIndex(label);
        long s = 0;
        for (long[] row : counts) {
            s += row[p];
        }
        return s;
    }

    private long rowDecided(int t) {
        long s = 0;
        for (long v : counts[t]) {
            s += v;
        }
        return s;
    }

    private long rowAbstained(int t) {
        long s = 0;
        for (long v : abstained[t]) {
            s += v;
        }
        return s;
    }

    /** The sum of this matrix and another of the same labels and abstention kinds. */
    public ConfusionMatrix plus(ConfusionMatrix other) {
        if (!labels.equals(other.labels) || !abstentionKinds.equals(other.abstentionKinds)) {
            throw new IllegalArgumentException("cannot add matrices over different labels: " + labels + " "
                    + abstentionKinds + " vs " + other.labels + " " + other.abstentionKinds);
        }
        long[][] c = counts();
        long[][] a = abstained();
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c[i].length; j++) {
                c[i][j] = Math.addExact(c[i][j], other.counts[i][j]);
            }
            for (int j = 0; j < a[i].length; j++) {
                a[i][j] = Math.addExact(a[i][j], other.abstained[i][j]);
            }
        }
        return new ConfusionMatrix(labels, abstentionKinds, c, a);
    }

    // ------------------------------------------------------------------------------------------
    // Proportions

    /** Accuracy over decided items (abstentions excluded): correct / decided, Wilson interval. */
    public Estimate accuracy(double confidence) {
        return Intervals.wilson(correct(), decided(), checkConfidence(confidence));
    }

    /** Share of all items that got an abstention of any kind, Wilson interval. */
    public Estimate abstentionRate(double confidence) {
        return Intervals.wilson(abstainedTotal(), n(), checkConfidence(confidence));
    }

    /** Share of all items that got the given abstention kind, Wilson interval. */
    public Estimate abstentionRate(String kind, double confidence) {
        return Intervals.wilson(abstainedTotal(kind), n(), checkConfidence(confidence));
    }

    /** Share of the items of a true label that got an abstention of any kind, Wilson interval. */
    public Estimate abstentionRateOf(String truth, double confidence) {
        int t = labelIndex(truth);
        return Intervals.wilson(rowAbstained(t), rowDecided(t) + rowAbstained(t), checkConfidence(confidence));
    }

    /** Recall (sensitivity) of a label over its decided items: counts[t][t] / decided of row t, Wilson interval. */
    public Estimate recall(String label, double confidence) {
        int t = labelIndex(label);
        return Intervals.wilson(counts[t][t], rowDecided(t), checkConfidence(confidence));
    }

    /** Precision of a label: counts[p][p] / items predicted as p, Wilson interval. */
    public Estimate precision(String label, double confidence) {
        int p = labelIndex(label);
        return Intervals.wilson(counts[p][p], predictedTotal(label), checkConfidence(confidence));
    }

    /**
     * Balanced accuracy: the unweighted mean of the recalls of the labels that occur as true labels
     * (Brodersen et al. 2010, "The balanced accuracy and its posterior distribution", ICPR; labels
     * without any true item are left out, as in scikit-learn's {@code balanced_accuracy_score}). The
     * recalls are over decided items. Undefined when no label occurs, or when some occurring label has
     * every item abstained (its recall is undefined, and leaving it out would hide that).
     *
     * <p>Interval: the recalls are independent binomial proportions, so the interval of their mean is
     * the MOVER combination of their Wilson intervals (Zou and Donner 2008, "Construction of
     * confidence limits about effect measures: a general approach", Stat Med 27:1693, eq. for a sum
     * of independent parameters): with weights 1/K, {@code L = m - sqrt(sum (r_i - l_i)^2) / K} and
     * {@code U = m + sqrt(sum (u_i - r_i)^2) / K}. n is the number of decided items.
     */
    public Estimate balancedAccuracy(double confidence) {
        checkConfidence(confidence);
        double sum = 0;
        double lo = 0;
        double hi = 0;
        int occurring = 0;
        for (int t = 0; t < labels.size(); t++) {
            if (rowDecided(t) + rowAbstained(t) == 0) {
                continue;
            }
            Estimate r = recall(labels.get(t), confidence);
            if (!r.defined()) {
                return Estimate.undefined("every item of true label '" + labels.get(t) + "' was abstained on");
            }
            occurring++;
            sum += r.value();
            lo += (r.value() - r.lower()) * (r.value() - r.lower());
            hi += (r.upper() - r.value()) * (r.upper() - r.value());
        }
        if (occurring == 0) {
            return Estimate.undefined("no items");
        }
        double m = sum / occurring;
        return new Estimate(m, Math.max(0, m - Math.sqrt(lo) / occurring), Math.min(1, m + Math.sqrt(hi) / occurring),
                Double.NaN, (int) Math.min(Integer.MAX_VALUE, decided()),
                String.format(java.util.Locale.ROOT, "mean recall over %d of %d labels; MOVER-Wilson %.0f%%",
                        occurring, labels.size(), confidence * 100));
    }

    /**
     * Cohen's kappa over the decided items (Cohen 1960): {@code (p_o - p_e) / (1 - p_e)} with p_o the
     * observed agreement and p_e the agreement expected from the row and column margins. Interval: a
     * Wald interval with the large-sample standard error of Fleiss, Cohen and Everitt (1969, "Large
     * sample standard errors of kappa and weighted kappa", Psychol Bull 72:323), not the one under
     * the null hypothesis; clipped to [-1, 1]. Undefined without decided items or when p_e = 1 (all
     * items in one row and one column).
     */
    public Estimate cohensKappa(double confidence) {
        checkConfidence(confidence);
        long n = decided();
        if (n == 0) {
            return Estimate.undefined("no decided items");
        }
        int k = labels.size();
        double[] row = new double[k];
        double[] col = new double[k];
        double po = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double p = (double) counts[i][j] / n;
                row[i] += p;
                col[j] += p;
            }
            po += (double) counts[i][i] / n;
        }
        double pe = 0;
        for (int i = 0; i < k; i++) {
            pe += row[i] * col[i];
        }
        if (pe >= 1 - 1e-15) {
            return Estimate.undefined("expected agreement is 1 (one row and one column hold every item)");
        }
        double kappa = (po - pe) / (1 - pe);
        // Fleiss, Cohen and Everitt (1969), variance of kappa-hat not under the null
        double a = 0;
        double b = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double p = (double) counts[i][j] / n;
                if (i == j) {
                    double t = 1 - (row[i] + col[i]) * (1 - kappa);
                    a += p * t * t;
                } else {
                    double t = col[i] + row[j];
                    b += p * t * t;
                }
            }
        }
        b *= (1 - kappa) * (1 - kappa);
        double c = kappa - pe * (1 - kappa);
        double var = Math.max(0, (a + b - c * c) / (n * (1 - pe) * (1 - pe)));
        double z = z(confidence);
        double se = Math.sqrt(var);
        return new Estimate(kappa, Math.max(-1, kappa - z * se), Math.min(1, kappa + z * se), Double.NaN,
                (int) Math.min(Integer.MAX_VALUE, n),
                String.format(java.util.Locale.ROOT, "Wald %.0f%%, Fleiss-Cohen-Everitt SE %.6g", confidence * 100, se));
    }

    /**
     * Every metric of this matrix with intervals of the given confidence.
     *
     * @param confidence e.g. 0.95
     */
    public Summary summary(double confidence) {
        List<ClassSummary> perClass = new ArrayList<>();
        for (String l : labels) {
            perClass.add(new ClassSummary(l, rowTotal(l), rowDecided(l), predictedTotal(l), recall(l, confidence),
                    precision(l, confidence), abstentionRateOf(l, confidence)));
        }
        Map<String, Estimate> byKind = new LinkedHashMap<>();
        for (String a : abstentionKinds) {
            byKind.put(a, abstentionRate(a, confidence));
        }
        return new Summary(n(), decided(), correct(), accuracy(confidence), balancedAccuracy(confidence),
                cohensKappa(confidence), abstentionRate(confidence), byKind, perClass);
    }

    /**
     * The metrics of one label.
     *
     * @param label the label
     * @param items items of this true label (decided and abstained)
     * @param decided items of this true label with a predicted label
     * @param predicted items predicted as this label
     * @param recall correct / decided of this true label
     * @param precision correct / predicted as this label
     * @param abstentionRate abstained / items of this true label
     */
    public record ClassSummary(String label, long items, long decided, long predicted, Estimate recall,
            Estimate precision, Estimate abstentionRate) {}

    /**
     * The metrics of a matrix.
     *
     * @param n all items
     * @param decided items with a predicted label
     * @param correct decided items predicted as their true label
     * @param accuracy correct / decided
     * @param balancedAccuracy mean recall (see {@link #balancedAccuracy})
     * @param kappa Cohen's kappa over the decided items
     * @param abstentionRate abstained / n
     * @param abstentionRateByKind per abstention kind, abstained of that kind / n
     * @param perClass per label
     */
    public record Summary(long n, long decided, long correct, Estimate accuracy, Estimate balancedAccuracy,
            Estimate kappa, Estimate abstentionRate, Map<String, Estimate> abstentionRateByKind,
            List<ClassSummary> perClass) {
        public Summary {
            abstentionRateByKind = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(abstentionRateByKind));
            perClass = List.copyOf(perClass);
        }
    }

    static double checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        return confidence;
    }

    static double z(double confidence) {
        return new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1)
                .inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && labels.equals(m.labels) && abstentionKinds.equals(m.abstentionKinds)
                && Arrays.deepEquals(counts, m.counts) && Arrays.deepEquals(abstained, m.abstained);
    }

    @Override
    public int hashCode() {
        return Objects.hash(labels, abstentionKinds, Arrays.deepHashCode(counts), Arrays.deepHashCode(abstained));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ConfusionMatrix[labels=").append(labels).append(", abstentionKinds=")
                .append(abstentionKinds);
        for (int i = 0; i < labels.size(); i++) {
            sb.append(", ").append(labels.get(i)).append('=').append(Arrays.toString(counts[i]))
                    .append(Arrays.toString(abstained[i]));
        }
        return sb.append(']').toString();
    }
}
