package org.biaslab.metric.captioning;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Caption quality of one caption set.
 *
 * @param imageIds the evaluated images, in order; per-image scores follow this order
 * @param referencesHash hash of the tokenized references, so that two results can be checked to
 *     share their references before they are compared
 * @param bleu BLEU-1..4
 * @param ciderD CIDEr-D
 */
public record CaptionQualityResult(List<Long> imageIds, int referencesHash, BleuResult bleu, CiderResult ciderD) {
    public CaptionQualityResult {
        imageIds = List.copyOf(imageIds);
        if (imageIds.isEmpty()) {
            throw new IllegalArgumentException("imageIds must not be empty");
        }
        Set<Long> seen = new HashSet<>();
        for (Long id : imageIds) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("imageIds holds image " + id + " twice");
            }
        }
        if (bleu.images().size() != imageIds.size() || ciderD.perImage().size() != imageIds.size()) {
            throw new IllegalArgumentException("scores cover " + bleu.images().size() + " (BLEU) and "
                    + ciderD.perImage().size() + " (CIDEr-D) images, imageIds " + imageIds.size());
        }
    }

    /** Number of evaluated images. */
    public int n() {
        return imageIds.size();
    }

    public double bleu4() {
        return bleu.corpus(4);
    }

    public double ciderDScore() {
        return ciderD.corpus();
    }
}
