package org.biaslab.experiment.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.biaslab.experiment.ExperimentHeader;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.experiment.IntervalSettings;
import org.biaslab.experiment.RunContext;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.metric.representation.Imbalance;
import org.biaslab.metric.representation.Intersections;
import org.biaslab.metric.representation.OutcomeShares;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.metric.validity.ReferenceComparison;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.prompt.OccupationList;
import org.biaslab.prompt.PromptLibrary;
import org.biaslab.spec.SpecMap;
import org.biaslab.util.Hashing;
import org.biaslab.util.VersionedResults;

/**
 * {@code kind: t2i-counts}: a text-to-image audit from a study's published outcome counts per
 * occupation instead of images (e.g. Fair Diffusion's FairFace counts). Every metric of
 * {@code t2i-audit} that needs no pixels is computed from the counts (shares with intervals, HEIM
 * imbalance, the DALL-Eval deviation, the BLS comparison through the occupation mapping and its
 * amplification summary, error correction with a validity record), and the results are a
 * {@code t2i-audit} results.json, so {@code compare} and {@code gate} read them as any audit. The
 * report says that no image was seen and which classifier produced the counts.
 */
public final class T2iCountsKind implements ExperimentKind<T2iCountsKind.Spec> {

    /**
     * @param file the counts CSV
     * @param columns which columns hold the occupation, the source and each outcome's count
     * @param source the source column's value to read ("" without a source column)
     * @param study the study the counts come from (for the report)
     * @param classifier the classifier that produced the counts (for the report)
     * @param library the prompt library
     * @param list the occupation list the file's occupations belong to
     * @param blsYears BLS years to compare with
     * @param validity a classifier validity record for error correction, if any
     * @param modelledAbstentions abstention kinds the correction models
     * @param confidence interval confidence
     * @param resamples bootstrap resamples
     * @param alpha level of the binomial tests
     * @param tolerance points (as a share) within which a share counts as matching its reference, for the findings
     * @param counts the file's rows of the source as validated when the spec was read (null when it had problems)
     */
    public record Spec(Path file, CountsFile.Columns columns, String source, String study, String classifier,
            Path library, String list, List<Integer> blsYears, Optional<Path> validity, Set<String> modelledAbstentions,
            double confidence, int resamples, double alpha, double tolerance, CountsFile.Read counts) {
        public Spec {
            blsYears = List.copyOf(blsYears);
            modelledAbstentions = Set.copyOf(modelledAbstentions);
        }
    }

    /** The generator id written into results (what produced the outcomes: a table, not a model run). */
    static final String ID = "counts";

    @Override
    public Spec read(SpecMap root, ExperimentHeader header) {
        SpecMap p = root.map("prompts");
        Path library = p.outputPath("library", "../prompts");
        String listId = p.string("list");
        p.done();
        OccupationList list = null;
        PromptLibrary lib = null;
        if (!Files.isDirectory(library)) {
            p.problem("library", "prompt library folder not found: " + library);
        } else if (listId != null) {
            lib = new PromptLibrary(library);
            try {
                if (!lib.listIds().contains(listId)) {
                    p.problem("list", "unknown occupation list '" + listId + "'; known: "
                            + String.join(", ", lib.listIds()));
                } else {
                    list = lib.occupations(listId);
                }
            } catch (IOException | RuntimeException e) {
                p.problem("library", "cannot read the prompt library " + library + ": " + e.getMessage());
            }
        }

        SpecMap c = root.map("counts");
        Path file = c.file("file");
        String source = c.string("source", "");
        String study = c.string("study");
        String classifier = c.string("classifier");
        SpecMap cols = c.map("columns");
        String occupation = cols.string("occupation", "occupation");
        String sourceColumn = cols.string("source", "");
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String o : AuditResults.OUTCOMES) {
            String key = o.replace(' ', '_');
            String col = cols.string(key, "");
            if (!col.isEmpty()) {
                if (outcomes.containsValue(col)) {
                    cols.problem(key, "column '" + col + "' is already counted as another outcome");
                }
                outcomes.put(o, col);
            }
        }
        if (!outcomes.containsKey(PerceptionPolicy.WOMAN) || !outcomes.containsKey(PerceptionPolicy.MAN)) {
            cols.problem("name the count columns of at least woman and man (and uncertain, no_face when the study "
                    + "counts them)");
        }
        cols.done();
        if (!sourceColumn.isEmpty() && source.isEmpty()) {
            c.problem("source", "the file has a source column ('" + sourceColumn + "'): say which source this run "
                    + "reads, e.g. source: sd_generated (one run per source; compare runs them against each other)");
        }
        if (sourceColumn.isEmpty() && !source.isEmpty()) {
            c.problem("source", "source '" + source + "' given, but columns.source names no source column");
        }
        c.done();
        CountsFile.Read counts = null;
        if (file != null && list != null && outcomes.size() >= 2 && (sourceColumn.isEmpty() == source.isEmpty())) {
            try {
                counts = CountsFile.read(file, new CountsFile.Columns(occupation, sourceColumn, outcomes), source, list);
            } catch (CountsFile.CountsException e) {
                e.problems().forEach(x -> c.problem("file", x));
            } catch (IOException e) {
                c.problem("file", "cannot read " + file + ": " + e.getMessage());
            }
        }

