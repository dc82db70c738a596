package org.biaslab.metric.captioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.biaslab.text.Tokenizer;

/**
 * The tokenization of the COCO caption evaluation (pycocoevalcap's {@code PTBTokenizer} wrapper),
 * with the same Stanford CoreNLP release (3.4.1) and the same options.
 *
 * <p>CoreNLP is GPL-2.0-or-later, so it is not on biaslab's runtime classpath: by default the
 * lexer runs as pycocoevalcap runs it, a child JVM with the CoreNLP jar ({@link
 * CoreNlpCommandLine}, the jar fetched from Maven Central into the model cache and checked by
 * SHA-256). The optional module {@code coco-tokenizer-corenlp} runs the same lexer inside the
 * caller's JVM ({@code new CocoTokenizer(new InProcessLexer())}); its tests check that both give the
 * same words and the same scores.
 *
 * <p>What the reference does, step by step, and how it is reproduced here:
 * <ol>
 * <li>Every {@code \n} inside a caption becomes a space; the captions of one call are joined with
 * {@code \n} into one text, in the order given.</li>
 * <li>CoreNLP's {@code PTBTokenizer -preserveLines -lowerCase} tokenizes that text: default PTB
 * options plus {@code tokenizeNLs}, each token's text lower-cased with {@link Locale#ENGLISH}, one
 * output line per input line. Here the same lexer runs over the same joined text and the lines
 * are cut at its newline tokens. Running over the joined text matters: the lexer looks past the
 * end of a line, so a caption ending in an abbreviation ({@code "... a t.v."}) gets a separate
 * {@code "."} token exactly when the next caption starts with a capital letter (23 of the 202,654
 * COCO val2014 human captions tokenize differently when tokenized one by one). To reproduce
 * pycocoevalcap to the token, pass the captions in the order it would: references image by image,
 * candidates image by image, in the evaluated images' order.</li>
 * <li>Each output line is stripped of trailing white space, split on single spaces, and the pieces
 * equal to one of {@link #PUNCTUATION} are dropped. The list holds {@code -LRB-} and friends in
 * upper case while the tokens were already lower-cased, so {@code -lrb-}, {@code -rrb-},
 * {@code -lsb-}, ... are <em>kept</em>, as in every published COCO score.</li>
 * <li>The scorers then split the line with Python's {@code str.split()}, which also splits at
 * no-break spaces: CoreNLP writes {@code "1 1/2"} as one token with U+00A0 inside, and the scores
 * see two words. {@link #tokenizeAll} returns these final words.</li>
 * </ol>
 *
 * <p>Two deliberate differences, both for input the reference cannot handle: the other characters
 * CoreNLP reads as line breaks ({@code \r}, U+000B, U+000C, U+2028, U+2029) would add output lines
 * and shift every later caption onto the wrong image in pycocoevalcap; here they become spaces.
 * Characters the lexer cannot tokenize (e.g. emoji surrogates) are deleted as the reference does,
 * without its log warning.
 *
 * <p>Stateless and thread-safe.
 */
public final class CocoTokenizer implements Tokenizer {
    /** pycocoevalcap's {@code PUNCTUATIONS}: tokens removed after PTB tokenization (exact match). */
    public static final List<String> PUNCTUATION = List.of(
            "''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-", ".", "?", "!", ",", ":", "-", "--", "...", ";");

    private static final Set<String> PUNCTUATION_SET = Set.copyOf(PUNCTUATION);

    /**
     * CoreNLP's {@code PTBTokenizer -preserveLines -lowerCase} over a text: its output lines, one per
     * input line, each the lower-cased tokens joined by single spaces.
     */
    public interface Lexer {
        List<String> lines(String text);
    }

    private final Lexer lexer;

    /** The reference command line in a child JVM (CoreNLP stays off this JVM's classpath). */
    public CocoTokenizer() {
        this(new CoreNlpCommandLine());
    }

    public CocoTokenizer(Lexer lexer) {
        this.lexer = Objects.requireNonNull(lexer, "lexer");
    }

    /** One caption alone, as a call with this caption only. */
    @Override
    public List<String> tokenize(String caption) {
        return tokenizeAll(List.of(caption)).get(0);
    }

    /**
     * Tokenizes captions as one pycocoevalcap call does: the result has one word list per caption,
     * in the same order.
     *
     * @throws NullPointerException naming the index of a null caption
     */
    public List<List<String>> tokenizeAll(List<String> captions) {
        if (captions.isEmpty()) {
            return List.of();
        }
        StringBuilder text = new StringBuilder(captions.size() * 64);
        for (int i = 0; i < captions.size(); i++) {
            String c = captions.get(i);
            if (c == null) {
                throw new NullPointerException("caption " + i + " of " + captions.size() + " is null");
            }
            if (i > 0) {
                text.append('\n');
            }
            appendOneLine(text, c);
        }
        List<String> lines = lexer.lines(text.toString());
        if (lines.size() != captions.size()) {
            throw new IllegalStateException("tokenizer produced " + lines.size() + " lines for " + captions.size()
                    + " captions");
        }
        List<List<String>> out = new ArrayList<>(captions.size());
        for (String line : lines) {
            out.add(finishLine(line));
        }
        return out;
    }

    /** Appends a caption with every character the lexer treats as a line break turned into a space. */
    private static void appendOneLine(StringBuilder text, String caption) {
        for (int i = 0; i < caption.length(); i++) {
            char ch = caption.charAt(i);
            boolean lineBreak = ch == '\n' || ch == '\r' || ch == '\u000B' || ch == '\u000C' || ch == '\u2028'
                    || ch == '\u2029';
            text.append(lineBreak ? ' ' : ch);
        }
    }

    /** pycocoevalcap's per-line step (rstrip, split on ' ', drop punctuation) and the scorers' split. */
    static List<String> finishLine(String line) {
        String joined = rstrip(line);
        List<String> kept = new ArrayList<>();
        for (String piece : joined.split(" ", -1)) {
            if (!PUNCTUATION_SET.contains(piece)) {
                kept.add(piece);
            }
        }
        return pythonSplit(String.join(" ", kept));
    }

    /**
     * Python 3's {@code str.split()} with no argument: splits at runs of white space as
     * {@code str.isspace()} defines it and drops empty pieces.
     */
    public static List<String> pythonSplit(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isPythonSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isPythonSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    private static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * Python 3's {@code str.isspace()} for one UTF-16 unit: bidirectional class WS, B or S, or
     * category Zs (no white space lies outside the BMP).
     */
    static boolean isPythonSpace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', '\u001C', '\u001D', '\u001E', '\u001F', ' ', '\u0085', '\u00A0',
                    '\u1680', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }
}
