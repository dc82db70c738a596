package org.biaslab.metric.leakage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.biaslab.metric.leakage.CaptionClassifierTrainer;
import org.biaslab.metric.leakage.linear.LinearConfig;
import org.biaslab.metric.leakage.linear.LinearTrainer;
import org.biaslab.metric.leakage.lstm.LstmConfig;
import org.biaslab.metric.leakage.lstm.LstmTrainer;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecMap;

/** Leakage classifiers selectable in YAML by {@code type:}. */
public final class ClassifierTypes {
    /** Reads a classifier's hyperparameters from its YAML mapping (problems go to the document). */
    @FunctionalInterface
    public interface Factory {
        CaptionClassifierTrainer read(SpecMap m);
    }

    public static final Registry<Factory> REGISTRY = new Registry<Factory>("leakage classifier")
            .register("linear", "L2-regularised bag-of-words logistic regression (LIBLINEAR's Newton solver); fast",
                    ClassifierTypes::linear)
            .register("lstm", "the LIC paper's 2-layer bidirectional LSTM (DJL, PyTorch engine, CPU); slow",
                    ClassifierTypes::lstm);

    private ClassifierTypes() {}

    /**
     * Reads the list {@code key} of {@code parent}: each item a {@code type}, an optional {@code
     * name} (default: the type; unique), optional {@code seeds} (at most {@code seeds}, default
     * {@code seeds}) and the type's settings. Problems go to the document; items with problems are
     * left out of the result.
     */
    public static List<LeakageClassifier> readList(SpecMap parent, String key, int seeds) {
        List<LeakageClassifier> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SpecMap m : parent.maps(key, true)) {
            String type = m.choice("type", REGISTRY.names(), null);
            String name = m.string("name", type);
            if (name != null && !names.add(name)) {
                m.problem("name", "classifier name '" + name + "' is used twice");
            }
            int classifierSeeds = m.integer("seeds", seeds, 1, seeds);
            CaptionClassifierTrainer trainer = null;
            if (type != null) {
                try {
                    trainer = REGISTRY.get(type).orElseThrow().read(m);
                } catch (IllegalArgumentException ex) {
                    m.problem(ex.getMessage());
                }
            }
            m.done();
            if (trainer != null && name != null) {
                out.add(new LeakageClassifier(name, type, classifierSeeds, trainer));
            }
        }
        return out;
    }

    private static CaptionClassifierTrainer lstm(SpecMap m) {
        LstmConfig d = LstmConfig.paper();
        return new LstmTrainer(new LstmConfig(
                m.integer("embedding", d.embeddingDim(), 1, 4096),
                m.integer("hidden", d.hiddenDim(), 1, 4096),
                m.integer("layers", d.numLayers(), 1, 8),
                m.number("dropout", d.dropout(), 0, 0.99),
                m.number("learning_rate", d.learningRate(), 1e-9, 1),
                m.integer("batch", d.batchSize(), 1, 100_000),
                m.integer("epochs", d.epochs(), 1, 10_000),
                m.integer("max_vocab", d.maxVocab(), 1, 10_000_000)));
    }

    private static CaptionClassifierTrainer linear(SpecMap m) {
        LinearConfig d = LinearConfig.DEFAULT;
        int ngrams = m.integer("ngrams", d.ngrams(), 1, 4);
        double c = m.number("c", d.c(), 1e-6, 1e6);
        int maxIterations = m.integer("max_iterations", d.maxIterations(), 1, 1_000_000);
        double tolerance = m.number("tolerance", d.tolerance(), 1e-12, 1);
        return new LinearTrainer(new LinearConfig(ngrams, c, maxIterations, tolerance));
    }
}
