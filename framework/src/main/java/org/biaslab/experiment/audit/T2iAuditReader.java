package org.biaslab.experiment.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.biaslab.experiment.ExperimentHeader;
import org.biaslab.experiment.IntervalSettings;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.Generators;
import org.biaslab.generate.folder.FolderType;
import org.biaslab.generate.simulated.SimulatedType;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelManifest;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.perceive.skin.WhiteBalance;
import org.biaslab.prompt.PromptLibrary;
import org.biaslab.spec.SpecMap;

/** Reads and validates every field of a {@code t2i-audit} experiment, reporting all problems at once. */
final class T2iAuditReader {
    private T2iAuditReader() {}

    static T2iAuditSpec read(SpecMap root, ExperimentHeader header, ModelStore models) {
        SpecMap p = root.map("prompts");
        Path library = p.outputPath("library", "../prompts");
        boolean libraryOk = Files.isDirectory(library);
        if (!libraryOk) {
            p.problem("library", "prompt library folder not found: " + library);
        }
        PromptLibrary lib = libraryOk ? new PromptLibrary(library) : null;
        String source = p.choice("source", List.of("library", "manifest"), "library");
        boolean fromManifest = source.equals("manifest");
        List<String> lists = p.strings("lists", List.of());
        List<String> templates = p.strings("templates", List.of());
        int images = p.integer("images_per_prompt", 8, 1, 100_000);
        String manifestList = p.string("list", "");
        if (lib != null) {
            try {
                List<String> known = lib.listIds();
                for (String l : fromManifest ? (manifestList.isEmpty() ? List.<String>of() : List.of(manifestList))
                        : lists) {
                    if (!known.contains(l)) {
                        p.problem(fromManifest ? "list" : "lists", "unknown occupation list '" + l + "'; known: "
                                + String.join(", ", known));
                    }
                }
                List<String> knownTemplates = lib.templates().stream().map(t -> t.id()).toList();
                for (String t : templates) {
                    if (!knownTemplates.contains(t)) {
                        p.problem("templates", "unknown template '" + t + "'; known: "
                                + String.join(", ", knownTemplates));
                    }
                }
            } catch (IOException | RuntimeException e) {
                p.problem("library", "cannot read the prompt library " + library + ": " + e.getMessage());
            }
        }
        if (!fromManifest && lists.isEmpty()) {
            p.problem("lists", "name at least one occupation list, e.g. [heim]");
        }
        if (!fromManifest && templates.isEmpty()) {
            p.problem("templates", "name at least one template, e.g. [heim-face]");
        }
        if (fromManifest && (!lists.isEmpty() || !templates.isEmpty())) {
            p.problem("source", "source: manifest takes its prompts from the folder manifest; lists and "
                    + "templates must not be given");
        }
        p.done();

        SpecMap g = root.map("generator");
        GeneratorConfig generator = Generators.read(g, header.seed());
        if (fromManifest && generator != null && !(generator instanceof FolderType.Config)) {
            p.problem("source", "source: manifest needs generator type folder, not '" + generator.type() + "'");
        }

        SpecMap pm = root.map("perception");
        String mode = pm.choice("mode", T2iAuditSpec.Perception.MODES, "faceapi");
        double margin = pm.number("uncertain_margin", PerceptionPolicy.DEFAULT_MARGIN, 0, 0.499);
        String faces = pm.choice("faces", List.of("largest", "all"), "largest");
        double padding = pm.number("crop_padding", 0, 0, 2);
        String detector = pm.choice("detector", Perceiver.Detector.ids(), Perceiver.Detector.TINY_FACE.id());
        String genderModel = pm.choice("gender_model", Perceiver.GenderModel.ids(), Perceiver.GenderModel.FACEAPI.id());
        Optional<Path> validity = pm.optionalFile("validity");
        Set<String> modelled = new LinkedHashSet<>(pm.strings("model_abstentions", List.of()));
        double unreliable = pm.number("unreliable_skin_rate", 0.1, 0, 1);
        String skinWb = pm.choice("skin_white_balance",
                java.util.Arrays.stream(WhiteBalance.values()).map(WhiteBalance::id).toList(), WhiteBalance.NONE.id());
        checkValidity(pm, validity, modelled);
        Optional<String> objects = Optional.ofNullable(pm.choice("objects",
                T2iAuditSpec.Perception.OBJECT_DETECTORS, "")).filter(o -> !o.isEmpty());
        if (objects.isPresent() && (mode.equals("simulated") || generator instanceof SimulatedType.Config)) {
            pm.problem("objects", "an object detector needs real images: the simulated generator's pictograms hold "
                    + "no people, so a person count on them would measure nothing; leave objects out");
        }
        if (mode.equals("simulated")) {
            if (validity.isEmpty() && !pm.document().problems().stream()
                    .anyMatch(x -> x.field().equals(pm.field("validity")))) {
                pm.problem("validity", "simulated perception draws perceived labels through a declared confusion "
                        + "matrix: give it as a validity file");
            }
            if (generator != null && !(generator instanceof SimulatedType.Config)) {
                pm.problem("mode", "simulated perception needs the simulated generator, not '" + generator.type()
                        + "'");
            }
        } else if (generator instanceof SimulatedType.Config) {
            pm.problem("mode", "the simulated generator's pictograms hold no face: use mode: simulated");
        }
        T2iAuditSpec.Perception main = new T2iAuditSpec.Perception(mode,
                new PerceptionPolicy(margin, PerceptionPolicy.FacePolicy.parse(faces == null ? "largest" : faces),
                        padding), validity, modelled, unreliable,
                detector == null ? Perceiver.Detector.TINY_FACE : Perceiver.Detector.parse(detector),
                genderModel == null ? Perceiver.GenderModel.FACEAPI : Perceiver.GenderModel.parse(genderModel), List.of());
        List<T2iAuditSpec.Alternative> alternatives = readAlternatives(pm, main);
        pm.done();

        Optional<T2iAuditSpec.Truth> truth = Optional.empty();
        Optional<SpecMap> tm = root.optionalMap("truth");
        if (tm.isPresent()) {
            SpecMap t = tm.get();
            String column = t.string("column");
            String woman = t.string("woman");
            String man = t.string("man");
            String src = t.string("source", "reference labels");
            t.done();
            if (!(generator instanceof FolderType.Config)) {
                t.problem("truth from a manifest column needs generator type folder");
            }
            if (column != null && woman != null && man != null) {
                truth = Optional.of(new T2iAuditSpec.Truth(column.toLowerCase(java.util.Locale.ROOT), woman, man, src));
            }
        }

        Optional<SpecMap> rm = root.optionalMap("reference");
        List<Integer> years = rm.isPresent() ? blsYears(rm.get(), lib, library) : List.of();
        if (fromManifest && !years.isEmpty() && manifestList.isEmpty()) {
            p.problem("list", "a BLS comparison of manifest prompts needs the occupation list their ids belong to");
        }
        if (rm.isPresent() && lib != null && !years.isEmpty()) {
            checkBlsMapping(rm.get(), lib, years, fromManifest ? manifestList : null, lists, generator);
        }

        IntervalSettings intervals = IntervalSettings.read(root);
        double confidence = intervals.confidence();
        int resamples = intervals.resamples();
        double alpha = root.number("test_level", 0.05, 0.0001, 0.5);
        int minCell = root.integer("min_cell", 5, 1, 1000);
        double tolerance = root.number("tolerance", 0.05, 0, 0.5);
        int gallery = root.integer("gallery_per_occupation", 8, 0, 8);
        int concurrency = root.integer("concurrency", 0, 0, 256);
        Optional<T2iAuditSpec.SamplePhotos> samplePhotos = root.optionalMap("sample_photos")
                .flatMap(m -> readSamplePhotos(m, models));

        Optional<T2iAuditSpec.Captioning> captioning = readCaptioning(root, header.seed(), generator);
        List<Intervention> interventions = readInterventions(root, generator, fromManifest);

        if (generator == null) {
            return null;
        }
        T2iAuditSpec.Perception perception = new T2iAuditSpec.Perception(mode, main.policy(), validity, modelled,
                unreliable, main.detector(), main.genderModel(), alternatives, objects,
                skinWb == null ? WhiteBalance.NONE : WhiteBalance.parse(skinWb));
        return new T2iAuditSpec(new T2iAuditSpec.Prompts(library, lists, templates, images, fromManifest, manifestList),
                generator, perception, truth, new T2iAuditSpec.Reference(years), confidence, resamples, alpha,
                minCell, gallery, concurrency, samplePhotos, captioning, interventions, tolerance);
    }

