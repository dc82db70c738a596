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
        return evaluateAll(List.of(candidates), references).get(0);
    }

    /**
     * Scores several caption sets of the same images against the same references, tokenizing the
     * references once: each result equals {@link #evaluate} of that set alone.
     *
     * @param candidateSets caption sets, each image id -> caption, all over the same image ids in the
     *     same order (the first set's order is the evaluation order); not empty
     * @param references image id -> human reference captions, as for {@link #evaluate}
     * @throws IllegalArgumentException naming the candidate images without references, or when the
     *     sets cover different images
     */
    public List<CaptionQualityResult> evaluateAll(List<Map<Long, String>> candidateSets,
            Map<Long, List<String>> references) {
        if (candidateSets.isEmpty()) {
            throw new IllegalArgumentException("candidateSets must hold at least one caption set");
        }
        Map<Long, String> candidates = candidateSets.get(0);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must not be empty: caption quality of no images is undefined");
        }
        List<Long> ids = new ArrayList<>(candidates.keySet());
        for (int s = 1; s < candidateSets.size(); s++) {
            if (!new ArrayList<>(candidateSets.get(s).keySet()).equals(ids)) {
                throw new IllegalArgumentException("caption set " + s + " covers other images (or another order) than "
                        + "caption set 0: " + candidateSets.get(s).size() + " vs " + ids.size() + " images");
            }
        }
        List<Long> missing = new ArrayList<>();
        List<String> refText = new ArrayList<>(ids.size() * 5);
        for (Long id : ids) {
            List<String> refs = references.get(id);
            if (refs == null || refs.isEmpty()) {
                missing.add(id);
                continue;
            }
            refText.addAll(refs);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.size() + " of " + ids.size()
                    + " candidate images have no reference captions, e.g. image ids "
                    + missing.subList(0, Math.min(5, missing.size())));
        }
        List<List<String>> refWords = tokenizer.tokenizeAll(refText);
        List<CaptionQualityResult> out = new ArrayList<>(candidateSets.size());
        for (Map<Long, String> set : candidateSets) {
            List<String> candText = new ArrayList<>(ids.size());
            for (Long id : ids) {
                String c = set.get(id);
                if (c == null) {
                    throw new IllegalArgumentException("candidate caption of image " + id + " is null");
                }
                candText.add(c);
            }
            List<List<String>> candWords = tokenizer.tokenizeAll(candText);
            List<TokenizedImage> images = new ArrayList<>(ids.size());
            int r = 0;
            for (int i = 0; i < ids.size(); i++) {
                int k = references.get(ids.get(i)).size();
                images.add(new TokenizedImage(ids.get(i), candWords.get(i), refWords.subList(r, r + k)));
                r += k;
            }
            out.add(evaluateTokenized(images));
        }
        return out;
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
