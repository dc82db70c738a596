package org.biaslab.metric.captioning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BLEU-1..N (Papineni et al. 2002, "BLEU: a Method for Automatic Evaluation of Machine
 * Translation", eq. 1-2) exactly as the COCO caption evaluation computes it (pycocoevalcap
 * {@code bleu_scorer.py}, called with {@code option='closest'}):
 *
 * <ul>
 * <li>per image, the clipped n-gram matches {@code min(count in candidate, max count in any one
 * reference)} and the guesses {@code max(0, len - n + 1)}, for n = 1..N;</li>
 * <li>the effective reference length of an image is the reference length closest to the candidate
 * length, the shorter one on a tie;</li>
 * <li>corpus BLEU-n = {@code BP * (prod_{k<=n} (matches_k + 1e-15) / (guesses_k + 1e-9))^(1/n)}
 * over the summed counts, with {@code BP = exp(1 - 1/r)} when {@code r = (c + 1e-15) / (ref +
 * 1e-9) < 1} (c, ref: summed candidate and effective reference lengths), else 1;</li>
 * <li>the per-image scores apply the same formula to one image's counts (pycocoevalcap's
 * {@code bleu_list}); corpus BLEU is <em>not</em> their mean.</li>
 * </ul>
 * The constants {@link #TINY} and {@link #SMALL} keep zero counts from dividing by zero: a
 * candidate without any 4-gram match gets a tiny positive BLEU-4 (around 1e-12), not exactly 0;
 * and since {@code (c + 1e-15) / (c + 1e-9) < 1}, a candidate exactly as long as its reference
 * still gets a penalty of about {@code exp(-1e-9 / c)}.
 */
public final class Bleu {
    public static final int DEFAULT_MAX_N = 4;
    /** Added to every match count (pycocoevalcap's {@code tiny}). */
    public static final double TINY = 1e-15;
    /** Added to every guess count and to the reference length (pycocoevalcap's {@code small}). */
    public static final double SMALL = 1e-9;

    private final int maxN;

    public Bleu() {
        this(DEFAULT_MAX_N);
    }

    public Bleu(int maxN) {
        if (maxN < 1) {
            throw new IllegalArgumentException("maxN must be >= 1, got " + maxN);
        }
        this.maxN = maxN;
    }

    public int maxN() {
        return maxN;
    }

    /** Scores a set of images; the set must not be empty. */
    public BleuResult score(List<TokenizedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images must not be empty: BLEU over no images is undefined");
        }
        Ngrams ngrams = new Ngrams(maxN);
        int[] maxRef = new int[1024];
        List<BleuResult.ImageCounts> counts = new ArrayList<>(images.size());
        List<List<Double>> perImage = new ArrayList<>(images.size());
        for (TokenizedImage img : images) {
            List<Ngrams.Counted[]> refs = new ArrayList<>(img.references().size());
            for (List<String> ref : img.references()) {
                refs.add(ngrams.count(ref));
            }
            Ngrams.Counted[] cand = ngrams.count(img.candidate());
            if (maxRef.length < ngrams.size()) {
                maxRef = Arrays.copyOf(maxRef, Math.max(ngrams.size(), 2 * maxRef.length));
            }
            BleuResult.ImageCounts c = count(img, refs, cand, maxRef);
            counts.add(c);
            perImage.add(toList(fromCounts(c.candidateLength(), c.referenceLength(), toDoubles(c.guesses()),
                    toDoubles(c.matches()))));
        }
        return new BleuResult(maxN, corpus(counts, null), counts, perImage);
    }

    /**
     * The counts of one image (its sufficient statistics). {@code maxRef} is scratch space indexed by
     * n-gram id, all zero on entry and on return.
     */
    private BleuResult.ImageCounts count(TokenizedImage img, List<Ngrams.Counted[]> refs, Ngrams.Counted[] cand,
            int[] maxRef) {
        for (Ngrams.Counted[] ref : refs) {
            for (Ngrams.Counted order : ref) {
                for (int j = 0; j < order.ids().length; j++) {
                    maxRef[order.ids()[j]] = Math.max(maxRef[order.ids()[j]], order.counts()[j]);
                }
            }
        }
        int testLength = img.candidate().size();
        int closest = img.references().get(0).size();
        for (List<String> ref : img.references()) {
            int l = ref.size();
            int d = Math.abs(l - testLength);
            int best = Math.abs(closest - testLength);
            if (d < best || (d == best && l < closest)) {
                closest = l;
            }
        }
        List<Integer> guesses = new ArrayList<>(maxN);
        List<Integer> matches = new ArrayList<>(maxN);
        for (int k = 1; k <= maxN; k++) {
            Ngrams.Counted order = cand[k - 1];
            int m = 0;
            for (int j = 0; j < order.ids().length; j++) {
                m += Math.min(maxRef[order.ids()[j]], order.counts()[j]);
            }
            guesses.add(Math.max(0, testLength - k + 1));
            matches.add(m);
        }
        for (Ngrams.Counted[] ref : refs) {
            for (Ngrams.Counted order : ref) {
                for (int id : order.ids()) {
                    maxRef[id] = 0;
                }
            }
        }
        return new BleuResult.ImageCounts(img.imageId(), testLength, closest, guesses, matches);
    }

    /**
     * Corpus BLEU-1..N over the images at {@code indices} (each index counted as often as it
     * appears; {@code null}: every image once), from their counts.
     */
    static List<Double> corpus(List<BleuResult.ImageCounts> counts, int[] indices) {
        int maxN = counts.get(0).guesses().size();
        double[] guess = new double[maxN];
        double[] match = new double[maxN];
        long testLength = 0;
        long refLength = 0;
        int n = indices == null ? counts.size() : indices.length;
        long[] g = new long[maxN];
        long[] m = new long[maxN];
        for (int j = 0; j < n; j++) {
            BleuResult.ImageCounts c = counts.get(indices == null ? j : indices[j]);
            testLength += c.candidateLength();
            refLength += c.referenceLength();
            for (int k = 0; k < maxN; k++) {
                g[k] += c.guesses().get(k);
                m[k] += c.matches().get(k);
            }
        }
        for (int k = 0; k < maxN; k++) {
            guess[k] = g[k];
            match[k] = m[k];
        }
        return toList(fromCounts(testLength, refLength, guess, match));
    }

    /** BLEU-1..N from counts, as pycocoevalcap computes both the corpus and the per-image scores. */
    static double[] fromCounts(double testLength, double refLength, double[] guesses, double[] matches) {
        int maxN = guesses.length;
        double[] out = new double[maxN];
        double product = 1.0;
        for (int k = 0; k < maxN; k++) {
            product *= (matches[k] + TINY) / (guesses[k] + SMALL);
            out[k] = Math.pow(product, 1.0 / (k + 1));
        }
        double ratio = (testLength + TINY) / (refLength + SMALL);
        if (ratio < 1) {
            double penalty = Math.exp(1 - 1 / ratio);
            for (int k = 0; k < maxN; k++) {
                out[k] *= penalty;
            }
        }
        return out;
    }

    private static double[] toDoubles(List<Integer> xs) {
        double[] out = new double[xs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = xs.get(i);
        }
        return out;
    }

    private static List<Double> toList(double[] xs) {
        List<Double> out = new ArrayList<>(xs.length);
        for (double x : xs) {
            out.add(x);
        }
        return List.copyOf(out);
    }
}