    /**
     * {@code perception.alternatives}: other perceivers of the same images, each named, each field it
     * gives replacing the main perceiver's (detector, gender_model, uncertain_margin, faces, crop_padding, validity,
     * unreliable_skin_rate); one that reads the images exactly as the main one does is refused.
     */
    static List<T2iAuditSpec.Alternative> readAlternatives(SpecMap pm, T2iAuditSpec.Perception main) {
        List<T2iAuditSpec.Alternative> out = new ArrayList<>();
        if (!pm.has("alternatives")) {
            return out;
        }
        Set<String> names = new LinkedHashSet<>();
        for (SpecMap a : pm.maps("alternatives", true)) {
            int problems = a.document().problems().size();
            String name = a.name("name", INTERVENTION_NAME, "lower-case letters and digits, words joined by '_' or '-'");
            double margin = a.number("uncertain_margin", main.policy().uncertainMargin(), 0, 0.499);
            String faces = a.choice("faces", List.of("largest", "all"), main.policy().faces().id());
            double padding = a.number("crop_padding", main.policy().cropPadding(), 0, 2);
            String detector = a.choice("detector", Perceiver.Detector.ids(), main.detector().id());
            String genderModel = a.choice("gender_model", Perceiver.GenderModel.ids(), main.genderModel().id());
            Optional<Path> validity = a.has("validity") ? a.optionalFile("validity") : main.validity();
            double unreliable = a.number("unreliable_skin_rate", main.unreliableSkinRate(), 0, 1);
            a.done();
            if (name == null || faces == null || detector == null || genderModel == null) {
                continue;
            }
            if (!names.add(name)) {
                a.problem("name", "a second alternative perceiver named '" + name + "'");
                continue;
            }
            if (a.has("validity")) {
                checkValidity(a, validity, main.modelledAbstentions());
            }
            if (main.simulated() && validity.isEmpty()) {
                continue; // the main perceiver's missing validity is reported already
            }
            T2iAuditSpec.Perception p = new T2iAuditSpec.Perception(main.mode(), new PerceptionPolicy(margin,
                    PerceptionPolicy.FacePolicy.parse(faces), padding), validity, main.modelledAbstentions(), unreliable,
                    Perceiver.Detector.parse(detector), Perceiver.GenderModel.parse(genderModel), List.of());
            // a simulated perceiver reads no pixels: its detector and gender model change nothing
            boolean same = p.policy().equals(main.policy()) && (main.simulated()
                    ? p.validity().equals(main.validity()) && p.unreliableSkinRate() == main.unreliableSkinRate()
                    : p.detector() == main.detector() && p.genderModel() == main.genderModel());
            // a field already refused fell back to the main perceiver's value: not a second problem
            if (same && a.document().problems().size() == problems) {
                a.problem("name", "alternative perceiver '" + name + "' reads the images exactly as the main perceiver "
                        + "does: give it " + (main.simulated() ? "another validity file (declared confusion), "
                        + "uncertain_margin, faces, crop_padding or unreliable_skin_rate"
                        : "another detector, gender_model, uncertain_margin, faces or crop_padding"));
                continue;
            }
            out.add(new T2iAuditSpec.Alternative(name, p));
        }
        return out;
    }

