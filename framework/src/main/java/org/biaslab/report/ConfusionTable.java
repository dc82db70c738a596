package org.biaslab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.validity.ConfusionMatrix;

/**
 * HTML tables of a {@link ConfusionMatrix}: the counts (true label by row; predicted labels, then
 * each abstention kind apart, then the row total) and the metrics with their intervals (per label
 * recall, precision and abstention rate; overall accuracy over decided items, balanced accuracy,
 * Cohen's kappa and abstention rate). All text, labels included, is escaped by {@link HtmlBlocks}.
 */
public final class ConfusionTable {
    private ConfusionTable() {}

    /**
     * Appends the counts table and the metrics table to {@code blocks}.
     *
     * @param blocks page or section to append to
     * @param matrix the confusion matrix
     * @param caption caption of the counts table (the metrics table gets it with " - metrics")
     * @param confidence interval confidence, e.g. 0.95
     * @return {@code blocks}
     */
    public static <T extends HtmlBlocks<T>> T addTo(T blocks, ConfusionMatrix matrix, String caption,
            double confidence) {
        List<String> labels = matrix.labels();
        List<String> kinds = matrix.abstentionKinds();
        List<String> header = new ArrayList<>();
        header.add("true \\ output");
        for (String l : labels) {
            header.add(l);
        }
        for (String a : kinds) {
            header.add("abstained: " + a);
        }
        header.add("total");
        List<List<TableCell>> rows = new ArrayList<>();
        for (String t : labels) {
            List<TableCell> row = new ArrayList<>();
            row.add(TableCell.of(t));
            for (String o : labels) {
                TableCell c = TableCell.num(Long.toString(matrix.count(t, o)));
                row.add(o.equals(t) ? c.withClass("num good") : c);
            }
            for (String a : kinds) {
                row.add(TableCell.num(Long.toString(matrix.count(t, a))).withClass("num muted"));
            }
            row.add(TableCell.num(Long.toString(matrix.rowTotal(t))));
            rows.add(row);
        }
        List<TableCell> total = new ArrayList<>();
        total.add(TableCell.of("total"));
        for (String o : labels) {
            total.add(TableCell.num(Long.toString(matrix.predictedTotal(o))));
        }
        for (String a : kinds) {
            total.add(TableCell.num(Long.toString(matrix.abstainedTotal(a))).withClass("num muted"));
        }
        total.add(TableCell.num(Long.toString(matrix.n())));
        rows.add(total);
        blocks.cellTable(caption, header, rows);

        ConfusionMatrix.Summary s = matrix.summary(confidence);
        List<List<TableCell>> metrics = new ArrayList<>();
        for (ConfusionMatrix.ClassSummary c : s.perClass()) {
            metrics.add(List.of(TableCell.of(c.label()), TableCell.num(Long.toString(c.items())),
                    TableCell.num(Long.toString(c.decided())), est(c.recall()), est(c.precision()),
                    est(c.abstentionRate())));
        }
        blocks.cellTable(caption == null ? null : caption + " - metrics",
                List.of("true label", "items", "decided", "recall", "precision", "abstention rate"), metrics);
        List<List<TableCell>> overall = new ArrayList<>();
        overall.add(List.of(TableCell.of("accuracy (abstentions excluded)"), est(s.accuracy())));
        overall.add(List.of(TableCell.of("balanced accuracy"), est(s.balancedAccuracy())));
        overall.add(List.of(TableCell.of("Cohen's kappa"), est(s.kappa())));
        overall.add(List.of(TableCell.of("abstention rate"), est(s.abstentionRate())));
        for (var e : s.abstentionRateByKind().entrySet()) {
            overall.add(List.of(TableCell.of("abstention rate: " + e.getKey()), est(e.getValue())));
        }
        blocks.cellTable(caption == null ? null : caption + " - overall", List.of("metric", "estimate [interval]"),
                overall);
        return blocks;
    }

    /** "0.850 [0.767, 0.907]" with n and method as tooltip; "undefined" (muted) with the reason. */
    static TableCell est(Estimate e) {
        if (!e.defined()) {
            return new TableCell("undefined", "muted", e.method() + " (n = " + e.n() + ")");
        }
        return TableCell.num(String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.lower(), e.upper()),
                "n = " + e.n() + ", " + e.method());
    }
}
