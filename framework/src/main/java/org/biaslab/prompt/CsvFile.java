package org.biaslab.prompt;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comma-separated files under {@code prompts/}: UTF-8 (a byte-order mark is ignored), LF or
 * CRLF line ends, lines starting with {@code #} are comments, blank lines are skipped, the first
 * other line is the header. Fields may be quoted ({@code "Total, 16 years and over"}) with
 * {@code ""} for a quote inside; a field cannot span lines. Every problem names file, line and field.
 */
final class CsvFile {
    private final Map<String, Integer> columns;
    private final List<Row> rows;

    private CsvFile(Map<String, Integer> columns, List<Row> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * Reads a file whose header must hold every {@code required} column and may hold
     * {@code optional} ones; any other column is an error (it is most likely a typo).
     */
    static CsvFile read(Path file, List<String> required, List<String> optional) throws IOException {
        List<String> lines;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = r.lines().toList();
        } catch (NoSuchFileException e) {
            throw new PromptFileException(file, 0, null, "file not found");
        } catch (java.io.UncheckedIOException e) {
            throw new PromptFileException(file, 0, null, "cannot be read as UTF-8 text: " + e.getCause().getMessage());
        }
        int headerLine = 0;
        Map<String, Integer> columns = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int no = i + 1;
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = split(file, no, line);
            if (headerLine == 0) {
                headerLine = no;
                for (int c = 0; c < cells.size(); c++) {
                    String name = cells.get(c).strip();
                    if (columns.put(name, c) != null) {
                        throw new PromptFileException(file, no, name, "column appears twice in the header");
                    }
                    if (!required.contains(name) && !optional.contains(name)) {
                        Set<String> known = new LinkedHashSet<>(required);
                        known.addAll(optional);
                        throw new PromptFileException(file, no, name, "unknown column; known columns: " + known);
                    }
                }
                for (String need : required) {
                    if (!columns.containsKey(need)) {
                        throw new PromptFileException(file, no, need, "missing from the header " + cells);
                    }
                }
                continue;
            }
            if (cells.size() != columns.size()) {
                throw new PromptFileException(file, no, null, "has " + cells.size() + " fields, the header (line "
                        + headerLine + ") has " + columns.size());
            }
            rows.add(new Row(file, columns, no, cells));
        }
        if (headerLine == 0) {
            throw new PromptFileException(file, 0, null, "has no header line (expected columns " + required + ")");
        }
        return new CsvFile(columns, List.copyOf(rows));
    }

    /** Splits one line into fields (RFC 4180 quoting, no line breaks inside fields). */
    static List<String> split(Path file, int no, String line) throws PromptFileException {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            cell.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                int start = i;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new PromptFileException(file, no, null, "quoted field starting at column " + (start + 1)
                                + " is not closed");
                    }
                    char ch = line.charAt(i);
                    if (ch == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        cell.append(ch);
                        i++;
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new PromptFileException(file, no, null, "text after the closing quote at column " + (i + 1)
                            + " (a quote inside a quoted field is written \"\")");
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    char ch = line.charAt(i);
                    if (ch == '"') {
                        throw new PromptFileException(file, no, null, "quote inside an unquoted field at column " + (i + 1)
                                + " (quote the whole field and write the quote as \"\")");
                    }
                    cell.append(ch);
                    i++;
                }
            }
            out.add(cell.toString());
            if (i >= n) {
                return out;
            }
            i++; // the comma
        }
    }

    boolean hasColumn(String name) {
        return columns.containsKey(name);
    }

    List<Row> rows() {
        return rows;
    }

    /** A data line: its 1-based line number and fields, read by column name. */
    static final class Row {
        private final Path file;
        private final Map<String, Integer> columns;
        private final int line;
        private final List<String> cells;

        private Row(Path file, Map<String, Integer> columns, int line, List<String> cells) {
            this.file = file;
            this.columns = columns;
            this.line = line;
            this.cells = List.copyOf(cells);
        }

        int line() {
            return line;
        }

        /** The field as written (empty when the optional column is absent). */
        String get(String column) {
            Integer c = columns.get(column);
            return c == null ? "" : cells.get(c);
        }

        /** The field, which must not be empty or start or end with white space. */
        String required(String column) throws PromptFileException {
            String v = get(column);
            if (v.isEmpty()) {
                throw error(column, "is empty");
            }
            if (!v.equals(v.strip())) {
                throw error(column, "'" + v + "' starts or ends with white space");
            }
            return v;
        }

        /** A stable id: lower-case letters and digits, words joined by single '_' or '-'. */
        String id(String column) throws PromptFileException {
            String v = required(column);
            if (!Ids.valid(v)) {
                throw error(column, "'" + v + "' is not a valid id (" + Ids.RULE + ")");
            }
            return v;
        }

        PromptFileException error(String column, String problem) {
            return new PromptFileException(file, line, column, problem);
        }
    }
}
