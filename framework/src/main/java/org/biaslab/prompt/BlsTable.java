package org.biaslab.prompt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * US Bureau of Labor Statistics, Current Population Survey, Table 11 for one year (annual averages):
 * employed persons by detailed occupation with % women, % White, % Black, % Asian and % Hispanic or
 * Latino. Rows keep the table's order and titles; titles are unique.
 *
 * <p>File format ({@code prompts/bls/cpsaat11-<year>.csv}): header {@code occupation,
 * total_employed_thousands, pct_women, pct_white, pct_black, pct_asian, pct_hispanic_latino} and an
 * optional {@code tree_level}. A percentage BLS does not publish is an empty field (a dash {@code -},
 * en dash or em dash is read the same way); it is missing, not 0.
 */
public final class BlsTable {
    /** Title of the all-occupations row. */
    public static final String TOTAL_TITLE = "Total, 16 years and over";
    private static final Set<String> DASHES = Set.of("", "-", "\u2013", "\u2014");

    private final int year;
    private final List<BlsRow> rows;
    private final Map<String, BlsRow> byTitle;

    public BlsTable(int year, List<BlsRow> rows) {
        if (year < 1900 || year > 2200) {
            throw new IllegalArgumentException("year " + year + " is not a plausible table year");
        }
        this.year = year;
        this.rows = List.copyOf(rows);
        Map<String, BlsRow> index = new LinkedHashMap<>();
        for (BlsRow r : this.rows) {
            if (index.put(r.title(), r) != null) {
                throw new IllegalArgumentException("BLS " + year + ": title '" + r.title() + "' appears twice");
            }
        }
        if (!index.containsKey(TOTAL_TITLE)) {
            throw new IllegalArgumentException("BLS " + year + ": no row titled '" + TOTAL_TITLE + "'");
        }
        this.byTitle = index;
    }

    public int year() {
        return year;
    }

    public List<BlsRow> rows() {
        return rows;
    }

    /** The row with exactly this title (case and punctuation included). */
    public Optional<BlsRow> row(String title) {
        return Optional.ofNullable(byTitle.get(title));
    }

    /** The all-occupations row ({@value #TOTAL_TITLE}). */
    public BlsRow total() {
        return byTitle.get(TOTAL_TITLE);
    }

    /** Reads a table file for {@code year}. */
    public static BlsTable read(Path file, int year) throws IOException {
        List<String> measures = new ArrayList<>();
        for (BlsMeasure m : BlsMeasure.values()) {
            measures.add(m.column());
        }
        List<String> required = new ArrayList<>(List.of("occupation", "total_employed_thousands"));
        required.addAll(measures);
        CsvFile csv = CsvFile.read(file, required, List.of("tree_level"));
        List<BlsRow> rows = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        for (CsvFile.Row row : csv.rows()) {
            String title = row.required("occupation");
            Integer seen = lines.putIfAbsent(title, row.line());
            if (seen != null) {
                throw row.error("occupation", "'" + title + "' already on line " + seen);
            }
            long employed = integer(row, "total_employed_thousands");
            EnumMap<BlsMeasure, Double> pct = new EnumMap<>(BlsMeasure.class);
            for (BlsMeasure m : BlsMeasure.values()) {
                String v = row.get(m.column()).strip();
                if (DASHES.contains(v)) {
                    continue;
                }
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw row.error(m.column(), "'" + v + "' is not a number (leave the field empty where BLS shows a dash)");
                }
                if (!(d >= 0 && d <= 100)) {
                    throw row.error(m.column(), v + " is not a percentage in [0, 100]");
                }
                pct.put(m, d);
            }
            OptionalInt level = OptionalInt.empty();
            if (csv.hasColumn("tree_level") && !row.get("tree_level").isBlank()) {
                long l = integer(row, "tree_level");
                level = OptionalInt.of((int) l);
            }
            rows.add(new BlsRow(title, employed, pct, level));
        }
        if (!lines.containsKey(TOTAL_TITLE)) {
            throw new PromptFileException(file, 0, "occupation", "no row titled '" + TOTAL_TITLE + "'");
        }
        return new BlsTable(year, rows);
    }

    private static long integer(CsvFile.Row row, String column) throws PromptFileException {
        String v = row.required(column);
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw row.error(column, v + " is negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw row.error(column, "'" + v + "' is not a whole number");
        }
    }
}
