package org.biaslab.metric.captioning;

import java.util.List;

/**
 * CIDEr-D scores of a set of images.
 *
 * @param corpus mean of the image scores (the figure papers report as CIDEr, usually x100)
 * @param perImage each image's score, in input order
 * @param ngrams distinct reference n-grams behind the document frequencies
 */
public record CiderResult(double corpus, List<Double> perImage, int ngrams) {
    public CiderResult {
        perImage = List.copyOf(perImage);
        if (perImage.isEmpty()) {
            throw new IllegalArgumentException("perImage must not be empty");
        }
        if (ngrams < 0) {
            throw new IllegalArgumentException("ngrams must be >= 0, got " + ngrams);
        }
    }

    public double[] perImageArray() {
        return perImage.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
