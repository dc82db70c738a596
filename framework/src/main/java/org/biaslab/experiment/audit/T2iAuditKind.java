package org.biaslab.experiment.audit;

import org.biaslab.util.VersionedResults;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.biaslab.experiment.ExperimentHeader;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.experiment.RunContext;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.generate.Seeds;
import org.biaslab.generate.folder.FolderType;
import org.biaslab.generate.folder.ManifestEntry;
import org.biaslab.generate.simulated.SimulatedGenerator;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.skin.WhiteBalance;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.prompt.OccupationList;
import org.biaslab.prompt.Prompt;
import org.biaslab.prompt.PromptLibrary;
import org.biaslab.prompt.PromptTemplate;
import org.biaslab.spec.SpecMap;
import org.biaslab.store.GenerationRecord;
import org.biaslab.store.PerceptionRecord;
import org.biaslab.store.RunStore;
import org.biaslab.store.Shard;
import org.biaslab.store.WorkKey;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;

/**
 * {@code kind: t2i-audit}. Plans every (prompt, sample), generates the pending ones into the run
 * store (failures recorded with their error, never losing finished work), perceives every stored
 * image not yet perceived, then computes metrics from the stored records alone and writes the
 * outputs. A run that still has failed generations writes its outputs and then fails, so it is not
 * marked complete and a re-run retries exactly the failed keys.
 */
public final class T2iAuditKind implements ExperimentKind<T2iAuditSpec> {
    /** Folder of the run store inside the run directory. */
    public static final String STORE = "store";

    /** Opens a configured generator (replaceable in tests to inject faults). */
    @FunctionalInterface
    interface Opener {
        ImageGenerator open(GeneratorConfig config) throws GenerationException;
    }

    private final Opener opener;
    private final ModelStore models;
    private final CaptionStage.Opener captionerOpener;

    public T2iAuditKind() {
        this(GeneratorConfig::open);
    }

    T2iAuditKind(Opener opener) {
        this(opener, ModelStore.forProject());
    }

    T2iAuditKind(Opener opener, ModelStore models) {
        this(opener, models, org.biaslab.captioner.CaptionerConfig::open);
    }

    /**
     * @param opener opens the configured generator
     * @param models manifests and cache of the real perceiver's weights and of the packages whose photos
     *     {@code sample_photos:} perceives
     * @param captionerOpener opens the configured captioner
     */
    T2iAuditKind(Opener opener, ModelStore models, CaptionStage.Opener captionerOpener) {
        this.opener = opener;
        this.models = models;
        this.captionerOpener = captionerOpener;
    }

    /** One planned image. */
    record Planned(String promptId, String listId, String occupationId, String occupationName, String text,
            int sample, long seed, int width, int height) {}

    @Override
    public T2iAuditSpec read(SpecMap root, ExperimentHeader header) {
        return T2iAuditReader.read(root, header, models);
    }

