package org.biaslab.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.metric.representation.ShareDifference;
import org.biaslab.util.Json;
import org.biaslab.util.VersionedResults;

/**
 * Two caption studies compared, A - B: two {@code caption-bias} runs (LIC per model, classifier,
 * protocol and attribute, from the seeds' values) or two {@code debias} runs (per model: caption
 * gender error before and after debiasing, and the LIC after debiasing per classifier).
 *
 * <p>LIC differences are differences of seed means with a normal interval from the seeds' spread
 * (the runs' seeds are independent draws of splits and initialisations); error differences are
 * Newcombe's interval for two independent proportions (the runs may caption different images).
 *
 * @param studyKind  the runs' kind ({@code caption-bias} or {@code debias})
 * @param runA       the first run's folder
 * @param runB       the second run's folder
 * @param confidence interval confidence
 * @param lic        caption-bias: per matching LIC row
 * @param models     debias: per model in both runs
 * @param onlyInOneRun rows or models in one run only
 */
public record StudyComparison(String studyKind, String runA, String runB, double confidence, List<LicChange> lic,
        List<DebiasChange> models, List<String> onlyInOneRun) implements VersionedResults {

    /** Kind of this results.json (docs/schemas/compare-studies.schema.json). */
    public static final String KIND = "compare-studies";

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * @param row        model / classifier / protocol / attribute
     * @param a          run A's LIC (x100, mean over seeds)
     * @param b          run B's
     * @param difference A - B
     */
    public record LicChange(String row, double a, double b, Estimate difference) {}

    /**
     * @param model       the model
     * @param errorBefore caption gender error before debiasing, A - B
     * @param errorAfter  after debiasing, A - B
     * @param licAfter    per classifier, LIC_M after debiasing (x100), A - B
     */
    public record DebiasChange(String model, ShareDifference errorBefore, ShareDifference errorAfter,
            List<LicChange> licAfter) {}

    public static boolean handles(String kind) {
        return kind.equals("caption-bias") || kind.equals("debias");
    }

    /** The kind of the run in {@code dir} ("" when unreadable). */
    public static String kindOf(Path dir) throws IOException {
        Path f = dir.resolve(VersionedResults.FILE);
        if (!Files.isRegularFile(f)) {
            throw new IOException(dir + " holds no results.json: not a finished run");
        }
        return Json.mapper().readTree(f.toFile()).path("kind").asText("");
    }

    public static StudyComparison of(Path a, Path b, double confidence) throws IOException {
        JsonNode ra = Json.mapper().readTree(a.resolve(VersionedResults.FILE).toFile());
        JsonNode rb = Json.mapper().readTree(b.resolve(VersionedResults.FILE).toFile());
        String kind = ra.path("kind").asText("");
        if (!kind.equals(rb.path("kind").asText(""))) {
            throw new IOException("cannot compare a '" + kind + "' run (" + a + ") with a '" + rb.path("kind").asText()
                    + "' run (" + b + ")");
        }
        List<String> onlyOne = new ArrayList<>();
        List<LicChange> lic = new ArrayList<>();
        List<DebiasChange> models = new ArrayList<>();
        if (kind.equals("caption-bias")) {
            Map<String, JsonNode> rowsB = new LinkedHashMap<>();
            for (JsonNode r : rb.path("lic")) rowsB.put(rowId(r), r);
            for (JsonNode r : ra.path("lic")) {
                JsonNode other = rowsB.remove(rowId(r));
                if (other == null) {
                    onlyOne.add(rowId(r) + " (only in A)");
                    continue;
                }
                lic.add(licChange(rowId(r), seedLic(r), seedLic(other), confidence));
            }
            rowsB.keySet().forEach(k -> onlyOne.add(k + " (only in B)"));
        } else if (kind.equals("debias")) {
            Map<String, JsonNode> byModel = new LinkedHashMap<>();
            for (JsonNode m : rb.path("models")) byModel.put(m.path("model").asText(), m);
            for (JsonNode m : ra.path("models")) {
                String name = m.path("model").asText();
                JsonNode other = byModel.remove(name);
                if (other == null) {
                    onlyOne.add(name + " (only in A)");
                    continue;
                }
                List<LicChange> after = new ArrayList<>();
                for (JsonNode la : m.path("lic")) {
                    for (JsonNode lb : other.path("lic")) {
                        if (la.path("classifier").asText().equals(lb.path("classifier").asText())) {
                            Estimate ea = Json.mapper().treeToValue(la.path("licM").path("after"), Estimate.class);
                            Estimate eb = Json.mapper().treeToValue(lb.path("licM").path("after"), Estimate.class);
                            after.add(fromEstimates(la.path("classifier").asText(), ea, eb, confidence));
                        }
                    }
                }
                models.add(new DebiasChange(name, error(m, other, "before", confidence),
                        error(m, other, "after", confidence), after));
            }
            byModel.keySet().forEach(k -> onlyOne.add(k + " (only in B)"));
        } else {
            throw new IOException(a + " is a '" + kind + "' run; this comparison reads caption-bias or debias runs");
        }
        if (lic.isEmpty() && models.isEmpty()) {
            throw new IOException("the runs " + a + " and " + b + " have nothing in common to compare: " + onlyOne);
        }
        return new StudyComparison(kind, a.toString(), b.toString(), confidence, lic, models, onlyOne);
    }

    private static String rowId(JsonNode r) {
        return r.path("model").asText() + " / " + r.path("classifier").asText() + " / " + r.path("protocol").asText()
                + " / " + r.path("attribute").asText();
    }

    /** Per seed LIC = LIC_M - LIC_D (x100). */
    private static double[] seedLic(JsonNode row) {
        JsonNode ps = row.path("perSeed");
        double[] out = new double[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            out[i] = ps.get(i).get(0).asDouble() - ps.get(i).get(1).asDouble();
        }
        return out;
    }

    static LicChange licChange(String row, double[] x, double[] y, double confidence) {
        return new LicChange(row, Intervals.mean(x), Intervals.mean(y), seedMeanDifference(x, y, confidence));
    }

    /**
     * mean(x) - mean(y) of two runs' per-seed values, with a normal interval from the seeds' spread
     * (the standard error of each mean from its seeds' sd; a single seed adds none).
     */
    static Estimate seedMeanDifference(double[] x, double[] y, double confidence) {
        double se = Math.sqrt((x.length > 1 ? Math.pow(Intervals.sd(x), 2) / x.length : 0)
                + (y.length > 1 ? Math.pow(Intervals.sd(y), 2) / y.length : 0));
        return normal(Intervals.mean(x) - Intervals.mean(y), se, x.length + y.length, confidence);
    }

    /** From two bootstrap estimates over seeds: their sds as standard deviations of seed values. */
    private static LicChange fromEstimates(String row, Estimate a, Estimate b, double confidence) {
        double se = Math.sqrt(sq(a.sd()) / Math.max(1, a.n()) + sq(b.sd()) / Math.max(1, b.n()));
        return new LicChange(row, a.value(), b.value(), normal(a.value() - b.value(), se, a.n() + b.n(), confidence));
    }

    private static Estimate normal(double d, double se, int n, double confidence) {
        double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double half = Double.isNaN(se) ? Double.NaN : z * se;
        return new Estimate(d, d - half, d + half, se, n, String.format(Locale.ROOT,
                "difference of seed means, normal %.0f%%", confidence * 100));
    }

    private static ShareDifference error(JsonNode a, JsonNode b, String when, double confidence) {
        JsonNode ga = a.path("genderError").path(when).path("overall");
        JsonNode gb = b.path("genderError").path(when).path("overall");
        return ShareDifference.of(ga.path("wrong").asLong(), ga.path("images").asLong(), gb.path("wrong").asLong(),
                gb.path("images").asLong(), confidence);
    }

    private static double sq(double v) {
        return Double.isNaN(v) ? 0 : v * v;
    }
}
