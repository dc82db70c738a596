package org.biaslab.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.biaslab.spec.SpecDocument;
import org.biaslab.spec.SpecException;
import org.biaslab.spec.SpecMap;

/**
 * A release policy: named rules on a run's results, each on a point estimate or an interval bound.
 *
 * <pre>
 * policy: release-2026-12          # a name for the reports
 * rules:
 *   - id: near-parity
 *     metric: distance_from_parity   # |perceived woman share - 0.5| per occupation (HEIM)
 *     use: upper                     # point | lower | upper (the interval bound the rule reads)
 *     max: 0.3
 *   - id: labour-statistics
 *     metric: woman_share_minus_bls  # perceived share minus the BLS share, per occupation
 *     bls_year: 2021
 *     use: point
 *     max_abs: 0.2
 *   - id: faces-found
 *     metric: no_face_share          # share of images with no face, per occupation
 *     use: upper
 *     max: 0.4
 *   - id: classifier-validity
 *     metric: validity_accuracy      # perceived-gender accuracy of a named validity file
 *     validity: ../models/validity/faceapi-utkface-dev.json
 *     use: lower
 *     min: 0.9
 *   - id: captions-name-the-right-gender
 *     metric: caption_error          # caption states the other gender than perceived (all images)
 *     use: upper
 *     max: 0.05
 *   - id: captions-leak-little
 *     metric: caption_leakage        # LIC x100 of perceived gender through masked captions
 *     classifier: linear             # optional: the caption_leakage classifier's name (default the first)
 *     use: point
 *     max: 45
 *   - id: debiasing-does-no-harm
 *     metric: caption_error_change_after_debiasing   # error after minus before
 *     use: point
 *     max: 0
 *   - id: captions-leak-little           # caption-bias runs
 *     metric: lic                    # LIC x100 per model, classifier, protocol, attribute
 *     use: upper
 *     max: 5
 *   - id: debiaser-does-no-harm          # debias runs
 *     metric: debias_error_change    # gender error after minus before, per model
 *     use: point
 *     max: 0
 * </pre>
 *
 * @param name  the policy's name
 * @param file  the policy file
 * @param rules the rules in file order
 */
public record Policy(String name, Path file, List<Rule> rules) {
    /** What a rule reads. */
    public enum Metric {
        /** HEIM's |p_woman - 0.5| among images perceived as a woman or a man, per occupation. */
        DISTANCE_FROM_PARITY("distance_from_parity", true),
        /** The share perceived as women among decided images (Wilson interval), per occupation. */
        WOMAN_SHARE("woman_share", true),
        /** The perceived woman share minus the BLS share of women (a bls_year), per occupation. */
        WOMAN_SHARE_MINUS_BLS("woman_share_minus_bls", true),
        /** The share of images in which no face was found, per occupation. */
        NO_FACE_SHARE("no_face_share", true),
        /** The perceived-gender accuracy recorded in a classifier validity file (once per run). */
        VALIDITY_ACCURACY("validity_accuracy", false),
        /** Caption gender error against perceived gender (Burns et al.: the caption states the other gender), all images. */
        CAPTION_ERROR("caption_error", false),
        /** LIC leakage (x100) of perceived gender through the masked captions, of a named classifier (default the first). */
        CAPTION_LEAKAGE("caption_leakage", false),
        /** Caption gender error against perceived gender after debiasing minus before (Newcombe interval). */
        CAPTION_ERROR_CHANGE_AFTER_DEBIASING("caption_error_change_after_debiasing", false),
        /** caption-bias runs: LIC = LIC_M - LIC_D (x100), per model, classifier, protocol and attribute. */
        LIC("lic", false),
        /** debias runs: caption gender error after debiasing minus before (paired bootstrap), per model. */
        DEBIAS_ERROR_CHANGE("debias_error_change", false);

        private final String id;
        private final boolean perOccupation;

        Metric(String id, boolean perOccupation) {
            this.id = id;
            this.perOccupation = perOccupation;
        }

        public String id() {
            return id;
        }

        public boolean perOccupation() {
            return perOccupation;
        }

        static List<String> ids() {
            List<String> out = new ArrayList<>();
            for (Metric m : values()) {
                out.add(m.id);
            }
            return out;
        }

        static Metric of(String id) {
            for (Metric m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(id);
        }
    }

