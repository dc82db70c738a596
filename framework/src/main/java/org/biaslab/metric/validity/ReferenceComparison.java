package org.biaslab.metric.validity;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;

/**
 * Perceived share of women next to a reference share (human annotators' labels, or a simulation's
 * declared truth) for one group of images, split so that a reader can tell <em>why</em> the two
 * differ.
 *
 * <p>The two headline shares are computed over different images: the reference share over every
 * image with a woman/man reference label, the perceived share over every image perception decided
 * (a face found and outside the uncertain band). They differ for three reasons, each shown apart:
 * <ol>
 * <li><b>Selection</b>: perception decides only some images, and whether it does can depend on the
 *     reference label (e.g. women painted in profile at an easel have no detectable face). Visible as
 *     the reference share on the paired images ({@link Paired#reference()}) against the reference share
 *     on all labelled images ({@link #referenceWoman()}), and directly as the share of each reference
 *     label left undecided ({@link #undecidedWoman()}, {@link #undecidedMan()}).</li>
 * <li><b>Classifier error</b>: on the <em>same</em> images (decided by perception and labelled
 *     woman/man by the reference), perceived share minus reference share, with a paired interval
 *     ({@link Paired#difference()}) and the raw agreement.</li>
 * <li><b>Images the reference did not label</b> woman/man (e.g. annotators' "Pass") that perception
 *     decided: they enter the perceived share only. Their number is {@link #decidedUnlabelled()}.</li>
 * </ol>
 * Up to rounding, perceived minus reference (all images) = selection + classifier error + the
 * unlabelled images' contribution.
 *
 * <p>Input: one item per image, the image's perceived outcome (its observed face: {@code woman},
 * {@code man}, {@code uncertain}, {@code no face}; empty when the image was not perceived, e.g. a
 * blank image or a perception error) and its reference label ({@code woman}, {@code man}, {@code
 * other} for a label that is neither, e.g. "Pass"; empty when none).
 *
 * @param images           items given
 * @param referenceWoman   reference share of women among images labelled woman or man (Wilson)
 * @param perceivedWoman   perceived share of women among images perceived woman or man (Wilson)
 * @param noFace           share of perceived images in which no face was detected (Wilson; n =
 *                         perceived images)
 * @param undecidedWoman   share of images labelled woman by the reference that perception did not
 *                         decide (no face, uncertain or not perceived; Wilson)
 * @param undecidedMan     the same for images labelled man
 * @param decidedUnlabelled images perception decided whose reference label is not woman/man
 * @param same             the paired comparison on images both decided and labelled woman/man
 */
