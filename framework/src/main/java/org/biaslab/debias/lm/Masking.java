package org.biaslab.debias.lm;

import java.util.Random;

/**
 * The two corruption schemes, over token ids.
 *
 * <p>BERT (Devlin et al. 2019, section 3.1 and appendix A.1): each position whose original token
 * is a word (not {@code <unk>}, not a special) is selected with probability {@code rate}; a
 * selected token becomes {@code <mask>} with probability 0.8, a uniformly drawn vocabulary word
 * with probability 0.1 (possibly itself) and stays unchanged with probability 0.1. The loss is
 * taken at the selected positions only. When a caption has eligible positions but none was
 * drawn, one of them is selected uniformly, so no caption is wasted (short captions are thus
 * selected a little more often than {@code rate}); the 80/10/10 split is unaffected.
 *
 * <p>LIBRA's input masking: each position is replaced by {@code <mask>} with probability {@code
 * rate}, independently, with no forced selection.
 */
final class Masking {
    static final double MASK_SHARE = 0.8;
    static final double RANDOM_SHARE = 0.1;

    private Masking() {}

    /** A BERT-corrupted caption: the model input, and the selected positions with their targets. */
    record Selection(long[] input, int[] positions, long[] targets) {}

    /** Whether an id is a word the model can be asked to predict. */
    static boolean predictable(long id) {
        return id >= Vocabulary.SPECIALS;
    }

    static Selection bert(long[] ids, double rate, int vocabSize, Random random) {
        boolean[] selected = select(ids, rate, random);
        long[] input = ids.clone();
        int words = vocabSize - Vocabulary.SPECIALS;
        for (int i = 0; i < ids.length; i++) {
            if (selected[i]) {
                double u = random.nextDouble();
                if (u < MASK_SHARE) {
                    input[i] = Vocabulary.MASK_INDEX;
                } else if (u < MASK_SHARE + RANDOM_SHARE) {
                    input[i] = Vocabulary.SPECIALS + random.nextInt(words);
                }
            }
        }
        return selection(ids, input, selected);
    }

    /**
     * Evaluation masking: the same selection as {@link #bert} (eligible positions with probability
     * {@code rate}, at least one), every selected token replaced by {@code <mask>}.
     */
    static Selection allMasked(long[] ids, double rate, Random random) {
        boolean[] selected = select(ids, rate, random);
        long[] input = ids.clone();
        for (int i = 0; i < ids.length; i++) {
            if (selected[i]) {
                input[i] = Vocabulary.MASK_INDEX;
            }
        }
        return selection(ids, input, selected);
    }

    /** Eligible positions drawn with probability {@code rate}; one forced when none was drawn. */
    private static boolean[] select(long[] ids, double rate, Random random) {
        boolean[] selected = new boolean[ids.length];
        int eligible = 0;
        int count = 0;
        for (int i = 0; i < ids.length; i++) {
            if (predictable(ids[i])) {
                eligible++;
                if (random.nextDouble() < rate) {
                    selected[i] = true;
                    count++;
                }
            }
        }
        if (count == 0 && eligible > 0) {
            int pick = random.nextInt(eligible);
            for (int i = 0; i < ids.length; i++) {
                if (predictable(ids[i]) && pick-- == 0) {
                    selected[i] = true;
                    break;
                }
            }
        }
        return selected;
    }

    private static Selection selection(long[] ids, long[] input, boolean[] selected) {
        int count = 0;
        for (boolean b : selected) {
            count += b ? 1 : 0;
        }
        int[] positions = new int[count];
        long[] targets = new long[count];
        int k = 0;
        for (int i = 0; i < ids.length; i++) {
            if (selected[i]) {
                positions[k] = i;
                targets[k] = ids[i];
                k++;
            }
        }
        return new Selection(input, positions, targets);
    }

    /** LIBRA input masking: each position independently becomes {@code <mask>} with probability {@code rate}. */
    static long[] maskInput(long[] ids, double rate, Random random) {
        long[] input = ids.clone();
        for (int i = 0; i < ids.length; i++) {
            if (random.nextDouble() < rate) {
                input[i] = Vocabulary.MASK_INDEX;
            }
        }
        return input;
    }
}
