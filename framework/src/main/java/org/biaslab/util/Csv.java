package org.biaslab.util;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one CSV writer of biaslab's output files: RFC 4180 quoting, locale-free numbers, and no cell
 * that a spreadsheet would run as a formula.
 *
 * <p>Formula cells (OWASP "CSV injection"): a text field that starts with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return is written with a leading apostrophe and quoted,
 * so a spreadsheet shows it as text. Numbers, including negative ones ({@code -0.5}, {@code -3e-4}),
 * are left as they are, so they stay numeric.
 */
public final class Csv {
    private static final String FORMULA_START = "=+-@\t\r";
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private Csv() {
    }

    /** A number with six decimals; NaN (undefined) as an empty field, never 0. */
    public static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    /** Comma-joined fields, quoted when they hold a comma, quote or line break (RFC 4180); null is empty. */
    public static String row(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cell(fields[i]));
        }
        return sb.toString();
    }

    /** {@link #row(String...)} of a list. */
    public static String row(List<String> fields) {
        return row(fields.toArray(new String[0]));
    }

    /** One field as written: formula-neutralised and quoted when needed. */
    public static String cell(String field) {
        String f = field == null ? "" : field;
        boolean formula = !f.isEmpty() && FORMULA_START.indexOf(f.charAt(0)) >= 0 && !NUMBER.matcher(f).matches();
        if (formula) {
            f = "'" + f;
        }
        if (formula || f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
            return '"' + f.replace("\"", "\"\"") + '"';
        }
        return f;
    }
}
