package org.biaslab.debias.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Random;

class MaskingTest {
    private static final int VOCAB = 1004;

    @Test
    void bertSplitIs80MaskTenRandomTenKept() {
        Random random = new Random(1);
        long selected = 0;
        long eligible = 0;
        long masked = 0;
        long replaced = 0;
        long kept = 0;
        for (int n = 0; n < 20_000; n++) {
            long[] ids = new long[40];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = Vocabulary.SPECIALS + random.nextInt(VOCAB - Vocabulary.SPECIALS);
            }
            Masking.Selection s = Masking.bert(ids, 0.15, VOCAB, random);
            eligible += ids.length;
            selected += s.positions().length;
            for (int j = 0; j < s.positions().length; j++) {
                int p = s.positions()[j];
                assertEquals(ids[p], s.targets()[j]);
                long in = s.input()[p];
                if (in == Vocabulary.MASK_INDEX) {
                    masked++;
                } else if (in == ids[p]) {
                    kept++; // unchanged, or a random draw of the same word (1 in 1000)
                } else {
                    assertTrue(in >= Vocabulary.SPECIALS && in < VOCAB, "random replacement is a word: " + in);
                    replaced++;
                }
            }
            // positions not selected are untouched
            for (int i = 0; i < ids.length; i++) {
                if (java.util.Arrays.binarySearch(s.positions(), i) < 0) {
                    assertEquals(ids[i], s.input()[i]);
                }
            }
        }
        double rate = selected / (double) eligible;
        assertEquals(0.15, rate, 0.003, "selection rate");
        assertEquals(0.8, masked / (double) selected, 0.005, "mask share");
        assertEquals(0.1, replaced / (double) selected, 0.005, "random share");
        assertEquals(0.1, kept / (double) selected, 0.005, "kept share");
    }

    @Test
    void selectsOnlyWordsAndAtLeastOne() {
        Random random = new Random(2);
        long[] ids = {Vocabulary.UNK_INDEX, 7, Vocabulary.UNK_INDEX};
        for (int n = 0; n < 200; n++) {
            Masking.Selection s = Masking.bert(ids, 0.15, VOCAB, random);
            assertArrayEquals(new int[] {1}, s.positions());
            assertArrayEquals(new long[] {7}, s.targets());
            Masking.Selection e = Masking.allMasked(ids, 0.15, random);
            assertArrayEquals(new long[] {Vocabulary.UNK_INDEX, Vocabulary.MASK_INDEX, Vocabulary.UNK_INDEX}, e.input());
        }
        assertEquals(0, Masking.bert(new long[] {Vocabulary.UNK_INDEX}, 0.15, VOCAB, random).positions().length);
        assertEquals(0, Masking.bert(new long[0], 0.15, VOCAB, random).positions().length);
    }

    @Test
    void libraInputMaskingRate() {
        Random random = new Random(3);
        long masked = 0;
        long total = 0;
        for (int n = 0; n < 10_000; n++) {
            long[] ids = new long[12];
            java.util.Arrays.fill(ids, 9);
            long[] out = Masking.maskInput(ids, 0.2, random);
            for (long id : out) {
                assertTrue(id == 9 || id == Vocabulary.MASK_INDEX);
                masked += id == Vocabulary.MASK_INDEX ? 1 : 0;
                total++;
            }
        }
        assertEquals(0.2, masked / (double) total, 0.004);
    }

    @Test
    void sameSeedSameMasks() {
        long[] ids = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        Masking.Selection a = Masking.bert(ids, 0.3, VOCAB, new Random(9));
        Masking.Selection b = Masking.bert(ids, 0.3, VOCAB, new Random(9));
        assertArrayEquals(a.input(), b.input());
        assertArrayEquals(a.positions(), b.positions());
    }
}
