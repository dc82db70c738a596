package org.biaslab.prompt;

import java.util.regex.Pattern;

/** The id rule shared by lists, occupations and templates, so that prompt ids can be joined with '.'. */
final class Ids {
    static final String RULE = "lower-case letters and digits, words joined by single '_' or '-'";
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:[_-][a-z0-9]+)*");

    private Ids() {}

    static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Throws {@link IllegalArgumentException} naming the field when {@code id} breaks the rule. */
    static String require(String field, String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException(field + " '" + id + "' is not a valid id (" + RULE + ")");
        }
        return id;
    }
}
