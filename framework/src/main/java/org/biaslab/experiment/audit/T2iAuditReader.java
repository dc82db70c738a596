package org.biaslab.experiment.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.biaslab.experiment.ExperimentHeader;
import org.biaslab.experiment.SpecMap;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.Generators;
import org.biaslab.generate.folder.FolderType;
import org.biaslab.generate.simulated.SimulatedType;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.prompt.PromptLibrary;

/** Reads and validates every field of a {@code t2i-audit} experiment, reporting all problems at once. */
final class T2iAuditReader {
    private T2iAuditReader() {}

    static T2iAuditSpec read(SpecMap root, ExperimentHeader header) {
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
        Optional<Path> validity = pm.optionalFile("validity");
        Set<String> modelled = new LinkedHashSet<>(pm.strings("model_abstentions", List.of()));
        double unreliable = pm.number("unreliable_skin_rate", 0.1, 0, 1);
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

        List<Integer> years = new ArrayList<>();
        Optional<SpecMap> rm = root.optionalMap("reference");
        if (rm.isPresent()) {
            for (String y : rm.get().strings("bls_years", List.of())) {
                try {
                    int year = Integer.parseInt(y.strip());
                    if (lib != null && !lib.blsYears().contains(year)) {
                        rm.get().problem("bls_years", "no BLS table for year " + year + " in " + library
                                + "; available: " + lib.blsYears());
                    } else {
                        years.add(year);
                    }
                } catch (NumberFormatException e) {
                    rm.get().problem("bls_years", "'" + y + "' is not a year");
                } catch (IOException e) {
                    rm.get().problem("bls_years", "cannot list BLS tables: " + e.getMessage());
                }
            }
            rm.get().done();
        }
        if (fromManifest && !years.isEmpty() && manifestList.isEmpty()) {
            p.problem("list", "a BLS comparison of manifest prompts needs the occupation list their ids belong to");
        }

        double confidence = 0.95;
        int resamples = 2000;
        Optional<SpecMap> im = root.optionalMap("intervals");
        if (im.isPresent()) {
            confidence = im.get().number("confidence", confidence, 0.5, 0.999);
            resamples = im.get().integer("resamples", resamples, 100, 1_000_000);
            im.get().done();
        }
        double alpha = root.number("test_level", 0.05, 0.0001, 0.5);
        int minCell = root.integer("min_cell", 5, 1, 1000);
        int gallery = root.integer("gallery_per_occupation", 8, 0, 8);
        int concurrency = root.integer("concurrency", 0, 0, 256);

        if (generator == null) {
            return null;
        }
        T2iAuditSpec.Perception perception = new T2iAuditSpec.Perception(mode,
                new PerceptionPolicy(margin, PerceptionPolicy.FacePolicy.parse(faces), padding), validity, modelled,
                unreliable);
        return new T2iAuditSpec(new T2iAuditSpec.Prompts(library, lists, templates, images, fromManifest, manifestList),
                generator, perception, truth, new T2iAuditSpec.Reference(years), confidence, resamples, alpha,
                minCell, gallery, concurrency);
    }
}
