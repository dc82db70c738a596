package org.biaslab.experiment.debias;

import org.biaslab.util.VersionedResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.caption.CaptionFormatException;
import org.biaslab.caption.LabelledImage;
import org.biaslab.caption.ModelCaption;
import org.biaslab.debias.CorpusCaption;
import org.biaslab.debias.GenderSwapper;
import org.biaslab.debias.TrainingCorpus;
import org.biaslab.debias.bcs.BiasedCaptionSynthesis;
import org.biaslab.debias.bcs.DenoiserData;
import org.biaslab.debias.bcs.EvidenceChannel;
import org.biaslab.debias.bcs.GenderLeakageGate;
import org.biaslab.debias.bcs.SynthesisResult;
import org.biaslab.debias.lm.CaptionDenoiser;
import org.biaslab.debias.lm.DenoiseExample;
import org.biaslab.debias.lm.MaskedLanguageModel;
import org.biaslab.debias.lm.ModelFiles;
import org.biaslab.debias.lm.Vocabulary;
import org.biaslab.experiment.ExperimentHeader;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.experiment.RunContext;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.experiment.captionbias.CaptionBiasSpec;
import org.biaslab.metric.CaptionCooccurrence;
import org.biaslab.spec.SpecMap;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;

/**
 * {@code kind: debias}: trains a LIBRA-style caption debiaser from scratch (masked language model,
 * Biased Caption Synthesis with its two filters, Debiasing Caption Generator), applies it to each
 * listed model caption file of the gender evaluation set, and evaluates before vs after
 * ({@link DebiasEvaluation}). Every input is read and checked before training; trained models are
 * cached by the hash of what determines them, and LIC units are resume points, so an interrupted
 * run resumes.
 */
public final class DebiasKind implements ExperimentKind<DebiasSpec> {
    /** Run-folder file holding what the report says beyond results.json (training, evidence channel). */
    static final String CONTEXT = "debias-context.json";
    /** Run-folder folder of the debiased captions, one JSONL per model. */
    static final String CAPTIONS = "captions";
    /**
     * Version of how the denoiser's training data is built (synthesis and {@code DenoiserData});
     * part of the model cache key, raised whenever that code changes what it produces.
     */
    static final int DENOISER_DATA_VERSION = 2;
    /** Words the vocabulary of the text models keeps at most. */
    static final int MAX_VOCABULARY = 50_000;

    private final Path cache;

    /** Models cached under {@code <biaslab.root>/.cache/models/lm}. */
    public DebiasKind() {
        this(null);
    }

    /** Models cached under {@code cache} (tests, benchmarks); null for the default. */
    DebiasKind(Path cache) {
        this.cache = cache;
    }

    /** A kind whose trained models go to {@code cache} instead of the project's (benchmarks). */
    public static DebiasKind withCache(Path cache) {
        return new DebiasKind(java.util.Objects.requireNonNull(cache, "cache"));
    }

    private Path cache() {
        return cache != null ? cache : ModelFiles.cacheDirectory("libra").getParent();
    }

    @Override
    public DebiasSpec read(SpecMap root, ExperimentHeader header) {
        return DebiasReader.read(root, header);
    }

    @Override
    public List<Path> inputs(DebiasSpec spec) {
        List<Path> out = new ArrayList<>();
        out.add(spec.corpus().captions());
        out.add(spec.corpus().evaluationSet());
        out.add(spec.validity());
        for (CaptionBiasSpec.Model m : spec.models()) {
            if (m.vocabulary() != null) {
                out.add(m.vocabulary());
            }
            out.add(m.captions().get("gender").file());
        }
        return out.stream().distinct().toList();
    }

