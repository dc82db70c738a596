package org.biaslab.metric.leakage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.caption.CaptionFormatException;
import org.biaslab.caption.LabelledImage;
import org.biaslab.caption.ModelCaption;
import org.biaslab.text.CaptionPreprocessor;
import org.biaslab.text.Tokenizer;
import org.biaslab.text.TreebankTokenizer;

/**
 * The masked token sequences the LIC classifiers see, prepared once per attribute and model.
 *
 * <p>Human side (LIC_D): the annotated images in the labels file's order, each with its first
 * {@link #captionsPerImage} human captions lower-cased, tokenized, attribute words masked and
 * aligned to the model's vocabulary. Model side (LIC_M): the model's captions tokenized (not
 * lower-cased, as the reference LSTM code) and masked, both in the labels file's order (for the
 * paired protocol) and in the caption file's own order (the paper protocol draws its split over
 * that order, so its test images differ from the human side's).
 */
public final class LicData {
    /** Human captions per image used for LIC_D (the paper uses five). */
    static final int CAPTIONS_PER_IMAGE = 5;

    private static final Tokenizer TOKENIZER = new TreebankTokenizer();

    final int[] labels;
    final long[] imageIds;
    final List<List<List<String>>> humanByIndex;
    final List<List<String>> modelTexts;
    final int[] modelOrderLabels;
    final List<List<String>> modelOrderTexts;
    final int captionsPerImage;
    private final CaptionPreprocessor machine;

    private LicData(int[] labels, long[] imageIds, List<List<List<String>>> humanByIndex, List<List<String>> modelTexts,
            int[] modelOrderLabels, List<List<String>> modelOrderTexts, CaptionPreprocessor machine) {
        this.labels = labels;
        this.imageIds = imageIds;
        this.humanByIndex = humanByIndex;
        this.modelTexts = modelTexts;
        this.modelOrderLabels = modelOrderLabels;
        this.modelOrderTexts = modelOrderTexts;
        this.captionsPerImage = humanByIndex.size();
        this.machine = machine;
    }

    /** The labelled images of an attribute: those whose annotation is one of its two classes. */
    public static List<LabelledImage> annotated(List<LabelledImage> all, LicAttribute attribute) {
        return all.stream().filter(i -> attribute.label(i) >= 0).toList();
    }

    /**
     * The data of one attribute and one model's caption file.
     *
     * @param mask whether attribute words are masked
     * @param vocabulary the captioning model's vocabulary pickle (null: no alignment of human captions)
     */
    public static LicData prepare(LicAttribute a, boolean mask, Path labelsFile, List<LabelledImage> allImages,
            Path vocabulary, List<ModelCaption> captions, Path captionFile) throws IOException {
        List<LabelledImage> images = annotated(allImages, a);
        Set<String> vocab = vocabulary == null ? null : new HashSet<>(CaptionFiles.readVocabPickle(vocabulary));

        Set<Long> known = new HashSet<>();
        for (LabelledImage i : allImages) {
            known.add(i.imageId());
        }
        Map<Long, String> byId = new HashMap<>();
        List<Long> unknownIds = new ArrayList<>();
        List<Long> fileOrder = new ArrayList<>(captions.size());
        for (ModelCaption c : captions) {
            byId.put(c.imageId(), c.caption());
            fileOrder.add(c.imageId());
            if (!known.contains(c.imageId())) {
                unknownIds.add(c.imageId());
            }
        }
        if (!unknownIds.isEmpty()) {
            throw new CaptionFormatException(captionFile, unknownIds.size() + " caption(s) are for images that are not in "
                    + labelsFile.getFileName() + " (e.g. image ids " + head(unknownIds) + "); is this the caption file of the "
                    + a.name() + " set?");
        }
        List<Long> missing = missing(images, byId);
        if (!missing.isEmpty()) {
            throw new CaptionFormatException(captionFile, "no caption for " + missing.size() + " of the " + images.size()
                    + " images annotated for " + a.name() + " in " + labelsFile.getFileName() + " (e.g. image ids "
                    + head(missing) + ")");
        }
        return build(a, mask, images, vocab, byId, fileOrder);
    }

