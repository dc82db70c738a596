package org.biaslab.prompt;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The indefinite article ("a" or "an") before a phrase, decided from the spelling of its first word.
 * The rule follows the sound, so it needs exceptions to the plain "vowel letter" rule:
 *
 * <ul>
 *   <li>Words that start with a vowel letter but a consonant sound take "a": prefixes
 *       {@link #CONSONANT_SOUND_PREFIXES} ("a university", "a user", "a urologist", "a European",
 *       "a one-man band"); {@code uni} is not such a prefix before {@code n} or {@code m}
 *       ("an uninsured driver", "an unimportant job").
 *   <li>Words with a silent h take "an": prefixes {@link #SILENT_H_PREFIXES} ("an hour", "an honest
 *       broker", "an heir").
 *   <li>Words of two or more capitals, or one letter alone or before a hyphen, are read letter by
 *       letter: "an" before the letters A, E, F, H, I, L, M, N, O, R, S, X ("an IT specialist", "an
 *       MRI technician", "an X-ray technician", "a CEO", "a TV presenter", "a U-turn"), except the
 *       acronyms read as words in {@link #ACRONYMS_READ_AS_WORDS} ("a NASA engineer", "a SWAT officer").
 * </ul>
 *
 * A phrase that does not start with a letter (a number, a symbol) is refused rather than guessed.
 * Checked against every article in the HEIM and DALL-Eval occupation prompts (96 phrases).
 */
public final class Articles {
    /** Spelling prefixes (lower case) of vowel-letter words pronounced with a leading "y" or "w" sound. */
    public static final List<String> CONSONANT_SOUND_PREFIXES = List.of(
            "uni", "use", "usu", "uti", "ura", "ure", "uri", "uro", "ubi", "uku", "eu", "ewe", "once", "one-");
    /** Spelling prefixes (lower case) of words whose h is silent. */
    public static final List<String> SILENT_H_PREFIXES = List.of("hour", "honest", "honor", "honour", "heir");
    /** All-capital words read as words, not letter by letter. */
    public static final Set<String> ACRONYMS_READ_AS_WORDS = Set.of(
            "NASA", "NATO", "NASCAR", "SWAT", "UNESCO", "UNICEF", "FIFA", "OPEC", "LASIK");
    private static final String LETTER_NAMES_WITH_VOWEL_SOUND = "AEFHILMNORSX";

    private Articles() {}

    /** "a" or "an" for {@code phrase}, e.g. {@code indefinite("accountant")} is "an". */
    public static String indefinite(String phrase) {
        String p = phrase == null ? "" : phrase.strip();
        if (p.isEmpty() || !Character.isLetter(p.charAt(0))) {
            throw new IllegalArgumentException("cannot choose 'a' or 'an' before '" + phrase
                    + "': it does not start with a letter; write the article into the template instead");
        }
        int end = p.indexOf(' ');
        String word = end < 0 ? p : p.substring(0, end);
        if (readLetterByLetter(word)) {
            char first = Character.toUpperCase(word.charAt(0));
            return LETTER_NAMES_WITH_VOWEL_SOUND.indexOf(first) >= 0 ? "an" : "a";
        }
        String w = word.toLowerCase(Locale.ROOT);
        for (String prefix : SILENT_H_PREFIXES) {
            if (w.startsWith(prefix)) {
                return "an";
            }
        }
        if ("aeiou".indexOf(w.charAt(0)) < 0) {
            return "a";
        }
        if (w.equals("one")) {
            return "a";
        }
        for (String prefix : CONSONANT_SOUND_PREFIXES) {
            if (w.startsWith(prefix)) {
                boolean unNegation = prefix.equals("uni") && w.length() > 3 && (w.charAt(3) == 'n' || w.charAt(3) == 'm');
                if (!unNegation) {
                    return "a";
                }
            }
        }
        return "an";
    }

    /** The same, capitalised ("A" or "An") for the start of a sentence. */
    public static String indefiniteCapitalised(String phrase) {
        return indefinite(phrase).equals("an") ? "An" : "A";
    }

    private static boolean readLetterByLetter(String word) {
        if (ACRONYMS_READ_AS_WORDS.contains(word)) {
            return false;
        }
        if (word.length() == 1) {
            return true;
        }
        if (word.charAt(1) == '-') {
            return true;
        }
        return Character.isUpperCase(word.charAt(0)) && Character.isUpperCase(word.charAt(1));
    }
}
