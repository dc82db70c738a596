package org.biaslab.captioner;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for "this caption reads like a refusal", shared by every captioner and by the caption
 * metrics.
 *
 * <p>A caption such as "I'm sorry, I can't help with that." is still a caption: it is kept and
 * counted (how often a model declines to describe a person is itself a measurement), but it is
 * flagged ({@code "refusal_like": true} in {@link GeneratedCaption#info()}) so that metrics can
 * report or exclude it. The rule is deliberately small and declared: the text contains one of
 * {@link #PHRASES} as whole words, ignoring case, with typographic apostrophes (U+2019, U+2018,
 * U+02BC) read as {@code '}. It says nothing about intent; a caption that merely quotes such a
 * phrase is flagged too.
 */
public final class Refusals {
    /** The declared phrases, lower case. */
    public static final List<String> PHRASES = List.of("i'm sorry", "i am sorry", "i cannot", "i can't",
            "i can not", "as an ai");

    private static final Pattern PATTERN = Pattern.compile("\\b(?:" + String.join("|",
            PHRASES.stream().map(Pattern::quote).toList()) + ")\\b");

    private Refusals() {}

    /** Whether {@code caption} contains one of {@link #PHRASES} (whole words, any case); false for null. */
    public static boolean looksLikeRefusal(String caption) {
        if (caption == null) {
            return false;
        }
        String t = caption.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02BC', '\'')
                .toLowerCase(Locale.ROOT);
        return PATTERN.matcher(t).find();
    }
}
