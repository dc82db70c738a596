package org.biaslab.util;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 CSV reader: comma separated, fields optionally in double quotes, {@code ""} for a
 * quote inside quotes, line breaks inside quoted fields, CRLF or LF line ends. Each record keeps the
 * line it starts on, so problems can name it.
 */
public final class CsvRows {
    /** One record and the 1-based line it starts on. */
    public record Row(int line, List<String> fields) {}

    private CsvRows() {}

    /**
     * Splits {@code text} into records; blank lines are skipped.
     *
     * @throws IllegalArgumentException for a quote left open, or text after a closing quote
     *     (message names the line)
     */
    public static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int start = 1;
        boolean quoted = false;
        boolean afterQuote = false;
        boolean any = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0 || afterQuote) {
                    fields.add(field.toString());
                    rows.add(new Row(start, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                afterQuote = false;
                any = false;
                line++;
                start = line;
            } else if (c == '"') {
                if (field.length() > 0 || afterQuote) {
                    throw new IllegalArgumentException("line " + line + ": a quote may only open a field");
                }
                quoted = true;
                any = true;
            } else {
                if (afterQuote) {
                    throw new IllegalArgumentException("line " + line + ": text after a closing quote");
                }
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + start + ": quoted field is never closed");
        }
        if (any || field.length() > 0 || afterQuote) {
            fields.add(field.toString());
            rows.add(new Row(start, List.copyOf(fields)));
        }
        return rows;
    }
}
