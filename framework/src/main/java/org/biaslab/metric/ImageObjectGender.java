package org.biaslab.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.biaslab.metric.representation.ShareDifference;

/**
 * Object x perceived-gender co-occurrence on images, the image-side counterpart of the caption
 * statistics of Zhao et al. ("Men Also Like Shopping", EMNLP 2017) and Hirota et al. (CVPR 2022).
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li>Images: those perceived as a woman or as a man (W, M); the object classes detected in each,
 *       counted once per image ("person" is never an object here).</li>
 *   <li>Co-occurrence ({@link #cooccurrence}): for each class o, s(o,W) = c(o,W) / |W|, the share of
 *       images perceived as a woman that contain o, and s(o,M) likewise, each with its Wilson
 *       interval; their difference s(o,W) - s(o,M) with Newcombe's hybrid score interval
 *       ({@link ShareDifference}) and the two-sided p-value of Fisher's exact test (an occupation's
 *       images of one group can be few, too few for a z-test), Holm-adjusted over the classes seen.</li>
 *   <li>Bias amplification ({@link #amplification}), Zhao et al. eq. 1 against a reference of real
 *       photos with counts r(o,g): b*(o,g) = r(o,g) / sum_g' r(o,g') on the reference, b~(o,g) =
 *       c(o,g) / sum_g' c(o,g') on the images; each class counts towards the group its reference
 *       favours (b* &gt; 1/2), a class with b* = 1/2 adds 0; BA = the mean of b~ - b* over O, the
 *       classes with at least {@code minReference} reference images that are found in at least one
 *       image ({@link BiasAmplification#fromRatios}).</li>
 *   <li>Zhao's b counts images, so it moves with the share of women among the images as well as
 *       with the objects: real COCO photos of people are about 30% women, an occupation's generated
 *       images anything from 0 to 100%. The <b>group-normalised</b> BA replaces counts by shares,
 *       bn(o,W) = s(o,W) / (s(o,W) + s(o,M)) on both sides, so it asks only whether an object is
 *       more tied to one group than in the reference; it needs images of both groups.</li>
 *   <li>Intervals of both BAs: bootstrap percentile over the images (resampled with replacement,
 *       the reference fixed); in a resample a class of O found in no image is left out of the mean.</li>
 * </ul>
 */
public final class ImageObjectGender {
    /** Group names in results. */
    public static final String WOMEN = "women";
    public static final String MEN = "men";

    private ImageObjectGender() {}

    /**
     * One image.
     *
     * @param woman perceived as a woman (true) or as a man (false)
     * @param objects the object classes detected in it, "person" excluded
     */
    public record Image(boolean woman, Set<String> objects) {
        public Image {
            objects = Set.copyOf(objects);
        }
    }

    /**
     * One class's co-occurrence.
     *
     * @param object the class
     * @param women images perceived as a woman that contain it
     * @param men images perceived as a man that contain it
     * @param shares a = s(o,W), b = s(o,M), difference s(o,W) - s(o,M), with intervals; its p-value is
     *     Fisher's exact test's
     * @param holmP the p-value Holm-adjusted over the classes of the same set of images
     */
    public record ObjectShare(String object, long women, long men, ShareDifference shares, double holmP) {}

    /**
     * Co-occurrence over a set of images.
     *
     * @param womenImages images perceived as a woman
     * @param menImages images perceived as a man
     * @param objects every class seen in one of them, most tied to women first (largest difference)
     */
    public record Cooccurrence(long womenImages, long menImages, List<ObjectShare> objects) {
        public Cooccurrence {
            objects = List.copyOf(objects);
        }

        /**
         * The {@code k} classes most tied to {@code women} (or men), among those in at least {@code
         * minImages} images in all: largest difference in that direction first, a zero difference never.
         */
        public List<ObjectShare> mostSkewed(boolean women, int minImages, int k) {
            Comparator<ObjectShare> byDiff = Comparator.comparingDouble(o -> o.shares().difference().value());
            return objects.stream().filter(o -> o.women() + o.men() >= minImages && o.shares().difference().defined())
                    .filter(o -> women ? o.shares().difference().value() > 0 : o.shares().difference().value() < 0)
                    .sorted(women ? byDiff.reversed() : byDiff).limit(k).toList();
        }
    }

