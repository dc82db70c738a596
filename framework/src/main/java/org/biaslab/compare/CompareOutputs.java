package org.biaslab.compare;

import org.biaslab.util.VersionedResults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biaslab.metric.Estimate;
import org.biaslab.report.HtmlPage;
import org.biaslab.report.HtmlSection;
import org.biaslab.util.Json;

/** A comparison's results.json and its report (index.html), finding first. */
public final class CompareOutputs {
    private CompareOutputs() {}

    /** Writes {@code results.json} and {@code index.html} into {@code dir}. */
    public static void write(Path dir, AuditComparison c) throws IOException {
        VersionedResults.write(dir, c);
        page(c).writeTo(dir.resolve("index.html"));
    }

    /** Writes a caption-study comparison's {@code results.json} and {@code index.html} into {@code dir}. */
    public static void write(Path dir, StudyComparison c) throws IOException {
        VersionedResults.write(dir, c);
        studyPage(c).writeTo(dir.resolve("index.html"));
    }

    /** The finding in one sentence for two caption studies. */
    public static String finding(StudyComparison c) {
        if (!c.lic().isEmpty()) {
            StudyComparison.LicChange largest = c.lic().stream().max(java.util.Comparator.comparingDouble(
                    l -> Math.abs(l.difference().value()))).orElseThrow();
            return String.format(Locale.ROOT, "%d LIC rows compared (caption-bias); largest change: %s %.1f [%.1f, %.1f] "
                    + "(A - B, x100).", c.lic().size(), largest.row(), largest.difference().value(),
                    largest.difference().lower(), largest.difference().upper());
        }
        StringBuilder b = new StringBuilder(c.models().size() + " models compared (debias): ");
        for (StudyComparison.DebiasChange m : c.models()) {
            b.append(m.model()).append(" error after debiasing ").append(points(m.errorAfter().difference()))
                    .append("; ");
        }
        return b.append("A - B in points.").toString();
    }

    static HtmlPage studyPage(StudyComparison c) {
        HtmlPage page = new HtmlPage("Comparison of two " + c.studyKind() + " runs");
        page.paragraph(finding(c));
        page.paragraph("A = " + c.runA() + "; B = " + c.runB() + ". Differences are A - B.");
        if (!c.lic().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (StudyComparison.LicChange l : c.lic()) {
                rows.add(List.of(l.row(), fmt(l.a()), fmt(l.b()), String.format(Locale.ROOT, "%.1f [%.1f, %.1f]",
                        l.difference().value(), l.difference().lower(), l.difference().upper())));
            }
            page.section("lic", "LIC (x100)").table(List.of("model / classifier / protocol / attribute", "LIC A",
                    "LIC B", "A - B (interval)"), rows);
        }
        if (!c.models().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (StudyComparison.DebiasChange m : c.models()) {
                rows.add(List.of(m.model(), points(m.errorBefore().difference()), points(m.errorAfter().difference()),
                        String.join("; ", m.licAfter().stream().map(l -> l.row() + " " + String.format(Locale.ROOT,
                                "%.1f [%.1f, %.1f]", l.difference().value(), l.difference().lower(),
                                l.difference().upper())).toList())));
            }
            page.section("models", "Per model").table(List.of("model", "gender error before debiasing, A - B",
                    "after debiasing, A - B", "LIC_M after debiasing, A - B (x100)"), rows);
        }
        page.note("LIC differences: difference of the seed means with a normal interval from the seeds' spread. Error "
                + "differences: Newcombe's interval for two independent proportions (percentage points). Intervals "
                + fmt(c.confidence() * 100) + "%.");
        if (!c.onlyInOneRun().isEmpty()) {
            page.section("not-compared", "Not compared").paragraph(String.join("; ", c.onlyInOneRun()));
        }
        return page;
    }

    private static String detectable(double d) {
        return Double.isNaN(d) ? "not found that often" : String.format(Locale.ROOT, "%.1f points", d * 100);
    }

