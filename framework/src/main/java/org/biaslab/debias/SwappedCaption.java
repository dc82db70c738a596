package org.biaslab.debias;

import java.util.List;
import java.util.Objects;
import org.biaslab.text.CaptionGender;

/**
 * A caption whose stated gender was flipped: input of a "context -> gender" biased pair, where the
 * swapped caption is the biased input and the original the target.
 *
 * @param imageId COCO image id
 * @param index caption index within the image
 * @param original the human caption
 * @param swapped the caption with its gender words flipped
 * @param originalGender MALE or FEMALE
 * @param swappedGender the opposite of {@code originalGender}
 * @param swaps the replaced words
 */
public record SwappedCaption(long imageId, int index, String original, String swapped, CaptionGender originalGender,
        CaptionGender swappedGender, List<GenderSwapper.Swap> swaps) {
    public SwappedCaption {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(swapped, "swapped");
        if (originalGender != CaptionGender.MALE && originalGender != CaptionGender.FEMALE) {
            throw new IllegalArgumentException("originalGender must be MALE or FEMALE, got " + originalGender);
        }
        if (swappedGender == originalGender || (swappedGender != CaptionGender.MALE && swappedGender != CaptionGender.FEMALE)) {
            throw new IllegalArgumentException("swappedGender must be the opposite of " + originalGender + ", got "
                    + swappedGender);
        }
        swaps = List.copyOf(swaps);
        if (swaps.isEmpty()) {
            throw new IllegalArgumentException("swaps of image " + imageId + " caption " + index + " must not be empty");
        }
    }
}
