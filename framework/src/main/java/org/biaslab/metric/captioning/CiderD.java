package org.biaslab.metric.captioning;

import java.util.ArrayList;
import java.util.List;

/**
 * CIDEr-D (Vedantam, Zitnick, Parikh 2015, "CIDEr: Consensus-based Image Description
 * Evaluation", eq. 2-5 and section 7 "CIDEr-D") exactly as the COCO caption evaluation computes it
 * under the name "CIDEr" (pycocoevalcap {@code cider_scorer.py}):
 *
 * <ul>
 * <li>document frequency df(g) of an n-gram g = number of images of the evaluated set with g in at
 * least one of their references (candidates do not count);</li>
 * <li>a caption's vector for order n holds {@code tf(g) * (log(N) - log(max(1, df(g))))} for each
 * of its n-grams, N = number of images evaluated;</li>
 * <li>for each reference, per order n: {@code sum_g min(v_c(g), v_r(g)) * v_r(g)} divided by
 * {@code |v_c| |v_r|} when both norms are non-zero (clipped cosine), times the Gaussian length
 * penalty {@code exp(-(l_c - l_r)^2 / (2 sigma^2))}, where l counts a caption's bigrams (its word
 * count minus one; the same difference as word counts for non-empty captions);</li>
 * <li>image score = 10 * mean over the orders of the sum over references / number of
 * references; corpus score = mean of the image scores.</li>
 * </ul>
 * Because df and N come from the evaluated set, the score of one image depends on the others, and
 * scores of different image sets are not comparable. With one image, log(N) = 0 and every score is
 * 0. Sums and means follow the reference's order of operations (NumPy's pairwise sum included).
 */
public final class CiderD {
    public static final int DEFAULT_N = 4;
    public static final double DEFAULT_SIGMA = 6.0;
    /** The factor pycocoevalcap multiplies every image score by. */
    public static final double SCALE = 10.0;

    private final int n;
    private final double sigma;

    public CiderD() {
        this(DEFAULT_N, DEFAULT_SIGMA);
    }

    public CiderD(int n, double sigma) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        }
        this.n = n;
        this.sigma = sigma;
    }

    /** A caption as tf-idf weights per order (aligned with its counted n-gram ids), norms, bigram count. */
    private record Vector(Ngrams.Counted[] ngrams, double[][] weights, double[] norms, int length) {}

    /** Scores a set of images; the set must not be empty. */
    public CiderResult score(List<TokenizedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images must not be empty: CIDEr-D over no images is undefined");
        }
        Ngrams ngrams = new Ngrams(n);
        List<List<Ngrams.Counted[]>> refCounts = new ArrayList<>(images.size());
        List<Ngrams.Counted[]> candCounts = new ArrayList<>(images.size());
        for (TokenizedImage img : images) {
            List<Ngrams.Counted[]> refs = new ArrayList<>(img.references().size());
            for (List<String> ref : img.references()) {
                refs.add(ngrams.count(ref));
            }
            refCounts.add(refs);
            candCounts.add(ngrams.count(img.candidate()));
        }
        // document frequency: images whose references hold the n-gram
        int[] df = new int[ngrams.size()];
        int[] lastImage = new int[ngrams.size()];
        int distinct = 0;
        for (int i = 0; i < refCounts.size(); i++) {
            for (Ngrams.Counted[] ref : refCounts.get(i)) {
                for (Ngrams.Counted order : ref) {
                    for (int id : order.ids()) {
                        if (lastImage[id] != i + 1) {
                            lastImage[id] = i + 1;
                            if (df[id]++ == 0) {
                                distinct++;
                            }
                        }
                    }
                }
            }
        }
        double refLen = Math.log((double) images.size());
        double[] idf = new double[df.length];
        for (int id = 0; id < df.length; id++) {
            idf[id] = refLen - Math.log(Math.max(1.0, df[id]));
        }
        double[] scratch = new double[df.length];
        double[] scores = new double[images.size()];
        for (int i = 0; i < scores.length; i++) {
            Vector cand = vector(candCounts.get(i), idf);
            double[] sum = new double[n];
            for (Ngrams.Counted[] ref : refCounts.get(i)) {
                double[] s = similarity(cand, vector(ref, idf), scratch);
                for (int k = 0; k < n; k++) {
                    sum[k] += s[k];
                }
            }
            double avg = NumpyMath.mean(sum);
            avg /= refCounts.get(i).size();
            avg *= SCALE;
            scores[i] = avg;
        }
        List<Double> perImage = new ArrayList<>(scores.length);
        for (double s : scores) {
            perImage.add(s);
        }
        return new CiderResult(NumpyMath.mean(scores), perImage, distinct);
    }

    private Vector vector(Ngrams.Counted[] counts, double[] idf) {
        double[][] weights = new double[n][];
        double[] norms = new double[n];
        int length = 0;
        for (int k = 0; k < n; k++) {
            int[] ids = counts[k].ids();
            int[] tf = counts[k].counts();
            double[] w = new double[ids.length];
            for (int j = 0; j < ids.length; j++) {
                w[j] = tf[j] * idf[ids[j]];
                norms[k] += w[j] * w[j];
                if (k == 1) {
                    length += tf[j];
                }
            }
            norms[k] = Math.sqrt(norms[k]);
            weights[k] = w;
        }
        return new Vector(counts, weights, norms, length);
    }

    /** {@code scratch}: zero everywhere on entry and on return. */
    private double[] similarity(Vector cand, Vector ref, double[] scratch) {
        double delta = cand.length() - ref.length();
        double penalty = Math.pow(Math.E, -(delta * delta) / (2 * sigma * sigma));
        double[] val = new double[n];
        for (int k = 0; k < n; k++) {
            int[] refIds = ref.ngrams()[k].ids();
            double[] refW = ref.weights()[k];
            for (int j = 0; j < refIds.length; j++) {
                scratch[refIds[j]] = refW[j];
            }
            int[] ids = cand.ngrams()[k].ids();
            double[] w = cand.weights()[k];
            for (int j = 0; j < ids.length; j++) {
                double vr = scratch[ids[j]];
                val[k] += Math.min(w[j], vr) * vr;
            }
            for (int id : refIds) {
                scratch[id] = 0.0;
            }
            if (cand.norms()[k] != 0 && ref.norms()[k] != 0) {
                val[k] /= cand.norms()[k] * ref.norms()[k];
            }
            val[k] *= penalty;
        }
        return val;
    }
}
