package org.biaslab.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.validity.ClassifierValidity;
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

    private static final String RESULTS = "results.json";
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
        List<Verdict> out = new ArrayList<>();
        for (Policy.Rule rule : policy.rules()) {
            if (!rule.metric().perOccupation()) {
                out.add(runLevel(rule));
                continue;
            }
            if (!kind.equals("t2i-audit")) {
                out.add(new Verdict(rule, "run", Outcome.ERROR, Double.NaN, "metric " + rule.metric().id()
                        + " is measured by t2i-audit runs; " + file + " is of kind '" + kind + "'"));
                continue;
            }
            JsonNode occupations = results.path("occupations");
            if (!occupations.isArray() || occupations.isEmpty()) {
                out.add(new Verdict(rule, "run", Outcome.ERROR, Double.NaN, "the run has no occupations"));
                continue;
            }
            for (JsonNode occ : occupations) {
                out.add(perOccupation(rule, results, occ));
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

    private static Verdict perOccupation(Policy.Rule rule, JsonNode results, JsonNode occ) {
        String id = occ.path("occupationId").asText();
        JsonNode estimate;
        switch (rule.metric()) {
            case DISTANCE_FROM_PARITY -> estimate = occ.path("heim");
            case WOMAN_SHARE -> estimate = occ.path("womanAmongDecided");
            case NO_FACE_SHARE -> estimate = occ.path("gender").path("wilson").path("no face");
            case WOMAN_SHARE_MINUS_BLS -> {
                int year = rule.blsYear().orElseThrow();
                JsonNode table = null;
                for (JsonNode y : results.path("bls")) {
                    if (y.path("year").asInt() == year) {
                        table = y;
                    }
                }
                if (table == null) {
                    return new Verdict(rule, id, Outcome.ERROR, Double.NaN, "the run has no BLS " + year
                            + " comparison (reference.bls_years of the experiment)");
                }
                estimate = null;
                for (JsonNode row : table.path("rows")) {
                    if (row.path("occupationId").asText().equals(id)) {
                        estimate = row.path("comparison").path("difference");
                    }
                }
                if (estimate == null) {
                    String why = "not compared with BLS " + year;
                    for (JsonNode n : table.path("notCompared")) {
                        if (n.asText().startsWith(id + ":")) {
                            why = n.asText();
                        }
                    }
                    return new Verdict(rule, id, Outcome.ERROR, Double.NaN, why);
                }
            }
            default -> throw new IllegalStateException(rule.metric().toString());
        }
        return judge(rule, id, estimate(estimate), occ.path("name").asText(id));
    }

    private static Estimate estimate(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        return new Estimate(num(n.path("value")), num(n.path("lower")), num(n.path("upper")), num(n.path("sd")),
                n.path("n").asInt(0), n.path("method").asText(""));
    }

    private static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
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
