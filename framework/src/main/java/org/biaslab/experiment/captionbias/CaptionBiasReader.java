package org.biaslab.experiment.captionbias;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.experiment.ExperimentHeader;
import org.biaslab.experiment.IntervalSettings;
import org.biaslab.metric.leakage.ClassifierTypes;
import org.biaslab.metric.leakage.LeakageClassifier;
import org.biaslab.metric.leakage.LicAttribute;
import org.biaslab.spec.SpecMap;

/** Reads and validates the fields of a {@code caption-bias} experiment. */
final class CaptionBiasReader {
    private CaptionBiasReader() {}

    static CaptionBiasSpec read(SpecMap root, ExperimentHeader header) {
        int seeds = root.integer("seeds", 10, 1, 1000);
        double testFraction = root.number("test_fraction", 0.1, 0.01, 0.5);
        List<String> protocols = root.strings("protocols", CaptionBiasSpec.PROTOCOLS);
        Set<String> seenProtocols = new HashSet<>();
        for (String p : protocols) {
            if (!CaptionBiasSpec.PROTOCOLS.contains(p)) {
                root.problem("protocols", "unknown protocol '" + p + "'; expected paper and/or paired");
            } else if (!seenProtocols.add(p)) {
                root.problem("protocols", "protocol '" + p + "' listed twice");
            }
        }
        if (protocols.isEmpty()) {
            root.problem("protocols", "must name at least one protocol (paper, paired)");
        }

        List<CaptionBiasSpec.Attribute> attributes = new ArrayList<>();
        SpecMap attrSection = root.map("attributes");
        if (attrSection.keys().isEmpty()) {
            attrSection.problem("must name at least one attribute (gender, race)");
        }
        for (String key : attrSection.keys()) {
            SpecMap m = attrSection.map(key);
            LicAttribute attr = LicAttribute.ALL.get(key);
            if (attr == null) {
                attrSection.problem(key, "unknown attribute '" + key + "'; known: "
                        + String.join(", ", LicAttribute.ALL.keySet().stream().sorted().toList()));
            }
            Path labels = m.file("labels");
            boolean mask = m.bool("mask", true);
            m.done();
            if (attr != null) {
                attributes.add(new CaptionBiasSpec.Attribute(attr, labels, mask));
            }
        }
        attrSection.done();

        List<CaptionBiasSpec.Model> models = new ArrayList<>();
        Set<String> modelNames = new HashSet<>();
        for (SpecMap m : root.maps("models", true)) {
            String name = m.string("name");
            if (name != null && !modelNames.add(name)) {
                m.problem("name", "model name '" + name + "' is used twice");
            }
            Path vocab = m.optionalFile("vocabulary").orElse(null);
            Map<String, CaptionBiasSpec.CaptionFile> captions = new LinkedHashMap<>();
            SpecMap capSection = m.map("captions");
            for (String key : capSection.keys()) {
                SpecMap cm = capSection.map(key);
                if (attributes.stream().noneMatch(a -> a.attribute().name().equals(key))) {
                    capSection.problem(key, "captions for attribute '" + key
                            + "', which is not among the experiment's attributes");
                }
                Path file = cm.file("file");
                String format = cm.choice("format", CaptionFiles.FORMATS.keySet().stream().sorted().toList(), null);
                cm.done();
                if (file != null && format != null) {
                    captions.put(key, new CaptionBiasSpec.CaptionFile(file, format));
                }
            }
            capSection.done();
            for (CaptionBiasSpec.Attribute a : attributes) {
                if (!capSection.keys().contains(a.attribute().name())) {
                    m.problem("captions", "no caption file for attribute '" + a.attribute().name() + "'");
                }
            }
            Map<String, CaptionBiasSpec.Reference> reference = new LinkedHashMap<>();
            Optional<SpecMap> refSection = m.optionalMap("reference");
            if (refSection.isPresent()) {
                for (String key : refSection.get().keys()) {
                    SpecMap r = refSection.get().map(key);
                    if (attributes.stream().noneMatch(a -> a.attribute().name().equals(key))) {
                        refSection.get().problem(key, "reference values for attribute '" + key
                                + "', which is not among the experiment's attributes");
                    }
                    reference.put(key, new CaptionBiasSpec.Reference(r.number("lic_m", Double.NaN, 0, 100),
                            r.number("lic_d", Double.NaN, 0, 100), r.string("source")));
                    r.done();
                }
                refSection.get().done();
            }
            m.done();
            if (name != null) {
                models.add(new CaptionBiasSpec.Model(name, vocab, captions, reference));
            }
        }

        List<LeakageClassifier> classifiers = ClassifierTypes.readList(root, "classifiers", seeds);
        IntervalSettings intervals = IntervalSettings.read(root);

        CaptionBiasSpec.Cooccurrence co = new CaptionBiasSpec.Cooccurrence(true, "objects", 10, 15);
        Optional<SpecMap> com = root.optionalMap("cooccurrence");
        if (com.isPresent()) {
            SpecMap c = com.get();
            co = new CaptionBiasSpec.Cooccurrence(c.bool("enabled", true),
                    c.choice("vocabulary", List.of("objects", "all"), "objects"),
                    c.integer("min_count", 10, 1, 1_000_000), c.integer("top", 15, 1, 1000));
            c.done();
        }
        if (co.enabled() && attributes.stream().noneMatch(a -> a.attribute() == LicAttribute.GENDER)) {
            root.problem("cooccurrence", "co-occurrence statistics need the gender attribute; "
                    + "add it or set cooccurrence.enabled: false");
        }
        return new CaptionBiasSpec(seeds, testFraction, protocols, attributes, models, classifiers,
                intervals.confidence(), intervals.resamples(), co);
    }
}
