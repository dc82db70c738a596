package org.biaslab.debias;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biaslab.text.CaptionGender;
import org.biaslab.text.Tokenizer;
import org.biaslab.text.TreebankTokenizer;

/**
 * Flips the gender words of a caption (man -> woman, girls -> boys, she -> he, ...), keeping
 * everything else of the text as it is: spacing, punctuation, clitics ({@code man's -> woman's})
 * and capitalisation ({@code Man -> Woman}, {@code MEN -> WOMEN}). LIBRA synthesizes its
 * "context -> gender" biased captions by swapping the gender words of human captions; this is that
 * swap, deterministic and with every change recorded.
 *
 * <p>Words are maximal runs of letters, so {@code human}, {@code Manhattan} or {@code shepherd}
 * never match, and a word is swapped only as a whole. The pairs come from a bundled list
 * ({@code gender-swap-pairs.txt}); the possessive and object pronouns are ambiguous in one
 * direction and are resolved from the next word:
 * <ul>
 * <li>{@code her -> his} when a word follows that is not a function word ({@code her dog},
 * {@code her two kids}), else {@code her -> him} (a function word, punctuation or the end follows:
 * {@code hugging her.}, {@code giving her a gift}, {@code next to her and}).</li>
 * <li>{@code his -> her} before a non-function word ({@code his dog}), else {@code his -> hers}
 * ({@code the bike is his.}).</li>
 * <li>{@code him -> her}, {@code hers -> his}: no ambiguity.</li>
 * </ul>
 * The function words are {@link #PRONOUN_BOUNDARY}; the rule errs where a caption puts a noun
 * from that list right after the pronoun, which COCO captions seldom do.
 *
 * <p>A gender word of the lexicon without a counterpart (LIBRA's {@code pregnant}) is left as it is
 * and reported in {@link SwapResult#unswappable()}. Thread-safe once built.
 */
public final class GenderSwapper {
    /** Words after which {@code her} is an object and {@code his} an independent possessive. */
    public static final Set<String> PRONOUN_BOUNDARY = Set.of(
            "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "to", "in", "on", "at", "with", "without",
            "while", "as", "from", "by", "for", "of", "into", "onto", "upon", "near", "next", "up", "down", "out",
            "off", "over", "under", "above", "below", "through", "across", "around", "behind", "beside", "besides",
            "between", "toward", "towards", "after", "before", "during", "about", "against", "along", "among",
            "away", "again", "too", "also", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
            "that", "this", "these", "those", "there", "here", "who", "whom", "which", "what", "where", "when",
            "why", "how", "if", "than", "then", "because", "though", "although", "until", "via", "like");

