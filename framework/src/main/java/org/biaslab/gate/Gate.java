package org.biaslab.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biaslab.experiment.audit.AuditResults;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.util.Json;

/**
 * Evaluates a {@link Policy} on a finished run's {@code results.json}: one verdict per rule and
 * occupation (per-occupation metrics) or per rule (run-level metrics).
 */
public final class Gate {
    /** Exit code when every rule passed. */
    public static final int PASSED = 0;
    /** Exit code when a rule could not be evaluated and none failed. */
    public static final int NOT_EVALUATED = 1;
    /** Exit code when the policy file is invalid. */
    public static final int BAD_POLICY = 2;
    /** Exit code when at least one rule failed. */
    public static final int FAILED = 3;

    private static final String RESULTS = org.biaslab.util.VersionedResults.FILE;
    private static final double VALIDITY_CONFIDENCE = 0.95;

    private Gate() {}

    /** A verdict's outcome. */
    public enum Outcome { PASS, FAIL, ERROR }

    /**
     * One verdict.
     *
     * @param rule    the rule
     * @param subject the occupation id, or "run" for a run-level rule
     * @param outcome pass, fail, or error (could not be evaluated)
     * @param value   the number compared (NaN when none)
     * @param message what was compared, or why it could not be
     */
    public record Verdict(Policy.Rule rule, String subject, Outcome outcome, double value, String message) {}

    /**
     * All verdicts of one evaluation.
     *
     * @param policy   the policy
     * @param run      the run folder
     * @param kind     the run's kind
     * @param verdicts every verdict, in rule order
     */
    public record Evaluation(Policy policy, Path run, String kind, List<Verdict> verdicts) {
        public long count(Outcome o) {
            return verdicts.stream().filter(v -> v.outcome() == o).count();
        }

        /** {@link #FAILED} if a rule failed, else {@link #NOT_EVALUATED} if one could not be evaluated, else {@link #PASSED}. */
        public int exitCode() {
            return count(Outcome.FAIL) > 0 ? FAILED : count(Outcome.ERROR) > 0 ? NOT_EVALUATED : PASSED;
        }
    }

    /**
     * Evaluates {@code policy} on the run in {@code run}.
     *
     * @throws IOException when the run holds no readable results.json
     */
    public static Evaluation evaluate(Policy policy, Path run) throws IOException {
        Path file = run.resolve(RESULTS);
        if (!Files.isRegularFile(file)) {
            throw new IOException(run + " holds no " + RESULTS + ": not a finished run");
        }
        JsonNode results = Json.mapper().readTree(file.toFile());
        String kind = results.path("kind").asText("");
        AuditResults audit = null; // read once, when a rule needs the occupations
        List<Verdict> out = new ArrayList<>();
        for (Policy.Rule rule : policy.rules()) {
            if (rule.metric() == Policy.Metric.VALIDITY_ACCURACY) {
                out.add(runLevel(rule));
                continue;
            }
            if (rule.metric() == Policy.Metric.LIC || rule.metric() == Policy.Metric.DEBIAS_ERROR_CHANGE) {
                out.addAll(captionStudy(rule, results, kind, file));
                continue;
            }
            if (!rule.metric().perOccupation()) {
                out.add(captions(rule, results, kind, file));
                continue;
            }
            if (!kind.equals("t2i-audit")) {
                out.add(new Verdict(rule, "run", Outcome.ERROR, Double.NaN, "metric " + rule.metric().id()
                        + " is measured by t2i-audit runs; " + file + " is of kind '" + kind + "'"));
                continue;
            }
            if (audit == null) {
                audit = Json.mapper().treeToValue(results, AuditResults.class);
            }
            if (audit.occupations().isEmpty()) {
                out.add(new Verdict(rule, "run", Outcome.ERROR, Double.NaN, "the run has no occupations"));
                continue;
            }
            for (AuditResults.Occupation occ : audit.occupations()) {
                out.add(perOccupation(rule, audit, occ));
            }
        }
        return new Evaluation(policy, run, kind, out);
    }

    private static Verdict runLevel(Policy.Rule rule) {
        Path file = rule.validity().orElseThrow();
        try {
            ClassifierValidity v = ClassifierValidity.read(file);
            Estimate acc = v.matrix().accuracy(VALIDITY_CONFIDENCE);
            return judge(rule, "run", acc, v.classifierId() + " on " + v.dataset());
        } catch (IOException | RuntimeException e) {
            return new Verdict(rule, "run", Outcome.ERROR, Double.NaN, "cannot read the validity file " + file + ": "
                    + e.getMessage());
        }
    }

    /** A metric of a caption-bias run (per LIC row) or a debias run (per model). */
    private static List<Verdict> captionStudy(Policy.Rule rule, JsonNode results, String kind, Path file)
            throws IOException {
        String wanted = rule.metric() == Policy.Metric.LIC ? "caption-bias" : "debias";
        if (!kind.equals(wanted)) {
            return List.of(new Verdict(rule, "run", Outcome.ERROR, Double.NaN, "metric " + rule.metric().id()
                    + " is measured by " + wanted + " runs; " + file + " is of kind '" + kind + "'"));
        }
        List<Verdict> out = new ArrayList<>();
        if (rule.metric() == Policy.Metric.LIC) {
            for (JsonNode row : results.path("lic")) {
                String subject = row.path("model").asText() + " / " + row.path("classifier").asText() + " / "
                        + row.path("protocol").asText() + " / " + row.path("attribute").asText();
                out.add(judge(rule, subject, Json.mapper().treeToValue(row.path("lic"), Estimate.class),
                        "LIC x100 of " + subject));
            }
        } else {
            for (JsonNode m : results.path("models")) {
                String subject = m.path("model").asText();
                out.add(judge(rule, subject, Json.mapper().treeToValue(m.path("genderError").path("overall")
                        .path("difference"), Estimate.class), "gender error after minus before debiasing, " + subject));
            }
        }
        if (out.isEmpty()) {
            out.add(new Verdict(rule, "run", Outcome.ERROR, Double.NaN, file + " holds no rows for "
                    + rule.metric().id()));
        }
        return out;
    }

