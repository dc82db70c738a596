package org.biaslab.metric.leakage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    final List<TokenTexts> humanByIndex;
    final TokenTexts modelTexts;
    final int[] modelOrderLabels;
    final TokenTexts modelOrderTexts;
    final int captionsPerImage;
    private final CaptionPreprocessor machine;
    /** SHA-256 of labels, image ids and every text set; computed on first use. */
    private volatile String fingerprint;

    private LicData(int[] labels, long[] imageIds, List<TokenTexts> humanByIndex, TokenTexts modelTexts,
            int[] modelOrderLabels, TokenTexts modelOrderTexts, CaptionPreprocessor machine) {
        this.labels = labels;
        this.imageIds = imageIds;
        this.humanByIndex = humanByIndex;
        this.modelTexts = modelTexts;
        this.modelOrderLabels = modelOrderLabels;
        this.modelOrderTexts = modelOrderTexts;
        this.captionsPerImage = humanByIndex.size();
        this.machine = machine;
    }

    /**
     * SHA-256 of what the classifiers of a unit see: labels, image ids, human texts per caption
     * index and model texts in both orders. A unit's checkpoint records it and is refused by data
     * that differ (a caption or labels file changed between an interrupted run and its resumption).
     */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            java.security.MessageDigest md;
            try {
                md = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 missing from the JVM", e);
            }
            java.nio.ByteBuffer numbers = java.nio.ByteBuffer.allocate(
                    Long.BYTES * (2 + labels.length + imageIds.length + modelOrderLabels.length));
            numbers.putLong(labels.length).putLong(modelOrderLabels.length);
            for (int l : labels) {
                numbers.putLong(l);
            }
            for (long id : imageIds) {
                numbers.putLong(id);
            }
            for (int l : modelOrderLabels) {
                numbers.putLong(l);
            }
            md.update(numbers.array());
            for (TokenTexts t : humanByIndex) {
                t.digest(md);
            }
            modelTexts.digest(md);
            modelOrderTexts.digest(md);
            f = java.util.HexFormat.of().formatHex(md.digest());
            fingerprint = f;
        }
        return f;
    }

    /**
     * The human captions of an attribute's annotated images, lower-cased and tokenized once: the
     * same for every captioning model (masking and the alignment to a model's vocabulary come after,
     * per model). Immutable.
     */
    public static final class HumanCaptions {
        private final LicAttribute attribute;
        private final List<LabelledImage> all;
        private final List<LabelledImage> images;
        private final int perImage;
        /** Distinct tokens, by provisional id. */
        private final String[] tokens;
        /** Caption index k of image n: token ids {@code ids[k][offsets[k][n] .. offsets[k][n + 1])}. */
        private final int[][] offsets;
        private final int[][] ids;
        private final Map<Alignment, List<TokenTexts>> alignedSets = new java.util.concurrent.ConcurrentHashMap<>();

        private HumanCaptions(LicAttribute attribute, List<LabelledImage> all, List<LabelledImage> images) {
            this.attribute = attribute;
            this.all = all;
            this.images = List.copyOf(images);
            int per = CAPTIONS_PER_IMAGE;
            for (LabelledImage i : images) {
                per = Math.min(per, i.humanCaptions().size());
            }
            this.perImage = per;
            TokenTexts.Builder dictionary = new TokenTexts.Builder();
            offsets = new int[per][images.size() + 1];
            ids = new int[per][images.size() * 12];
            for (int n = 0; n < images.size(); n++) {
                for (int k = 0; k < per; k++) {
                    add(k, n, images.get(n).humanCaptions().get(k), dictionary);
                }
            }
            tokens = dictionary.tokens();
        }

        /**
         * Caption k of image n, lower-cased and tokenized, as provisional ids (a method of its own: the JIT
         * compiles it once, not this constructor's loop twice over by on-stack replacement).
         */
        private void add(int k, int n, String caption, TokenTexts.Builder dictionary) {
            List<String> t = TOKENIZER.tokenize(caption.toLowerCase(Locale.ROOT));
            int at = offsets[k][n];
            if (at + t.size() > ids[k].length) {
                ids[k] = java.util.Arrays.copyOf(ids[k], Math.max(2 * ids[k].length, at + t.size()));
            }
            for (int j = 0; j < t.size(); j++) {
                ids[k][at + j] = dictionary.id(t.get(j));
            }
            offsets[k][n + 1] = at + t.size();
        }

        /** The annotated images ({@link #annotated}) of {@code all}, their human captions tokenized. */
        public static HumanCaptions of(List<LabelledImage> all, LicAttribute attribute) {
            return new HumanCaptions(attribute, all, annotated(all, attribute));
        }

        /**
         * The caption sets (one per caption index) as a classifier sees them: attribute words masked,
         * every other word outside {@code vocab} (when non-null) written as the three tokens
         * {@code <}, {@code unk}, {@code >} (as {@link CaptionPreprocessor} with
         * {@link CaptionPreprocessor.UnknownStyle#SPLIT}). Each distinct token is masked or aligned
         * once; the sets share one dictionary.
         */
        List<TokenTexts> aligned(Set<String> maskWords, String maskToken, Set<String> vocab) {
            // models with the same vocabulary get the same instances, so a run trains on them once (TrainingMemo)
            return alignedSets.computeIfAbsent(new Alignment(Set.copyOf(maskWords), maskToken,
                    vocab == null ? null : Set.copyOf(vocab)), k -> align(k.maskWords(), k.maskToken(), k.vocab()));
        }

        private record Alignment(Set<String> maskWords, String maskToken, Set<String> vocab) {}

        private List<TokenTexts> align(Set<String> maskWords, String maskToken, Set<String> vocab) {
            TokenTexts.Builder b = new TokenTexts.Builder();
            // each token's replacement: one id, or -1 for the three unknown tokens
            int[] single = new int[tokens.length];
            for (int t = 0; t < tokens.length; t++) {
                String tok = tokens[t];
                if (maskWords.contains(tok)) {
                    single[t] = b.id(maskToken);
                } else if (vocab != null && !vocab.contains(tok)) {
                    single[t] = -1;
                } else {
                    single[t] = b.id(tok);
                }
            }
            int[] unknown = {b.id("<"), b.id("unk"), b.id(">")};
            int[][] setOffsets = new int[perImage][];
            int[][] sets = new int[perImage][];
            for (int k = 0; k < perImage; k++) {
                setOffsets[k] = replacedOffsets(offsets[k], ids[k], single);
                sets[k] = replaced(offsets[k][images.size()], ids[k], single, unknown, setOffsets[k][images.size()]);
            }
            return b.buildAll(setOffsets, sets);
        }

        /** The texts' offsets once each token is replaced ({@code single}: -1 stands for three tokens). */
        private static int[] replacedOffsets(int[] off, int[] src, int[] single) {
            int n = off.length - 1;
            int[] dst = new int[n + 1];
            for (int i = 0; i < n; i++) {
                int len = off[i + 1] - off[i];
                for (int t = off[i]; t < off[i + 1]; t++) {
                    if (single[src[t]] < 0) {
                        len += 2;
                    }
                }
                dst[i + 1] = dst[i] + len;
            }
            return dst;
        }

        /** The first {@code count} tokens of {@code src}, each replaced by its id or the three unknown tokens. */
        private static int[] replaced(int count, int[] src, int[] single, int[] unknown, int size) {
            int[] seq = new int[size];
            int j = 0;
            for (int t = 0; t < count; t++) {
                int id = single[src[t]];
                if (id >= 0) {
                    seq[j++] = id;
                } else {
                    seq[j++] = unknown[0];
                    seq[j++] = unknown[1];
                    seq[j++] = unknown[2];
                }
            }
            return seq;
        }
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
        return prepare(a, mask, labelsFile, allImages, HumanCaptions.of(allImages, a), vocabulary, captions, captionFile);
    }

    /**
     * The data of one attribute and one model's caption file, with the attribute's human captions
     * already tokenized (shared by every model of the attribute).
     *
     * @param human {@link HumanCaptions#of} {@code allImages} and {@code a}
     */
    public static LicData prepare(LicAttribute a, boolean mask, Path labelsFile, List<LabelledImage> allImages,
            HumanCaptions human, Path vocabulary, List<ModelCaption> captions, Path captionFile) throws IOException {
        if (human.attribute != a || human.all != allImages) {
            throw new IllegalArgumentException("human captions prepared for another attribute or image list");
        }
        List<LabelledImage> images = human.images;
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
        return build(a, mask, human, vocab, byId, fileOrder);
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
        return build(a, mask, new HumanCaptions(a, null, images), vocab, byId, captionOrder);
    }

    private static LicData build(LicAttribute a, boolean mask, HumanCaptions human, Set<String> vocab,
            Map<Long, String> byId, List<Long> captionOrder) {
        List<LabelledImage> images = human.images;
        Set<String> maskWords = mask ? a.maskWords() : Set.of();
        CaptionPreprocessor machine = new CaptionPreprocessor(false, TOKENIZER, maskWords, a.maskToken(), null,
                CaptionPreprocessor.UnknownStyle.SPLIT);
        Set<String> maskSet = new HashSet<>(maskWords);
        List<TokenTexts> humanByIndex = human.aligned(maskSet, a.maskToken(), vocab);
        int[] labels = new int[images.size()];
        long[] ids = new long[images.size()];
        TokenTexts.Builder modelTokens = new TokenTexts.Builder();
        int[][] modelSeqs = new int[images.size()][];
        Map<Long, Integer> position = new HashMap<>();
        // a captioner repeats its captions (often more than half of them): each distinct one is tokenized once
        Map<String, int[]> seqOf = new HashMap<>();
        for (int n = 0; n < images.size(); n++) {
            LabelledImage img = images.get(n);
            labels[n] = a.label(img);
            ids[n] = img.imageId();
            position.put(img.imageId(), n);
            modelSeqs[n] = seqOf.computeIfAbsent(byId.get(img.imageId()), c -> modelTokens.ids(machine.apply(c)));
        }
        TokenTexts modelTexts = modelTokens.build(modelSeqs);
        List<Integer> modelOrder = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        for (Long id : captionOrder) {
            Integer p = position.get(id);
            if (p != null && seen.add(id)) {
                modelOrder.add(p);
            }
        }
        int[] order = modelOrder.stream().mapToInt(Integer::intValue).toArray();
        int[] moLabels = new int[order.length];
        for (int n = 0; n < order.length; n++) {
            moLabels[n] = labels[order[n]];
        }
        return new LicData(labels, ids, List.copyOf(humanByIndex), modelTexts, moLabels, modelTexts.select(order),
                machine);
    }

    /**
     * Another caption set of the same images as the model side sees it (tokenized and masked as the
     * model's own captions), in the images' order: the texts of the paired protocol.
     *
     * @param byId caption per image id; must hold every image
     */
    TokenTexts modelTexts(Map<Long, String> byId) {
        List<List<String>> out = new ArrayList<>(imageIds.length);
        for (long id : imageIds) {
            String c = byId.get(id);
            if (c == null) {
                throw new IllegalArgumentException("no caption for image " + id);
            }
            out.add(machine.apply(c));
        }
        return TokenTexts.of(out);
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