    /**
     * A perception section's {@code validity} record and {@code model_abstentions}: the record's labels
     * are woman and man, its abstention kinds outcomes of perception, and the modelled abstentions
     * kinds of the record (which they need).
     */
    static void checkValidity(SpecMap pm, Optional<Path> validity, Set<String> modelled) {
        if (validity.isPresent()) {
            try {
                ClassifierValidity v = ClassifierValidity.read(validity.get());
                if (!new java.util.HashSet<>(v.matrix().labels()).equals(Set.of("woman", "man"))) {
                    pm.problem("validity", "the validity file's labels must be woman and man, were "
                            + v.matrix().labels());
                }
                for (String a : v.matrix().abstentionKinds()) {
                    if (!a.equals(PerceptionPolicy.UNCERTAIN) && !a.equals(PerceptionPolicy.NO_FACE)) {
                        pm.problem("validity", "abstention kind '" + a + "' is not an outcome of perception "
                                + "(uncertain, no face)");
                    }
                }
                for (String a : modelled) {
                    if (!v.matrix().abstentionKinds().contains(a)) {
                        pm.problem("model_abstentions", "'" + a + "' is not an abstention kind of the validity file "
                                + v.matrix().abstentionKinds());
                    }
                }
            } catch (IOException | RuntimeException e) {
                pm.problem("validity", "cannot read classifier validity: " + e.getMessage());
            }
        } else if (!modelled.isEmpty()) {
            pm.problem("model_abstentions", "given without a validity file");
        }
    }

