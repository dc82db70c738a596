package org.biaslab.debias;

import java.util.Objects;

/**
 * One human caption of the training corpus.
 *
 * @param imageId COCO image id
 * @param index position of the caption among its image's captions (0-based)
 * @param caption the caption text as annotated
 */
public record CorpusCaption(long imageId, int index, String caption) {
    public CorpusCaption {
        if (index < 0) {
            throw new IllegalArgumentException("index of a caption of image " + imageId + " must be >= 0, got " + index);
        }
        Objects.requireNonNull(caption, () -> "caption " + index + " of image " + imageId);
    }
}
