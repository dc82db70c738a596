package org.biaslab.captioner;

import java.util.List;
import java.util.Locale;

/**
 * Captions that read like a refusal ("I'm sorry, I can't help with that"). They are kept as
 * captions (the captioner did answer) and counted apart, so a report can say how often a captioner
 * declined instead of describing the image.
 */
public final class Refusals {
    /** The declared phrases, compared lower-cased with straight apostrophes. */
    public static final List<String> PHRASES = List.of("i'm sorry", "i am sorry", "i cannot", "i can't", "i can not",
            "as an ai", "i'm unable", "i am unable");

    private Refusals() {}

    /** Whether {@code caption} contains one of {@link #PHRASES}. */
    public static boolean looksLikeRefusal(String caption) {
        String c = caption.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        return PHRASES.stream().anyMatch(c::contains);
    }
}