    /**
     * {@code reference.bls_years}: each a year the library has a BLS table for (problems name the
     * year and the tables there are); marks the section read.
     */
    static List<Integer> blsYears(SpecMap reference, PromptLibrary lib, Path library) {
        List<Integer> years = new ArrayList<>();
        for (String y : reference.strings("bls_years", List.of())) {
            try {
                int year = Integer.parseInt(y.strip());
                if (lib != null && !lib.blsYears().contains(year)) {
                    reference.problem("bls_years", "no BLS table for year " + year + " in " + library
                            + "; available: " + lib.blsYears());
                } else {
                    years.add(year);
                }
            } catch (NumberFormatException e) {
                reference.problem("bls_years", "'" + y + "' is not a year");
            } catch (IOException e) {
                reference.problem("bls_years", "cannot list BLS tables: " + e.getMessage());
            }
        }
        reference.done();
        return years;
    }

    private static final Pattern INTERVENTION_NAME = Pattern.compile("[a-z0-9]+(?:[_-][a-z0-9]+)*");

    /**
     * {@code interventions:}: each a name and exactly one of {@code prefix}, {@code suffix},
     * {@code append_terms}. The images of a folder manifest exist already, so a folder run has none;
     * a simulated generator's {@code intervention_amplification} must name declared interventions.
     */
    static List<Intervention> readInterventions(SpecMap root, GeneratorConfig generator, boolean fromManifest) {
        List<Intervention> out = new ArrayList<>();
        if (!root.has("interventions")) {
            if (generator instanceof SimulatedType.Config sim) {
                for (String k : sim.interventionAmplification().keySet()) {
                    root.problem("generator", "intervention_amplification names '" + k + "', but the experiment "
                            + "declares no interventions");
                }
            }
            return out;
        }
        List<String> names = new ArrayList<>();
        for (SpecMap m : root.maps("interventions", true)) {
            String name = m.name("name", INTERVENTION_NAME, "lower-case letters and digits, words joined by '_' or "
                    + "'-'");
            String description = m.string("description", "");
            String prefix = m.string("prefix", "");
            String suffix = m.string("suffix", "");
            List<Intervention.Term> terms = new ArrayList<>();
            double sum = 0;
            for (SpecMap t : m.maps("append_terms", false)) {
                String text = t.string("text");
                double pr = t.number("probability", 0, 0, 1);
                t.done();
                if (text != null) {
                    terms.add(new Intervention.Term(text, pr));
                    sum += pr;
                }
            }
            m.done();
            int kinds = (m.has("prefix") ? 1 : 0) + (m.has("suffix") ? 1 : 0) + (m.has("append_terms") ? 1 : 0);
            if (kinds != 1) {
                m.problem("give exactly one of prefix, suffix and append_terms");
            }
            if (sum > 1 + 1e-9) {
                m.problem("append_terms", "the terms' probabilities sum to " + sum + ", more than 1");
            }
            if (name != null && names.contains(name)) {
                m.problem("name", "intervention '" + name + "' is declared twice");
            }
            if (name != null) {
                names.add(name);
                out.add(new Intervention(name, description, prefix, suffix, terms));
            }
        }
        if (fromManifest || generator instanceof FolderType.Config) {
            root.problem("interventions", "the folder generator's images exist already: a prompt variant needs a "
                    + "generator that makes images from prompts (a1111, openai-images, simulated)");
        }
        if (generator instanceof SimulatedType.Config sim) {
            for (String k : sim.interventionAmplification().keySet()) {
                if (!names.contains(k)) {
                    root.problem("generator", "intervention_amplification names '" + k + "', which is not a declared "
                            + "intervention (" + names + ")");
                }
            }
        }
        return out;
    }

