package org.biaslab.metric.representation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.biaslab.metric.MultipleTesting;
import org.biaslab.perceive.PerceptionPolicy;

/**
 * Per-occupation change of perceived gender between two sets of images, A - B: the core of
 * {@code compare} and of the t2i-audit interventions (a prompt variant against its baseline).
 *
 * <p>When both sides hold the same images of an occupation (the same keys, e.g. prompt, sample and
 * seed), the comparison is paired on them: shares over images decided on both sides (no-face: over
 * all), Newcombe's paired interval and McNemar's exact test ({@link ShareDifference#paired}).
 * Otherwise the sides are independent samples ({@link ShareDifference#of}). Holm and
 * Benjamini-Hochberg adjust the p-values across occupations; an occupation "moved" when its
 * Holm-adjusted p is below {@code alpha}.
 */
public final class OccupationChanges {
    private OccupationChanges() {}

    /**
     * One occupation on one side.
     *
     * @param occupationId the id
     * @param name its name
     * @param gender its perceived outcome counts
     * @param skin its faces per estimated skin-tone (ITA) category, or null when not compared
     * @param images perceived outcome per image key ("" keys never); empty when unknown
     */
    public record Side(String occupationId, String name, OutcomeShares gender, OutcomeShares skin,
            Map<String, String> images) {}

    /**
     * One occupation's change from B to A.
     *
     * @param occupationId  the id
     * @param name          its name
     * @param design        "paired (N images)" when both sides have the same images of this occupation, else
     *                      "unpaired"
     * @param womanShare    perceived woman share among decided images, A - B
     * @param womanHolm     Holm-adjusted p-value of the woman share
     * @param womanBh       Benjamini-Hochberg-adjusted p-value
     * @param noFaceShare   share of images with no face, A - B
     * @param noFaceHolm    Holm-adjusted p-value of the no-face share
     * @param noFaceBh      Benjamini-Hochberg-adjusted p-value
     * @param moved         the woman share moved (Holm-adjusted p below alpha)
     * @param detectable    the smallest change of the woman share this comparison finds with 80% power at the
     *                      per-occupation level alpha / m ({@link ComparisonPower}): unpaired, away from B's share
     *                      on both runs' decided images; paired, among the images decided in both runs with the
     *                      share of them read differently; NaN when no change is found that often
     * @param skin          per estimated skin-tone (ITA) category, the share of faces A - B (unpaired: faces are
     *                      not matched between the sides; not adjusted for multiple comparisons); empty when a
     *                      side has no skin estimates
     */
    public record Change(String occupationId, String name, String design, ShareDifference womanShare,
            double womanHolm, double womanBh, ShareDifference noFaceShare, double noFaceHolm, double noFaceBh,
            boolean moved, double detectable, Map<String, ShareDifference> skin) {}

    /**
     * @param changes per occupation, largest woman-share change first
     * @param design  "paired by (prompt, sample, seed)", "unpaired" or "mixed"
     */
    public record Result(List<Change> changes, String design) {}

    /** The power {@link Change#detectable} is computed for. */
    public static final double DETECTABLE_POWER = 0.8;