        Optional<SpecMap> rm = root.optionalMap("reference");
        List<Integer> years = rm.isPresent() ? T2iAuditReader.blsYears(rm.get(), lib, library) : List.of();

        Optional<Path> validity = Optional.empty();
        Set<String> modelled = new LinkedHashSet<>();
        Optional<SpecMap> pm = root.optionalMap("perception");
        if (pm.isPresent()) {
            validity = pm.get().optionalFile("validity");
            modelled.addAll(pm.get().strings("model_abstentions", List.of()));
            T2iAuditReader.checkValidity(pm.get(), validity, modelled);
            pm.get().done();
        }
        IntervalSettings intervals = IntervalSettings.read(root);
        double alpha = root.number("test_level", 0.05, 0.0001, 0.5);
        double tolerance = root.number("tolerance", 0.05, 0, 0.5);
        return new Spec(file, new CountsFile.Columns(occupation, sourceColumn, outcomes), source, study, classifier,
                library, listId, years, validity, modelled, intervals.confidence(), intervals.resamples(), alpha,
                tolerance, counts);
    }

    @Override
    public List<Path> inputs(Spec spec) {
        List<Path> out = new ArrayList<>();
        out.add(spec.file());
        PromptLibrary lib = new PromptLibrary(spec.library());
        out.add(lib.occupationsFile(spec.list()));
        for (int y : spec.blsYears()) {
            out.add(lib.blsFile(y));
        }
        if (!spec.blsYears().isEmpty()) {
            out.add(lib.mappingFile());
        }
        spec.validity().ifPresent(out::add);
        return out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    @Override
    public void run(Spec spec, RunContext ctx) throws Exception {
        AuditResults results = compute(spec, ctx.header());
        ctx.info("t2i-counts: %d occupations of %s (%s), %d images counted; no image seen", results.occupations()
                .size(), spec.file().getFileName(), spec.source().isEmpty() ? "one source" : spec.source(),
                results.counts().get("counted_images"));
        VersionedResults.write(ctx.dir().root(), results);
        ctx.dir().writeText(AuditOutputs.OCCUPATIONS_CSV, AuditOutputs.occupationsCsv(results));
        AuditReport.write(ctx.dir(), results, List.of(), null, 0);
    }

    @Override
    public void report(RunDirectory run) throws Exception {
        AuditReport.write(run, VersionedResults.read(run.root(), AuditResults.class), List.of(), null, 0);
    }

    /** The audit's results from the counts alone. */
    static AuditResults compute(Spec spec, ExperimentHeader header) throws Exception {
        // read and validated once, with the spec (a spec with problems never runs)
        CountsFile.Read read = java.util.Objects.requireNonNull(spec.counts(), "counts not read");
        double conf = spec.confidence();
        int b = spec.resamples();
        long seed = header.seed();
        List<AuditResults.Occupation> occs = new ArrayList<>();
        List<long[]> genderGroups = new ArrayList<>();
        long women = 0;
        long decided = 0;
        long total = 0;
        for (CountsFile.Row r : read.rows()) {
            long seedOcc = Hashing.seed(seed, "occupation", spec.list() + "." + r.occupation().id());
            OutcomeShares g = OutcomeShares.ofCounts(r.counts(), AuditResults.OUTCOMES, conf, b, seedOcc);
            long w = g.count(PerceptionPolicy.WOMAN);
            long d = w + g.count(PerceptionPolicy.MAN);
            women += w;
            decided += d;
            total += r.total();
            long[] gi = {w, d - w};
            genderGroups.add(gi);
            occs.add(new AuditResults.Occupation(spec.list(), r.occupation().id(), r.occupation().name(),
                    Math.toIntExact(r.total()), Math.toIntExact(r.total()), g, Intervals.wilson(w, d, conf),
                    d == 0 ? Estimate.undefined("no decided image")
                            : Imbalance.averageCounts(List.<long[]>of(gi), conf, b, Hashing.seed(seedOcc, "heim"), false),
                    OutcomeShares.ofCounts(Map.of(), AuditResults.ITA, conf, b, Hashing.seed(seedOcc, "skin")),
                    Estimate.undefined("no skin estimate: the counts hold perceived gender only"), Map.of(),
                    Estimate.undefined("no skin estimate: the counts hold perceived gender only"),
                    ReferenceComparison.of(List.of(), List.of(), conf), Double.NaN));
        }
        AuditResults.Summary summary = new AuditResults.Summary(
                Imbalance.averageCounts(genderGroups, conf, b, Hashing.seed(seed, "mean-heim"), false),
                Estimate.undefined("no skin estimate: the counts hold perceived gender only"),
                Intervals.wilson(women, decided, conf), occs.size(),
                Estimate.undefined("no per-image reference labels in counts"));
        Estimate twoLevel = Imbalance.averageCounts(genderGroups, conf, b, Hashing.seed(seed, "mean-heim-occupations"),
                true);
        List<AuditResults.BlsYear> bls = AuditResults.bls(spec.library(), spec.blsYears(), occs, conf, b, spec.alpha(),
                seed);
        Optional<ClassifierValidity> validity = spec.validity().isPresent()
                ? Optional.of(ClassifierValidity.read(spec.validity().get())) : Optional.empty();
        AuditResults.Correction correction = AuditResults.correction(validity, spec.modelledAbstentions(), occs, conf,
                b, seed);
        Intersections.Table cells = Intersections.of(List.of(), List.of(), List.of(PerceptionPolicy.WOMAN,
                PerceptionPolicy.MAN, PerceptionPolicy.UNCERTAIN), AuditResults.ITA, 5, conf);
        Map<String, Long> counts = new TreeMap<>();
        counts.put("counted_images", total);
        counts.put("occupations", (long) occs.size());
        counts.put("rows_read", (long) read.rows().size());
        Map<String, Object> generator = new LinkedHashMap<>();
        generator.put("id", ID);
        generator.put("study", spec.study());
        generator.put("source", spec.source());
        Map<String, Object> perceiver = new LinkedHashMap<>();
        perceiver.put("id", spec.classifier());
        perceiver.put("counts", "as published by the study; biaslab ran no classifier");
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("outcomes", spec.columns().outcomes());
        AuditResults.CountsSource source = new AuditResults.CountsSource(spec.file().getFileName().toString(),
                read.sha256(), spec.source(), spec.study(), spec.classifier(), spec.columns().outcomes(),
                read.rows().size(), read.notInFile(), twoLevel);
        AuditResults results = new AuditResults(header.name(), header.description(), false, generator,
                spec.source().isEmpty() ? List.of() : List.of(spec.source()), perceiver, policy, conf, b, counts, occs,
                summary, bls, cells, correction, null, null, null, source, null, null, null);
        return results.withFindings(AuditFindings.of(results, spec.tolerance()));
    }
}
