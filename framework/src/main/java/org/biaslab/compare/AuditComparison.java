package org.biaslab.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.experiment.audit.AuditResults;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.representation.OccupationChanges;
import org.biaslab.metric.representation.ShareDifference;
import org.biaslab.util.CsvRows;
import org.biaslab.util.Json;
import org.biaslab.util.VersionedResults;

/**
 * Two t2i-audit runs compared occupation by occupation (A minus B): the perceived woman share among
 * images read as a woman or a man, and the share of images with no face, each with Newcombe's
 * interval for the difference of independent proportions and a two-proportion test; p-values are
 * adjusted across occupations with Holm's method (family-wise error) and Benjamini-Hochberg (false
 * discovery rate), both shown. An occupation "moved" when its Holm-adjusted p-value of the woman
 * share is below {@code alpha}.
 *
 * <p>When both runs hold the same images of an occupation by (prompt, sample, seed) (same seeds,
 * e.g. two models or a mitigation), the comparison is paired on those images: the shares are taken
 * over images decided in both runs (no-face: over all), with Newcombe's paired interval and
 * McNemar's exact test, which removes the variation of the prompts and seeds themselves. Otherwise
 * each run's images are independent samples (unpaired). Each occupation says which.
 *
 * @param runA             the first run's folder and experiment name
 * @param runB             the second run's
 * @param design           "paired by (prompt, sample, seed)", "unpaired", or "mixed" (some occupations each)
 * @param confidence       interval confidence
 * @param alpha            level of the adjusted tests
 * @param perceiverChanged whether the perceiver or perception policy differs (which changes the
 *                         numbers by itself)
 * @param perceiverA       run A's perceiver and policy
 * @param perceiverB       run B's
 * @param occupations      per occupation, sorted by the size of the woman-share change
 * @param onlyInOneRun     occupations that are not in both runs
 * @param captions         the caption metrics A - B when both runs captioned their images (absent otherwise)
 * @param parity           the occupations that moved, by whether run A is nearer parity than run B
 */