    /** One replaced word. */
    public record Swap(int offset, String from, String to) {
        public Swap {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * The result of flipping one caption.
     *
     * @param original the caption as given
     * @param swapped the caption with its gender words flipped
     * @param swaps every replaced word, left to right
     * @param unswappable gender words of the lexicon that have no counterpart and were kept (lower case)
     * @param before the caption's gender by the lexicon
     * @param after the swapped caption's gender by the lexicon
     */
    public record SwapResult(String original, String swapped, List<Swap> swaps, List<String> unswappable,
            CaptionGender before, CaptionGender after) {
        public SwapResult {
            Objects.requireNonNull(original, "original");
            Objects.requireNonNull(swapped, "swapped");
            swaps = List.copyOf(swaps);
            unswappable = List.copyOf(unswappable);
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        public boolean changed() {
            return !swaps.isEmpty();
        }
    }

    private final Map<String, String> toFeminine;
    private final Map<String, String> toMasculine;
    private final CaptionGender.Lexicon lexicon;
    private final Tokenizer tokenizer;

    /**
     * @param toFeminine masculine word -> feminine counterpart (lower case)
     * @param toMasculine feminine word -> masculine counterpart (lower case)
     * @param lexicon decides a caption's gender and which words count as gender words
     * @param tokenizer splits captions for the lexicon (LIBRA: NLTK's word_tokenize)
     */
    public GenderSwapper(Map<String, String> toFeminine, Map<String, String> toMasculine,
            CaptionGender.Lexicon lexicon, Tokenizer tokenizer) {
        this.toFeminine = Map.copyOf(toFeminine);
        this.toMasculine = Map.copyOf(toMasculine);
        for (String w : this.toFeminine.keySet()) {
            if (this.toMasculine.containsKey(w)) {
                throw new IllegalArgumentException("word '" + w + "' is listed as both masculine and feminine");
            }
        }
        for (String p : List.of("his", "him", "her", "hers")) {
            if (this.toFeminine.containsKey(p) || this.toMasculine.containsKey(p)) {
                throw new IllegalArgumentException("pronoun '" + p + "' is resolved by the swapper, not by the pairs");
            }
        }
        this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /** The bundled pairs with LIBRA's extended lexicon and the Treebank tokenizer. */
    public static GenderSwapper libra() {
        Map<String, String> f = new HashMap<>();
        Map<String, String> m = new HashMap<>();
        readPairs(f, m);
        return new GenderSwapper(f, m, CaptionGender.Lexicon.libra(), new TreebankTokenizer());
    }

    public CaptionGender.Lexicon lexicon() {
        return lexicon;
    }

    /** The caption's tokens as this swapper's tokenizer splits them (case kept). */
    public List<String> tokens(String caption) {
        return tokenizer.tokenize(caption);
    }

    /** The gender the caption's words state, by this swapper's lexicon and tokenizer. */
    public CaptionGender genderOf(String caption) {
        return CaptionGender.of(tokenizer.tokenize(caption), lexicon);
    }

    /** Flips every gender word: masculine ones to feminine, feminine ones to masculine. */
    public SwapResult flip(String caption) {
        Objects.requireNonNull(caption, "caption");
        StringBuilder out = new StringBuilder(caption.length() + 8);
        List<Swap> swaps = new ArrayList<>();
        List<String> unswappable = new ArrayList<>();
        int n = caption.length();
        int i = 0;
        while (i < n) {
            int cp = caption.codePointAt(i);
            if (!Character.isLetter(cp)) {
                out.appendCodePoint(cp);
                i += Character.charCount(cp);
                continue;
            }
            int end = wordEnd(caption, i);
            String word = caption.substring(i, end);
            String lower = word.toLowerCase(Locale.ROOT);
            String target = counterpart(lower, caption, end);
            if (target != null) {
                String cased = withCaseOf(word, target);
                swaps.add(new Swap(i, word, cased));
                out.append(cased);
            } else {
                if (lexicon.isGendered(lower)) {
                    unswappable.add(lower);
                }
                out.append(word);
            }
            i = end;
        }
        String swapped = out.toString();
        return new SwapResult(caption, swapped, swaps, unswappable, genderOf(caption), genderOf(swapped));
    }

    private String counterpart(String lower, String text, int end) {
        switch (lower) {
            case "her":
                return boundaryFollows(text, end) ? "him" : "his";
            case "his":
                return boundaryFollows(text, end) ? "hers" : "her";
            case "him":
                return "her";
            case "hers":
                return "his";
            default:
                String f = toFeminine.get(lower);
                return f != null ? f : toMasculine.get(lower);
        }
    }

    /** Whether the end of the text, a non-word character or a function word follows position {@code end}. */
    static boolean boundaryFollows(String text, int end) {
        int j = end;
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        if (j >= text.length()) {
            return true;
        }
        int cp = text.codePointAt(j);
        if (Character.isDigit(cp)) {
            return false;
        }
        if (!Character.isLetter(cp)) {
            return true;
        }
        String next = text.substring(j, wordEnd(text, j)).toLowerCase(Locale.ROOT);
        return PRONOUN_BOUNDARY.contains(next);
    }

    private static int wordEnd(String text, int start) {
        int j = start;
        while (j < text.length()) {
            int cp = text.codePointAt(j);
            if (!Character.isLetter(cp)) {
                break;
            }
            j += Character.charCount(cp);
        }
        return j;
    }

    /** {@code target} written in the case pattern of {@code word}: all upper, capitalised, or lower. */
    static String withCaseOf(String word, String target) {
        boolean allUpper = word.codePoints().count() > 1 && word.equals(word.toUpperCase(Locale.ROOT));
        if (allUpper) {
            return target.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(word.codePointAt(0))) {
            return target.substring(0, 1).toUpperCase(Locale.ROOT) + target.substring(1);
        }
        return target;
    }

    private static void readPairs(Map<String, String> toFeminine, Map<String, String> toMasculine) {
        String res = "/org/biaslab/debias/gender-swap-pairs.txt";
        try (InputStream in = GenderSwapper.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + res);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] twoWay = t.split("\\s*=\\s*");
                String[] oneWay = t.split("\\s*->\\s*");
                if (twoWay.length == 2) {
                    put(toFeminine, twoWay[0], twoWay[1], res, no);
                    put(toMasculine, twoWay[1], twoWay[0], res, no);
                } else if (oneWay.length == 2) {
                    put(toFeminine, oneWay[0], oneWay[1], res, no);
                } else {
                    throw new IllegalStateException(res + " line " + no + ": expected 'a = b' or 'a -> b', got '" + t + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(Map<String, String> map, String from, String to, String res, int no) {
        if (map.put(from.toLowerCase(Locale.ROOT), to.toLowerCase(Locale.ROOT)) != null) {
            throw new IllegalStateException(res + " line " + no + ": '" + from + "' is listed twice");
        }
    }
}