    /** The finding in one sentence: how many occupations moved, and the largest change. */
    public static String finding(AuditComparison c) {
        long moved = c.occupations().stream().filter(org.biaslab.metric.representation.OccupationChanges.Change::moved).count();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%d of %d occupations moved in perceived woman share (Holm-adjusted p < %s, %s)", moved,
                c.occupations().size(), fmt(c.alpha()), c.design()));
        c.occupations().stream().filter(ch -> ch.womanShare().difference().defined()).findFirst().ifPresent(ch ->
                b.append("; largest change: ").append(ch.name()).append(' ').append(points(ch.womanShare().difference())));
        b.append('.');
        String unseen = detectableSentence(c.occupations());
        if (!unseen.isEmpty()) {
            b.append(' ').append(unseen);
        }
        AuditComparison.Parity p = c.parity();
        if (p != null && p.moved() > 0) {
            b.append(String.format(Locale.ROOT, " Of the %d that moved, A is nearer parity (0.5) than B in %d and further "
                    + "in %d (%d crossed 0.5).", p.moved(), p.toward(), p.away(), p.crossed()));
        }
        if (c.perceiverChanged()) {
            b.append(" The perceiver or its policy differs between the runs: part of any change may come from it alone.");
        }
        return b.toString();
    }

    /**
     * For occupations that did not move, how large a change would have been found: "With these images a
     * change under X points (median of the N occupations that did not move; from Y to Z) is found with 80%
     * power ...", or "" when every occupation moved or none has a detectable change.
     */
    static String detectableSentence(List<org.biaslab.metric.representation.OccupationChanges.Change> changes) {
        double[] d = changes.stream().filter(ch -> !ch.moved()).mapToDouble(ch -> ch.detectable()).toArray();
        double[] finite = java.util.Arrays.stream(d).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (d.length == 0) {
            return "";
        }
        if (finite.length == 0) {
            return String.format(Locale.ROOT, "Not moving means little here: with these images none of the %d occupations "
                    + "that did not move would show even the largest possible change with %.0f%% power.", d.length,
                    org.biaslab.metric.representation.OccupationChanges.DETECTABLE_POWER * 100);
        }
        double median = finite.length % 2 == 1 ? finite[finite.length / 2]
                : (finite[finite.length / 2 - 1] + finite[finite.length / 2]) / 2;
        return String.format(Locale.ROOT, "Not moving is not the same as not changing: with these images a change of the "
                + "perceived woman share is found with %.0f%% power only from about %.1f points (median of the %d "
                + "occupations that did not move; %.1f to %.1f)%s.",
                org.biaslab.metric.representation.OccupationChanges.DETECTABLE_POWER * 100, median * 100, d.length,
                finite[0] * 100, finite[finite.length - 1] * 100,
                finite.length < d.length ? "; " + (d.length - finite.length) + " could not show any change that often" : "");
    }

    /** The ITA category whose share of faces changed most, with its interval; "-" without skin estimates. */
    static String largestSkinChange(org.biaslab.metric.representation.OccupationChanges.Change ch) {
        return ch.skin().entrySet().stream().filter(e -> e.getValue().difference().defined())
                .max(java.util.Comparator.comparingDouble(e -> Math.abs(e.getValue().difference().value())))
                .map(e -> e.getKey() + " " + points(e.getValue().difference())).orElse("-");
    }

    static HtmlPage page(AuditComparison c) {
        HtmlPage page = new HtmlPage("Comparison: " + c.runA().experiment() + " vs " + c.runB().experiment());
        page.paragraph(finding(c));
        page.paragraph("A = " + c.runA().experiment() + " (" + c.runA().dir() + ")" + (c.runA().simulation()
                ? ", SIMULATION" : "") + "; B = " + c.runB().experiment() + " (" + c.runB().dir() + ")"
                + (c.runB().simulation() ? ", SIMULATION" : "") + ". Differences are A - B, in percentage points.");
        HtmlSection s = page.section("occupations", "Per occupation, largest change first");
        List<List<String>> rows = new ArrayList<>();
        for (org.biaslab.metric.representation.OccupationChanges.Change ch : c.occupations()) {
            rows.add(List.of(ch.name(), ch.design(), pct(ch.womanShare().a()), pct(ch.womanShare().b()),
                    points(ch.womanShare().difference()), fmt(ch.womanShare().pValue()), fmt(ch.womanHolm()),
                    fmt(ch.womanBh()), ch.moved() ? "yes" : "no", detectable(ch.detectable()),
                    points(ch.noFaceShare().difference()),
                    fmt(ch.noFaceHolm()), largestSkinChange(ch)));
        }
        s.table(List.of("occupation", "design", "perceived woman share A", "B", "A - B (interval)", "p", "p Holm", "q BH",
                "moved", "found with 80% power from", "no-face share A - B", "p Holm (no face)", "largest estimated skin-tone change (share of faces)"),
                rows);
        s.note("Perceived woman share: among images read as a woman or a man (perceived gender, not identity). "
                + "Paired (the same prompt, sample and seed in both runs): shares over images decided in both runs, "
                + "Newcombe's paired square-and-add interval and McNemar's exact test. Unpaired: Newcombe's hybrid "
                + "score interval for two independent proportions and the pooled two-proportion z-test. Intervals "
                + fmt(c.confidence() * 100) + "%; Holm controls the family-wise error rate, Benjamini-Hochberg the "
                + "false discovery rate, across the " + c.occupations().size() + " occupations. \"Found with 80% power "
                + "from\": the smallest change of the perceived woman share that this occupation's test finds in 80% of "
                + "repetitions at the level alpha / " + c.occupations().size() + " (normal approximation; unpaired: away "
                + "from B's share, on each run's decided images; paired: among images decided in both runs, given the "
                + "share read differently). `./biaslab plan` gives the images a wanted change needs.");
        if (c.captions() != null) {
            AuditComparison.CaptionChange cc = c.captions();
            HtmlSection k = page.section("captions", "Captions");
            k.paragraph("Captioner A: " + cc.captionerA() + "; B: " + cc.captionerB() + (cc.captionerChanged()
                    ? " (different captioners)" : " (the same captioner)") + ". Each run's captions against its own "
                    + "perceived gender; unpaired Newcombe intervals; differences A - B in percentage points.");
            List<List<String>> er = new ArrayList<>();
            er.add(List.of("caption gender error, all", pct(cc.error().a()), pct(cc.error().b()),
                    points(cc.error().difference()), fmt(cc.error().pValue())));
            er.add(List.of("on images perceived as women", pct(cc.errorWomen().a()), pct(cc.errorWomen().b()),
                    points(cc.errorWomen().difference()), fmt(cc.errorWomen().pValue())));
            er.add(List.of("on images perceived as men", pct(cc.errorMen().a()), pct(cc.errorMen().b()),
                    points(cc.errorMen().difference()), fmt(cc.errorMen().pValue())));
            if (cc.debiasedError() != null) {
                er.add(List.of("error after debiasing, all", pct(cc.debiasedError().a()), pct(cc.debiasedError().b()),
                        points(cc.debiasedError().difference()), fmt(cc.debiasedError().pValue())));
            }
            k.table(List.of("metric", "A", "B", "A - B (interval)", "p"), er);
            if (!cc.leakage().isEmpty()) {
                List<List<String>> lr = new ArrayList<>();
                for (AuditComparison.LeakageChange l : cc.leakage()) {
                    lr.add(List.of(l.classifier(), fmt(l.a()), fmt(l.b()), String.format(Locale.ROOT,
                            "%.1f [%.1f, %.1f]", l.difference().value(), l.difference().lower(),
                            l.difference().upper())));
                }
                k.table(List.of("leakage classifier", "LIC A", "LIC B", "A - B (interval)"), lr);
            }
        }
        HtmlSection v = page.section("perceivers", "Perceivers");
        v.paragraph(c.perceiverChanged() ? "The perceiver or perception policy differs between the runs."
                : "Both runs used the same perceiver and perception policy.");
        v.code("A: " + Json.pretty(c.perceiverA()) + "B: " + Json.pretty(c.perceiverB()));
        if (!c.onlyInOneRun().isEmpty()) {
            page.section("not-compared", "Not compared").paragraph(String.join("; ", c.onlyInOneRun()));
        }
        return page;
    }

    static String points(Estimate e) {
        if (!e.defined()) {
            return "undefined";
        }
        return String.format(Locale.ROOT, "%+.1f [%+.1f, %+.1f] points", 100 * e.value(), 100 * e.lower(), 100 * e.upper());
    }

    static String pct(Estimate e) {
        return e.defined() ? String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f] (n %d)", 100 * e.value(), 100 * e.lower(),
                100 * e.upper(), e.n()) : "undefined";
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
    }
}