    /** Compares each pair {@code [A, B]} of the same occupation. */
    public static Result compare(List<Side[]> pairs, double confidence, double alpha) {
        int m = pairs.size();
        ShareDifference[] woman = new ShareDifference[m];
        ShareDifference[] noFace = new ShareDifference[m];
        double[] pw = new double[m];
        double[] pn = new double[m];
        String[] design = new String[m];
        double[] detectable = new double[m];
        double level = m == 0 ? alpha : ComparisonPower.perTestLevel(alpha, m);
        for (int i = 0; i < m; i++) {
            Side a = pairs.get(i)[0];
            Side b = pairs.get(i)[1];
            Map<String, String> ia = a.images();
            Map<String, String> ib = b.images();
            if (!ia.isEmpty() && ia.keySet().equals(ib.keySet())) {
                long[] w = new long[4];
                long[] f = new long[4];
                for (Map.Entry<String, String> e : ia.entrySet()) {
                    String x = e.getValue();
                    String y = ib.get(e.getKey());
                    if (isDecided(x) && isDecided(y)) {
                        w[cell(x.equals(PerceptionPolicy.WOMAN), y.equals(PerceptionPolicy.WOMAN))]++;
                    }
                    f[cell(x.equals(PerceptionPolicy.NO_FACE), y.equals(PerceptionPolicy.NO_FACE))]++;
                }
                woman[i] = ShareDifference.paired(w[0], w[1], w[2], w[3], confidence);
                noFace[i] = ShareDifference.paired(f[0], f[1], f[2], f[3], confidence);
                design[i] = "paired (" + ia.size() + " images)";
                long pairs2 = w[0] + w[1] + w[2] + w[3];
                detectable[i] = pairs2 == 0 ? Double.NaN : ComparisonPower.minimumDetectablePaired(
                        (double) (w[1] + w[2]) / pairs2, pairs2, level, DETECTABLE_POWER);
            } else {
                OutcomeShares ga = a.gender();
                OutcomeShares gb = b.gender();
                woman[i] = ShareDifference.of(ga.count(PerceptionPolicy.WOMAN), decided(ga),
                        gb.count(PerceptionPolicy.WOMAN), decided(gb), confidence);
                noFace[i] = ShareDifference.of(ga.count(PerceptionPolicy.NO_FACE), ga.n(),
                        gb.count(PerceptionPolicy.NO_FACE), gb.n(), confidence);
                design[i] = "unpaired";
                detectable[i] = decided(ga) == 0 || decided(gb) == 0 ? Double.NaN
                        : ComparisonPower.minimumDetectableUnpaired((double) gb.count(PerceptionPolicy.WOMAN) / decided(gb),
                                decided(ga), decided(gb), level, DETECTABLE_POWER);
            }
            pw[i] = woman[i].pValue();
            pn[i] = noFace[i].pValue();
        }
        double[] wHolm = MultipleTesting.holm(pw);
        double[] wBh = MultipleTesting.benjaminiHochberg(pw);
        double[] nHolm = MultipleTesting.holm(pn);
        double[] nBh = MultipleTesting.benjaminiHochberg(pn);
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            Side a = pairs.get(i)[0];
            changes.add(new Change(a.occupationId(), a.name(), design[i], woman[i], wHolm[i], wBh[i], noFace[i],
                    nHolm[i], nBh[i], wHolm[i] < alpha, detectable[i], skin(a.skin(), pairs.get(i)[1].skin(), confidence)));
        }
        changes.sort(Comparator.comparingDouble((Change c) -> c.womanShare().difference().defined()
                ? -Math.abs(c.womanShare().difference().value()) : 1).thenComparing(Change::occupationId));
        return new Result(changes, overall(design));
    }

    /** Per category present on either side, the share of faces A - B. */
    private static Map<String, ShareDifference> skin(OutcomeShares a, OutcomeShares b, double confidence) {
        Map<String, ShareDifference> out = new java.util.LinkedHashMap<>();
        if (a == null || b == null || a.n() == 0 || b.n() == 0) {
            return out;
        }
        java.util.Set<String> categories = new java.util.LinkedHashSet<>(a.counts().keySet());
        categories.addAll(b.counts().keySet());
        for (String c : categories) {
            out.put(c, ShareDifference.of(a.count(c), a.n(), b.count(c), b.n(), confidence));
        }
        return out;
    }

    private static String overall(String[] design) {
        long paired = java.util.Arrays.stream(design).filter(d -> d.startsWith("paired")).count();
        return paired == design.length ? "paired by (prompt, sample, seed)" : paired == 0 ? "unpaired" : "mixed";
    }

    private static long decided(OutcomeShares g) {
        return g.count(PerceptionPolicy.WOMAN) + g.count(PerceptionPolicy.MAN);
    }

    private static boolean isDecided(String outcome) {
        return outcome.equals(PerceptionPolicy.WOMAN) || outcome.equals(PerceptionPolicy.MAN);
    }

    /** Index in the paired table (a, b, c, d) of yes/no in the first and the second side. */
    private static int cell(boolean first, boolean second) {
        return first ? (second ? 0 : 1) : (second ? 2 : 3);
    }
}