    /**
     * The data of annotated images from captions already in memory (no file is read).
     *
     * @param a the attribute
     * @param mask whether attribute words are masked
     * @param images the annotated images (every one a class of {@code a}), in the order that splits are drawn over
     * @param vocab the captioning model's vocabulary (human captions are aligned to it), or null
     * @param byId model caption per image id; must hold every image of {@code images}
     * @param captionOrder image ids in the caption file's own order (for the paper protocol)
     */
    static LicData build(LicAttribute a, boolean mask, List<LabelledImage> images, Set<String> vocab,
            Map<Long, String> byId, List<Long> captionOrder) {
        Set<String> maskWords = mask ? a.maskWords() : Set.of();
        CaptionPreprocessor human = new CaptionPreprocessor(true, TOKENIZER, maskWords, a.maskToken(), vocab,
                CaptionPreprocessor.UnknownStyle.SPLIT);
        CaptionPreprocessor machine = new CaptionPreprocessor(false, TOKENIZER, maskWords, a.maskToken(), null,
                CaptionPreprocessor.UnknownStyle.SPLIT);
        int perImage = CAPTIONS_PER_IMAGE;
        for (LabelledImage i : images) {
            perImage = Math.min(perImage, i.humanCaptions().size());
        }
        int[] labels = new int[images.size()];
        long[] ids = new long[images.size()];
        List<List<List<String>>> humanByIndex = new ArrayList<>();
        for (int k = 0; k < perImage; k++) {
            humanByIndex.add(new ArrayList<>(images.size()));
        }
        List<List<String>> modelTexts = new ArrayList<>(images.size());
        Map<Long, Integer> position = new HashMap<>();
        for (int n = 0; n < images.size(); n++) {
            LabelledImage img = images.get(n);
            labels[n] = a.label(img);
            ids[n] = img.imageId();
            position.put(img.imageId(), n);
            for (int k = 0; k < perImage; k++) {
                humanByIndex.get(k).add(human.apply(img.humanCaptions().get(k)));
            }
            modelTexts.add(machine.apply(byId.get(img.imageId())));
        }
        List<Integer> modelOrder = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        for (Long id : captionOrder) {
            Integer p = position.get(id);
            if (p != null && seen.add(id)) {
                modelOrder.add(p);
            }
        }
        int[] moLabels = new int[modelOrder.size()];
        List<List<String>> moTexts = new ArrayList<>(modelOrder.size());
        for (int n = 0; n < modelOrder.size(); n++) {
            moLabels[n] = labels[modelOrder.get(n)];
            moTexts.add(modelTexts.get(modelOrder.get(n)));
        }
        return new LicData(labels, ids, humanByIndex, modelTexts, moLabels, moTexts, machine);
    }

    /**
     * Another caption set of the same images as the model side sees it (tokenized and masked as the
     * model's own captions), in the images' order: the texts of the paired protocol.
     *
     * @param byId caption per image id; must hold every image
     */
    List<List<String>> modelTexts(Map<Long, String> byId) {
        List<List<String>> out = new ArrayList<>(imageIds.length);
        for (long id : imageIds) {
            String c = byId.get(id);
            if (c == null) {
                throw new IllegalArgumentException("no caption for image " + id);
            }
            out.add(machine.apply(c));
        }
        return out;
    }

    /** The annotated images without a (non-null) caption in {@code byId}, in the images' order. */
    static List<Long> missing(List<LabelledImage> images, Map<Long, String> byId) {
        List<Long> missing = new ArrayList<>();
        for (LabelledImage i : images) {
            if (byId.get(i.imageId()) == null) {
                missing.add(i.imageId());
            }
        }
        return missing;
    }

    private static String head(List<Long> ids) {
        return ids.subList(0, Math.min(5, ids.size())).toString();
    }
}
