package org.biaslab.metric.leakage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Texts kept in two flat arrays read back as the texts they were made from, empty ones included. */
class TokenTextsTest {
    private static final List<List<String>> TEXTS = List.of(
            List.of("a", "man", "on", "a", "horse"),
            List.of(),
            List.of("zebra"),
            List.of("b", "a", "b", "a", "c", "a"),
            List.of());

    @Test
    void readsBackTextsAndTheirDistinctSortedTokens() {
        TokenTexts t = TokenTexts.of(TEXTS);
        assertEquals(TEXTS.size(), t.size());
        assertEquals(TEXTS, t.asLists());
        assertEquals(List.of(), t.asLists().get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.asLists().get(1).get(0));
        TokenTexts.Sets sets = t.distinctSets();
        for (int i = 0; i < TEXTS.size(); i++) {
            List<String> got = new ArrayList<>();
            for (int k = sets.start()[i]; k < sets.start()[i + 1]; k++) {
                got.add(t.token(sets.ids()[k]));
            }
            assertEquals(new ArrayList<>(new TreeSet<>(TEXTS.get(i))), got, "text " + i);
        }
        // the dictionary is in name order, so ids order tokens by name
        for (int id = 1; id < t.vocabularySize(); id++) {
            assertEquals(-1, Integer.signum(t.token(id - 1).compareTo(t.token(id))));
        }
    }

    @Test
    void selectKeepsTheChosenTextsInTheGivenOrder() {
        TokenTexts t = TokenTexts.of(TEXTS);
        TokenTexts s = t.select(new int[] {3, 1, 0, 3});
        assertEquals(List.of(TEXTS.get(3), TEXTS.get(1), TEXTS.get(0), TEXTS.get(3)), s.asLists());
        assertEquals(t.vocabularySize(), s.vocabularySize());
    }

    @Test
    void longTextsAreSortedToo() {
        Random rng = new Random(9);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            words.add("w" + rng.nextInt(120));
        }
        TokenTexts t = TokenTexts.of(List.of(words, List.of("x")));
        TokenTexts.Sets sets = t.distinctSets();
        int[] ids = Arrays.copyOfRange(sets.ids(), sets.start()[0], sets.start()[1]);
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, ids);
        assertEquals(new TreeSet<>(words).size(), ids.length);
    }

    @Test
    void digestFollowsTheTexts() throws Exception {
        assertEquals(hex(TokenTexts.of(TEXTS)), hex(TokenTexts.of(new ArrayList<>(TEXTS))));
        List<List<String>> other = new ArrayList<>(TEXTS);
        other.set(1, List.of("a"));
        assertNotEquals(hex(TokenTexts.of(TEXTS)), hex(TokenTexts.of(other)));
    }

    private static String hex(TokenTexts t) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        t.digest(md);
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}
