package org.biaslab.metric.representation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;

/**
 * Cross-tabulation of two categorical observations of the same items (perceived gender x estimated
 * skin tone ITA category): each cell's count and its share of all items with a Wilson interval.
 * Cells with fewer than {@code minCell} items are flagged: a share over a handful of images says
 * little, and intersectional cells thin out fast.
 */
public final class Intersections {
    private Intersections() {}

    /**
     * One cell.
     *
     * @param row row category
     * @param column column category
     * @param count items in the cell
     * @param share share of all items, Wilson interval (undefined when there is no item at all)
     * @param small whether {@code count < minCell}
     */
    public record Cell(String row, String column, long count, Estimate share, boolean small) {
        public Cell {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(share, "share");
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0, was " + count);
            }
        }
    }

    /**
     * The table.
     *
     * @param n items counted
     * @param minCell the small-cell threshold
     * @param cells row-major cells
     * @param smallCells cells below the threshold
     */
    public record Table(long n, int minCell, List<Cell> cells, int smallCells) {
        public Table {
            cells = List.copyOf(cells);
        }
    }

    /**
     * Tabulates pairs; a pair whose row or column is not among the categories is an error.
     *
     * @param rowOf row category per item
     * @param columnOf column category per item (same length)
     */
    public static Table of(List<String> rowOf, List<String> columnOf, List<String> rows, List<String> columns,
            int minCell, double confidence) {
        if (rowOf.size() != columnOf.size()) {
            throw new IllegalArgumentException("row and column lists differ in length: " + rowOf.size() + " vs "
                    + columnOf.size());
        }
        if (minCell < 1) {
            throw new IllegalArgumentException("minCell must be >= 1, was " + minCell);
        }
        long[][] c = new long[rows.size()][columns.size()];
        for (int i = 0; i < rowOf.size(); i++) {
            int r = rows.indexOf(rowOf.get(i));
            int k = columns.indexOf(columnOf.get(i));
            if (r < 0 || k < 0) {
                throw new IllegalArgumentException("item " + i + " (" + rowOf.get(i) + ", " + columnOf.get(i)
                        + ") is not in the table's categories " + rows + " x " + columns);
            }
            c[r][k]++;
        }
        List<Cell> cells = new ArrayList<>();
        int small = 0;
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < columns.size(); k++) {
                boolean s = c[r][k] < minCell;
                small += s ? 1 : 0;
                cells.add(new Cell(rows.get(r), columns.get(k), c[r][k],
                        Intervals.wilson(c[r][k], rowOf.size(), confidence), s));
            }
        }
        return new Table(rowOf.size(), minCell, cells, small);
    }
}