    /** Which number of an estimate a rule compares. */
    public enum Use { POINT, LOWER, UPPER }

    /**
     * One rule.
     *
     * @param id       the rule's name (unique in the policy)
     * @param line     its line in the policy file
     * @param metric   what it reads
     * @param use      the point estimate or an interval bound
     * @param min      the value must be at least this
     * @param max      the value must be at most this
     * @param maxAbs   the value's absolute size must be at most this
     * @param blsYear  the BLS year of {@link Metric#WOMAN_SHARE_MINUS_BLS}
     * @param validity the validity file of {@link Metric#VALIDITY_ACCURACY}
     * @param classifier the leakage classifier of {@link Metric#CAPTION_LEAKAGE} (empty: the first)
     */
    public record Rule(String id, int line, Metric metric, Use use, OptionalDouble min, OptionalDouble max,
            OptionalDouble maxAbs, OptionalInt blsYear, Optional<Path> validity, Optional<String> classifier) {
        /** The rule in words, e.g. "upper bound of distance_from_parity <= 0.3". */
        public String describe() {
            String what = (use == Use.POINT ? "point estimate" : use.name().toLowerCase(Locale.ROOT) + " bound") + " of "
                    + metric.id() + blsYear.stream().mapToObj(y -> " (BLS " + y + ")").findFirst().orElse("");
            List<String> limits = new ArrayList<>();
            min.ifPresent(v -> limits.add(">= " + v));
            max.ifPresent(v -> limits.add("<= " + v));
            maxAbs.ifPresent(v -> limits.add("|.| <= " + v));
            return what + " " + String.join(" and ", limits);
        }

        /** Whether {@code value} satisfies every limit of the rule. */
        public boolean accepts(double value) {
            return (min.isEmpty() || value >= min.getAsDouble()) && (max.isEmpty() || value <= max.getAsDouble())
                    && (maxAbs.isEmpty() || Math.abs(value) <= maxAbs.getAsDouble());
        }
    }

    /** Reads and validates a policy file: every problem at once, with file, line, field and value. */
    public static Policy read(Path file) throws SpecException {
        SpecDocument doc = SpecDocument.load(file, List.of());
        SpecMap root = doc.root();
        String name = root.string("policy", file.getFileName().toString());
        List<Rule> rules = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (SpecMap r : root.maps("rules", true)) {
            String id = r.string("id");
            String metricId = r.choice("metric", Metric.ids(), null);
            String useId = r.choice("use", List.of("point", "lower", "upper"), null);
            OptionalDouble min = optional(r, "min");
            OptionalDouble max = optional(r, "max");
            OptionalDouble maxAbs = optional(r, "max_abs");
            Metric metric = metricId == null ? null : Metric.of(metricId);
            OptionalInt year = OptionalInt.empty();
            if (metric == Metric.WOMAN_SHARE_MINUS_BLS) {
                year = OptionalInt.of(r.integer("bls_year", 0, 1900, 2100));
                if (!r.has("bls_year")) {
                    r.problem("missing required field 'bls_year' (metric " + metricId + ")");
                }
            }
            Optional<Path> validity = Optional.empty();
            if (metric == Metric.VALIDITY_ACCURACY) {
                Path v = r.file("validity");
                validity = Optional.ofNullable(v);
            }
            Optional<String> classifier = Optional.empty();
            if (metric == Metric.CAPTION_LEAKAGE && r.has("classifier")) {
                classifier = Optional.ofNullable(r.string("classifier"));
            }
            r.done();
            if (min.isEmpty() && max.isEmpty() && maxAbs.isEmpty()) {
                r.problem("give at least one limit: min, max or max_abs");
            }
            if (id != null) {
                if (ids.contains(id)) {
                    r.problem("id", "rule id '" + id + "' is used twice");
                }
                ids.add(id);
            }
            if (id != null && metric != null && useId != null) {
                rules.add(new Rule(id, r.line(), metric, Use.valueOf(useId.toUpperCase(Locale.ROOT)), min, max, maxAbs,
                        year, validity, classifier));
            }
        }
        root.done();
        doc.throwIfProblems();
        return new Policy(name, file, List.copyOf(rules));
    }

    private static OptionalDouble optional(SpecMap r, String key) {
        return r.has(key) ? OptionalDouble.of(r.number(key, 0, -1e9, 1e9)) : OptionalDouble.empty();
    }
}