    /**
     * {@code captioner:} (optional) and {@code caption_word_min_count:}. A simulated captioner draws from
     * the simulated generator's declared truth, and a manifest column exists only for the folder
     * generator: other combinations are problems.
     */
    static Optional<T2iAuditSpec.Captioning> readCaptioning(SpecMap root, long seed, GeneratorConfig generator) {
        Optional<SpecMap> cm = root.optionalMap("captioner");
        if (cm.isEmpty()) {
            for (String k : List.of("caption_word_min_count", "caption_leakage", "caption_debiasing")) {
                if (root.has(k)) {
                    root.problem(k, "given without a captioner");
                }
            }
            return Optional.empty();
        }
        Optional<T2iAuditSpec.CaptionLeakage> leakage = root.optionalMap("caption_leakage").map(m -> {
            int seeds = m.integer("seeds", 5, 1, 100);
            double testFraction = m.number("test_fraction", 0.1, 0.01, 0.5);
            var classifiers = org.biaslab.metric.leakage.ClassifierTypes.readList(m, "classifiers", seeds);
            Optional<Path> coco = m.optionalFile("coco_reference");
            coco.ifPresent(f -> {
                try {
                    com.fasterxml.jackson.databind.JsonNode n = org.biaslab.util.Json.mapper().readTree(f.toFile());
                    if (n == null || !"caption-bias".equals(n.path("kind").asText()) || !n.path("lic").isArray()) {
                        m.problem("coco_reference", f + " is not the results.json of a caption-bias run (kind "
                                + (n == null ? "none" : "'" + n.path("kind").asText() + "'") + ")");
                    }
                } catch (IOException e) {
                    m.problem("coco_reference", "cannot read " + f + ": " + e.getMessage());
                }
            });
            m.done();
            return new T2iAuditSpec.CaptionLeakage(classifiers, testFraction, coco);
        });
        int minCount = root.integer("caption_word_min_count", 10, 1, 1_000_000);
        org.biaslab.captioner.CaptionerConfig c = org.biaslab.captioner.Captioners.read(cm.get(), seed);
        if (c instanceof org.biaslab.captioner.simulated.SimulatedCaptionerType.Config
                && generator != null && !(generator instanceof SimulatedType.Config)) {
            cm.get().problem("type", "the simulated captioner draws from the simulated generator's declared truth; "
                    + "generator '" + generator.type() + "' declares none");
        }
        if (c instanceof org.biaslab.captioner.detections.DetectionsCaptionerType.Config
                && generator instanceof SimulatedType.Config) {
            cm.get().problem("type", "the detections captioner reads real images: the simulated generator's "
                    + "pictograms hold no people or COCO objects, so its template captions would describe nothing");
        }
        if (c instanceof org.biaslab.captioner.folder.FolderCaptionerType.Config f && f.file().isEmpty()
                && generator != null && !(generator instanceof FolderType.Config)) {
            cm.get().problem("column", "a manifest column needs generator type folder, not '" + generator.type() + "'");
        }
        Optional<T2iAuditSpec.CaptionDebiasing> debiasing = root.optionalMap("caption_debiasing").map(m -> {
            String dir = m.string("model");
            Path model = dir == null ? null : m.document().baseDir().resolve(dir).normalize();
            java.util.OptionalDouble maskRate = m.has("mask_rate")
                    ? java.util.OptionalDouble.of(m.number("mask_rate", 0.2, 0, 1)) : java.util.OptionalDouble.empty();
            double margin = m.number("edit_margin", 0, 0, 100);
            m.done();
            if (model != null && !java.nio.file.Files.isRegularFile(model.resolve("manifest.sha256"))) {
                m.problem("model", model + " is not a saved debiasing caption generator (no manifest.sha256); "
                        + "train one with a debias experiment (e.g. experiments/libra-debias.yaml): its log names "
                        + "the folder it saved, .cache/models/lm/libra-denoiser-<key>");
            }
            return model == null ? null : new T2iAuditSpec.CaptionDebiasing(model, maskRate, margin);
        });
        return c == null ? Optional.empty() : Optional.of(new T2iAuditSpec.Captioning(c, minCount, leakage,
                debiasing));
    }

