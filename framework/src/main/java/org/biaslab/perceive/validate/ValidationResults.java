package org.biaslab.perceive.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.metric.validity.Auc;
import org.biaslab.metric.validity.Calibration;
import org.biaslab.metric.validity.ConfusionMatrix;
import org.biaslab.metric.validity.GroupAccuracy;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.skin.ItaCategory;

/**
 * The statistics of a validation run, computed from the per-image outcomes only (no model calls):
 * the confusion matrix with abstentions, calibration, accuracy per labelled group and
 * intersection, the estimated-skin-tone distribution per group, the AUC of ITA between two named
 * groups, and per group the perceived-woman share next to the labels' share and the no-face share.
 *
 * <p>Denominators: accuracy counts only images with a woman / man label that were read and had a
 * decided face; "uncertain" and "no face" are abstentions with their own rates; images that could
 * not be read ({@link ImageOutcome#ERROR}) are counted apart and enter nothing else; images whose
 * label was "Pass" are perceived and enter the perceived shares and no-face shares, never accuracy.
 */
public final class ValidationResults {
    /** Labels of the confusion matrix. */
    public static final List<String> LABELS = List.of(PerceptionPolicy.WOMAN, PerceptionPolicy.MAN);
    /** Abstention kinds of the confusion matrix. */
    public static final List<String> ABSTENTIONS = List.of(PerceptionPolicy.UNCERTAIN, PerceptionPolicy.NO_FACE);
    /** Attribute name of the true label in the group breakdown. */
    public static final String TRUE_LABEL = "label";
    /** Interval confidence of every estimate. */
    public static final double CONFIDENCE = 0.95;
    /** Seed of the bootstrap intervals of ECE and Brier score (fixed, so results are byte-identical). */
    public static final long SEED = 20240607L;
    /** Quantiles of the ITA distributions. */
    public static final double[] QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};
    /**
     * Group pairs whose ITA separation is reported as an AUC: (positive, other). Positive is the
     * group expected to have lighter estimated skin (higher ITA), so an AUC above 0.5 means ITA
     * orders the groups that way.
     */
    public static final List<List<String>> ITA_PAIRS = List.of(List.of("White", "Black"));

    private final List<ImageOutcome> outcomes;
    private final List<String> groupColumns;
    private final ConfusionMatrix matrix;
    private final Calibration.Result calibration;
    private final List<GroupAccuracy.Cell> groups;

    public ValidationResults(List<ImageOutcome> outcomes, List<String> groupColumns) {
        this.outcomes = List.copyOf(outcomes);
        this.groupColumns = List.copyOf(groupColumns);
        ConfusionMatrix.Builder b = ConfusionMatrix.builder(LABELS, ABSTENTIONS);
        List<Double> p = new ArrayList<>();
        List<Boolean> y = new ArrayList<>();
        List<GroupAccuracy.Item> items = new ArrayList<>();
        for (ImageOutcome o : this.outcomes) {
            if (!o.perceived() || !o.label().labelled()) continue;
            b.add(o.label().truth(), o.outcome());
            if (o.hasFace()) {
                p.add(o.pWoman());
                y.add(PerceptionPolicy.WOMAN.equals(o.label().truth()));
            }
            Map<String, String> g = new LinkedHashMap<>();
            g.put(TRUE_LABEL, o.label().truth());
            g.putAll(o.label().groups());
            items.add(new GroupAccuracy.Item(o.label().truth(), o.outcome(), g));
        }
        this.matrix = b.build();
        double[] pw = p.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] pos = new boolean[y.size()];
        for (int i = 0; i < pos.length; i++) pos[i] = y.get(i);
        this.calibration = Calibration.binary(pw, pos, SEED);
        List<String> attrs = new ArrayList<>();
        attrs.add(TRUE_LABEL);
        for (String c : this.groupColumns) {
            if (!c.equals(TRUE_LABEL)) attrs.add(c);
        }
        this.groups = GroupAccuracy.compute(items, LABELS, ABSTENTIONS, attrs.subList(0, Math.min(attrs.size(), 8)),
                CONFIDENCE);
    }

    public List<ImageOutcome> outcomes() {
        return outcomes;
    }

    public List<String> groupColumns() {
        return groupColumns;
    }

    public ConfusionMatrix matrix() {
        return matrix;
    }

    public Calibration.Result calibration() {
        return calibration;
    }

    public List<GroupAccuracy.Cell> groups() {
        return groups;
    }

    /** Images listed in the labels file. */
    public int images() {
        return outcomes.size();
    }

    /** Images that could not be read or perceived. */
    public long errors() {
        return outcomes.stream().filter(o -> !o.perceived()).count();
    }

    /** Images whose label is excluded from accuracy (e.g. "Pass"). */
    public long excluded() {
        return outcomes.stream().filter(o -> !o.label().labelled()).count();
    }

    /** Share of read images (labelled or not) in which a face was found, Wilson interval. */
    public Estimate detectionRate() {
        long read = outcomes.stream().filter(ImageOutcome::perceived).count();
        long face = outcomes.stream().filter(ImageOutcome::hasFace).count();
        return Intervals.wilson(face, read, CONFIDENCE);
    }

    /**
     * Estimated-skin-tone distribution of one group of images with a face.
     *
     * @param faces        images with a face
     * @param withEstimate of those, images with an ITA estimate
     * @param quantiles    ITA quantiles {@link #QUANTILES} over the estimates (NaN without any)
     * @param categories   ITA category counts
     * @param unreliable   share of the faces whose skin estimate is missing or flagged, Wilson interval
     */
    public record ItaDistribution(int faces, int withEstimate, double[] quantiles, Map<ItaCategory, Integer> categories,
                                  Estimate unreliable) {}

    /** ITA distribution of the images with a face whose group column {@code column} equals {@code value} (null: all). */
    public ItaDistribution ita(String column, String value) {
        List<Double> v = new ArrayList<>();
        int faces = 0;
        int unreliable = 0;
        Map<ItaCategory, Integer> cats = new EnumMap<>(ItaCategory.class);
        for (ItaCategory c : ItaCategory.values()) cats.put(c, 0);
        for (ImageOutcome o : outcomes) {
            if (!o.hasFace()) continue;
            if (column != null && !value.equals(groupValue(o, column))) continue;
            faces++;
            if (!o.skinReliable()) unreliable++;
            if (!Double.isNaN(o.ita())) {
                v.add(o.ita());
                cats.merge(o.category(), 1, Integer::sum);
            }
        }
        double[] sorted = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] q = new double[QUANTILES.length];
        for (int i = 0; i < q.length; i++) q[i] = sorted.length == 0 ? Double.NaN : Intervals.quantile(sorted, QUANTILES[i]);
        return new ItaDistribution(faces, sorted.length, q, cats, Intervals.wilson(unreliable, faces, CONFIDENCE));
    }

    /** The value of a group column (or the true label for {@link #TRUE_LABEL}) of an image, null when none. */
    static String groupValue(ImageOutcome o, String column) {
        if (TRUE_LABEL.equals(column)) return o.label().truth();
        return o.label().groups().get(column);
    }

    /** The values of a column over all images, in first-seen order sorted. */
    public List<String> values(String column) {
        Set<String> s = new java.util.TreeSet<>();
        for (ImageOutcome o : outcomes) {
            String v = groupValue(o, column);
            if (v != null) s.add(v);
        }
        return new ArrayList<>(s);
    }

    /**
     * The AUC of ITA separating two groups of a column (DeLong interval), over the images with a face
     * and an ITA estimate; with {@code reliableOnly} over those whose estimate carries no flag.
     */
    public Auc.Result itaAuc(String column, String positive, String negative, boolean reliableOnly) {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (ImageOutcome o : outcomes) {
            if (!o.hasFace() || Double.isNaN(o.ita()) || (reliableOnly && !o.skinReliable())) continue;
            String v = groupValue(o, column);
            if (positive.equals(v)) a.add(o.ita());
            else if (negative.equals(v)) b.add(o.ita());
        }
        return Auc.delong(a.stream().mapToDouble(Double::doubleValue).toArray(),
                b.stream().mapToDouble(Double::doubleValue).toArray(), CONFIDENCE);
    }

    /**
     * Perceived shares of one group.
     *
     * @param value            group value
     * @param images           read images of the group
     * @param perceivedWoman   "woman" / (woman + man) over the group's images with a decided face
     * @param labelledWoman    label "woman" / labelled images of the group (e.g. the annotators' majority)
     * @param agreement        accuracy over the group's labelled images with a decided face
     * @param noFace           images without a face / read images
     * @param uncertain        images whose largest face is uncertain / read images
     * @param excluded         images of the group excluded from accuracy (e.g. "Pass")
     */
    public record GroupShares(String value, long images, Estimate perceivedWoman, Estimate labelledWoman,
                              Estimate agreement, Estimate noFace, Estimate uncertain, long excluded) {}

    /** Perceived shares of every value of a group column. */
    public List<GroupShares> shares(String column) {
        List<GroupShares> out = new ArrayList<>();
        for (String v : values(column)) {
            long read = 0, women = 0, decided = 0, labelled = 0, labelledWomen = 0, agreeN = 0, agree = 0, noFace = 0,
                    uncertain = 0, excluded = 0;
            for (ImageOutcome o : outcomes) {
                if (!v.equals(groupValue(o, column))) continue;
                if (!o.label().labelled()) excluded++;
                else {
                    labelled++;
                    if (PerceptionPolicy.WOMAN.equals(o.label().truth())) labelledWomen++;
                }
                if (!o.perceived()) continue;
                read++;
                boolean dec = PerceptionPolicy.WOMAN.equals(o.outcome()) || PerceptionPolicy.MAN.equals(o.outcome());
                if (dec) {
                    decided++;
                    if (PerceptionPolicy.WOMAN.equals(o.outcome())) women++;
                    if (o.label().labelled()) {
                        agreeN++;
                        if (o.outcome().equals(o.label().truth())) agree++;
                    }
                }
                if (PerceptionPolicy.NO_FACE.equals(o.outcome())) noFace++;
                if (PerceptionPolicy.UNCERTAIN.equals(o.outcome())) uncertain++;
            }
            out.add(new GroupShares(v, read, Intervals.wilson(women, decided, CONFIDENCE),
                    Intervals.wilson(labelledWomen, labelled, CONFIDENCE), Intervals.wilson(agree, agreeN, CONFIDENCE),
                    Intervals.wilson(noFace, read, CONFIDENCE), Intervals.wilson(uncertain, read, CONFIDENCE), excluded));
        }
        return out;
    }

    /** The named ITA pairs present in a column: [column, positive, negative]. */
    public List<List<String>> itaPairs() {
        List<List<String>> out = new ArrayList<>();
        for (String c : groupColumns) {
            List<String> vs = values(c);
            for (List<String> pair : ITA_PAIRS) {
                if (vs.contains(pair.get(0)) && vs.contains(pair.get(1))) out.add(List.of(c, pair.get(0), pair.get(1)));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // JSON

    /** Everything as a JSON-ready map (sorted keys; NaN written as null). */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new TreeMap<>();
        Map<String, Object> counts = new TreeMap<>();
        counts.put("images", images());
        counts.put("errors", errors());
        counts.put("excludedFromAccuracy", excluded());
        counts.put("scored", matrix.n());
        counts.put("decided", matrix.decided());
        counts.put("correct", matrix.correct());
        counts.put("uncertain", matrix.abstainedTotal(PerceptionPolicy.UNCERTAIN));
        counts.put("noFace", matrix.abstainedTotal(PerceptionPolicy.NO_FACE));
        root.put("counts", counts);
        ConfusionMatrix.Summary s = matrix.summary(CONFIDENCE);
        root.put("accuracy", est(s.accuracy()));
        root.put("balancedAccuracy", est(s.balancedAccuracy()));
        root.put("kappa", est(s.kappa()));
        root.put("abstentionRate", est(s.abstentionRate()));
        Map<String, Object> byKind = new TreeMap<>();
        s.abstentionRateByKind().forEach((k, v) -> byKind.put(k, est(v)));
        root.put("abstentionRateByKind", byKind);
        root.put("detectionRate", est(detectionRate()));
        Map<String, Object> perLabel = new TreeMap<>();
        for (ConfusionMatrix.ClassSummary c : s.perClass()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("items", c.items());
            m.put("recall", est(c.recall()));
            m.put("precision", est(c.precision()));
            m.put("abstentionRate", est(c.abstentionRate()));
            perLabel.put(c.label(), m);
        }
        root.put("perLabel", perLabel);
        Map<String, Object> cal = new TreeMap<>();
        cal.put("n", calibration.n());
        cal.put("ece", est(calibration.ece()));
        cal.put("brier", est(calibration.brier()));
        List<Object> bins = new ArrayList<>();
        for (Calibration.Bin bin : calibration.diagram().bins()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("lower", bin.lower());
            m.put("upper", bin.upper());
            m.put("n", bin.n());
            m.put("meanConfidence", num(bin.meanConfidence()));
            m.put("accuracy", est(bin.accuracy()));
            bins.add(m);
        }
        cal.put("bins", bins);
        cal.put("items", "images with a labelled woman / man and a face (uncertain included); "
                + "probability of the positive label 'woman'");
        root.put("calibration", cal);
        List<Object> cells = new ArrayList<>();
        for (GroupAccuracy.Cell c : groups) {
            Map<String, Object> m = new TreeMap<>();
            m.put("group", new LinkedHashMap<>(c.group()));
            m.put("name", c.name());
            m.put("attributes", c.attributes());
            m.put("n", c.n());
            m.put("decided", c.matrix().decided());
            m.put("accuracy", est(c.accuracy()));
            m.put("abstentionRate", est(c.abstentionRate()));
            m.put("smallCell", c.smallCell());
            cells.add(m);
        }
        root.put("groups", cells);
        Map<String, Object> skin = new TreeMap<>();
        skin.put("all", itaJson(ita(null, null)));
        List<String> columns = new ArrayList<>();
        columns.add(TRUE_LABEL);
        columns.addAll(groupColumns);
        for (String c : new LinkedHashSet<>(columns)) {
            Map<String, Object> byValue = new TreeMap<>();
            for (String v : values(c)) byValue.put(v, itaJson(ita(c, v)));
            skin.put(c, byValue);
        }
        root.put("skinTone", skin);
        List<Object> aucs = new ArrayList<>();
        for (List<String> pair : itaPairs()) {
            Map<String, Object> m = new TreeMap<>();
            m.put("column", pair.get(0));
            m.put("positive", pair.get(1));
            m.put("negative", pair.get(2));
            m.put("all", aucJson(itaAuc(pair.get(0), pair.get(1), pair.get(2), false)));
            m.put("reliableOnly", aucJson(itaAuc(pair.get(0), pair.get(1), pair.get(2), true)));
            aucs.add(m);
        }
        root.put("itaAuc", aucs);
        Map<String, Object> shares = new TreeMap<>();
        for (String c : groupColumns) {
            List<Object> rows = new ArrayList<>();
            for (GroupShares g : shares(c)) {
                Map<String, Object> m = new TreeMap<>();
                m.put("value", g.value());
                m.put("images", g.images());
                m.put("excluded", g.excluded());
                m.put("perceivedWoman", est(g.perceivedWoman()));
                m.put("labelledWoman", est(g.labelledWoman()));
                m.put("agreement", est(g.agreement()));
                m.put("noFace", est(g.noFace()));
                m.put("uncertain", est(g.uncertain()));
                rows.add(m);
            }
            shares.put(c, rows);
        }
        root.put("groupShares", shares);
        return root;
    }

    private static Map<String, Object> itaJson(ItaDistribution d) {
        Map<String, Object> m = new TreeMap<>();
        m.put("faces", d.faces());
        m.put("withEstimate", d.withEstimate());
        Map<String, Object> q = new TreeMap<>();
        for (int i = 0; i < QUANTILES.length; i++) q.put(String.format(java.util.Locale.ROOT, "q%02d",
                Math.round(QUANTILES[i] * 100)), num(d.quantiles()[i]));
        m.put("quantiles", q);
        Map<String, Object> cats = new LinkedHashMap<>();
        d.categories().forEach((k, v) -> cats.put(k.label(), v));
        m.put("categories", cats);
        m.put("unreliableShare", est(d.unreliable()));
        return m;
    }

    private static Map<String, Object> aucJson(Auc.Result r) {
        Map<String, Object> m = new TreeMap<>();
        m.put("auc", est(r.auc()));
        m.put("standardError", num(r.standardError()));
        m.put("positives", r.positives());
        m.put("negatives", r.negatives());
        return m;
    }

    /** An estimate as JSON: value, lower, upper, n, method; NaN as null. */
    public static Map<String, Object> est(Estimate e) {
        Objects.requireNonNull(e, "e");
        Map<String, Object> m = new TreeMap<>();
        m.put("value", num(e.value()));
        m.put("lower", num(e.lower()));
        m.put("upper", num(e.upper()));
        m.put("n", e.n());
        m.put("method", e.method());
        return m;
    }

    static Object num(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }

    @Override
    public String toString() {
        return "ValidationResults[" + images() + " images, " + Arrays.toString(new long[] {matrix.n(), errors()}) + "]";
    }
}
