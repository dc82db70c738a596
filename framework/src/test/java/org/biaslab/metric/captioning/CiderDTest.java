package org.biaslab.metric.captioning;

import static org.biaslab.metric.captioning.Fixtures.img;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CiderDTest {
    private final CiderD cider = new CiderD();

    @Test
    void twoWordCaptionEqualToItsReferenceScoresFive() {
        // two images, all n-grams unique to their image: df = 1, idf = log 2 - log 1 for each.
        // orders 1 and 2: identical vectors -> cosine 1; orders 3 and 4: no n-grams -> 0.
        // 10 * mean(1, 1, 0, 0) / 1 reference = 5
        CiderResult r = cider.score(List.of(img(1, "a b", "a b"), img(2, "c d", "c d")));
        assertEquals(5.0, r.perImage().get(0), 1e-12);
        assertEquals(5.0, r.perImage().get(1), 1e-12);
        assertEquals(5.0, r.corpus(), 1e-12);
    }

    @Test
    void handComputedIdfAndReferenceAveraging() {
        // image 1: refs "a b", "a c"; candidate "a b".  image 2: ref "a d"; candidate "x".
        // df: a = 2 (both images), b = c = d = "a b" = "a c" = "a d" = 1.  N = 2, L = log 2.
        // idf(a) = L - log 2 = 0, every other n-gram L (x: df 0 -> log max(1, 0) = 0 -> L).
        // image 1 vs "a b": unigrams (a:0, b:L) identical -> 1; bigram identical -> 1  => (1, 1, 0, 0)
        // image 1 vs "a c": candidate weight sits on b and "a b", which "a c" lacks  => (0, 0, 0, 0)
        //   -> 10 * mean(1, 1, 0, 0) / 2 references = 2.5
        // image 2: "x" shares nothing with "a d" -> 0.   corpus = (2.5 + 0) / 2 = 1.25
        CiderResult r = cider.score(List.of(img(1, "a b", "a b", "a c"), img(2, "x", "a d")));
        assertEquals(2.5, r.perImage().get(0), 1e-12);
        assertEquals(0.0, r.perImage().get(1), 0.0);
        assertEquals(1.25, r.corpus(), 1e-12);
        assertEquals(7, r.ngrams());
    }

    @Test
    void clippingAndGaussianLengthPenalty() {
        // n = 2. image 1: candidate "a b", reference "a b c d"; image 2: "e" vs "e". All df = 1, idf L.
        // unigrams: sum min(v_c, v_r) v_r = 2L^2, norms L sqrt2 and 2L -> 1/sqrt2
        // bigrams: "a b" in both: L^2 / (L * L sqrt3) = 1/sqrt3
        // lengths (bigram counts) 1 and 3 -> penalty exp(-(2^2) / (2 * 6^2)) = exp(-4/72)
        // image 1 = 10 * (1/sqrt2 + 1/sqrt3) / 2 * exp(-4/72); image 2 = 10 * (1 + 0) / 2 = 5
        CiderResult r = new CiderD(2, 6.0).score(List.of(img(1, "a b", "a b c d"), img(2, "e", "e")));
        double expected1 = 10 * (1 / Math.sqrt(2) + 1 / Math.sqrt(3)) / 2 * Math.exp(-4.0 / 72);
        assertEquals(expected1, r.perImage().get(0), 1e-12);
        assertEquals(5.0, r.perImage().get(1), 1e-12);
        assertEquals((expected1 + 5.0) / 2, r.corpus(), 1e-12);
    }

    @Test
    void clippingCapsRepeatedNgrams() {
        // candidate "a a" vs reference "a": unigram weight 2L clipped to the reference's L:
        // min(2L, L) * L / (2L * L) = 1/2; bigram "a a" absent from the reference -> 0; lengths 1 vs 0
        // -> penalty exp(-1/72).  Image 2 ("b" vs "b") only supplies the second document.
        CiderResult r = cider.score(List.of(img(1, "a a", "a"), img(2, "b", "b")));
        assertEquals(10 * 0.5 / 4 * Math.exp(-1.0 / 72), r.perImage().get(0), 1e-12);
    }

    @Test
    void candidateEqualToAllReferencesScoresTen() {
        List<TokenizedImage> images = List.of(
                img(1, "a man riding a horse", "a man riding a horse", "a man riding a horse"),
                img(2, "two cats on a sofa", "two cats on a sofa", "two cats on a sofa"),
                img(3, "a red bus at night", "a red bus at night"));
        CiderResult r = cider.score(images);
        for (double s : r.perImage()) {
            assertEquals(10.0, s, 1e-12);
        }
    }

    @Test
    void oneImageScoresZeroBecauseEveryIdfIsZero() {
        assertEquals(0.0, cider.score(List.of(img(1, "a man", "a man"))).corpus(), 0.0);
    }

    @Test
    void documentFrequencyComesFromReferencesOnly() {
        List<TokenizedImage> a = List.of(img(1, "a dog runs", "a dog runs fast"), img(2, "cat", "a cat sleeps"));
        List<TokenizedImage> b = List.of(img(1, "a dog runs", "a dog runs fast"), img(2, "dog runs dog runs", "a cat sleeps"));
        assertEquals(cider.score(a).perImage().get(0), cider.score(b).perImage().get(0), 0.0);
    }

    @Test
    void imageOrderDoesNotChangeScores() {
        List<TokenizedImage> images = new ArrayList<>(List.of(
                img(1, "a dog on grass", "a dog runs on the grass", "dog on the lawn"),
                img(2, "a cat", "a cat on a sofa", "the cat sleeps"),
                img(3, "a bus on a street", "a red bus on the street"),
                img(4, "a man", "a man surfing", "a surfer on a wave")));
        CiderResult r1 = cider.score(images);
        Collections.reverse(images);
        CiderResult r2 = cider.score(images);
        assertEquals(r1.corpus(), r2.corpus(), 1e-12);
        assertEquals(r1.perImage().get(0), r2.perImage().get(3), 0.0);
    }

    @Test
    void emptyCandidateScoresZero_emptySetAndBadParametersRejected() {
        assertEquals(0.0, cider.score(List.of(img(1, "", "a b"), img(2, "c", "c"))).perImage().get(0), 0.0);
        assertThrows(IllegalArgumentException.class, () -> cider.score(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CiderD(0, 6));
        assertThrows(IllegalArgumentException.class, () -> new CiderD(4, 0));
    }

    @Test
    void numpyMeanMatchesPairwiseSummationNotNaiveSummation() {
        // 0.1 repeated 10: naive left-to-right sum gives 0.9999999999999999; NumPy's 8-way partial
        // sums give exactly 1.0, and np.mean(np.full(10, 0.1)) == 0.1
        double[] x = new double[10];
        java.util.Arrays.fill(x, 0.1);
        assertEquals(1.0, NumpyMath.pairwiseSum(x, 0, x.length), 0.0);
        assertEquals(0.1, NumpyMath.mean(x), 0.0);
    }
}
