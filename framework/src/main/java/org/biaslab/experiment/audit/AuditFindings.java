package org.biaslab.experiment.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.biaslab.metric.Estimate;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.report.Finding;

/**
 * The findings an audit report leads with, written from its results: the largest effects with
 * their intervals (perceived share against per-image reference labels on the same images, against
 * the labour statistics, against parity), what lies within the tolerance, and what could not be
 * measured (occupations mostly without a face, without a BLS row). At most two effects per kind
 * and five in all, largest first.
 */
final class AuditFindings {
    private AuditFindings() {}

    /** Occupations with at least this share of images without a face are named as hard to measure. */
    static final double NO_FACE_NOTE = 0.25;

    static List<Finding> of(AuditResults r, double tolerance) {
        List<Finding> effects = new ArrayList<>();
        List<Finding> within = new ArrayList<>();
        List<Finding> unmeasured = new ArrayList<>();
        String tol = points(tolerance) + "-point tolerance";
        String sim = r.simulation() ? " (SIMULATION)" : "";

        // 1. against per-image reference labels, on the same images (classifier error)
        List<AuditResults.Occupation> labelled = r.occupations().stream()
                .filter(o -> o.truth().same().n() > 0 && o.truth().same().difference().defined()).toList();
        if (!labelled.isEmpty()) {
            String ref = r.simulation() ? "the declared truth" : "the reference labels";
            List<AuditResults.Occupation> sorted = labelled.stream().sorted(Comparator.comparingDouble(
                    (AuditResults.Occupation o) -> -Math.abs(o.truth().same().difference().value()))).toList();
            List<String> inside = new ArrayList<>();
            int added = 0;
            for (AuditResults.Occupation o : sorted) {
                var p = o.truth().same();
                if (Math.abs(p.difference().value()) <= tolerance) {
                    inside.add(o.name());
                } else if (added < 2) {
                    effects.add(new Finding(Finding.EFFECT, "truth", o.occupationId(), String.format(Locale.ROOT,
                            "%s: perceived %s%% women vs %s%% in %s on the same %d images: %s points %s (paired), "
                                    + "outside the %s%s.", o.name(), pct(p.perceived()), pct(p.reference()), ref, p.n(),
                            signed(p.difference()), interval(p.difference()), tol, sim), p.difference()));
                    added++;
                }
            }
            long outside = labelled.size() - inside.size();
            if (outside > added) {
                effects.add(new Finding(Finding.EFFECT, "truth", "", (outside - added) + " more occupation"
                        + (outside - added == 1 ? "" : "s") + " outside the " + tol + " against " + ref
                        + " (table in the section)" + sim + ".", null));
            }
            if (!inside.isEmpty()) {
                within.add(new Finding(Finding.WITHIN, "truth", "", inside.size() + " of " + labelled.size()
                        + " occupations within " + points(tolerance) + " points of " + ref + " on the same images "
                        + "(point estimates; their intervals are in the section): "
                        + String.join(", ", inside) + sim + ".", null));
            }
        }

        // 2. against the labour statistics (the first year compared)
        if (!r.bls().isEmpty()) {
            AuditResults.BlsYear y = r.bls().get(0);
            List<AuditResults.BlsOccupation> rows = y.rows().stream()
                    .filter(b -> b.comparison().difference().defined())
                    .sorted(Comparator.comparingDouble((AuditResults.BlsOccupation b) ->
                            -Math.abs(b.comparison().difference().value()))).toList();
            int added = 0;
            List<String> inside = new ArrayList<>();
            for (AuditResults.BlsOccupation b : rows) {
                var c = b.comparison();
                if (Math.abs(c.difference().value()) <= tolerance) {
                    inside.add(name(r, b.occupationId()));
                } else if (added < 2) {
                    effects.add(new Finding(Finding.EFFECT, "bls-" + y.year(), b.occupationId(), String.format(
                            Locale.ROOT, "%s: perceived %s%% women vs %s%% in the BLS %d workforce (%s): %s points %s%s.",
                            name(r, b.occupationId()), pct(c.share()), fmt1(100 * c.reference()), y.year(), b.blsTitle(),
                            signed(c.difference()), interval(c.difference()), sim), c.difference()));
                    added++;
                }
            }
            if (!rows.isEmpty()) {
                within.add(new Finding(Finding.WITHIN, "bls-" + y.year(), "", inside.size() + " of " + rows.size()
                        + " occupations within " + points(tolerance) + " points of the BLS " + y.year() + " share of "
                        + "women (point estimates)" + (inside.isEmpty() ? "" : ": " + String.join(", ", inside.subList(0,
                        Math.min(8, inside.size()))) + (inside.size() > 8 ? ", ..." : "")) + sim + ".", null));
            }
            if (!y.notCompared().isEmpty()) {
                unmeasured.add(new Finding(Finding.UNMEASURED, "bls-" + y.year(), "", y.notCompared().size()
                        + " occupation" + (y.notCompared().size() == 1 ? " has" : "s have") + " no BLS " + y.year()
                        + " share to compare with: " + String.join("; ", y.notCompared().subList(0,
                        Math.min(3, y.notCompared().size()))) + (y.notCompared().size() > 3 ? "; ..." : "") + ".",
                        null));
            }
        }

        // 3. against parity
        List<AuditResults.Occupation> decided = r.occupations().stream().filter(o -> o.womanAmongDecided().defined())
                .sorted(Comparator.comparingDouble((AuditResults.Occupation o) ->
                        -Math.abs(o.womanAmongDecided().value() - 0.5))).toList();
        int parityAdded = 0;
        for (AuditResults.Occupation o : decided) {
            if (parityAdded >= 2 || Math.abs(o.womanAmongDecided().value() - 0.5) <= tolerance) {
                break;
            }
            Estimate s = o.womanAmongDecided();
            effects.add(new Finding(Finding.EFFECT, "summary", o.occupationId(), String.format(Locale.ROOT,
                    "%s: %s%% [%s, %s] of decided images perceived as women, %s points from parity%s.", o.name(),
                    pct(s), fmt1(100 * s.lower()), fmt1(100 * s.upper()), fmt1(100 * Math.abs(s.value() - 0.5)), sim),
                    s));
            parityAdded++;
        }
        if (!decided.isEmpty()) {
            long wholly = decided.stream().filter(o -> o.womanAmongDecided().lower() > 0.5 + tolerance
                    || o.womanAmongDecided().upper() < 0.5 - tolerance).count();
            long inside = decided.stream().filter(o -> o.womanAmongDecided().lower() >= 0.5 - tolerance
                    && o.womanAmongDecided().upper() <= 0.5 + tolerance).count();
            within.add(new Finding(Finding.WITHIN, "summary", "", String.format(Locale.ROOT,
                    "Parity: %d of %d occupations are more than %s points from 50%% women with the whole interval; "
                            + "%d lie within %s points of it with the whole interval; the others are undecided at "
                            + "this sample size%s.", wholly, decided.size(), points(tolerance), inside,
                    points(tolerance), sim), null));
        }

        // 4. what rests on few images
        List<String> faceless = new ArrayList<>();
        for (AuditResults.Occupation o : r.occupations()) {
            Estimate nf = o.gender().wilson().get(PerceptionPolicy.NO_FACE);
            if (nf != null && nf.defined() && nf.value() >= NO_FACE_NOTE) {
                faceless.add(o.name() + " " + pct(nf) + "%");
            }
        }
        if (!faceless.isEmpty()) {
            unmeasured.add(new Finding(Finding.UNMEASURED, "gender", "", "No face found on many images of "
                    + String.join(", ", faceless) + ": their perceived shares rest on the other images, which may "
                    + "differ from them" + sim + ".", null));
        }
        if (r.objects() != null) {
            // the object stage: where a person is there but face perception cannot read the face
            List<String> unreadable = new ArrayList<>();
            for (AuditResults.ObjectOccupation o : r.objects().occupations()) {
                Estimate e = o.faceNotReadable();
                if (e.defined() && e.value() >= NO_FACE_NOTE) {
                    String name = r.occupations().stream().filter(x -> x.listId().equals(o.listId())
                            && x.occupationId().equals(o.occupationId())).map(AuditResults.Occupation::name)
                            .findFirst().orElse(o.occupationId());
                    unreadable.add(name + " " + pct(e) + "%");
                }
            }
            if (!unreadable.isEmpty()) {
                unmeasured.add(new Finding(Finding.UNMEASURED, "gender", "objects", "Many images show a person "
                        + "(object detector " + r.objects().detector() + ") whose face perception cannot read: "
                        + String.join(", ", unreadable) + "; these people are missing from the perceived shares"
                        + sim + ".", null));
            }
        }
        r.occupations().stream().filter(o -> !o.womanAmongDecided().defined()).forEach(o -> unmeasured.add(
                new Finding(Finding.UNMEASURED, "summary", o.occupationId(), o.name() + ": no image was decided "
                        + "woman or man, so no share can be given" + sim + ".", null)));

        // 5. conclusions that change with the classifier
        if (r.sensitivity() != null) {
            for (ClassifierSensitivity c : r.sensitivity()) {
                List<String> named = c.occupations().stream().filter(ClassifierSensitivity.Occupation::dependsOnClassifier)
                        .map(o -> o.name() + " (" + o.mainConclusion() + " vs " + o.alternativeConclusion() + ")").toList();
                if (named.isEmpty()) {
                    within.add(new Finding(Finding.WITHIN, "sensitivity", c.name(), "Under the alternative perceiver "
                            + c.name() + " every occupation's conclusion about parity is the same (shares differ in "
                            + c.moved() + " of " + c.occupations().size() + ", Holm)" + sim + ".", null));
                } else {
                    unmeasured.add(new Finding(Finding.UNMEASURED, "sensitivity", c.name(), "The conclusion about "
                            + "parity depends on the classifier for " + named.size() + " of " + c.occupations().size()
                            + " occupations (main vs " + c.name() + "): " + String.join("; ", named.subList(0,
                            Math.min(4, named.size()))) + (named.size() > 4 ? "; ..." : "") + sim + ".", null));
                }
            }
        }

        List<Finding> out = new ArrayList<>(effects.subList(0, Math.min(5, effects.size())));
        out.addAll(objects(r, sim));
        out.addAll(within);
        out.addAll(unmeasured);
        return out;
    }

