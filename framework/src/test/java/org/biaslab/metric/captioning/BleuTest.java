package org.biaslab.metric.captioning;

import static org.biaslab.metric.captioning.Fixtures.img;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BleuTest {
    private final Bleu bleu = new Bleu();

    @Test
    void identicalCaptionSetScoresOneUpToTheSmoothingConstants() {
        BleuResult r = bleu.score(List.of(
                img(1, "a man riding a wave on a surfboard", "a man riding a wave on a surfboard"),
                img(2, "two dogs play in the snow", "two dogs play in the snow", "a dog")));
        for (int n = 1; n <= 4; n++) {
            assertEquals(1.0, r.corpus(n), 1e-9, "BLEU-" + n);
            assertEquals(1.0, r.perImage(n)[0], 1e-9);
        }
    }

    @Test
    void handComputedCaseWithBrevityPenalty() {
        // candidate "a cat on the mat" (5 words); references of 6 and 7 words.
        // every candidate n-gram occurs in reference 2 ("there is a cat on the mat"):
        //   matches = guesses = 5, 4, 3, 2  -> all precisions 1
        // closest reference length to 5 is 6 -> BP = exp(1 - 6/5) = exp(-0.2)
        BleuResult r = bleu.score(List.of(img(1, "a cat on the mat", "the cat is on the mat", "there is a cat on the mat")));
        BleuResult.ImageCounts c = r.images().get(0);
        assertEquals(List.of(5, 4, 3, 2), c.guesses());
        assertEquals(List.of(5, 4, 3, 2), c.matches());
        assertEquals(6, c.referenceLength());
        for (int n = 1; n <= 4; n++) {
            assertEquals(Math.exp(-0.2), r.corpus(n), 1e-9, "BLEU-" + n);
        }
    }

    @Test
    void clippedCountsAndTheTinyConstant() {
        // Papineni's example: "the" x7 against refs holding "the" at most twice -> unigram precision 2/7;
        // lengths 7 vs {6, 7}: closest 7. No bigram matches: BLEU-2 is not 0 but sqrt(2/7 * 1e-15/6)
        // because pycocoevalcap adds tiny = 1e-15 to matches and small = 1e-9 to guesses; the same
        // constants make r = (7 + 1e-15) / (7 + 1e-9) < 1 for equal lengths, so a penalty of
        // exp(1 - 1/r), about 1 - 1.4e-10, applies (visible at 1e-12 relative).
        BleuResult r = bleu.score(List.of(img(1, "the the the the the the the",
                "the cat is on the mat", "there is a cat on the mat")));
        assertEquals(List.of(2, 0, 0, 0), r.images().get(0).matches());
        assertEquals(2.0 / 7.0, r.corpus(1), 1e-9);
        assertEquals(Math.sqrt(2.0 / 7.0 * 1e-15 / 6.0), r.corpus(2), 1e-6 * r.corpus(2));
        double p = (2 + 1e-15) / (7 + 1e-9) * (1e-15 / (6 + 1e-9)) * (1e-15 / (5 + 1e-9)) * (1e-15 / (4 + 1e-9));
        double bp = Math.exp(1 - (7 + 1e-9) / (7 + 1e-15));
        assertEquals(Math.pow(p, 0.25) * bp, r.corpus(4), 1e-12 * r.corpus(4));
        assertEquals(true, Math.abs(Math.pow(p, 0.25) - r.corpus(4)) > 1e-11 * r.corpus(4), "penalty applied");
    }

    @Test
    void closestReferenceLengthTakesTheShorterOnATie() {
        // candidate of 5 words, references of 4 and 6 words: both 1 away -> 4, so no brevity penalty
        BleuResult r = bleu.score(List.of(img(1, "a b c d e", "a b c d", "a b c d e f")));
        assertEquals(4, r.images().get(0).referenceLength());
        assertEquals(1.0, r.corpus(1), 1e-9);
    }

    @Test
    void corpusBleuPoolsCountsAndIsNotTheMeanOfImageScores() {
        // image 1: 2 of 2 unigrams match; image 2: 0 of 4 -> corpus BLEU-1 = 2/6, mean of image scores ~ 1/2
        BleuResult r = bleu.score(List.of(img(1, "a b", "a b"), img(2, "c d e f", "w x y z")));
        assertEquals(1.0 / 3.0, r.corpus(1), 1e-9);
        assertEquals(1.0, r.perImage(1)[0], 1e-9);
        assertEquals(0.0, r.perImage(1)[1], 1e-15);
        assertEquals(6, r.candidateLength());
        assertEquals(6, r.referenceLength());
    }

    @Test
    void corpusBrevityPenaltyUsesSummedLengths() {
        // 3 candidate words against effective reference lengths 2 + 4 = 6 -> BP = exp(1 - 6/3) = exp(-1)
        BleuResult r = bleu.score(List.of(img(1, "a b", "a b"), img(2, "c", "c d e f")));
        assertEquals(Math.exp(-1), r.corpus(1), 1e-9);
        // per image: image 2 alone has BP exp(1 - 4/1)
        assertEquals(Math.exp(-3), r.perImage(1)[1], 1e-9);
    }

    @Test
    void emptyCandidateScoresZero_emptySetIsRejected() {
        BleuResult r = bleu.score(List.of(img(1, "", "a b c")));
        assertEquals(0.0, r.corpus(1), 0.0);
        assertEquals(List.of(0, 0, 0, 0), r.images().get(0).guesses());
        assertThrows(IllegalArgumentException.class, () -> bleu.score(List.of()));
        assertThrows(IllegalArgumentException.class, () -> r.corpus(5));
    }

    @Test
    void wordsWithWhiteSpaceOrNoReferencesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TokenizedImage(7, List.of("a b"), List.of(List.of("a"))));
        assertEquals(true, e.getMessage().contains("image 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenizedImage(7, List.of("a"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TokenizedImage(7, List.of(""), List.of(List.of("a"))));
    }
}
