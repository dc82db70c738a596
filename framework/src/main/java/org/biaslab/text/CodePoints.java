package org.biaslab.text;

/** String order shared by every vocabulary: Python's {@code str} order, lexicographic by code point. */
public final class CodePoints {
    private CodePoints() {
    }

    /**
     * Compares by Unicode code point (independent of the JVM's UTF-16 surrogate order, which
     * {@link String#compareTo} follows), so ties broken with it match the released Python code.
     */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
