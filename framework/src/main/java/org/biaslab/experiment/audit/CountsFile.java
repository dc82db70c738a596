package org.biaslab.experiment.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.biaslab.prompt.Occupation;
import org.biaslab.prompt.OccupationList;
import org.biaslab.util.CsvRows;
import org.biaslab.util.Hashing;

/**
 * A study's published outcome counts per occupation: a CSV with an occupation column, optionally a
 * source (model, dataset) column, and one count column per perceived outcome (e.g. Fair Diffusion's
 * {@code occupation,source,n_man,n_woman,n_except}). Every row is checked, all problems reported at
 * once as {@code file:line: column 'c': problem}: counts must be whole numbers, not negative, with a
 * total above zero; the occupation must be present and an entry of the occupation list (matched on
 * its source token, id or name, ignoring case); an (occupation, source) pair appears once.
 */
final class CountsFile {
    private CountsFile() {}

    /**
     * Which columns hold what.
     *
     * @param occupation the occupation column
     * @param source the source column ("" when the file has none)
     * @param outcomes outcome (woman, man, uncertain, no face) -> the column counted as it
     */
    record Columns(String occupation, String source, Map<String, String> outcomes) {
        Columns {
            outcomes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        }
    }

    /** One occupation's counts of the selected source, with the line it is on. */
    record Row(int line, Occupation occupation, Map<String, Long> counts) {
        long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The rows of the selected source, in file order.
     *
     * @param rows the selected source's rows
     * @param sha256 the file's SHA-256
     * @param sources the values of the source column, in file order (empty without one)
     * @param notInFile ids of the list's occupations with no row of the selected source
     */
    record Read(List<Row> rows, String sha256, List<String> sources, List<String> notInFile) {}

    /** Every problem of the file, each naming file, line and column. */
    static final class CountsException extends Exception {
        private final List<String> problems;

        CountsException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    /**
     * Reads {@code file}, keeping the rows whose source column is {@code source} (all rows when the
     * file has no source column).
     */
    static Read read(Path file, Columns columns, String source, OccupationList list) throws IOException,
            CountsException {
        byte[] bytes = Files.readAllBytes(file);
        List<CsvRows.Row> csv;
        try {
            csv = CsvRows.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new CountsException(List.of(file + ": " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (csv.isEmpty()) {
            throw new CountsException(List.of(file + ": the file is empty; expected a header line"));
        }
        List<String> header = csv.get(0).fields().stream().map(String::strip).toList();
        int headerLine = csv.get(0).line();
        int occ = column(header, columns.occupation(), "occupation", file, headerLine, problems);
        int src = columns.source().isEmpty() ? -1 : column(header, columns.source(), "source", file, headerLine,
                problems);
        Map<String, Integer> outcomeIndex = new LinkedHashMap<>();
        columns.outcomes().forEach((o, c) -> outcomeIndex.put(o, column(header, c, o, file, headerLine, problems)));
        if (!problems.isEmpty()) {
            throw new CountsException(problems);
        }
        Map<String, Occupation> byKey = new LinkedHashMap<>();
        for (Occupation o : list.occupations()) {
            for (String k : List.of(o.source(), o.id(), o.name())) {
                byKey.putIfAbsent(k.strip().toLowerCase(Locale.ROOT), o);
            }
        }
        Set<String> sources = new LinkedHashSet<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (CsvRows.Row r : csv.subList(1, csv.size())) {
            String where = file + ":" + r.line() + ": ";
            List<String> f = r.fields();
            if (f.size() != header.size()) {
                problems.add(where + "expected " + header.size() + " fields as in the header, found " + f.size());
                continue;
            }
            String s = src < 0 ? "" : f.get(src).strip();
            if (src >= 0) {
                if (s.isEmpty()) {
                    problems.add(where + "column '" + columns.source() + "': missing source");
                }
                sources.add(s);
            }
            String name = f.get(occ).strip();
            Optional<Occupation> o = Optional.empty();
            if (name.isEmpty()) {
                problems.add(where + "column '" + columns.occupation() + "': missing occupation");
            } else {
                o = Optional.ofNullable(byKey.get(name.toLowerCase(Locale.ROOT)));
                if (o.isEmpty()) {
                    problems.add(where + "column '" + columns.occupation() + "': '" + name + "' is not an occupation of "
                            + "list '" + list.id() + "' (matched on its source token, id and name, ignoring case)");
                }
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            boolean ok = true;
            for (Map.Entry<String, Integer> e : outcomeIndex.entrySet()) {
                String v = f.get(e.getValue()).strip();
                String col = header.get(e.getValue());
                long n;
                try {
                    n = Long.parseLong(v);
                } catch (NumberFormatException x) {
                    problems.add(where + "column '" + col + "': '" + v + "' is not a whole number of images");
                    ok = false;
                    continue;
                }
                if (n < 0) {
                    problems.add(where + "column '" + col + "': " + n + " is negative");
                    ok = false;
                    continue;
                }
                counts.merge(e.getKey(), n, Long::sum);
            }
            if (ok && counts.values().stream().mapToLong(Long::longValue).sum() == 0) {
                problems.add(where + "columns " + String.join(", ", columns.outcomes().values()) + ": the total is 0, "
                        + "so the row has no image to count");
                ok = false;
            }
            if (o.isPresent()) {
                String key = o.get().id() + "\u0000" + s;
                Integer first = seen.putIfAbsent(key, r.line());
                if (first != null) {
                    problems.add(where + "occupation '" + name + "'" + (src < 0 ? "" : " of source '" + s + "'")
                            + " again (first on line " + first + ")");
                    ok = false;
                }
            }
            if (ok && o.isPresent() && (src < 0 || s.equals(source))) {
                rows.add(new Row(r.line(), o.get(), counts));
            }
        }
        if (src >= 0 && !sources.contains(source)) {
            problems.add(file + ": column '" + columns.source() + "': no row has the source '" + source + "'; the file "
                    + "has " + String.join(", ", sources));
        }
        if (!problems.isEmpty()) {
            throw new CountsException(problems);
        }
        Set<String> present = new LinkedHashSet<>();
        rows.forEach(r -> present.add(r.occupation().id()));
        List<String> missing = list.ids().stream().filter(id -> !present.contains(id)).toList();
        return new Read(rows, Hashing.sha256(bytes), List.copyOf(sources), missing);
    }

    private static int column(List<String> header, String name, String what, Path file, int line,
            List<String> problems) {
        int i = header.indexOf(name);
        if (i < 0) {
            problems.add(file + ":" + line + ": no column '" + name + "' (the " + what + " column) in the header; "
                    + "columns: " + String.join(", ", header));
        }
        return i;
    }
}
