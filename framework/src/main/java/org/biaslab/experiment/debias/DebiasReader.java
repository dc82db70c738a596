package org.biaslab.experiment.debias;

import org.biaslab.metric.leakage.LeakageClassifier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.debias.lm.EncoderConfig;
import org.biaslab.debias.lm.TrainConfig;
import org.biaslab.experiment.ExperimentHeader;
import org.biaslab.experiment.IntervalSettings;
import org.biaslab.experiment.captionbias.CaptionBiasSpec;
import org.biaslab.metric.leakage.ClassifierTypes;
import org.biaslab.spec.SpecMap;
import org.biaslab.store.Shard;

/** Reads and validates the fields of a {@code debias} experiment; every problem is collected. */
final class DebiasReader {
    private DebiasReader() {}

    static DebiasSpec read(SpecMap root, ExperimentHeader header) {
        SpecMap c = root.map("corpus");
        DebiasSpec.Corpus corpus = new DebiasSpec.Corpus(c.file("captions"), c.file("evaluation_set"),
                c.integer("max_captions", 0, 0, 10_000_000), c.number("held_out_fraction", 0.05, 0.001, 0.5),
                c.integer("min_count", 5, 1, 1_000_000));
        c.done();

        SpecMap ev = root.map("evidence");
        Path validity = ev.file("validity");
        ev.done();

        DebiasSpec.Lm mlm = lm(root, "mlm", EncoderConfig.defaults(), TrainConfig.mlmDefaults(), false);
        DebiasSpec.Lm denoiser = lm(root, "denoiser", EncoderConfig.defaults(), TrainConfig.denoiserDefaults(), true);
        var synthesis = SynthesisReader.read(root);

        SpecMap e = root.optionalMap("evaluation").orElse(null);
        int seeds = 10;
        double testFraction = 0.1;
        List<Double> inferenceMask = List.of(0.0, TrainConfig.LIBRA_MASK_RATE);
        List<Double> editMargins = List.of(0.0);
        Shard imageFold = Shard.ALL;
        int examples = 12;
        List<LeakageClassifier> classifiers = new ArrayList<>();
        if (e != null) {
            seeds = e.integer("seeds", seeds, 1, 1000);
            testFraction = e.number("test_fraction", testFraction, 0.01, 0.5);
            inferenceMask = numbers(e, "mask_rates", 0.0, 0.9, inferenceMask, "[0.0, 0.2]");
            editMargins = numbers(e, "edit_margins", 0.0, 50.0, editMargins, "[0.0, 2.0]");
            String fold = e.string("image_fold", null);
            if (fold != null) {
                try {
                    imageFold = Shard.parse(fold);
                } catch (IllegalArgumentException ex) {
                    e.problem("image_fold", "'" + fold + "': " + ex.getMessage().replace("shard", "fold"));
                }
            }
            examples = e.integer("examples", examples, 0, 1000);
            classifiers = ClassifierTypes.readList(e, "classifiers", seeds);
            e.done();
        } else {
            root.problem("missing required section 'evaluation' (its classifiers list names the LIC classifiers)");
        }

        List<CaptionBiasSpec.Model> models = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SpecMap m : root.maps("models", true)) {
            String name = m.string("name");
            if (name != null && !names.add(name)) {
                m.problem("name", "model name '" + name + "' is used twice");
            }
            Path vocab = m.optionalFile("vocabulary").orElse(null);
            SpecMap cm = m.map("captions");
            Path file = cm.file("file");
            String format = cm.choice("format", CaptionFiles.FORMATS.keySet().stream().sorted().toList(), null);
            cm.done();
            m.done();
            if (name != null && file != null && format != null) {
                models.add(new CaptionBiasSpec.Model(name, vocab,
                        java.util.Map.of("gender", new CaptionBiasSpec.CaptionFile(file, format)), java.util.Map.of()));
            }
        }

