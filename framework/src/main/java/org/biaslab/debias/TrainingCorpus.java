package org.biaslab.debias;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.caption.LabelledImage;

/**
 * The human captions a LIBRA-style debiaser may train on: every caption of the COCO images in a
 * caption file except those of the evaluation images, so that no evaluated image or its references
 * are seen in training. For COCO val2014 this is the 40,504-image caption file minus the 10,780
 * images of the gender evaluation set.
 *
 * @param captions the kept captions, image by image in file order, captions in annotation order
 * @param stats what was read, excluded and kept
 */
public record TrainingCorpus(List<CorpusCaption> captions, Stats stats) {
    /**
     * Counts of a corpus.
     *
     * @param imagesInFile images in the caption file
     * @param captionsInFile captions in the caption file
     * @param evaluationImages images of the evaluation set
     * @param evaluationImagesNotInFile evaluation images the caption file lacks (nothing to exclude)
     * @param imagesExcluded images of the file dropped because they are evaluation images
     * @param imagesKept images kept
     * @param imagesWithoutCaptions kept images whose caption list is empty
     * @param captionsKept captions kept
     * @param emptyCaptions kept captions that are empty or blank (kept, so that counts add up)
     * @param nonAsciiCaptions kept captions holding a character outside ASCII
     */
    public record Stats(int imagesInFile, long captionsInFile, int evaluationImages, int evaluationImagesNotInFile,
            int imagesExcluded, int imagesKept, int imagesWithoutCaptions, long captionsKept, long emptyCaptions,
            long nonAsciiCaptions) {
        public Stats {
            if (imagesExcluded + imagesKept != imagesInFile) {
                throw new IllegalArgumentException("imagesExcluded " + imagesExcluded + " + imagesKept " + imagesKept
                        + " != imagesInFile " + imagesInFile);
            }
            if (evaluationImagesNotInFile + imagesExcluded != evaluationImages) {
                throw new IllegalArgumentException("evaluation images " + evaluationImages + " != excluded "
                        + imagesExcluded + " + not in file " + evaluationImagesNotInFile);
            }
        }
    }

    public TrainingCorpus {
        captions = List.copyOf(captions);
        Objects.requireNonNull(stats, "stats");
        if (captions.size() != stats.captionsKept()) {
            throw new IllegalArgumentException("captions holds " + captions.size() + " captions, stats say "
                    + stats.captionsKept());
        }
    }

    /**
     * Reads the captions of every image ({@code {"image_id": [captions...]}}) and the evaluation set
     * (JSONL with {@code img_id}), and keeps the captions of images outside the evaluation set.
     */
    public static TrainingCorpus load(Path allCaptions, Path evaluationSet) throws IOException {
        Set<Long> evaluation = new HashSet<>();
        for (LabelledImage img : CaptionFiles.readLabelledImages(evaluationSet)) {
            evaluation.add(img.imageId());
        }
        return of(CaptionFiles.readCaptionsById(allCaptions), evaluation);
    }

    /** The corpus of {@code captionsById} without the images in {@code evaluationImages}. */
    public static TrainingCorpus of(Map<Long, List<String>> captionsById, Set<Long> evaluationImages) {
        List<CorpusCaption> kept = new ArrayList<>();
        long inFile = 0;
        int excluded = 0;
        int imagesKept = 0;
        int withoutCaptions = 0;
        long empty = 0;
        long nonAscii = 0;
        for (Map.Entry<Long, List<String>> e : captionsById.entrySet()) {
            List<String> caps = e.getValue();
            inFile += caps.size();
            if (evaluationImages.contains(e.getKey())) {
                excluded++;
                continue;
            }
            imagesKept++;
            if (caps.isEmpty()) {
                withoutCaptions++;
            }
            for (int i = 0; i < caps.size(); i++) {
                String c = caps.get(i) == null ? "" : caps.get(i);
                if (c.isBlank()) {
                    empty++;
                }
                if (!isAscii(c)) {
                    nonAscii++;
                }
                kept.add(new CorpusCaption(e.getKey(), i, c));
            }
        }
        int notInFile = evaluationImages.size() - excluded;
        return new TrainingCorpus(kept, new Stats(captionsById.size(), inFile, evaluationImages.size(), notInFile,
                excluded, imagesKept, withoutCaptions, kept.size(), empty, nonAscii));
    }

    /** Whether every character of {@code s} is ASCII. */
    public static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
