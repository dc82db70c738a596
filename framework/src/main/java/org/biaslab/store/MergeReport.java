package org.biaslab.store;

/**
 * What {@link RunStore#merge} did.
 *
 * @param sources stores merged
 * @param generationsAdded generation rows new to the target
 * @param failuresReplaced failed rows in the target replaced by a success or blank
 * @param duplicatesSkipped identical rows already present (or a failure where a result is present)
 * @param perceptionsAdded perception rows new to the target
 * @param captionsAdded caption rows new to the target
 * @param imagesCopied image files copied
 */
public record MergeReport(int sources, int generationsAdded, int failuresReplaced, int duplicatesSkipped,
        int perceptionsAdded, int captionsAdded, int imagesCopied) {}