        IntervalSettings intervals = IntervalSettings.read(root);
        if (corpus.captions() == null || corpus.evaluationSet() == null || validity == null || synthesis == null
                || mlm == null || denoiser == null) {
            return null;
        }
        return new DebiasSpec(corpus, validity, mlm, synthesis, denoiser,
                new DebiasSpec.Evaluation(classifiers, seeds, testFraction, inferenceMask, editMargins, examples, imageFold), models,
                intervals.confidence(), intervals.resamples());
    }

    /** A list of distinct numbers in [min, max] under {@code key} ({@code mask_rates}, {@code edit_margins}). */
    private static List<Double> numbers(SpecMap e, String key, double min, double max, List<Double> fallback,
            String example) {
        List<String> raw = e.strings(key, null);
        if (raw == null) {
            return fallback;
        }
        List<Double> out = new ArrayList<>();
        for (String r : raw) {
            try {
                double v = Double.parseDouble(r);
                if (!(v >= min && v <= max)) {
                    e.problem(key, r + " is outside [" + min + ", " + max + "]");
                } else if (out.contains(v)) {
                    e.problem(key, r + " is listed twice");
                } else {
                    out.add(v);
                }
            } catch (NumberFormatException ex) {
                e.problem(key, "'" + r + "' is not a number");
            }
        }
        if (raw.isEmpty()) {
            e.problem(key, "must list at least one value, e.g. " + example);
        }
        return out.isEmpty() ? fallback : out;
    }

    /** An optional language-model section: {@code encoder:} and {@code training:} sub-maps, defaults otherwise. */
    private static DebiasSpec.Lm lm(SpecMap root, String key, EncoderConfig enc, TrainConfig tr, boolean evidence) {
        Optional<SpecMap> section = root.optionalMap(key);
        if (section.isEmpty()) {
            return new DebiasSpec.Lm(evidence ? enc.withEvidence(EncoderConfig.GENDER_EVIDENCE_DIM) : enc, tr, evidence);
        }
        SpecMap s = section.get();
        EncoderConfig encoder = enc;
        Optional<SpecMap> em = s.optionalMap("encoder");
        if (em.isPresent()) {
            SpecMap m = em.get();
            int dim = m.integer("embedding_dim", enc.embeddingDim(), 1, 4096);
            int layers = m.integer("layers", enc.layers(), 1, 24);
            int heads = m.integer("heads", enc.heads(), 1, 64);
            int ff = m.integer("feed_forward_dim", enc.feedForwardDim(), 1, 65536);
            double dropout = m.number("dropout", enc.dropout(), 0, 0.9);
            int maxLength = m.integer("max_length", enc.maxLength(), 4, 512);
            if (dim % heads != 0) {
                m.problem("heads", "embedding_dim " + dim + " is not a multiple of heads " + heads);
                heads = 1;
            }
            m.done();
            encoder = new EncoderConfig(dim, layers, heads, ff, dropout, maxLength, 0);
        }
        if (evidence) {
            encoder = encoder.withEvidence(EncoderConfig.GENDER_EVIDENCE_DIM);
        }
        TrainConfig training = tr;
        Optional<SpecMap> tm = s.optionalMap("training");
        if (tm.isPresent()) {
            SpecMap m = tm.get();
            training = new TrainConfig(m.integer("epochs", tr.epochs(), 1, 1000),
                    m.integer("batch_size", tr.batchSize(), 1, 65536),
                    m.number("learning_rate", tr.learningRate(), 1e-7, 1),
                    m.number("weight_decay", tr.weightDecay(), 0, 1),
                    m.number("warmup_fraction", tr.warmupFraction(), 0, 0.9),
                    m.number("clip_norm", tr.clipNorm(), 0, 1e6),
                    m.number("mask_rate", tr.maskRate(), 0.01, 0.9),
                    m.number("copy_rate", tr.copyRate(), 0.01, 1));
            m.done();
        }
        boolean warmStart = false;
        if (evidence) {
            warmStart = s.bool("warm_start", true);
        }
        s.done();
        return new DebiasSpec.Lm(encoder, training, warmStart);
    }
}