    private static final Pattern MANIFEST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * {@code sample_photos:}: every package must name a manifest of {@code models/} that lists a photo,
     * every validity file must be a woman/man validity record of the weights the perceiver loads. Reads
     * manifests and validity files only; nothing is fetched.
     */
    static Optional<T2iAuditSpec.SamplePhotos> readSamplePhotos(SpecMap s, ModelStore models) {
        List<String> packages = s.strings("packages", List.of());
        List<String> validityNames = s.strings("validity", List.of());
        s.done();
        int before = s.document().problems().size();
        if (packages.isEmpty()) {
            s.problem("packages", "name at least one model package of " + models.root().resolve(ModelStore.MANIFESTS)
                    + " whose photos to perceive, e.g. [vladmandic-face-api]");
        }
        List<String> known = manifestNames(models, s);
        Set<String> seen = new LinkedHashSet<>();
        for (String name : packages) {
            if (!seen.add(name)) {
                s.problem("packages", "model package '" + name + "' is listed twice");
                continue;
            }
            if (!MANIFEST_NAME.matcher(name).matches()) {
                s.problem("packages", "'" + name + "' is not a manifest name (the file name in "
                        + ModelStore.MANIFESTS + "/ without .yaml, e.g. vladmandic-face-api)");
                continue;
            }
            if (!known.contains(name)) {
                s.problem("packages", "unknown model package '" + name + "': no " + name + ".yaml in "
                        + models.root().resolve(ModelStore.MANIFESTS) + "; known: " + String.join(", ", known));
                continue;
            }
            try {
                ModelManifest m = models.manifest(name + ".yaml");
                if (m.files().keySet().stream().noneMatch(T2iAuditSpec.SamplePhotos::isPhoto)) {
                    s.problem("packages", "model package '" + name + "' (" + m.spec() + ") lists no photo ("
                            + String.join(", ", T2iAuditSpec.SamplePhotos.PHOTO_SUFFIXES) + ") in its manifest");
                }
            } catch (ModelException e) {
                s.problem("packages", "model package '" + name + "': " + e.getMessage());
            }
        }
        if (validityNames.isEmpty()) {
            s.problem("validity", "name at least one classifier validity file (e.g. ../models/validity/"
                    + "faceapi-utkface-dev-padding0.5-margin0.1.json): estimates are shown with the classifier's "
                    + "measured error");
        }
        Map<String, String> weights = Map.of();
        try {
            weights = models.manifest(FaceApi.MANIFEST).files();
        } catch (ModelException e) {
            s.problem("the real perceiver's weights cannot be described: " + e.getMessage());
        }
        List<Path> validity = new ArrayList<>();
        for (String v : validityNames) {
            Path file = s.document().baseDir().resolve(v).normalize();
            if (!Files.isRegularFile(file)) {
                s.problem("validity", "file '" + v + "' not found (resolved to " + file + ")");
                continue;
            }
            if (validity.contains(file)) {
                s.problem("validity", "file '" + v + "' is listed twice");
                continue;
            }
            try {
                ClassifierValidity cv = ClassifierValidity.read(file);
                if (!new java.util.HashSet<>(cv.matrix().labels()).equals(Set.of("woman", "man"))) {
                    s.problem("validity", "'" + v + "': the labels must be woman and man, were " + cv.matrix().labels());
                }
                if (cv.modelFiles().isEmpty()) {
                    s.problem("validity", "'" + v + "' records no model files, so it is no measurement of the "
                            + "perceiver's weights (" + FaceApi.MANIFEST + ")");
                }
                for (var e : cv.modelFiles().entrySet()) {
                    String mine = weights.get(e.getKey());
                    if (!weights.isEmpty() && !e.getValue().equals(mine)) {
                        s.problem("validity", "'" + v + "' was measured with other weights than "
                                + FaceApi.MANIFEST + ": its " + e.getKey() + " has SHA-256 " + e.getValue()
                                + (mine == null ? ", a file the manifest does not list" : ", the manifest says " + mine));
                        break;
                    }
                }
                validity.add(file);
            } catch (IOException | RuntimeException e) {
                s.problem("validity", "cannot read classifier validity '" + v + "': " + e.getMessage());
            }
        }
        if (s.document().problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new T2iAuditSpec.SamplePhotos(packages, validity));
    }

