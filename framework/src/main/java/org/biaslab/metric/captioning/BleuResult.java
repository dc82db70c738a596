package org.biaslab.metric.captioning;

import java.util.List;

/**
 * BLEU scores of a set of images.
 *
 * @param maxN highest n-gram order
 * @param corpus corpus BLEU-1..maxN (element n - 1 is BLEU-n), the figures papers report
 * @param images per image, the counts corpus BLEU is computed from (same order as the input)
 * @param perImage per image, its own BLEU-1..maxN (pycocoevalcap's per-image scores)
 */
public record BleuResult(int maxN, List<Double> corpus, List<ImageCounts> images, List<List<Double>> perImage) {
    public BleuResult {
        corpus = List.copyOf(corpus);
        images = List.copyOf(images);
        perImage = perImage.stream().map(List::copyOf).toList();
        if (corpus.size() != maxN) {
            throw new IllegalArgumentException("corpus must hold " + maxN + " scores, got " + corpus.size());
        }
        if (images.isEmpty() || images.size() != perImage.size()) {
            throw new IllegalArgumentException("images (" + images.size() + ") and perImage (" + perImage.size()
                    + ") must be non-empty and the same size");
        }
    }

    /**
     * The counts of one image.
     *
     * @param imageId image id
     * @param candidateLength words in the candidate
     * @param referenceLength effective reference length (closest reference length, shorter on a tie)
     * @param guesses candidate n-grams per order, {@code max(0, len - n + 1)}
     * @param matches clipped n-gram matches per order
     */
    public record ImageCounts(long imageId, int candidateLength, int referenceLength, List<Integer> guesses,
            List<Integer> matches) {
        public ImageCounts {
            guesses = List.copyOf(guesses);
            matches = List.copyOf(matches);
            if (guesses.size() != matches.size()) {
                throw new IllegalArgumentException("guesses " + guesses + " and matches " + matches + " of image "
                        + imageId + " differ in length");
            }
        }
    }

    /** Corpus BLEU-n, n in 1..maxN. */
    public double corpus(int n) {
        checkOrder(n);
        return corpus.get(n - 1);
    }

    /** Every image's own BLEU-n, in input order. */
    public double[] perImage(int n) {
        checkOrder(n);
        double[] out = new double[perImage.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = perImage.get(i).get(n - 1);
        }
        return out;
    }

    /** Total candidate words. */
    public long candidateLength() {
        return images.stream().mapToLong(ImageCounts::candidateLength).sum();
    }

    /** Total effective reference words. */
    public long referenceLength() {
        return images.stream().mapToLong(ImageCounts::referenceLength).sum();
    }

    private void checkOrder(int n) {
        if (n < 1 || n > maxN) {
            throw new IllegalArgumentException("BLEU order must be in 1.." + maxN + ", got " + n);
        }
    }
}
