package org.biaslab.prompt;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How well an occupation of a prompt list matches the BLS row it is mapped to. */
public enum MatchKind {
    /** The row is this occupation (plural, or a title naming synonyms of it, e.g. Waiters and waitresses). */
    EXACT,
    /** A detailed row that also counts other occupations (e.g. chef -> Chefs and head cooks). */
    BROADER,
    /** The row counts only part of what the word covers: the closest single row (e.g. nurse -> Registered nurses). */
    NARROWER,
    /** A summary row with detailed rows beneath it (e.g. manager -> Management occupations). */
    AGGREGATE,
    /** No defensible row; the mapping gives the reason. */
    UNMAPPED;

    /** The word used in mapping files, e.g. {@code broader}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MatchKind> parse(String token) {
        return Arrays.stream(values()).filter(k -> k.token().equals(token)).findFirst();
    }
}