    /** Manifest names (file names without .yaml / .yml) in the store's manifest folder, sorted. */
    private static List<String> manifestNames(ModelStore models, SpecMap s) {
        Path dir = models.root().resolve(ModelStore.MANIFESTS);
        if (!Files.isDirectory(dir)) {
            s.problem("packages", "the model manifest folder " + dir + " does not exist");
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - ".yaml".length())).sorted().toList();
        } catch (IOException e) {
            s.problem("packages", "cannot list the model manifests in " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

    /**
     * Every audited occupation must have an entry (mapped, or unmapped with a reason) in the BLS
     * mapping for every requested year, so that a run never fails at its report after generating and
     * perceiving every image: occupations of the named lists, or of the folder manifest's rows.
     */
    private static void checkBlsMapping(SpecMap rm, PromptLibrary lib, List<Integer> years, String manifestList,
            List<String> lists, GeneratorConfig generator) {
        try {
            org.biaslab.prompt.BlsMapping mapping = lib.mapping();
            // the manifest's occupations (each with its first line), read once for all years
            Map<String, Integer> manifestOccupations = new java.util.LinkedHashMap<>();
            if (manifestList != null && !manifestList.isEmpty() && generator instanceof FolderType.Config folder) {
                for (org.biaslab.generate.folder.ManifestEntry e : folder.read().entries()) {
                    manifestOccupations.putIfAbsent(e.occupation().strip(), e.line());
                }
            }
            List<String> problems = new ArrayList<>();
            for (int year : years) {
                if (manifestList != null) {
                    for (Map.Entry<String, Integer> o : manifestOccupations.entrySet()) {
                        if (mapping.find(manifestList, o.getKey(), year).isEmpty()) {
                            problems.add(manifestList + "/" + o.getKey() + " (manifest line " + o.getValue()
                                    + ") has no BLS mapping for " + year);
                        }
                    }
                } else {
                    for (String l : lists) {
                        problems.addAll(mapping.check(lib.occupations(l), lib.bls(year)));
                    }
                }
            }
            for (String problem : problems) {
                rm.problem("bls_years", problem + "; map it in " + lib.mappingFile()
                        + " (or mark it unmapped with a reason), or leave that year out");
            }
        } catch (IOException | org.biaslab.generate.folder.ManifestException | RuntimeException e) {
            rm.problem("bls_years", "cannot check the BLS mapping: " + e.getMessage());
        }
    }
}
