package org.biaslab.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Word tokenizer that follows the rules of NLTK's {@code word_tokenize} (the improved Penn Treebank
 * rules of {@code NLTKWordTokenizer}), which the LIC and LIBRA reference code apply to captions:
 * punctuation split off ({@code man's -> man 's}, {@code don't -> do n't}, a final period split,
 * commas and colons split unless inside a number), quotes normalised to {@code ``} and {@code ''}.
 *
 * <p>{@code word_tokenize} first splits sentences with the Punkt model; captions rarely hold more
 * than one sentence, and here a sentence ends at {@code . ! ?} followed by white space unless the
 * word before is a single letter or a common abbreviation (mr, mrs, dr, st, ...). This is the one
 * approximation of the reference behaviour.
 */
public final class TreebankTokenizer implements Tokenizer {
    private static final int U = Pattern.UNICODE_CHARACTER_CLASS;
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "inc", "co", "ltd", "no", "mt", "ft", "prof", "u.s");

    /**
     * A substitution with the characters that must be present for it to match at all: most
     * captions hold only letters, spaces, commas and a final period, so most rules are skipped by
     * a fast {@code indexOf} instead of a regex scan.
     */
    private record Rule(Pattern pattern, String replacement, String triggers) {
        String apply(String text) {
            if (!triggers.isEmpty() && !containsAny(text, triggers)) {
                return text;
            }
            return pattern.matcher(text).replaceAll(replacement);
        }
    }

    /** White space as Python's {@code str.split()} sees it (Unicode spaces included). */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean containsAny(String text, String chars) {
        for (int i = 0; i < chars.length(); i++) {
            if (text.indexOf(chars.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static Rule rule(String regex, String replacement, String triggers) {
        return new Rule(Pattern.compile(regex, U), replacement, triggers);
    }

    private static final List<Rule> STARTING_QUOTES = List.of(
            rule("([«“‘„]|`+)", " $1 ", "«“‘„`"),
            rule("^\"", "``", "\""),
            rule("(``)", " $1 ", "`"),
            rule("([ (\\[{<])(\"|'{2})", "$1 `` ", "\"'"),
            rule("(?i)(?<!\\w)(')(?!(?:re|ve|ll|m|t|s|d|n)\\b)(?=\\w)", "$1 ", "'"));

    /**
     * NLTK's punctuation rules after the final-period and comma/colon rules, which are hand-coded
     * in {@link #finalPeriod} and {@link #commasAndColons} for speed. NLTK's second final-period
     * rule only re-pads what the first one already split, so it changes no token and is left out.
     */
    private static final List<Rule> PUNCTUATION = List.of(
            rule("\\.{2,}", " $0 ", "."),
            rule("[;@#$%&]", " $0 ", ";@#$%&"),
            rule("[\\u2012-\\u2015]", " $0 ", "\u2012\u2013\u2014\u2015"),
            rule("[?!]", " $0 ", "?!"),
            rule("([^'])' ", "$1 ' ", "'"),
            rule("[*]", " $0 ", "*"));

    /** NLTK's first final-period rule, {@code ([^.])(\.)([\])}>"'»”’ ]*)\s*$ -> "$1 $2 $3 "}. */
    private static final Rule FINAL_PERIOD = rule("([^.])(\\.)([\\])}>\"'»”’ ]*)\\s*$", "$1 $2 $3 ", ".");
    private static final String CLOSERS = "])}>\"'»”’ ";

    static String finalPeriod(String text) {
        int dot = text.lastIndexOf('.');
        if (dot <= 0) {
            return text;
        }
        int closersEnd = dot + 1;
        while (closersEnd < text.length() && CLOSERS.indexOf(text.charAt(closersEnd)) >= 0) {
            closersEnd++;
        }
        if (closersEnd < text.length()) {
            // a word follows: not a final period; odd white space (tab, newline): let the regex decide
            return isSpace(text.charAt(closersEnd)) ? FINAL_PERIOD.apply(text) : text;
        }
        if (text.charAt(dot - 1) == '.') {
            return text;
        }
        return text.substring(0, dot) + " . " + text.substring(dot + 1, closersEnd) + " ";
    }

    /** NLTK's {@code ([:,])([^\d]) -> " $1 $2"} then {@code ([:,])$ -> " $1 "}. */
    static String commasAndColons(String text) {
        if (!containsAny(text, ":,")) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 8);
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if ((c == ',' || c == ':') && i + 1 < n && !Character.isDigit(text.codePointAt(i + 1))) {
                sb.append(' ').append(c).append(' ').append(text.charAt(i + 1));
                i += 2;
            } else {
                sb.append(c);
                i++;
            }
        }
        int last = sb.length() - 1;
        if (last >= 0 && (sb.charAt(last) == ',' || sb.charAt(last) == ':')) {
            sb.insert(last, ' ').append(' ');
        }
        return sb.toString();
    }

    private static final Rule PARENS = rule("[\\]\\[(){}<>]", " $0 ", "[](){}<>");
    private static final Rule DOUBLE_DASH = rule("--", " -- ", "-");

    private static final List<Rule> ENDING_QUOTES = List.of(
            rule("([»”’])", " $1 ", "»”’"),
            rule("''", " '' ", "'"),
            rule("\"", " '' ", "\""),
            rule("\\s+", " ", "'"),
            rule("([^' ])('[sS]|'[mM]|'[dD]|') ", "$1 $2 ", "'"),
            rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", "$1 $2 ", "'"));

    /** Contractions split by word (MacIntyre's list), each with a lower-case word that must occur. */
    private record Contraction(Pattern pattern, String word) {}

    private static Contraction contraction(String regex, String word) {
        return new Contraction(Pattern.compile(regex, U), word);
    }

    private static final List<Contraction> CONTRACTIONS = List.of(
            contraction("(?i)\\b(can)(not)\\b", "cannot"),
            contraction("(?i)\\b(d)('ye)\\b", "d'ye"),
            contraction("(?i)\\b(gim)(me)\\b", "gimme"),
            contraction("(?i)\\b(gon)(na)\\b", "gonna"),
            contraction("(?i)\\b(got)(ta)\\b", "gotta"),
            contraction("(?i)\\b(lem)(me)\\b", "lemme"),
            contraction("(?i)\\b(more)('n)\\b", "more'n"),
            contraction("(?i)\\b(wan)(na)(?=\\s)", "wanna"),
            contraction("(?i) ('t)(is)\\b", "'tis"),
            contraction("(?i) ('t)(was)\\b", "'twas"));


    @Override
    public List<String> tokenize(String text) {
        List<String> plain = plainWords(text);
        return plain != null ? plain : rules(text);
    }

    /** Every rule applied to the text (what {@link #tokenize} gives for any text). */
    static List<String> rules(String text) {
        List<String> out = new ArrayList<>();
        for (String sentence : sentences(text)) {
            tokenizeSentence(sentence, out);
        }
        return out;
    }

    /**
     * The tokens of a plain text, or null when the text is not plain. Plain: only ASCII letters,
     * digits and spaces (U+0020), except for one period at the very end, and none of the
     * contraction rules' words. No rule changes such a text: every quote, punctuation, parenthesis
     * and dash rule needs a character outside that set, there is no sentence boundary (a period
     * ends a sentence only when white space follows), the final-period rule splits the last period
     * off as its own token, and each contraction rule needs its word. So the tokens are the words
     * between spaces, then {@code .} for a final period: what {@link #rules} gives, without the
     * scans and regular expressions (most captions are plain).
     */
    static List<String> plainWords(String text) {
        int n = text.length();
        int end = n > 0 && text.charAt(n - 1) == '.' ? n - 1 : n;
        // without branches on what the characters are, so the JIT's code does not depend on which
        // kinds of text came first (lower-cased human captions, then model captions with capitals)
        int other = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            other |= NOT_PLAIN[c & 0x7F] | (c >>> 7);
        }
        if (other != 0) {
            return null;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT); // the same string when it has no capitals
        boolean contraction = false;
        for (Contraction c : CONTRACTIONS) {
            contraction |= lower.contains(c.word());
        }
        if (contraction) {
            return null;
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < end) {
            while (i < end && text.charAt(i) == ' ') {
                i++;
            }
            int j = i;
            while (j < end && text.charAt(j) != ' ') {
                j++;
            }
            if (j > i) {
                out.add(text.substring(i, j));
            }
            i = j;
        }
        if (end < n) {
            out.add(".");
        }
        return out;
    }

    /** 1 for the ASCII characters a plain text may not hold: all but letters, digits and the space. */
    private static final int[] NOT_PLAIN = new int[128];

    static {
        for (int c = 0; c < 128; c++) {
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ';
            NOT_PLAIN[c] = plain ? 0 : 1;
        }
    }

    /** Splits a text into sentences (see the class comment for the rule). */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n - 1; i++) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && isSpace(text.charAt(i + 1)) && !abbreviation(text, start, i)) {
                out.add(text.substring(start, i + 1));
                int j = i + 1;
                while (j < n && isSpace(text.charAt(j))) {
                    j++;
                }
                start = j;
                i = j - 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }

    /** Whether the word ending at {@code end} (a period) is a single letter or a known abbreviation. */
    private static boolean abbreviation(String text, int start, int end) {
        if (text.charAt(end) != '.') {
            return false;
        }
        int b = end;
        while (b > start && !isSpace(text.charAt(b - 1))) {
            b--;
        }
        String word = text.substring(b, end).toLowerCase(java.util.Locale.ROOT);
        return word.length() == 1 || ABBREVIATIONS.contains(word);
    }

    private static void tokenizeSentence(String text, List<String> out) {
        for (Rule r : STARTING_QUOTES) {
            text = r.apply(text);
        }
        text = finalPeriod(text);
        text = commasAndColons(text);
        for (Rule r : PUNCTUATION) {
            text = r.apply(text);
        }
        text = PARENS.apply(text);
        text = DOUBLE_DASH.apply(text);
        text = " " + text + " ";
        for (Rule r : ENDING_QUOTES) {
            text = r.apply(text);
        }
        String lower = null;
        for (Contraction c : CONTRACTIONS) {
            if (lower == null) {
                lower = text.toLowerCase(java.util.Locale.ROOT);
            }
            if (lower.contains(c.word())) {
                text = c.pattern().matcher(text).replaceAll(" $1 $2 ");
                lower = null;
            }
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < n && !isSpace(text.charAt(j))) {
                j++;
            }
            if (j > i) {
                out.add(text.substring(i, j));
            }
            i = j;
        }
    }
}