    @Override
    public void run(DebiasSpec spec, RunContext ctx) throws Exception {
        long seed = ctx.header().seed();
        Consumer<String> log = s -> ctx.info("%s", s);
        Map<String, Object> training = new LinkedHashMap<>();
        Map<String, Object> timings = new LinkedHashMap<>();

        // 1. every input, read and checked before anything is trained
        List<LabelledImage> all = CaptionFiles.readLabelledImages(spec.corpus().evaluationSet());
        List<LabelledImage> annotated = all.stream()
                .filter(i -> i.perceivedGender().equals("Male") || i.perceivedGender().equals("Female")).toList();
        if (annotated.isEmpty()) {
            throw new CaptionFormatException(spec.corpus().evaluationSet(),
                    "no image is annotated Male or Female; is this the gender evaluation set?");
        }
        // captions are checked for every annotated image; only the chosen fold is evaluated
        Map<String, Map<Long, String>> before = new LinkedHashMap<>();
        Map<String, List<String>> vocabularies = new HashMap<>();
        for (CaptionBiasSpec.Model m : spec.models()) {
            CaptionBiasSpec.CaptionFile cf = m.captions().get("gender");
            before.put(m.name(), captionsOf(cf, annotated, all, spec.corpus().evaluationSet()));
            if (m.vocabulary() != null) {
                vocabularies.put(m.name(), CaptionFiles.readVocabPickle(m.vocabulary()));
            }
        }
        List<LabelledImage> images = annotated.stream().filter(i -> spec.evaluation().inFold(i.imageId())).toList();
        for (Map.Entry<String, Map<Long, String>> e : before.entrySet()) {
            Map<Long, String> inFold = new LinkedHashMap<>();
            for (LabelledImage i : images) {
                inFold.put(i.imageId(), e.getValue().get(i.imageId()));
            }
            e.setValue(inFold);
        }
        if (spec.evaluation().imageFold().count() > 1) {
            log.accept(String.format(Locale.ROOT, "evaluating image fold %s: %,d of the %,d annotated images",
                    spec.evaluation().imageFold(), images.size(), annotated.size()));
        }
        Map<String, Object> fold = new LinkedHashMap<>();
        fold.put("fold", spec.evaluation().imageFold().toString());
        fold.put("images", images.size());
        fold.put("annotatedImages", annotated.size());
        fold.put("rule", "fold of an image = 1 + (first 64 bits of SHA-256(\"debias-image-fold/\" + image id) mod N)");
        training.put("evaluationImages", fold);
        EvidenceChannel channel = EvidenceChannel.fromValidityFile(spec.validity());
        TrainingCorpus corpus = TrainingCorpus.load(spec.corpus().captions(), spec.corpus().evaluationSet());
        LibraModels.Split split = LibraModels.split(corpus.captions(), spec.corpus().heldOutFraction(),
                spec.corpus().maxCaptions(), seed);
        if (split.train().isEmpty()) {
            throw new CaptionFormatException(spec.corpus().captions(), "no training caption is left after removing the "
                    + "images of " + spec.corpus().evaluationSet().getFileName());
        }
        training.put("corpus", corpusSummary(spec, corpus, split));
        log.accept(String.format(Locale.ROOT, "corpus: %,d training captions, %,d held out (%,d evaluation images excluded)",
                split.train().size(), split.heldOut().size(), corpus.stats().imagesExcluded()));

        // 2. masked language model
        List<List<String>> trainTokens = split.train().stream().map(c -> LibraModels.tokens(c.caption())).toList();
        List<List<String>> heldTokens = split.heldOut().stream().map(c -> LibraModels.tokens(c.caption())).toList();
        Vocabulary vocabulary = Vocabulary.build(trainTokens, spec.corpus().minCount(), MAX_VOCABULARY);
        Map<String, Object> dataKey = new LinkedHashMap<>();
        dataKey.put("captions", Hashing.sha256(spec.corpus().captions()));
        dataKey.put("evaluationSet", Hashing.sha256(spec.corpus().evaluationSet()));
        dataKey.put("maxCaptions", spec.corpus().maxCaptions());
        dataKey.put("heldOutFraction", spec.corpus().heldOutFraction());
        dataKey.put("minCount", spec.corpus().minCount());
        dataKey.put("seed", seed);
        Map<String, Object> mlmKeyParts = new LinkedHashMap<>(dataKey);
        mlmKeyParts.put("mlm", spec.mlm().toMap());
        String mlmKey = LibraModels.key(mlmKeyParts);
        String data = "COCO val2014 human captions outside the gender evaluation set ("
                + spec.corpus().captions().getFileName() + " minus " + spec.corpus().evaluationSet().getFileName() + ")";
        long t0 = System.nanoTime();
        MaskedLanguageModel mlm = LibraModels.mlm(cache(), spec.mlm(), vocabulary, trainTokens, heldTokens, data,
                Hashing.seed(seed, "mlm"), mlmKey, log);
        timings.put("maskedLmSeconds", seconds(t0));
        try (mlm) {
            // 3. synthesis and the debiasing caption generator
            Map<String, Object> denKeyParts = new LinkedHashMap<>();
            denKeyParts.put("mlm", mlmKey);
            denKeyParts.put("dataVersion", DENOISER_DATA_VERSION);
            denKeyParts.put("synthesis", spec.synthesis().toMap());
            denKeyParts.put("validity", Hashing.sha256(spec.validity()));
            denKeyParts.put("denoiser", spec.denoiser().toMap());
            String denKey = LibraModels.key(denKeyParts);
            Path synthesisFile = LibraModels.synthesisSummaryFile(cache(), denKey);
            CaptionDenoiser denoiser;
            Map<String, Object> synthesis;
            if (LibraModels.denoiserCached(cache(), denKey) && Files.isRegularFile(synthesisFile)) {
                synthesis = Json.mapper().readValue(synthesisFile.toFile(), LinkedHashMap.class);
                denoiser = LibraModels.denoiser(cache(), spec.denoiser(), vocabulary, List.of(), List.of(), data, 0, denKey, mlm,
                        log);
            } else {
                GenderSwapper swapper = GenderSwapper.libra();
                t0 = System.nanoTime();
                log.accept("synthesis: training the masked-caption gender classifier (LIC linear) on the corpus");
                SynthesisResult trainSynth;
                SynthesisResult heldSynth;
                try (GenderLeakageGate gate = GenderLeakageGate.trainOnCorpus(split.train(), swapper,
                        spec.synthesis().config().maxWords(), 0.1, Hashing.seed(seed, "gate"))) {
                    timings.put("gateSeconds", seconds(t0));
                    log.accept(String.format(Locale.ROOT, "synthesis: gate held-out accuracy %.3f; synthesizing biased captions",
                            gate.stats().heldOutAccuracy().value()));
                    t0 = System.nanoTime();
                    List<SynthesisResult> rounds = new ArrayList<>();
                    List<SynthesisResult> heldRounds = new ArrayList<>();
                    for (int r = 0; r < spec.synthesis().rounds(); r++) {
                        rounds.add(BiasedCaptionSynthesis.synthesize(split.train(), swapper, gate, mlm,
                                spec.synthesis().config(), Hashing.seed(seed, "synthesis", r)));
                        heldRounds.add(BiasedCaptionSynthesis.synthesize(split.heldOut(), swapper, gate, mlm,
                                spec.synthesis().config(), Hashing.seed(seed, "synthesis-held-out", r)));
                        log.accept(String.format(Locale.ROOT, "synthesis: round %d/%d, %,d biased captions kept",
                                r + 1, spec.synthesis().rounds(), rounds.get(r).biased().size()));
                    }
                    trainSynth = SynthesisResult.combine(rounds);
                    heldSynth = SynthesisResult.combine(heldRounds);
                    timings.put("synthesisSeconds", seconds(t0));
                }
                DenoiserData trainData = DenoiserData.assemble(trainSynth, split.train(), channel, spec.synthesis().config(),
                        Hashing.seed(seed, "denoiser-data"));
                DenoiserData heldData = DenoiserData.assemble(heldSynth, split.heldOut(), channel, spec.synthesis().config(),
                        Hashing.seed(seed, "denoiser-data-held-out"));
                synthesis = synthesisSummary(trainSynth, spec.synthesis().rounds(), trainData, heldData);
                log.accept(String.format(Locale.ROOT, "synthesis: %,d biased captions kept, %,d training pairs",
                        trainSynth.biased().size(), trainData.examples().size()));
                t0 = System.nanoTime();
                denoiser = LibraModels.denoiser(cache(), spec.denoiser(), vocabulary, trainData.examples(), heldData.examples(),
                        "Biased Caption Synthesis pairs (" + spec.synthesis().rounds() + " rounds) + originals, "
                                + spec.synthesis().config().biasedPerOriginal() + " biased per original,"
                                + " from " + data,
                        Hashing.seed(seed, "denoiser"), denKey, mlm, log);
                timings.put("denoiserSeconds", seconds(t0));
                Files.createDirectories(synthesisFile.getParent());
                Json.write(synthesisFile, synthesis);
            }
            training.put("maskedLanguageModel", mlm.card().toMap());
            training.put("synthesis", synthesis);
            try (denoiser) {
                training.put("debiasingCaptionGenerator", denoiser.card().toMap());
                training.put("models", Map.of("maskedLanguageModel", "libra-mlm-" + mlmKey,
                        "debiasingCaptionGenerator", "libra-denoiser-" + denKey));

                // 4. apply
                List<DebiasEvaluation.ModelCaptions> evaluated = new ArrayList<>();
                Map<String, Object> applied = new LinkedHashMap<>();
                List<DebiasSpec.Decoding> decodings = spec.evaluation().decodings();
                int rates = spec.evaluation().inferenceMaskRates().size();
                int margins = spec.evaluation().editMargins().size();
                for (CaptionBiasSpec.Model m : spec.models()) {
                    for (DebiasSpec.Decoding d : decodings) {
                        double rate = d.maskRate();
                        double margin = d.editMargin();
                        String name = variant(m.name(), rate, rates, margin, margins);
                        t0 = System.nanoTime();
                        DebiasApplication.Applied a = DebiasApplication.apply(denoiser, images, before.get(m.name()),
                                channel, rate, margin, applicationSeed(seed));
                        double s = seconds(t0);
                        log.accept(String.format(Locale.ROOT, "%s: %,d captions debiased in %.1f s (%.0f captions/s)",
                                name, images.size(), s, images.size() / s));
                        Map<String, Object> am = new LinkedHashMap<>();
                        am.put("captions", images.size());
                        am.put("inferenceMaskRate", rate);
                        am.put("editMargin", margin);
                        am.put("evidenceOutcomes", a.evidence());
                        am.put("emptyCaptions", a.empty());
                        am.put("noGenderWord", a.noGenderWord());
                        am.put("nonAscii", a.nonAscii());
                        am.put("longerThanWindow", a.longer());
                        am.put("withUnknownWords", a.unknownWords());
                        applied.put(name, am);
                        timings.put("debias " + name + " captionsPerSecond", images.size() / s);
                        writeCaptions(ctx.dir(), name, images, before.get(m.name()), a.after());
                        evaluated.add(new DebiasEvaluation.ModelCaptions(name, vocabularies.get(m.name()),
                                before.get(m.name()), a.after()));
                    }
                }
                training.put("application", applied);
                training.put("timingsSeconds", timings);

                // 5. evaluate, write results and report
                DebiasEvaluation.Settings settings = new DebiasEvaluation.Settings(spec.evaluation().testFraction(),
                        spec.confidence(), spec.resamples(), seed, spec.evaluation().examples(), "lic",
                        CaptionCooccurrence.Vocabulary.OBJECTS, CaptionCooccurrence.DEFAULT_MIN_COUNT);
                DebiasResults results = DebiasEvaluation.evaluate(images, spec.corpus().evaluationSet().getFileName()
                        .toString(), evaluated, spec.evaluation().classifiers(), settings, ctx.threads(),
                        new DebiasEvaluation.UnitStore() {
                            @Override
                            public Optional<DebiasResults.LicUnit> load(String id) throws IOException {
                                return ctx.dir().unit(id, DebiasResults.LicUnit.class);
                            }

                            @Override
                            public void save(String id, DebiasResults.LicUnit unit) throws IOException {
                                ctx.dir().saveUnit(id, unit);
                            }
                        }, log);
                VersionedResults.write(ctx.dir().root(), results);
                DebiasReport.Context context = new DebiasReport.Context("biaslab: " + ctx.header().name()
                        + " (LIBRA-style caption debiasing, before vs after)", ctx.header().description(),
                        evidence(channel), training);
                ctx.dir().writeJson(CONTEXT, context);
                DebiasOutputs.write(ctx.dir(), results, context);
            }
        }
    }

