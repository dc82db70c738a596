package org.biaslab.metric.captioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Caption quality of one caption per image against human references, as the COCO caption
 * evaluation computes it: {@link CocoTokenizer} tokenization, then {@link Bleu} (BLEU-1..4) and
 * {@link CiderD} over the same images.
 *
 * <p>As in pycocoevalcap, references and candidates are tokenized in two separate batches, each in
 * the candidates' image order (iterate a {@link java.util.LinkedHashMap} or sorted map to fix it).
 * The evaluated set is the candidates' images; references of other images are ignored, which
 * matters for CIDEr-D, whose document frequencies come from the evaluated images only.
 */
public final class CaptionQuality {
    private final CocoTokenizer tokenizer;
    private final Bleu bleu;
    private final CiderD ciderD;

    public CaptionQuality() {
        this(new CocoTokenizer(), new Bleu(), new CiderD());
    }

    public CaptionQuality(CocoTokenizer tokenizer, Bleu bleu, CiderD ciderD) {
        this.tokenizer = java.util.Objects.requireNonNull(tokenizer, "tokenizer");
        this.bleu = java.util.Objects.requireNonNull(bleu, "bleu");
        this.ciderD = java.util.Objects.requireNonNull(ciderD, "ciderD");
    }

    /**
     * Tokenizes and scores.
     *
     * @param candidates image id -> the caption being scored, in evaluation order; not empty
     * @param references image id -> human reference captions; must hold a non-empty list for every
     *     candidate image
     * @throws IllegalArgumentException naming the candidate images without references
     */
    public CaptionQualityResult evaluate(Map<Long, String> candidates, Map<Long, List<String>> references) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must not be empty: caption quality of no images is undefined");
        }
        List<Long> ids = new ArrayList<>(candidates.keySet());
        List<Long> missing = new ArrayList<>();
        List<String> refText = new ArrayList<>(ids.size() * 5);
        List<String> candText = new ArrayList<>(ids.size());
        for (Long id : ids) {
            List<String> refs = references.get(id);
            if (refs == null || refs.isEmpty()) {
                missing.add(id);
                continue;
            }
            refText.addAll(refs);
            String c = candidates.get(id);
            if (c == null) {
                throw new IllegalArgumentException("candidate caption of image " + id + " is null");
            }
            candText.add(c);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.size() + " of " + ids.size()
                    + " candidate images have no reference captions, e.g. image ids "
                    + missing.subList(0, Math.min(5, missing.size())));
        }
        List<List<String>> refWords = tokenizer.tokenizeAll(refText);
        List<List<String>> candWords = tokenizer.tokenizeAll(candText);
        List<TokenizedImage> images = new ArrayList<>(ids.size());
        int r = 0;
        for (int i = 0; i < ids.size(); i++) {
            int k = references.get(ids.get(i)).size();
            images.add(new TokenizedImage(ids.get(i), candWords.get(i), refWords.subList(r, r + k)));
            r += k;
        }
        return evaluateTokenized(images);
    }

    /** Scores already tokenized images. */
    public CaptionQualityResult evaluateTokenized(List<TokenizedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images must not be empty: caption quality of no images is undefined");
        }
        List<Long> ids = new ArrayList<>(images.size());
        List<List<List<String>>> refs = new ArrayList<>(images.size());
        for (TokenizedImage img : images) {
            ids.add(img.imageId());
            refs.add(img.references());
        }
        return new CaptionQualityResult(ids, refs.hashCode(), bleu.score(images), ciderD.score(images));
    }
}
