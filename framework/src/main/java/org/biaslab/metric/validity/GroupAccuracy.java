package org.biaslab.metric.validity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.biaslab.metric.Estimate;

/**
 * A classifier's accuracy in every labelled group and every intersection of groups, e.g. for
 * items labelled with a perceived gender and a race group: each gender, each race group, and each
 * gender x race cell. Each cell carries its own confusion matrix, so accuracy, abstention rate,
 * recall and precision can be read per cell with their sample sizes and Wilson intervals.
 *
 * <p>An item without a value for an attribute is left out of every cell involving that attribute
 * (and counted in the cells of the other attributes). Cells with no item are not listed.
 */
public final class GroupAccuracy {
    /**
     * Cells whose accuracy rests on fewer than this many decided items are flagged
     * {@link Cell#smallCell()}. A convention of this project, not a statistical test: below 30 items a
     * 95% Wilson interval around 0.8 is wider than +-0.14, too wide to rank groups against each other;
     * report such cells, but do not compare them.
     */
    public static final int SMALL_CELL_N = 30;

    private GroupAccuracy() {}

    /**
     * One classified item.
     *
     * @param truth its true label
     * @param output the classifier's predicted label or abstention kind
     * @param groups its labelled groups, attribute name to value (e.g. {@code race -> "Black"})
     */
    public record Item(String truth, String output, Map<String, String> groups) {
        public Item {
            Objects.requireNonNull(groups, "groups");
            groups = Map.copyOf(groups);
        }
    }

    /**
     * One group or intersection.
     *
     * @param group attribute to value, in the order of the attributes given (one entry for a single
     *     group, several for an intersection)
     * @param matrix the confusion matrix of the cell's items
     * @param accuracy accuracy over the cell's decided items, Wilson interval; n = decided items
     * @param abstentionRate abstentions / all items of the cell, Wilson interval
     * @param smallCell whether the accuracy rests on fewer than {@link #SMALL_CELL_N} decided items
     */
    public record Cell(Map<String, String> group, ConfusionMatrix matrix, Estimate accuracy, Estimate abstentionRate,
            boolean smallCell) {
        public Cell {
            group = Collections.unmodifiableMap(new LinkedHashMap<>(group));
        }

        /** The attributes of the cell, e.g. "gender x race". */
        public String attributes() {
            return String.join(" x ", group.keySet());
        }

        /** The group values, e.g. "woman x Black". */
        public String name() {
            return String.join(" x ", group.values());
        }

        /** All items of the cell. */
        public long n() {
            return matrix.n();
        }
    }

    /**
     * Accuracy per group and intersection, with 95% Wilson intervals.
     *
     * @see #compute(List, List, List, List, double)
     */
    public static List<Cell> compute(List<Item> items, List<String> labels, List<String> abstentionKinds,
            List<String> attributes) {
        return compute(items, labels, abstentionKinds, attributes, ConfusionMatrix.DEFAULT_CONFIDENCE);
    }

    /**
     * Accuracy for every non-empty combination of the attributes: first each attribute alone, then
     * each pair, and so on up to all of them together, combinations in the order of
     * {@code attributes}; within a combination, cells sorted by their values.
     *
     * @param items classified items
     * @param labels labels of the confusion matrices
     * @param abstentionKinds abstention kinds of the confusion matrices
     * @param attributes group attributes to break down by (at most 8)
     * @param confidence interval confidence, e.g. 0.95
     */
    public static List<Cell> compute(List<Item> items, List<String> labels, List<String> abstentionKinds,
            List<String> attributes, double confidence) {
        Objects.requireNonNull(items, "items");
        ConfusionMatrix.checkConfidence(confidence);
        List<String> attrs = List.copyOf(attributes);
        if (attrs.isEmpty() || attrs.size() > 8) {
            throw new IllegalArgumentException("attributes must name 1 to 8 group attributes, got " + attrs);
        }
        if (attrs.stream().distinct().count() != attrs.size()) {
            throw new IllegalArgumentException("attributes contain a duplicate: " + attrs);
        }
        // check every item once, so that an error names the item's position in the input
        ConfusionMatrix.Builder check = ConfusionMatrix.builder(labels, abstentionKinds);
        for (int i = 0; i < items.size(); i++) {
            Item it = Objects.requireNonNull(items.get(i), () -> "items contains null");
            check.add(i, it.truth(), it.output());
        }
        List<Cell> out = new ArrayList<>();
        for (int size = 1; size <= attrs.size(); size++) {
            for (List<String> combo : combinations(attrs, size)) {
                // the cell's values, in the order of combo -> its items
                TreeMap<List<String>, ConfusionMatrix.Builder> cells = new TreeMap<>(GroupAccuracy::compareLists);
                for (Item it : items) {
                    List<String> key = new ArrayList<>(combo.size());
                    for (String a : combo) {
                        String v = it.groups().get(a);
                        if (v == null) {
                            key = null;
                            break;
                        }
                        key.add(v);
                    }
                    if (key == null) {
                        continue;
                    }
                    ConfusionMatrix.Builder b = cells.computeIfAbsent(key,
                            k -> ConfusionMatrix.builder(labels, abstentionKinds));
                    b.add(it.truth(), it.output());
                }
                for (Map.Entry<List<String>, ConfusionMatrix.Builder> e : cells.entrySet()) {
                    Map<String, String> group = new LinkedHashMap<>();
                    for (int j = 0; j < combo.size(); j++) {
                        group.put(combo.get(j), e.getKey().get(j));
                    }
                    ConfusionMatrix m = e.getValue().build();
                    Estimate acc = m.accuracy(confidence);
                    out.add(new Cell(group, m, acc, m.abstentionRate(confidence), m.decided() < SMALL_CELL_N));
                }
            }
        }
        return out;
    }

    private static int compareLists(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** The combinations of {@code size} elements, in lexicographic order of positions. */
    static List<List<String>> combinations(List<String> xs, int size) {
        List<List<String>> out = new ArrayList<>();
        combine(xs, size, 0, new ArrayList<>(), out);
        return out;
    }

    private static void combine(List<String> xs, int size, int from, List<String> prefix, List<List<String>> out) {
        if (prefix.size() == size) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = from; i < xs.size(); i++) {
            prefix.add(xs.get(i));
            combine(xs, size, i + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }
}
