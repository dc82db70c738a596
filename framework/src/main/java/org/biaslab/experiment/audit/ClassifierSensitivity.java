package org.biaslab.experiment.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.metric.representation.OccupationChanges;
import org.biaslab.metric.representation.OutcomeShares;
import org.biaslab.metric.representation.ShareDifference;
import org.biaslab.metric.validity.ReferenceComparison;
import org.biaslab.perceive.PerceptionPolicy;

/**
 * Classifier sensitivity: the same images read by an alternative perceiver ({@code
 * perception.alternatives}), per occupation its perceived woman share beside the main perceiver's,
 * their paired difference (alternative - main, over images both decided; Newcombe's paired interval,
 * McNemar's exact test, Holm across occupations: the code of {@code compare}), and whether the
 * occupation's conclusion about parity depends on the classifier.
 *
 * <p>An occupation's conclusion under one perceiver, from its perceived woman share among decided
 * images (Wilson interval) and the run's tolerance {@code t}: {@code women beyond tolerance} when the
 * interval lies above {@code 0.5 + t}, {@code men beyond tolerance} when below {@code 0.5 - t},
 * {@code within tolerance} when inside {@code [0.5 - t, 0.5 + t]}, else {@code not determined}. The
 * conclusion depends on the classifier when the two differ.
 *
 * @param name        the alternative's name
 * @param perceiver   its description (id, mode, model files or declared confusion)
 * @param design      the comparison's design (paired on the run's images)
 * @param tolerance   the run's tolerance around parity the conclusions use
 * @param occupations per occupation, largest difference first
 * @param dependent   occupations whose conclusion depends on the classifier
 * @param moved       occupations whose shares differ after Holm
 */
