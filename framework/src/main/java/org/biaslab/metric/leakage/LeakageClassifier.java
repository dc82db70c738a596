package org.biaslab.metric.leakage;

/**
 * A leakage classifier as an experiment declares it ({@link ClassifierTypes#readList}).
 *
 * @param name its name in results and reports (default: the type)
 * @param type the registered type ({@code linear}, {@code lstm})
 * @param seeds how many seeds (splits and initialisations) it is trained on
 * @param trainer trains it
 */
public record LeakageClassifier(String name, String type, int seeds, CaptionClassifierTrainer trainer) {}