    @Override
    public List<Path> inputs(T2iAuditSpec spec) {
        List<Path> out = new ArrayList<>();
        PromptLibrary lib = new PromptLibrary(spec.prompts().library());
        if (!spec.prompts().fromManifest()) {
            spec.prompts().lists().forEach(l -> out.add(lib.occupationsFile(l)));
            out.add(lib.templatesFile());
        }
        for (int y : spec.reference().years()) {
            out.add(lib.blsFile(y));
        }
        if (!spec.reference().years().isEmpty()) {
            out.add(lib.mappingFile());
        }
        out.addAll(spec.generator().inputs());
        spec.perception().validity().ifPresent(out::add);
        spec.captioning().ifPresent(c -> {
            out.addAll(c.captioner().inputs());
            c.leakage().flatMap(T2iAuditSpec.CaptionLeakage::cocoReference).ifPresent(out::add);
            c.debiasing().ifPresent(d -> out.add(d.model().resolve("manifest.sha256")));
        });
        spec.samplePhotos().ifPresent(sp -> {
            // each manifest pins its photos' (and the perceiver's weights') SHA-256, checked on fetch; the
            // validity records hold the error shown next to the photos
            Path manifests = models.root().resolve(ModelStore.MANIFESTS);
            out.add(manifests.resolve(org.biaslab.perceive.faceapi.FaceApi.MANIFEST));
            sp.packages().forEach(p -> out.add(manifests.resolve(p + ".yaml")));
            out.addAll(sp.validity());
        });
        return out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    static List<Planned> plan(T2iAuditSpec spec, long seed) throws Exception {
        List<Planned> out = new ArrayList<>();
        if (spec.prompts().fromManifest()) {
            FolderType.Config folder = (FolderType.Config) spec.generator();
            String list = spec.prompts().manifestList().isEmpty() ? "manifest" : spec.prompts().manifestList();
            for (ManifestEntry e : folder.read().entries()) {
                String occ = e.occupation().strip();
                String id = list + "." + occ.replaceAll("[^A-Za-z0-9_-]", "_") + ".p"
                        + Hashing.sha256(e.prompt()).substring(0, 8);
                long s = e.seed().isPresent() ? e.seed().getAsLong() : Seeds.perImage(seed, id, e.sampleIndex());
                out.add(new Planned(id, list, occ, occ.replace('_', ' '), e.prompt(), e.sampleIndex(),
                        s & Seeds.MAX_SEED, 512, 512));
            }
            return out;
        }
        PromptLibrary lib = new PromptLibrary(spec.prompts().library());
        List<PromptTemplate> templates = new ArrayList<>();
        for (String t : spec.prompts().templates()) {
            templates.add(lib.template(t));
        }
        int side = spec.generator() instanceof org.biaslab.generate.simulated.SimulatedType.Config
                ? SimulatedGenerator.SIDE : 512;
        for (String l : spec.prompts().lists()) {
            OccupationList list = lib.occupations(l);
            for (Prompt p : Prompt.expand(list, templates)) {
                String name = list.find(p.occupationId()).orElseThrow().name();
                for (int i = 0; i < spec.prompts().imagesPerPrompt(); i++) {
                    out.add(new Planned(p.id(), l, p.occupationId(), name, p.text(), i,
                            Seeds.perImage(seed, p.id(), i), side, side));
                }
            }
        }
        // each intervention: every baseline image again, its prompt varied, with the baseline's seed
        List<Planned> baseline = List.copyOf(out);
        for (Intervention v : spec.interventions()) {
            for (Planned b : baseline) {
                out.add(new Planned(v.promptId(b.promptId()), b.listId(), b.occupationId(), b.occupationName(),
                        v.apply(b.text(), b.occupationName(), seed, b.promptId(), b.sample()), b.sample(), b.seed(),
                        b.width(), b.height()));
            }
        }
        return out;
    }

    @Override
    public void run(T2iAuditSpec spec, RunContext ctx) throws Exception {
        List<Planned> plan = plan(spec, ctx.header().seed());
        try (RunStore store = RunStore.open(ctx.dir().resolve(STORE))) {
            Map<String, Object> perceiverInfo = produce(spec, ctx, store, plan);
            finish(spec, ctx, store, plan, perceiverInfo);
        }
    }

    @Override
    public boolean shardable() {
        return true;
    }

    /**
     * Runs every stage on the keys of {@code shard} only; no results or report. Failed generations or
     * captions make it fail (so the shard is not marked finished), as in a whole run.
     */
    @Override
    public void runShard(T2iAuditSpec spec, RunContext ctx, Shard shard) throws Exception {
        List<Planned> plan = plan(spec, ctx.header().seed());
        try (RunStore store = RunStore.open(ctx.dir().resolve(STORE), shard)) {
            produce(spec, ctx, store, plan);
            String generatorId = spec.generator().type();
            long failed = store.generations().stream().filter(g -> !g.status().done()).count();
            long mine = plan.stream().filter(p -> store.accepts(new WorkKey(generatorId, p.promptId(), p.sample())))
                    .count();
            if (failed > 0) {
                throw new GenerationException(GenerationException.Kind.CONFIGURATION, generatorId, failed + " of "
                        + mine + " generations of shard " + shard + " failed; run the shard again to retry them");
            }
            if (spec.captioning().isPresent()) {
                String captioner = spec.captioning().get().captioner().id();
                long failedCaptions = store.captions().stream()
                        .filter(c -> c.captioner().equals(captioner) && !c.ok()).count();
                if (failedCaptions > 0) {
                    throw new GenerationException(GenerationException.Kind.CONFIGURATION, captioner, failedCaptions
                            + " captions of shard " + shard + " failed; run the shard again to retry them");
                }
            }
        }
    }

    /**
     * Merges the shard stores into this run's store ({@link RunStore#merge}: conflicting records or
     * run metadata are refused), checks that every planned image is there, then computes results and
     * writes outputs exactly as {@link #run} does.
     */
    @Override
    public void merge(T2iAuditSpec spec, RunContext ctx, List<RunDirectory> shards) throws Exception {
        List<Path> stores = new ArrayList<>();
        for (RunDirectory d : shards) {
            stores.add(d.resolve(STORE));
        }
        var report = RunStore.merge(ctx.dir().resolve(STORE), stores);
        ctx.info("merged %d shard stores: %d generations, %d perceptions, %d images copied", report.sources(),
                report.generationsAdded(), report.perceptionsAdded(), report.imagesCopied());
        List<Planned> plan = plan(spec, ctx.header().seed());
        String generatorId = spec.generator().type();
        try (RunStore store = RunStore.open(ctx.dir().resolve(STORE))) {
            List<WorkKey> keys = plan.stream().map(p -> new WorkKey(generatorId, p.promptId(), p.sample())).toList();
            List<WorkKey> missing = store.pending(keys);
            if (!missing.isEmpty()) {
                throw new java.io.IOException(missing.size() + " of " + keys.size() + " planned images are not done in "
                        + "the merged shards (first: " + missing.get(0) + "); finish every shard before merging");
            }
            // the stages after generation have nothing left to do when every shard finished; they would
            // finish what a shard left (a failed perception or caption) before the results are computed
            for (AuditStage stage : stages(spec, plan, ctx.header().seed())) {
                if (!(stage instanceof GenerationStage)) {
                    stage.run(ctx, store, 1);
                }
            }
            finish(spec, ctx, store, plan, PerceptionStage.describe(spec, store));
        }
    }

    /** Runs every stage on the pending keys this store accepts; returns the perceiver's description. */
    private Map<String, Object> produce(T2iAuditSpec spec, RunContext ctx, RunStore store, List<Planned> plan)
            throws Exception {
        int workers = spec.concurrency() > 0 ? spec.concurrency() : ctx.threads();
        ctx.info("t2i-audit%s: %d images planned%s", spec.perception().simulated() ? " (SIMULATION)" : "",
                plan.size(), store.shard().map(s -> ", shard " + s + " generates its part").orElse(""));
        var resolved = ctx.dir().storedSpec();
        if (resolved.isPresent()) {
            // shards of one run share this value; RunStore.merge refuses stores whose values differ
            store.putMeta(SPEC_META, Hashing.sha256(resolved.get()));
        }
        for (AuditStage stage : stages(spec, plan, ctx.header().seed())) {
            stage.run(ctx, store, workers);
        }
        return PerceptionStage.describe(spec, store);
    }

    /**
     * The kind as a composition of stages over the run store: the image source, perception, then the
     * captioner when the spec names one. Metrics and the report follow ({@link #finish}), from the
     * store alone.
     */
    List<AuditStage> stages(T2iAuditSpec spec, List<Planned> plan, long seed) {
        List<AuditStage> stages = new ArrayList<>();
        stages.add(new GenerationStage(spec, plan, opener));
        stages.add(new PerceptionStage(spec, seed));
        spec.perception().alternatives().forEach(a -> stages.add(new PerceptionStage(a, seed)));
        spec.perception().objects().ifPresent(o -> stages.add(new ObjectStage(o)));
        spec.captioning().ifPresent(c -> stages.add(new CaptionStage(c.captioner(), captionerOpener)));
        return stages;
    }

    /** Computes results from the stored records and writes every output; fails after writing if generations failed. */
    void finish(T2iAuditSpec spec, RunContext ctx, RunStore store, List<Planned> plan,
            Map<String, Object> perceiverInfo) throws Exception {
        long seed = ctx.header().seed();
        String generatorId = spec.generator().type();
        List<ImageRow> all = rows(spec, store, plan, generatorId, perceiverId(spec));
        // the audit's numbers are the baseline's; each intervention is compared with it
        List<ImageRow> rows = all.stream().filter(r -> Intervention.of(r.promptId()).isEmpty()).toList();
        SamplePhotoGallery.Result photos = spec.samplePhotos().isPresent()
                ? SamplePhotoGallery.of(spec, ctx, models) : null;
        // the captions of this run's captioner, by image, read once for the metrics, debiasing and captions.csv
        Map<String, org.biaslab.store.CaptionRecord> captions = spec.captioning().isPresent()
                ? CaptionResults.byImage(store.captions(), spec.captioning().get().captioner().id()) : Map.of();
        CaptionDebiasing.Applied debiased = CaptionDebiasing.Applied.NONE;
        if (spec.captioning().flatMap(T2iAuditSpec.Captioning::debiasing).isPresent()) {
            ctx.info("debiasing the captions with %s", spec.captioning().get().debiasing().get().model());
            debiased = CaptionDebiasing.apply(spec.captioning().get().debiasing().get(), rows, captions, seed);
        }
        CaptionResults captionResults = spec.captioning().isPresent()
                ? CaptionResults.compute(spec, rows, captions, seed, debiased) : null;
        AuditResults results = AuditResults.compute(ctx.header(), spec, rows, perceiverInfo,
                spec.generator().describe(), seed, photos, captionResults, null);
        if (!spec.interventions().isEmpty()) {
            results = results.withInterventions(InterventionResult.compute(ctx.header(), spec, results, all,
                    perceiverInfo, seed));
        }
        if (!spec.perception().alternatives().isEmpty()) {
            List<ClassifierSensitivity> sensitivity = new ArrayList<>();
            for (T2iAuditSpec.Alternative a : spec.perception().alternatives()) {
                List<ImageRow> alt = rows(spec, store, plan, generatorId, perceiverId(a)).stream()
                        .filter(r -> Intervention.of(r.promptId()).isEmpty()).toList();
                sensitivity.add(ClassifierSensitivity.compute(a, PerceptionStage.describe(a, store), rows, alt,
                        spec.confidence(), spec.alpha(), spec.tolerance(), spec.resamples(), seed));
            }
            results = results.withSensitivity(sensitivity);
        }
        results = results.withFindings(AuditFindings.of(results, spec.tolerance()));
        VersionedResults.write(ctx.dir().root(), results);
        if (captionResults != null) {
            AuditOutputs.writeCaptions(ctx.dir(), rows, captions, debiased.captions(), captionResults);
        }
        AuditOutputs.write(ctx.dir(), results, all, store, spec.galleryPerOccupation());
        long failed = all.stream().filter(r -> r.status().equals("failed")).count();
        if (failed == 0 && captionResults != null && captionResults.failed() > 0) {
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, spec.captioning().get().captioner()
                    .type(), captionResults.failed() + " of " + captionResults.images() + " captions failed (errors in "
                    + "captions.csv); outputs are written but the run is not complete: run it again to retry them");
        }
        if (failed > 0) {
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, generatorId, failed
                    + " of " + all.size() + " generations failed (errors in images.csv); outputs are written "
                    + "but the run is not complete: run it again to retry them");
        }
    }

    /** Store metadata: SHA-256 of the resolved spec. */
    static final String SPEC_META = "spec_sha256";

    @Override
    public void report(RunDirectory run) throws Exception {
        AuditResults results = VersionedResults.read(run.root(), AuditResults.class);
        List<ImageRow> rows = AuditOutputs.readImageRows(run);
        try (RunStore store = RunStore.openExisting(run.resolve(STORE))) {
            AuditReport.write(run, results, rows, store, 8);
        }
    }

    static String perceiverId(T2iAuditSpec spec) {
        return perceiverId(spec.perception());
    }

    /**
     * An alternative perceiver's id: as the main one's from its settings; a simulated one's also names
     * it, since its declared confusion is not part of the settings.
     */
    static String perceiverId(T2iAuditSpec.Alternative a) {
        return perceiverId(a.perception()) + (a.perception().simulated() ? "/alternative=" + a.name() : "");
    }

    private static String perceiverId(T2iAuditSpec.Perception perception) {
        var p = perception.policy();
        String base = perception.simulated() ? SimulatedPerception.ID : Perceiver.ID;
        Perceiver.Detector d = perception.detector();
        return base + String.format(java.util.Locale.ROOT, "/margin=%s/faces=%s/pad=%s", p.uncertainMargin(),
                p.faces().id(), p.cropPadding())
                + (d == Perceiver.Detector.TINY_FACE || perception.simulated() ? "" : "/detector=" + d.id())
                + (perception.genderModel() == Perceiver.GenderModel.FACEAPI || perception.simulated() ? ""
                        : "/gender=" + perception.genderModel().id())
                + (perception.skinWhiteBalance() == WhiteBalance.NONE || perception.simulated() ? ""
                        : "/skin_wb=" + perception.skinWhiteBalance().id());
    }

    static List<ImageRow> rows(T2iAuditSpec spec, RunStore store, List<Planned> plan, String generatorId,
            String perceiverId) throws Exception {
        Map<WorkKey, GenerationRecord> gens = new LinkedHashMap<>();
        for (GenerationRecord g : store.generations()) {
            gens.put(g.key(), g);
        }
        Map<String, PerceptionRecord> perc = new LinkedHashMap<>();
        for (PerceptionRecord p : store.perceptions()) {
            if (p.perceiver().equals(perceiverId)) {
                perc.put(p.imageSha256(), p);
            }
        }
        // the object stage's records, when it is on: they split "no face" by whether a person is there
        Optional<String> objectsId = spec.perception().objects().map(ObjectStage::id);
        Map<String, PerceptionRecord> objects = new LinkedHashMap<>();
        if (objectsId.isPresent()) {
            for (PerceptionRecord p : store.perceptions()) {
                if (p.perceiver().equals(objectsId.get())) {
                    objects.put(p.imageSha256(), p);
                }
            }
        }
        List<ImageRow> out = new ArrayList<>();
        for (Planned p : plan) {
            GenerationRecord g = gens.get(new WorkKey(generatorId, p.promptId(), p.sample()));
            String status = g == null ? "pending" : g.status().code();
            String sha = g == null ? "" : g.imageSha256().orElse("");
            String error = g == null ? "" : g.error().orElse("");
            String outcome = "";
            List<ImageRow.Face> faces = List.of();
            String truth = "";
            double declared = Double.NaN;
            if (g != null) {
                JsonNode si = Json.mapper().readTree(g.serverInfo());
                if (si.path("simulation").asBoolean(false)) {
                    truth = si.path("true_gender").asText();
                    declared = si.path("true_share_women").asDouble();
                } else if (spec.truth().isPresent()) {
                    String v = si.path("attributes").path(spec.truth().get().column()).asText("").strip();
                    truth = v.equalsIgnoreCase(spec.truth().get().woman()) ? "woman"
                            : v.equalsIgnoreCase(spec.truth().get().man()) ? "man" : v.isEmpty() ? "" : "other";
                }
            }
            PerceptionRecord pr = sha.isEmpty() ? null : perc.get(sha);
            if (pr != null && pr.error().isPresent()) {
                error = error.isEmpty() ? pr.error().get() : error + "; " + pr.error().get();
                outcome = "error";
            } else if (pr != null) {
                faces = List.of(Json.mapper().readValue(pr.faces().orElseThrow(), ImageRow.Face[].class));
                outcome = faces.isEmpty() ? "no face" : faces.get(0).gender();
            }
            int people = 0;
            String person = "";
            List<String> detected = List.of();
            PerceptionRecord or = sha.isEmpty() ? null : objects.get(sha);
            if (or != null && or.error().isPresent()) {
                error = error.isEmpty() ? or.error().get() : error + "; " + or.error().get();
            } else if (or != null) {
                ObjectStage.Summary found = ObjectStage.summary(or.faces().orElseThrow());
                people = found.people();
                detected = found.objects();
                if (pr != null && pr.error().isEmpty()) {
                    person = ObjectStage.person(outcome, people);
                }
            }
            out.add(new ImageRow(p.promptId(), p.listId(), p.occupationId(), p.occupationName(), p.text(), p.sample(),
                    p.seed(), status, sha, g == null ? "" : g.model().orElse(""), error, outcome, faces, truth,
                    declared, people, person, detected));
        }
        return out;
    }

    static Optional<ClassifierValidity> validity(T2iAuditSpec spec) throws java.io.IOException {
        return spec.perception().validity().isPresent()
                ? Optional.of(ClassifierValidity.read(spec.perception().validity().get()))
                : Optional.empty();
    }
}