    /** A caption metric of a t2i-audit run with a captioner. */
    private static Verdict captions(Policy.Rule rule, JsonNode results, String kind, Path file) throws IOException {
        if (!kind.equals("t2i-audit") || !results.has("captions")) {
            return new Verdict(rule, "run", Outcome.ERROR, Double.NaN, "metric " + rule.metric().id()
                    + " needs a t2i-audit run with a captioner; " + file + " is of kind '" + kind + "'"
                    + (kind.equals("t2i-audit") ? " without captions" : ""));
        }
        JsonNode c = results.path("captions");
        switch (rule.metric()) {
            case CAPTION_ERROR -> {
                Estimate e = Json.mapper().treeToValue(c.path("perceived").path("error").path("overall")
                        .path("errorRate"), Estimate.class);
                return judge(rule, "run", e, "captions against perceived gender");
            }
            case CAPTION_LEAKAGE -> {
                for (JsonNode row : c.path("leakage")) {
                    JsonNode r = row.path("result");
                    if (row.path("labels").asText().equals("perceived") && (rule.classifier().isEmpty()
                            || rule.classifier().get().equals(r.path("classifier").asText()))) {
                        if (!r.path("error").asText("").isEmpty()) {
                            return new Verdict(rule, "run", Outcome.ERROR, Double.NaN, "leakage of "
                                    + r.path("classifier").asText() + " was not computed: " + r.path("error").asText());
                        }
                        return judge(rule, "run", Json.mapper().treeToValue(r.path("lic"), Estimate.class),
                                "LIC x100 of " + r.path("classifier").asText() + " on perceived gender");
                    }
                }
                return new Verdict(rule, "run", Outcome.ERROR, Double.NaN, "the run measured no caption leakage"
                        + rule.classifier().map(k -> " with classifier '" + k + "'").orElse("")
                        + " (caption_leakage: of the experiment)");
            }
            case CAPTION_ERROR_CHANGE_AFTER_DEBIASING -> {
                if (c.path("debiasing").isNull() || c.path("debiasing").isMissingNode()) {
                    return new Verdict(rule, "run", Outcome.ERROR, Double.NaN, "the run did not debias its captions "
                            + "(caption_debiasing: of the experiment)");
                }
                JsonNode before = c.path("perceived").path("error").path("overall");
                JsonNode after = c.path("debiasing").path("perceived").path("error").path("overall");
                var d = org.biaslab.metric.representation.ShareDifference.of(after.path("wrong").asLong(),
                        after.path("images").asLong(), before.path("wrong").asLong(), before.path("images").asLong(),
                        0.95);
                return judge(rule, "run", d.difference(), "caption error after minus before debiasing");
            }
            default -> throw new IllegalStateException(rule.metric().toString());
        }
    }

    private static Verdict perOccupation(Policy.Rule rule, AuditResults results, AuditResults.Occupation occ) {
        String id = occ.occupationId();
        Estimate estimate;
        switch (rule.metric()) {
            case DISTANCE_FROM_PARITY -> estimate = occ.heim();
            case WOMAN_SHARE -> estimate = occ.womanAmongDecided();
            case NO_FACE_SHARE -> estimate = occ.gender().wilson().get(PerceptionPolicy.NO_FACE);
            case WOMAN_SHARE_MINUS_BLS -> {
                int year = rule.blsYear().orElseThrow();
                AuditResults.BlsYear table = results.bls().stream().filter(y -> y.year() == year).findFirst()
                        .orElse(null);
                if (table == null) {
                    return new Verdict(rule, id, Outcome.ERROR, Double.NaN, "the run has no BLS " + year
                            + " comparison (reference.bls_years of the experiment)");
                }
                AuditResults.BlsOccupation row = table.rows().stream().filter(r -> r.occupationId().equals(id))
                        .findFirst().orElse(null);
                if (row == null) {
                    String why = table.notCompared().stream().filter(n -> n.startsWith(id + ":")).findFirst()
                            .orElse("not compared with BLS " + year);
                    return new Verdict(rule, id, Outcome.ERROR, Double.NaN, why);
                }
                estimate = row.comparison().difference();
            }
            default -> throw new IllegalStateException(rule.metric().toString());
        }
        return judge(rule, id, estimate, occ.name());
    }

    private static Verdict judge(Policy.Rule rule, String subject, Estimate e, String what) {
        if (e == null) {
            return new Verdict(rule, subject, Outcome.ERROR, Double.NaN, rule.metric().id() + " is missing for " + what);
        }
        double v = switch (rule.use()) {
            case POINT -> e.value();
            case LOWER -> e.lower();
            case UPPER -> e.upper();
        };
        if (Double.isNaN(v)) {
            return new Verdict(rule, subject, Outcome.ERROR, v, rule.metric().id() + " is undefined for " + what
                    + " (" + e.method() + ", n = " + e.n() + ")");
        }
        String shown = String.format(Locale.ROOT, "%s: %s = %.4f (estimate %.4f [%.4f, %.4f], n = %d, %s); rule: %s",
                what, rule.use().name().toLowerCase(Locale.ROOT), v, e.value(), e.lower(), e.upper(), e.n(), e.method(),
                rule.describe());
        return new Verdict(rule, subject, rule.accepts(v) ? Outcome.PASS : Outcome.FAIL, v, shown);
    }
}
