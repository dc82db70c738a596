package org.biaslab.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.experiment.audit.AuditResults;
import org.biaslab.metric.MultipleTesting;
import org.biaslab.metric.representation.OutcomeShares;
import org.biaslab.metric.representation.ShareDifference;
import org.biaslab.perceive.PerceptionPolicy;
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
 * <p>The design is unpaired: each run's images are treated as independent samples, which is right
 * for two models and conservative when both runs used the same prompts and seeds (a paired
 * analysis by (prompt, seed) is not done yet).
 *
 * @param runA             the first run's folder and experiment name
 * @param runB             the second run's
 * @param design           "unpaired"
 * @param confidence       interval confidence
 * @param alpha            level of the adjusted tests
 * @param perceiverChanged whether the perceiver or perception policy differs (which changes the
 *                         numbers by itself)
 * @param perceiverA       run A's perceiver and policy
 * @param perceiverB       run B's
 * @param occupations      per occupation, sorted by the size of the woman-share change
 * @param onlyInOneRun     occupations that are not in both runs
 */
public record AuditComparison(RunRef runA, RunRef runB, String design, double confidence, double alpha,
        boolean perceiverChanged, Map<String, Object> perceiverA, Map<String, Object> perceiverB,
        List<Change> occupations, List<String> onlyInOneRun) implements VersionedResults {

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
     * One occupation's change from B to A.
     *
     * @param occupationId  the id
     * @param name          its name
     * @param womanShare    perceived woman share among decided images, A - B
     * @param womanHolm     Holm-adjusted p-value of the woman share
     * @param womanBh       Benjamini-Hochberg-adjusted p-value
     * @param noFaceShare   share of images with no face, A - B
     * @param noFaceHolm    Holm-adjusted p-value of the no-face share
     * @param noFaceBh      Benjamini-Hochberg-adjusted p-value
     * @param moved         the woman share moved (Holm-adjusted p below alpha)
     */
    public record Change(String occupationId, String name, ShareDifference womanShare, double womanHolm,
            double womanBh, ShareDifference noFaceShare, double noFaceHolm, double noFaceBh, boolean moved) {}

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
        int m = pairs.size();
        ShareDifference[] woman = new ShareDifference[m];
        ShareDifference[] noFace = new ShareDifference[m];
        double[] pw = new double[m];
        double[] pn = new double[m];
        for (int i = 0; i < m; i++) {
            OutcomeShares ga = pairs.get(i)[0].gender();
            OutcomeShares gb = pairs.get(i)[1].gender();
            woman[i] = ShareDifference.of(ga.count(PerceptionPolicy.WOMAN), decided(ga), gb.count(PerceptionPolicy.WOMAN),
                    decided(gb), confidence);
            noFace[i] = ShareDifference.of(ga.count(PerceptionPolicy.NO_FACE), ga.n(), gb.count(PerceptionPolicy.NO_FACE),
                    gb.n(), confidence);
            pw[i] = woman[i].pValue();
            pn[i] = noFace[i].pValue();
        }
        double[] wHolm = MultipleTesting.holm(pw);
        double[] wBh = MultipleTesting.benjaminiHochberg(pw);
        double[] nHolm = MultipleTesting.holm(pn);
        double[] nBh = MultipleTesting.benjaminiHochberg(pn);
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            AuditResults.Occupation o = pairs.get(i)[0];
            changes.add(new Change(o.occupationId(), o.name(), woman[i], wHolm[i], wBh[i], noFace[i], nHolm[i], nBh[i],
                    wHolm[i] < alpha));
        }
        changes.sort(Comparator.comparingDouble((Change c) -> c.womanShare().difference().defined()
                ? -Math.abs(c.womanShare().difference().value()) : 1).thenComparing(Change::occupationId));
        Map<String, Object> pa = perceiver(ra);
        Map<String, Object> pb = perceiver(rb);
        return new AuditComparison(new RunRef(a.toString(), ra.experiment(), ra.simulation()),
                new RunRef(b.toString(), rb.experiment(), rb.simulation()), "unpaired", confidence, alpha,
                !Objects.equals(pa, pb), pa, pb, changes, onlyOne);
    }

    private static long decided(OutcomeShares g) {
        return g.count(PerceptionPolicy.WOMAN) + g.count(PerceptionPolicy.MAN);
    }

    private static Map<String, Object> perceiver(AuditResults r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("perceiver", r.perceiver());
        m.put("policy", r.policy());
        return m;
    }

    private static AuditResults read(Path run) throws IOException {
        Path file = run.resolve("results.json");
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
