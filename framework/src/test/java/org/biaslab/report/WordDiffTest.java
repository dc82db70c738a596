package org.biaslab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.biaslab.report.WordDiff.Op;
import org.biaslab.report.WordDiff.Segment;
import org.junit.jupiter.api.Test;

class WordDiffTest {
    private static List<String> w(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }

    @Test
    void aReplacedGenderWordIsOneRemovalAndOneAddition() {
        assertEquals(List.of(new Segment(Op.SAME, w("a")), new Segment(Op.REMOVED, w("man")),
                new Segment(Op.ADDED, w("woman")), new Segment(Op.SAME, w("riding a horse"))),
                WordDiff.diff(w("a man riding a horse"), w("a woman riding a horse")));
        assertEquals(List.of(new Segment(Op.SAME, w("a man")), new Segment(Op.ADDED, w("and a dog"))),
                WordDiff.diff(w("a man"), w("a man and a dog")));
        assertEquals(List.of(new Segment(Op.ADDED, w("a dog"))), WordDiff.diff(w(""), w("a dog")));
        assertEquals(List.of(), WordDiff.diff(w(""), w("")));
    }

    /** Property: SAME + REMOVED spell the first sequence, SAME + ADDED the second, and SAME is a longest common subsequence. */
    @Test
    void segmentsSpellBothSides() {
        Random rng = new Random(5);
        String[] vocab = {"a", "man", "woman", "dog", "with", "the"};
        for (int t = 0; t < 300; t++) {
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (int i = rng.nextInt(8); i > 0; i--) {
                a.add(vocab[rng.nextInt(vocab.length)]);
            }
            for (int i = rng.nextInt(8); i > 0; i--) {
                b.add(vocab[rng.nextInt(vocab.length)]);
            }
            List<Segment> d = WordDiff.diff(a, b);
            assertEquals(a, spell(d, Op.REMOVED));
            assertEquals(b, spell(d, Op.ADDED));
            assertEquals(lcs(a, b), spell(d, null).size());
        }
    }

    @Test
    void hugeSequencesFallBackToWholeReplacement() {
        List<String> a = Collections.nCopies(600, "x");
        List<String> b = Collections.nCopies(600, "y");
        assertEquals(List.of(new Segment(Op.REMOVED, a), new Segment(Op.ADDED, b)), WordDiff.diff(a, b));
    }

    private static List<String> spell(List<Segment> d, Op own) {
        List<String> out = new ArrayList<>();
        for (Segment s : d) {
            if (s.op() == Op.SAME || s.op() == own) {
                out.addAll(s.words());
            }
        }
        return out;
    }

    private static int lcs(List<String> a, List<String> b) {
        int[][] t = new int[a.size() + 1][b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                t[i][j] = a.get(i - 1).equals(b.get(j - 1)) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
            }
        }
        return t[a.size()][b.size()];
    }
}
