package org.biaslab.util;

import java.util.Locale;

/** Writing CSV rows the way every biaslab output file does (RFC 4180 quoting, locale-free numbers). */
public final class Csv {
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
            if (i > 0) sb.append(',');
            String f = fields[i] == null ? "" : fields[i];
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        return sb.toString();
    }
}