    /** The co-occurrence of every class seen in {@code images}. */
    public static Cooccurrence cooccurrence(List<Image> images, double confidence) {
        long nw = 0;
        long nm = 0;
        Map<String, long[]> counts = new TreeMap<>();
        for (Image im : images) {
            if (im.woman()) {
                nw++;
            } else {
                nm++;
            }
            for (String o : im.objects()) {
                counts.computeIfAbsent(o, x -> new long[2])[im.woman() ? 0 : 1]++;
            }
        }
        List<String> names = new ArrayList<>(counts.keySet());
        List<ShareDifference> diffs = new ArrayList<>();
        double[] p = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            long[] c = counts.get(names.get(i));
            ShareDifference z = ShareDifference.of(c[0], nw, c[1], nm, confidence);
            p[i] = nw == 0 || nm == 0 ? Double.NaN : fisher(c[0], nw, c[1], nm);
            diffs.add(new ShareDifference(z.a(), z.b(), z.difference(), p[i]));
        }
        double[] holm = MultipleTesting.holm(p);
        List<ObjectShare> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long[] c = counts.get(names.get(i));
            out.add(new ObjectShare(names.get(i), c[0], c[1], diffs.get(i), holm[i]));
        }
        out.sort(Comparator.comparingDouble((ObjectShare o) -> o.shares().difference().defined()
                ? -o.shares().difference().value() : Double.POSITIVE_INFINITY).thenComparing(ObjectShare::object));
        return new Cooccurrence(nw, nm, out);
    }

    /**
     * Two-sided p-value of Fisher's exact test of {@code k1} of {@code n1} against {@code k2} of
     * {@code n2}: the probability, with both margins fixed, of a table no more likely than the one seen
     * (relative tolerance 1e-7, as R's fisher.test).
     */
    static double fisher(long k1, long n1, long k2, long n2) {
        int total = Math.toIntExact(n1 + n2);
        int with = Math.toIntExact(k1 + k2);
        org.apache.commons.math3.distribution.HypergeometricDistribution h =
                new org.apache.commons.math3.distribution.HypergeometricDistribution(null, total, with,
                        Math.toIntExact(n1));
        double seen = h.probability(Math.toIntExact(k1));
        double p = 0;
        for (int k = h.getSupportLowerBound(); k <= h.getSupportUpperBound(); k++) {
            double q = h.probability(k);
            if (q <= seen * (1 + 1e-7)) {
                p += q;
            }
        }
        return Math.min(1, p);
    }

    /**
     * One class's amplification term.
     *
     * @param object the class
     * @param referenceWomen reference images annotated as a woman naming it, r(o,W)
     * @param referenceMen r(o,M)
     * @param women images perceived as a woman containing it, c(o,W)
     * @param men c(o,M)
     * @param favours the group its reference favours by counts ({@link #WOMEN}, {@link #MEN} or "" when b* = 1/2)
     * @param reference b*(o, favoured)
     * @param found b~(o, favoured)
     * @param favoursNormalised the group its reference favours by shares
     * @param referenceNormalised bn*(o, favoured by shares)
     * @param foundNormalised bn~(o, same group); NaN without images of both groups
     */
    public record Term(String object, long referenceWomen, long referenceMen, long women, long men, String favours,
            double reference, double found, String favoursNormalised, double referenceNormalised,
            double foundNormalised) {
        /** b~ - b* (0 when the reference favours neither group). */
        public double amplification() {
            return favours.isEmpty() ? 0 : found - reference;
        }

        /** bn~ - bn* (0 when the reference favours neither group). */
        public double amplificationNormalised() {
            return favoursNormalised.isEmpty() ? 0 : foundNormalised - referenceNormalised;
        }
    }

    /**
     * Bias amplification of a set of images against a reference.
     *
     * @param value BA (Zhao et al. eq. 1) with its bootstrap interval
     * @param normalised the group-normalised BA with its bootstrap interval
     * @param womenImages images perceived as a woman
     * @param menImages images perceived as a man
     * @param referenceWomen reference images annotated as a woman
     * @param referenceMen reference images annotated as a man
     * @param minReference the least reference images a class needs to enter O
     * @param terms the classes of O, largest amplification first
     */
    public record Amplification(Estimate value, Estimate normalised, long womenImages, long menImages,
            long referenceWomen, long referenceMen, int minReference, List<Term> terms) {
        public Amplification {
            terms = List.copyOf(terms);
        }
    }

    /**
     * BA of {@code images} against the reference ({@code referenceImages}: class to {@code [r(o,W),
     * r(o,M)]}, {@code referenceWomen} / {@code referenceMen} its image totals).
     */
    public static Amplification amplification(List<Image> images, long referenceWomen, long referenceMen,
            Map<String, long[]> referenceImages, int minReference, double confidence, int resamples, long seed) {
        if (referenceWomen <= 0 || referenceMen <= 0) {
            throw new IllegalArgumentException("the reference needs images of both groups: " + referenceWomen
                    + " women, " + referenceMen + " men");
        }
        // O: reference-supported classes found in at least one image
        Set<String> found = new TreeSet<>();
        images.forEach(im -> found.addAll(im.objects()));
        List<String> o = new ArrayList<>();
        for (String c : found) {
            long[] r = referenceImages.get(c);
            if (r != null && r[0] + r[1] >= minReference) {
                o.add(c);
            }
        }
        int k = o.size();
        double[] refW = new double[k];
        double[] refNW = new double[k];
        for (int j = 0; j < k; j++) {
            long[] r = referenceImages.get(o.get(j));
            refW[j] = (double) r[0] / (r[0] + r[1]);
            double sw = (double) r[0] / referenceWomen;
            double sm = (double) r[1] / referenceMen;
            refNW[j] = sw / (sw + sm);
        }
        // each image as its group and the indices of O it contains
        int n = images.size();
        boolean[] woman = new boolean[n];
        int[][] has = new int[n][];
        for (int i = 0; i < n; i++) {
            Image im = images.get(i);
            woman[i] = im.woman();
            has[i] = java.util.stream.IntStream.range(0, k).filter(j -> im.objects().contains(o.get(j))).toArray();
        }
        Counts all = Counts.of(java.util.stream.IntStream.range(0, n).toArray(), woman, has, k);
        double[] point = all.ba(refW, refNW);
        long nw = all.women();
        long nm = all.men();
        long[][] c = all.images();
        List<Term> terms = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            long[] r = referenceImages.get(o.get(j));
            String fav = refW[j] > 0.5 ? WOMEN : refW[j] < 0.5 ? MEN : "";
            double bw = (double) c[j][0] / (c[j][0] + c[j][1]);
            String favN = refNW[j] > 0.5 ? WOMEN : refNW[j] < 0.5 ? MEN : "";
            double bnw = nw > 0 && nm > 0 ? normalisedWoman(c[j][0], nw, c[j][1], nm) : Double.NaN;
            terms.add(new Term(o.get(j), r[0], r[1], c[j][0], c[j][1], fav,
                    fav.equals(MEN) ? 1 - refW[j] : refW[j], fav.equals(MEN) ? 1 - bw : bw, favN,
                    favN.equals(MEN) ? 1 - refNW[j] : refNW[j], favN.equals(MEN) ? 1 - bnw : bnw));
        }
        terms.sort(Comparator.comparingDouble(Term::amplification).reversed().thenComparing(Term::object));
        // bootstrap over images
        double[][] boot = new double[2][resamples];
        int[] draw = new int[n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                draw[i] = rng.nextInt(n);
            }
            double[] v = n == 0 ? new double[] {Double.NaN, Double.NaN} : Counts.of(draw, woman, has, k).ba(refW, refNW);
            boot[0][b] = v[0];
            boot[1][b] = v[1];
        }
        String method = String.format(Locale.ROOT, "bootstrap percentile %.0f%% over images (%d resamples)",
                confidence * 100, resamples);
        return new Amplification(estimate(point[0], boot[0], confidence, n, method, k == 0
                ? "no detected class has " + minReference + " reference images" : "no images"),
                estimate(point[1], boot[1], confidence, n, method, k == 0 ? "no detected class has " + minReference
                        + " reference images" : "needs images perceived as women and as men"),
                nw, nm, referenceWomen, referenceMen, minReference, terms);
    }

    private static double normalisedWoman(long cw, long nw, long cm, long nm) {
        double sw = (double) cw / nw;
        double sm = (double) cm / nm;
        return sw / (sw + sm);
    }

    /**
     * The images of a sample (indices, repeats allowed) counted per group and class of O.
     *
     * @param images per class of O, {@code [c(o,W), c(o,M)]}
     * @param women images perceived as a woman
     * @param men images perceived as a man
     */
    private record Counts(long[][] images, long women, long men) {
        static Counts of(int[] pick, boolean[] woman, int[][] has, int k) {
            long[][] c = new long[k][2];
            long nw = 0;
            long nm = 0;
            for (int i : pick) {
                int g = woman[i] ? 0 : 1;
                if (g == 0) {
                    nw++;
                } else {
                    nm++;
                }
                for (int j : has[i]) {
                    c[j][g]++;
                }
            }
            return new Counts(c, nw, nm);
        }

        /** {BA, normalised BA}; NaN where undefined. */
        double[] ba(double[] refW, double[] refNW) {
            double sum = 0;
            double sumN = 0;
            int used = 0;
            for (int j = 0; j < refW.length; j++) {
                long t = images[j][0] + images[j][1];
                if (t == 0) {
                    continue;
                }
                used++;
                double bw = (double) images[j][0] / t;
                sum += refW[j] > 0.5 ? bw - refW[j] : refW[j] < 0.5 ? (1 - bw) - (1 - refW[j]) : 0;
                if (women > 0 && men > 0) {
                    double bnw = normalisedWoman(images[j][0], women, images[j][1], men);
                    sumN += refNW[j] > 0.5 ? bnw - refNW[j] : refNW[j] < 0.5 ? (1 - bnw) - (1 - refNW[j]) : 0;
                }
            }
            return new double[] {used == 0 ? Double.NaN : sum / used,
                used == 0 || women == 0 || men == 0 ? Double.NaN : sumN / used};
        }
    }

    private static Estimate estimate(double point, double[] boot, double confidence, int n, String method,
            String undefined) {
        if (!Double.isFinite(point)) {
            return Estimate.undefined(undefined);
        }
        double[] ok = Arrays.stream(boot).filter(Double::isFinite).sorted().toArray();
        if (ok.length == 0) {
            return new Estimate(point, point, point, Double.NaN, n, "no interval: no resample defined");
        }
        double alpha = (1 - confidence) / 2;
        double lo = Intervals.quantile(ok, alpha);
        double hi = Intervals.quantile(ok, 1 - alpha);
        return new Estimate(point, Math.min(lo, point), Math.max(hi, point), Double.NaN, n, method);
    }
}