public record ReferenceComparison(int images, Estimate referenceWoman, Estimate perceivedWoman, Estimate noFace,
        Estimate undecidedWoman, Estimate undecidedMan, long decidedUnlabelled, Paired same) {

    /** Perceived outcome of a face read as a woman. */
    public static final String WOMAN = "woman";
    /** Perceived outcome of a face read as a man. */
    public static final String MAN = "man";
    /** Perceived outcome in the uncertain band. */
    public static final String UNCERTAIN = "uncertain";
    /** Perceived outcome of an image without a detected face. */
    public static final String NO_FACE = "no face";
    /** Reference label that is neither woman nor man (e.g. an annotator's "Pass"). */
    public static final String OTHER = "other";

    private static final List<String> PERCEIVED = List.of(WOMAN, MAN, UNCERTAIN, NO_FACE, "");
    private static final List<String> REFERENCE = List.of(WOMAN, MAN, OTHER, "");

    public ReferenceComparison {
        Objects.requireNonNull(referenceWoman, "referenceWoman");
        Objects.requireNonNull(perceivedWoman, "perceivedWoman");
        Objects.requireNonNull(noFace, "noFace");
        Objects.requireNonNull(undecidedWoman, "undecidedWoman");
        Objects.requireNonNull(undecidedMan, "undecidedMan");
        Objects.requireNonNull(same, "same");
    }

    /**
     * The paired 2x2 table of the images both decided by perception and labelled woman/man by the
     * reference (counts named perceived-reference), and what it gives.
     *
     * @param womanWoman perceived woman, reference woman
     * @param womanMan   perceived woman, reference man
     * @param manWoman   perceived man, reference woman
     * @param manMan     perceived man, reference man
     * @param reference  reference share of women on these images (Wilson)
     * @param perceived  perceived share of women on these images (Wilson)
     * @param difference perceived minus reference share, {@code (womanMan - manWoman) / n}, with
     *                   Newcombe's paired square-and-add interval ({@link #pairedDifference})
     * @param agreement  share of these images where perceived and reference labels agree (Wilson)
     */
    public record Paired(long womanWoman, long womanMan, long manWoman, long manMan, Estimate reference,
            Estimate perceived, Estimate difference, Estimate agreement) {
        public Paired {
            if (womanWoman < 0 || womanMan < 0 || manWoman < 0 || manMan < 0) {
                throw new IllegalArgumentException("paired counts must be >= 0, were " + womanWoman + ", " + womanMan
                        + ", " + manWoman + ", " + manMan);
            }
        }

        /** Number of paired images. */
        public long n() {
            return womanWoman + womanMan + manWoman + manMan;
        }
    }

    /**
     * Compares per-image perceived outcomes with reference labels (same order, one item per image).
     *
     * @throws IllegalArgumentException when the lists differ in length or hold an unknown value
     *                                  (naming the item and the value)
     */
    public static ReferenceComparison of(List<String> perceived, List<String> reference, double confidence) {
        Objects.requireNonNull(perceived, "perceived");
        Objects.requireNonNull(reference, "reference");
        if (perceived.size() != reference.size()) {
            throw new IllegalArgumentException("perceived and reference must have one item per image, had "
                    + perceived.size() + " and " + reference.size());
        }
        long refWoman = 0;
        long refMan = 0;
        long percWoman = 0;
        long percMan = 0;
        long perceivedImages = 0;
        long noFace = 0;
        long undecidedWoman = 0;
        long undecidedMan = 0;
        long decidedUnlabelled = 0;
        long[][] t = new long[2][2]; // [perceived woman/man][reference woman/man]
        for (int i = 0; i < perceived.size(); i++) {
            String p = Objects.requireNonNull(perceived.get(i), "perceived item " + i);
            String r = Objects.requireNonNull(reference.get(i), "reference item " + i);
            if (!PERCEIVED.contains(p)) {
                throw new IllegalArgumentException("perceived item " + i + " must be one of woman, man, uncertain, "
                        + "no face or empty, was '" + p + "'");
            }
            if (!REFERENCE.contains(r)) {
                throw new IllegalArgumentException("reference item " + i + " must be one of woman, man, other or "
                        + "empty, was '" + r + "'");
            }
            boolean decided = p.equals(WOMAN) || p.equals(MAN);
            boolean labelled = r.equals(WOMAN) || r.equals(MAN);
            refWoman += r.equals(WOMAN) ? 1 : 0;
            refMan += r.equals(MAN) ? 1 : 0;
            percWoman += p.equals(WOMAN) ? 1 : 0;
            percMan += p.equals(MAN) ? 1 : 0;
            perceivedImages += p.isEmpty() ? 0 : 1;
            noFace += p.equals(NO_FACE) ? 1 : 0;
            if (!decided) {
                undecidedWoman += r.equals(WOMAN) ? 1 : 0;
                undecidedMan += r.equals(MAN) ? 1 : 0;
            } else if (!labelled) {
                decidedUnlabelled++;
            } else {
                t[p.equals(WOMAN) ? 0 : 1][r.equals(WOMAN) ? 0 : 1]++;
            }
        }
        long n = t[0][0] + t[0][1] + t[1][0] + t[1][1];
        Paired same = new Paired(t[0][0], t[0][1], t[1][0], t[1][1],
                Intervals.wilson(t[0][0] + t[1][0], n, confidence), Intervals.wilson(t[0][0] + t[0][1], n, confidence),
                pairedDifference(t[0][0], t[0][1], t[1][0], t[1][1], confidence),
                Intervals.wilson(t[0][0] + t[1][1], n, confidence));
        return new ReferenceComparison(perceived.size(), Intervals.wilson(refWoman, refWoman + refMan, confidence),
                Intervals.wilson(percWoman, percWoman + percMan, confidence),
                Intervals.wilson(noFace, perceivedImages, confidence),
                Intervals.wilson(undecidedWoman, refWoman, confidence), Intervals.wilson(undecidedMan, refMan, confidence),
                decidedUnlabelled, same);
    }

    /**
     * Difference of two proportions measured on the same items, {@code p1 - p2 = (b - c) / n} for the
     * paired table {@code a} (yes, yes), {@code b} (yes, no), {@code c} (no, yes), {@code d} (no, no),
     * with Newcombe's square-and-add interval for paired data (Newcombe 1998, Statistics in Medicine
     * 17:2635-2650, method 10; as given by Fagerland, Lydersen and Laake 2017, Statistical Analysis of
     * Contingency Tables, section 8.5): Wilson intervals {@code [l1, u1]}, {@code [l2, u2]} of the two
     * margins combined with the estimated correlation {@code phi} of the pairs,
     * <pre>
     *   L = D - sqrt((p1 - l1)^2 + (u2 - p2)^2 - 2 phi (p1 - l1)(u2 - p2))
     *   U = D + sqrt((p2 - l2)^2 + (u1 - p1)^2 - 2 phi (p2 - l2)(u1 - p1))
     * </pre>
     * where {@code A = ad - bc}, {@code phi = (A - n/2) / sqrt(row and column totals' product)} when
     * {@code A > n/2}, 0 when {@code 0 <= A <= n/2}, {@code A / sqrt(...)} when {@code A < 0}, and 0
     * when a margin is empty. Undefined for n = 0.
     */
    public static Estimate pairedDifference(long a, long b, long c, long d, double confidence) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException("counts must be >= 0, were " + a + ", " + b + ", " + c + ", " + d);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        long n = a + b + c + d;
        if (n == 0) {
            return Estimate.undefined("no paired items");
        }
        double p1 = (double) (a + b) / n;
        double p2 = (double) (a + c) / n;
        double diff = (double) (b - c) / n;
        Estimate w1 = Intervals.wilson(a + b, n, confidence);
        Estimate w2 = Intervals.wilson(a + c, n, confidence);
        double phi = 0;
        double margins = (double) (a + b) * (c + d) * (a + c) * (b + d);
        if (margins > 0) {
            double cross = (double) a * d - (double) b * c;
            if (cross > n / 2.0) {
                phi = (cross - n / 2.0) / Math.sqrt(margins);
            } else if (cross < 0) {
                phi = cross / Math.sqrt(margins);
            }
        }
        double dl1 = p1 - w1.lower();
        double du2 = w2.upper() - p2;
        double dl2 = p2 - w2.lower();
        double du1 = w1.upper() - p1;
        double lower = diff - Math.sqrt(Math.max(0, dl1 * dl1 + du2 * du2 - 2 * phi * dl1 * du2));
        double upper = diff + Math.sqrt(Math.max(0, dl2 * dl2 + du1 * du1 - 2 * phi * dl2 * du1));
        return new Estimate(diff, Math.max(-1, lower), Math.min(1, upper), Double.NaN, (int) n,
                String.format(Locale.ROOT, "Newcombe paired square-and-add %.0f%%", confidence * 100));
    }
}