    @Override
    public void report(RunDirectory run) throws Exception {
        DebiasResults results = VersionedResults.read(run.root(), DebiasResults.class);
        DebiasReport.Context context = Json.mapper().readValue(run.resolve(CONTEXT).toFile(), DebiasReport.Context.class);
        DebiasOutputs.write(run, results, context);
    }

    /**
     * Each annotated image's caption from a model's file. A missing caption, or a caption of an image
     * the label file does not list at all (another image set), is an error naming the file; captions
     * of listed images that are not annotated Male or Female are ignored.
     */
    private static Map<Long, String> captionsOf(CaptionBiasSpec.CaptionFile cf, List<LabelledImage> images,
            List<LabelledImage> listed, Path labels) throws IOException {
        List<ModelCaption> caps = CaptionFiles.readModelCaptions(cf.file(), cf.format());
        Map<Long, String> byId = new HashMap<>();
        java.util.Set<Long> known = new java.util.HashSet<>();
        listed.forEach(i -> known.add(i.imageId()));
        List<Long> extra = new ArrayList<>();
        for (ModelCaption c : caps) {
            byId.put(c.imageId(), c.caption());
            if (!known.contains(c.imageId())) {
                extra.add(c.imageId());
            }
        }
        if (!extra.isEmpty()) {
            throw new CaptionFormatException(cf.file(), extra.size() + " caption(s) of images that "
                    + labels.getFileName() + " does not list (e.g. image ids " + extra.subList(0, Math.min(5,
                    extra.size())) + "); is this a caption file of another image set?");
        }
        List<Long> missing = new ArrayList<>();
        Map<Long, String> out = new LinkedHashMap<>();
        for (LabelledImage i : images) {
            String c = byId.get(i.imageId());
            if (c == null) {
                missing.add(i.imageId());
            } else {
                out.put(i.imageId(), c);
            }
        }
        if (!missing.isEmpty()) {
            throw new CaptionFormatException(cf.file(), "no caption for " + missing.size() + " of the " + images.size()
                    + " images annotated Male or Female in " + labels.getFileName() + " (e.g. image ids "
                    + missing.subList(0, Math.min(5, missing.size())) + "); is this a caption file of the gender set?");
        }
        return out;
    }