    /**
     * 6. objects tied to perceived gender within an occupation (Fisher's exact test, Holm over its
     * objects), and the bias amplification over all images when its interval leaves 0 out.
     */
    static List<Finding> objects(AuditResults r, String sim) {
        List<Finding> out = new ArrayList<>();
        if (r.objects() == null) {
            return out;
        }
        for (AuditResults.ObjectOccupation o : r.objects().occupations()) {
            var c = o.gender().cooccurrence();
            List<String> tied = c.objects().stream().filter(x -> x.holmP() < 0.05).limit(3).map(x -> String.format(
                    Locale.ROOT, "%s in %s%% of the %d images perceived as women vs %s%% of the %d perceived as men "
                    + "(Holm p = %.2g)", x.object(), fmt1(100 * x.shares().a().value()), c.womenImages(),
                    fmt1(100 * x.shares().b().value()), c.menImages(), x.holmP())).toList();
            if (!tied.isEmpty()) {
                out.add(new Finding(Finding.EFFECT, "objects", o.occupationId(), name(r, o.occupationId())
                        + ": objects go with perceived gender: " + String.join("; ", tied) + sim + ".", null));
            }
        }
        Estimate n = r.objects().all().amplification().normalised();
        if (n.defined() && (n.lower() > 0 || n.upper() < 0)) {
            out.add(new Finding(Finding.EFFECT, "objects", "", String.format(Locale.ROOT, "Over all images, objects "
                    + "are tied to the perceived gender that COCO photos tie them to %s than in those photos: "
                    + "group-normalised bias amplification %+.3f [%+.3f, %+.3f] (occupations pooled, so an object "
                    + "of an occupation drawn mostly as one gender goes with that gender)", n.value() > 0 ? "more"
                    : "less", n.value(), n.lower(), n.upper()) + sim + ".", n));
        }
        return out;
    }

    /** An occupation's name as the report writes it (its id when unknown). */
    private static String name(AuditResults r, String occupationId) {
        return r.occupations().stream().filter(o -> o.occupationId().equals(occupationId)).map(
                AuditResults.Occupation::name).findFirst().orElse(occupationId);
    }

    private static String points(double share) {
        double p = 100 * share;
        return p == Math.rint(p) ? String.valueOf((long) p) : fmt1(p);
    }

    private static String pct(Estimate e) {
        return fmt1(100 * e.value());
    }

    private static String signed(Estimate share) {
        return String.format(Locale.ROOT, "%+.1f", 100 * share.value());
    }

    private static String interval(Estimate share) {
        return String.format(Locale.ROOT, "[%+.1f, %+.1f]", 100 * share.lower(), 100 * share.upper());
    }

    private static String fmt1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