public record AuditComparison(RunRef runA, RunRef runB, String design, double confidence, double alpha,
        boolean perceiverChanged, Map<String, Object> perceiverA, Map<String, Object> perceiverB,
        List<OccupationChanges.Change> occupations, List<String> onlyInOneRun,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        CaptionChange captions, Parity parity) implements VersionedResults {

    /**
     * The occupations that moved (Holm-adjusted woman-share test below alpha), by where run A's
     * perceived woman share is relative to parity (0.5) against run B's: nearer ({@code toward}), further
     * ({@code away}); {@code crossed} counts those whose shares lie on opposite sides of 0.5 (also
     * counted toward or away). For an occupation that does not cross 0.5 the change of |p - 0.5| is the
     * change of p itself, so the woman-share test is a test of the distance to parity; for one that
     * crosses, the direction is read from the point estimates.
     *
     * @param compared occupations with a defined woman share in both runs
     * @param moved    of those, the ones that moved
     * @param toward   moved, A nearer parity than B
     * @param away     moved, A further from parity than B
     * @param crossed  moved across 0.5
     * @param towardIds ids of the toward occupations, largest change first
     * @param awayIds   ids of the away occupations, largest change first
     */
    public record Parity(int compared, int moved, int toward, int away, int crossed, List<String> towardIds,
            List<String> awayIds) {
        public Parity {
            towardIds = List.copyOf(towardIds);
            awayIds = List.copyOf(awayIds);
        }

        static Parity of(List<OccupationChanges.Change> changes) {
            int compared = 0;
            int moved = 0;
            int crossed = 0;
            List<String> toward = new ArrayList<>();
            List<String> away = new ArrayList<>();
            for (OccupationChanges.Change ch : changes) {
                double a = ch.womanShare().a().value();
                double b = ch.womanShare().b().value();
                if (Double.isNaN(a) || Double.isNaN(b)) {
                    continue;
                }
                compared++;
                if (!ch.moved()) {
                    continue;
                }
                moved++;
                if (Math.abs(a - 0.5) < Math.abs(b - 0.5)) {
                    toward.add(ch.occupationId());
                } else if (Math.abs(a - 0.5) > Math.abs(b - 0.5)) {
                    away.add(ch.occupationId());
                }
                if ((a - 0.5) * (b - 0.5) < 0) {
                    crossed++;
                }
            }
            return new Parity(compared, moved, toward.size(), away.size(), crossed, toward, away);
        }
    }

    /**
     * The captions of the two runs, A - B, each against its own run's perceived gender (unpaired:
     * Newcombe's interval for two independent proportions).
     *
     * @param captionerA        run A's captioner id
     * @param captionerB        run B's
     * @param captionerChanged  whether the captioners differ
     * @param error             caption gender error (the other gender's words), all labelled images
     * @param errorWomen        the same on images perceived as women
     * @param errorMen          the same on images perceived as men
     * @param leakage           LIC x100 of perceived gender through the masked captions, per classifier both
     *                          runs measured: the difference of seed means with a normal interval
     * @param debiasedError     caption error after debiasing, A - B, when both runs debiased (else null)
     */
    public record CaptionChange(String captionerA, String captionerB, boolean captionerChanged, ShareDifference error,
            ShareDifference errorWomen, ShareDifference errorMen, List<LeakageChange> leakage,
            ShareDifference debiasedError) {}

    /**
     * @param classifier the leakage classifier
     * @param a          run A's LIC x100 (mean over seeds)
     * @param b          run B's
     * @param difference A - B with a normal interval from the seeds' spread
     */
    public record LeakageChange(String classifier, double a, double b, Estimate difference) {}

    /** Kind of this results.json (docs/schemas/compare.schema.json). */
    public static final String KIND = "compare";

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * A run.
     *
     * @param dir        its folder
     * @param experiment its experiment name
     * @param simulation whether it is a simulation
     */
    public record RunRef(String dir, String experiment, boolean simulation) {}

    /**
     * Compares the runs in {@code a} and {@code b}.
     *
     * @throws IOException for a folder without results.json, runs of another kind, or runs with no
     *     occupation in common, with a message naming them
     */
    public static AuditComparison of(Path a, Path b, double confidence, double alpha) throws IOException {
        AuditResults ra = read(a);
        AuditResults rb = read(b);
        Map<String, AuditResults.Occupation> byIdB = new LinkedHashMap<>();
        rb.occupations().forEach(o -> byIdB.put(o.listId() + "/" + o.occupationId(), o));
        List<AuditResults.Occupation[]> pairs = new ArrayList<>();
        List<String> onlyOne = new ArrayList<>();
        for (AuditResults.Occupation o : ra.occupations()) {
            AuditResults.Occupation other = byIdB.remove(o.listId() + "/" + o.occupationId());
            if (other == null) {
                onlyOne.add(o.occupationId() + " (only in " + a + ")");
            } else {
                pairs.add(new AuditResults.Occupation[] {o, other});
            }
        }
        byIdB.values().forEach(o -> onlyOne.add(o.occupationId() + " (only in " + b + ")"));
        if (pairs.isEmpty()) {
            throw new IOException("the runs " + a + " and " + b + " have no occupation in common: nothing to compare");
        }
        Map<String, Map<String, String>> imagesA = images(a);
        Map<String, Map<String, String>> imagesB = images(b);
        List<OccupationChanges.Side[]> sides = new ArrayList<>();
        for (AuditResults.Occupation[] p : pairs) {
            String key = p[0].listId() + "/" + p[0].occupationId();
            sides.add(new OccupationChanges.Side[] {
                new OccupationChanges.Side(p[0].occupationId(), p[0].name(), p[0].gender(), p[0].skin(),
                        imagesA.getOrDefault(key, Map.of())),
                new OccupationChanges.Side(p[1].occupationId(), p[1].name(), p[1].gender(), p[1].skin(),
                        imagesB.getOrDefault(key, Map.of()))});
        }
        OccupationChanges.Result changes = OccupationChanges.compare(sides, confidence, alpha);
        Map<String, Object> pa = perceiver(ra);
        Map<String, Object> pb = perceiver(rb);
        return new AuditComparison(new RunRef(a.toString(), ra.experiment(), ra.simulation()),
                new RunRef(b.toString(), rb.experiment(), rb.simulation()), changes.design(), confidence, alpha,
                !Objects.equals(pa, pb), pa, pb, changes.changes(), onlyOne, captions(ra, rb, confidence),
                Parity.of(changes.changes()));
    }

    static CaptionChange captions(AuditResults ra, AuditResults rb, double confidence) {
        var ca = ra.captions();
        var cb = rb.captions();
        if (ca == null || cb == null) {
            return null;
        }
        List<LeakageChange> leakage = new ArrayList<>();
        for (var la : ca.leakage()) {
            if (!la.labels().equals("perceived") || !la.result().error().isEmpty()) continue;
            for (var lb : cb.leakage()) {
                if (lb.labels().equals("perceived") && lb.result().error().isEmpty()
                        && lb.result().classifier().equals(la.result().classifier())) {
                    leakage.add(leakageChange(la.result(), lb.result(), confidence));
                }
            }
        }
        ShareDifference debiased = ca.debiasing() == null || cb.debiasing() == null ? null
                : error(ca.debiasing().perceived().error().overall(), cb.debiasing().perceived().error().overall(),
                        confidence);
        return new CaptionChange(ca.captionerId(), cb.captionerId(), !ca.captionerId().equals(cb.captionerId()),
                error(ca.perceived().error().overall(), cb.perceived().error().overall(), confidence),
                error(ca.perceived().error().female(), cb.perceived().error().female(), confidence),
                error(ca.perceived().error().male(), cb.perceived().error().male(), confidence), leakage, debiased);
    }

    private static ShareDifference error(org.biaslab.metric.CaptionGenderError.Group a,
            org.biaslab.metric.CaptionGenderError.Group b, double confidence) {
        return ShareDifference.of(a.wrong(), a.images(), b.wrong(), b.images(), confidence);
    }

    private static LeakageChange leakageChange(org.biaslab.metric.leakage.LabelLeakage.Result a,
            org.biaslab.metric.leakage.LabelLeakage.Result b, double confidence) {
        double[] x = a.perSeed().stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = b.perSeed().stream().mapToDouble(Double::doubleValue).toArray();
        return new LeakageChange(a.classifier(), org.biaslab.metric.Intervals.mean(x),
                org.biaslab.metric.Intervals.mean(y), StudyComparison.seedMeanDifference(x, y, confidence));
    }

    /**
     * A run's perceived outcome per image of each occupation, from images.csv: list/occupation ->
     * "prompt_id|sample_index|seed" -> outcome, for generated and perceived images; empty when the run
     * has no images.csv.
     */
    static Map<String, Map<String, String>> images(Path run) throws IOException {
        Path file = run.resolve("images.csv");
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        List<CsvRows.Row> rows = CsvRows.parse(Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
        if (rows.isEmpty()) {
            return out;
        }
        List<String> header = rows.get(0).fields();
        int prompt = header.indexOf("prompt_id");
        int sample = header.indexOf("sample_index");
        int seed = header.indexOf("seed");
        int list = header.indexOf("list");
        int occupation = header.indexOf("occupation_id");
        int status = header.indexOf("status");
        int outcome = header.indexOf("outcome");
        if (java.util.stream.IntStream.of(prompt, sample, seed, list, occupation, status, outcome).anyMatch(i -> i < 0)) {
            throw new IOException(file + ": expected the columns prompt_id, sample_index, seed, list, occupation_id, "
                    + "status and outcome, found " + header);
        }
        for (CsvRows.Row r : rows.subList(1, rows.size())) {
            List<String> f = r.fields();
            if (f.size() != header.size() || !f.get(status).equals("ok") || f.get(outcome).isEmpty()
                    || f.get(prompt).contains("~")) { // an intervention's variant: not the run's own images
                continue;
            }
            out.computeIfAbsent(f.get(list) + "/" + f.get(occupation), k -> new LinkedHashMap<>())
                    .put(f.get(prompt) + "|" + f.get(sample) + "|" + f.get(seed), f.get(outcome));
        }
        return out;
    }

    private static Map<String, Object> perceiver(AuditResults r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("perceiver", r.perceiver());
        m.put("policy", r.policy());
        return m;
    }

    private static AuditResults read(Path run) throws IOException {
        Path file = run.resolve(org.biaslab.util.VersionedResults.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(run + " holds no results.json: not a finished run");
        }
        JsonNode n = Json.mapper().readTree(file.toFile());
        String kind = n.path("kind").asText("");
        if (!kind.equals("t2i-audit")) {
            throw new IOException(file + " is a '" + (kind.isEmpty() ? "unknown (no kind field)" : kind) + "' run; "
                    + "compare reads two t2i-audit runs");
        }
        return Json.mapper().treeToValue(n, AuditResults.class);
    }
}