    /**
     * The seed of the application step: the evidence draw of each image and the test-time mask draws.
     * It depends on the experiment seed only, so every model gets the same draw for the same image (one
     * draw per image, shared by all models, as the report says) and renaming a model changes nothing.
     */
    static long applicationSeed(long experimentSeed) {
        return Hashing.seed(experimentSeed, "debias");
    }

    /**
     * A model's name in results: with several inference mask rates the rate is appended, with
     * several edit margins the margin, e.g. "SAT (test mask 0.20, margin 2.0)".
     */
    static String variant(String model, double rate, int rates, double margin, int margins) {
        List<String> parts = new ArrayList<>();
        if (rates > 1) {
            parts.add(String.format(Locale.ROOT, "test mask %.2f", rate));
        }
        if (margins > 1) {
            parts.add(String.format(Locale.ROOT, "margin %.1f", margin));
        }
        return parts.isEmpty() ? model : model + " (" + String.join(", ", parts) + ")";
    }

    private static void writeCaptions(RunDirectory dir, String model, List<LabelledImage> images,
            Map<Long, String> before, Map<Long, String> after) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LabelledImage i : images) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("image_id", i.imageId());
            row.put("perceived_gender_annotation", i.perceivedGender());
            row.put("before", before.get(i.imageId()));
            row.put("caption", after.get(i.imageId()));
            sb.append(Json.mapper().writeValueAsString(row)).append('\n');
        }
        dir.writeText(CAPTIONS + "/" + org.biaslab.util.SafeNames.fileName(model) + ".jsonl", sb.toString());
    }

    private static Map<String, Object> corpusSummary(DebiasSpec spec, TrainingCorpus corpus, LibraModels.Split split) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", spec.corpus().captions().getFileName().toString());
        m.put("excluded", spec.corpus().evaluationSet().getFileName().toString());
        m.put("stats", Json.mapper().convertValue(corpus.stats(), LinkedHashMap.class));
        m.put("trainingCaptions", split.train().size());
        m.put("heldOutCaptions", split.heldOut().size());
        m.put("maxCaptions", spec.corpus().maxCaptions());
        return m;
    }

    private static Map<String, Object> synthesisSummary(SynthesisResult r, int rounds, DenoiserData train, DenoiserData held) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", r.config().toMap());
        m.put("rounds", rounds);
        m.put("captionsOffered", r.total());
        m.put("outcomes", Json.mapper().convertValue(r.outcomes(), LinkedHashMap.class));
        m.put("assigned", Json.mapper().convertValue(r.assigned(), LinkedHashMap.class));
        m.put("gate", Json.mapper().convertValue(r.gate(), LinkedHashMap.class));
        m.put("nonAsciiCaptions", r.nonAsciiCaptions());
        m.put("captionsWithUnknownWords", r.captionsWithUnknownWords());
        m.put("timings", Json.mapper().convertValue(r.timings(), LinkedHashMap.class));
        List<Map<String, Object>> examples = new ArrayList<>();
        r.examples().forEach((type, list) -> {
            for (var b : list) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("type", type.toString());
                e.put("original", String.join(" ", b.original()));
                e.put("biased", String.join(" ", b.biased()));
                e.put("pFemaleBefore", b.pFemaleBefore());
                e.put("pFemaleAfter", b.pFemaleAfter());
                examples.add(e);
            }
        });
        m.put("examples", examples);
        m.put("denoiserTrainingData", Json.mapper().convertValue(train.counts(), LinkedHashMap.class));
        m.put("denoiserHeldOutData", Json.mapper().convertValue(held.counts(), LinkedHashMap.class));
        return m;
    }

    private static DebiasReport.EvidenceChannel evidence(EvidenceChannel channel) {
        List<String> rows = List.of(EvidenceChannel.WOMAN, EvidenceChannel.MAN);
        List<String> outcomes = channel.outcomes();
        List<List<Double>> p = new ArrayList<>();
        for (String r : rows) {
            Map<String, Double> probs = channel.rowProbabilities(r);
            p.add(outcomes.stream().map(o -> probs.getOrDefault(o, 0.0)).toList());
        }
        return new DebiasReport.EvidenceChannel(channel.source(), List.of("annotated Female", "annotated Male"),
                outcomes, p, channel.describe());
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
