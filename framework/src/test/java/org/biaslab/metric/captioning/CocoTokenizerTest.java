package org.biaslab.metric.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected tokens are what pycocoevalcap's pipeline (CoreNLP 3.4.1 {@code PTBTokenizer
 * -preserveLines -lowerCase}, punctuation removal, Python {@code str.split()}) yields for these
 * captions; {@link CocoTokenizerReferenceTest} checks the same against the command line itself.
 */
class CocoTokenizerTest {
    private final CocoTokenizer tok = new CocoTokenizer();

    private static List<String> words(String s) {
        return Arrays.asList(s.split(" "));
    }

    @Test
    void splitsClitics_keepsLowerCasedBracketTokens_dropsListedPunctuation() {
        // PTB: man's -> man 's, can't -> ca n't, ( -> -LRB- lower-cased to -lrb-, which the upper-case
        // punctuation list does not remove; "," "``" "''" "--" "!" are removed
        assertEquals(words("a man 's dog and the cat -lrb- big -rrb- ca n't stop"),
                tok.tokenize("A man's dog, and \"the\" cat (big) -- can't stop!"));
        assertEquals(words("-lcb- x -rcb- -lsb- y -rsb-"), tok.tokenize("{x} [y]"));
    }

    @Test
    void keepsAbbreviationsTimesAndMoneyAsPtbDoes() {
        assertEquals(words("u.s. flag at 5:30 p.m. costs $ 3.50 & e-mail"),
                tok.tokenize("U.S. flag at 5:30 p.m. costs $3.50 & e-mail"));
        assertEquals(words("i 'm gon na run fast ok"), tok.tokenize("I'm gonna run--fast; ok?"));
    }

    @Test
    void fractionWithNoBreakSpaceBecomesTwoWordsAsInPythonSplit() {
        // CoreNLP joins "1 1/2" into one token with U+00A0; Python's str.split() splits it again
        assertEquals(words("1 1/2 loaded hot dogs"), tok.tokenize("1 1/2 loaded hot dogs"));
    }

    @Test
    void unicodeQuotesAndDashesAreNormalisedAndRemoved_accentsKept_emojiDeleted() {
        assertEquals(words("café naïve quoted single über emoji"),
                tok.tokenize("Café naïve \u2014 \u201cquoted\u201d \u2018single\u2019 über \uD83D\uDE00 emoji"));
    }

    @Test
    void aCaptionEndingInAnAbbreviationDependsOnTheNextCaption_asInTheReferenceBatch() {
        // the lexer splits the final period off "K." when the next line starts with a capital letter
        List<List<String>> capital = tok.tokenizeAll(List.of("A sign that reads K.", "An intersection"));
        List<List<String>> lower = tok.tokenizeAll(List.of("A sign that reads K.", "an intersection"));
        assertEquals(words("a sign that reads k"), capital.get(0));
        assertEquals(words("a sign that reads k."), lower.get(0));
        assertEquals(words("a sign that reads k."), tok.tokenize("A sign that reads K."));
        assertEquals(words("an intersection"), capital.get(1));
    }

    @Test
    void emptyAndBlankCaptionsGiveNoWordsAndKeepTheAlignment() {
        List<List<String>> out = tok.tokenizeAll(List.of("A dog.", "", "   ", "...", "A cat."));
        assertEquals(List.of(words("a dog"), List.of(), List.of(), List.of(), words("a cat")), out);
        assertEquals(List.of(), tok.tokenizeAll(List.of()));
    }

    @Test
    void otherLineBreaksBecomeSpacesInsteadOfShiftingLaterCaptions() {
        String[] breaks = {"\n", "\r", "\r\n", "\u000B", "\u000C", "\u2028", "\u2029"};
        for (String br : breaks) {
            List<List<String>> out = tok.tokenizeAll(List.of("a man" + br + "on a horse", "a woman"));
            assertEquals(List.of(words("a man on a horse"), words("a woman")), out,
                    "line break U+" + Integer.toHexString(br.charAt(0)));
        }
    }

    @Test
    void veryLongCaptionIsTokenizedWhole() {
        String caption = "a dog ".repeat(5000);
        List<String> out = tok.tokenize(caption);
        assertEquals(10000, out.size());
        assertEquals("dog", out.get(9999));
    }

    @Test
    void nullCaptionIsNamedByIndex() {
        List<String> caps = new ArrayList<>(List.of("a", "b"));
        caps.add(null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> tok.tokenizeAll(caps));
        assertTrue(e.getMessage().contains("caption 2 of 3"), e.getMessage());
    }

    @Test
    void pythonSplitUsesPythonsWhiteSpace() {
        assertEquals(List.of("a", "b", "c", "d", "e"), CocoTokenizer.pythonSplit(" a\u00A0b\u3000c\u0085d\u2009e  "));
        // U+200B (zero width space) is not white space for Python
        assertEquals(List.of("a\u200Bb"), CocoTokenizer.pythonSplit("a\u200Bb"));
        assertEquals(List.of(), CocoTokenizer.pythonSplit("  \t "));
    }
}