public record ClassifierSensitivity(String name, Map<String, Object> perceiver, String design, double tolerance,
        List<Occupation> occupations, int dependent, int moved) {

    public static final String WOMEN = "women beyond tolerance";
    public static final String MEN = "men beyond tolerance";
    public static final String WITHIN = "within tolerance";
    public static final String UNDETERMINED = "not determined";

    /**
     * One occupation under both perceivers.
     *
     * @param occupationId           the id
     * @param name                   its name
     * @param main                   the main perceiver's woman share among its decided images
     * @param alternative            the alternative's
     * @param difference             alternative - main over the images both decided (paired), with the test
     * @param holm                   Holm-adjusted p-value of the difference across occupations
     * @param noFace                 the no-face share, alternative - main (paired over all images)
     * @param mainConclusion         the conclusion about parity under the main perceiver
     * @param alternativeConclusion  under the alternative
     * @param dependsOnClassifier    the two conclusions differ
     * @param mainTruth              with per-image reference labels (a truth column or a simulation's truth): the
     *                               main perceiver against them on the images it decided and they label woman or
     *                               man (paired difference, agreement); null without labels
     * @param alternativeTruth       the same for the alternative
     */
    public record Occupation(String occupationId, String name, Estimate main, Estimate alternative,
            ShareDifference difference, double holm, ShareDifference noFace, String mainConclusion,
            String alternativeConclusion, boolean dependsOnClassifier,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            ReferenceComparison.Paired mainTruth,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            ReferenceComparison.Paired alternativeTruth) {}

    /**
     * Compares the alternative's readings {@code alt} of the run's images with the main perceiver's
     * {@code main} (the same planned images, in the same order).
     */
    static ClassifierSensitivity compute(T2iAuditSpec.Alternative alternative, Map<String, Object> perceiver,
            List<ImageRow> main, List<ImageRow> alt, double confidence, double alpha, double tolerance, int resamples,
            long seed) {
        Map<String, List<ImageRow>> mainByOcc = byOccupation(main);
        Map<String, List<ImageRow>> altByOcc = byOccupation(alt);
        List<OccupationChanges.Side[]> pairs = new ArrayList<>();
        Map<String, Estimate[]> shares = new LinkedHashMap<>();
        Map<String, ReferenceComparison.Paired[]> truths = new LinkedHashMap<>();
        for (var e : mainByOcc.entrySet()) {
            List<ImageRow> m = e.getValue();
            List<ImageRow> a = altByOcc.getOrDefault(e.getKey(), List.of());
            ImageRow first = m.get(0);
            long occSeed = org.biaslab.util.Hashing.seed(seed, "sensitivity", alternative.name(), e.getKey());
            OccupationChanges.Side sm = side(first, m, confidence, resamples, occSeed);
            OccupationChanges.Side sa = side(first, a, confidence, resamples, occSeed);
            pairs.add(new OccupationChanges.Side[] {sa, sm});
            shares.put(first.occupationId(), new Estimate[] {womanShare(sm.gender(), confidence),
                womanShare(sa.gender(), confidence)});
            if (m.stream().anyMatch(x -> !x.truth().isEmpty()) && m.size() == a.size()) {
                truths.put(first.occupationId(), new ReferenceComparison.Paired[] {truth(m, confidence),
                    truth(a, confidence)});
            }
        }
        OccupationChanges.Result r = OccupationChanges.compare(pairs, confidence, alpha);
        List<Occupation> out = new ArrayList<>();
        int dependent = 0;
        int moved = 0;
        for (OccupationChanges.Change c : r.changes()) {
            Estimate[] s = shares.get(c.occupationId());
            String cm = conclusion(s[0], tolerance);
            String ca = conclusion(s[1], tolerance);
            boolean depends = !cm.equals(ca);
            dependent += depends ? 1 : 0;
            moved += c.moved() ? 1 : 0;
            ReferenceComparison.Paired[] t = truths.get(c.occupationId());
            out.add(new Occupation(c.occupationId(), c.name(), s[0], s[1], c.womanShare(), c.womanHolm(), c.noFaceShare(),
                    cm, ca, depends, t == null ? null : t[0], t == null ? null : t[1]));
        }
        return new ClassifierSensitivity(alternative.name(), perceiver, r.design(), tolerance, out, dependent, moved);
    }

    /** The conclusion about parity of a woman share with its interval, at {@code tolerance}. */
    static String conclusion(Estimate share, double tolerance) {
        if (!share.defined()) {
            return UNDETERMINED;
        }
        if (share.lower() > 0.5 + tolerance) {
            return WOMEN;
        }
        if (share.upper() < 0.5 - tolerance) {
            return MEN;
        }
        if (share.lower() >= 0.5 - tolerance && share.upper() <= 0.5 + tolerance) {
            return WITHIN;
        }
        return UNDETERMINED;
    }

    private static Map<String, List<ImageRow>> byOccupation(List<ImageRow> rows) {
        Map<String, List<ImageRow>> out = new LinkedHashMap<>();
        for (ImageRow r : rows) {
            out.computeIfAbsent(r.listId() + "." + r.occupationId(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** One perceiver's side: the largest face's outcome of every perceived image, keyed by (prompt, sample, seed). */
    private static OccupationChanges.Side side(ImageRow first, List<ImageRow> rows, double confidence, int resamples,
            long seed) {
        Map<String, String> images = new LinkedHashMap<>();
        List<String> outcomes = new ArrayList<>();
        for (ImageRow r : rows) {
            if (r.outcome().isEmpty() || r.outcome().equals("error")) {
                continue;
            }
            images.put(r.promptId() + "|" + r.sampleIndex() + "|" + r.seed(), r.outcome());
            outcomes.add(r.outcome());
        }
        OutcomeShares g = OutcomeShares.of(outcomes, AuditResults.OUTCOMES, confidence, resamples, seed);
        return new OccupationChanges.Side(first.occupationId(), first.occupation(), g, null, images);
    }

    /** One perceiver's reading of an occupation's images against their reference labels, on the same images. */
    private static ReferenceComparison.Paired truth(List<ImageRow> rows, double confidence) {
        return ReferenceComparison.of(rows.stream().map(r -> r.outcome().equals("error") ? "" : r.outcome()).toList(),
                rows.stream().map(ImageRow::truth).toList(), confidence).same();
    }

    private static Estimate womanShare(OutcomeShares g, double confidence) {
        long w = g.count(PerceptionPolicy.WOMAN);
        return Intervals.wilson(w, w + g.count(PerceptionPolicy.MAN), confidence);
    }
}
