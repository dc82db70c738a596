package org.biaslab.metric.captioning;

import java.util.List;

/**
 * One evaluated image: the candidate caption and the human reference captions, already tokenized
 * into words (e.g. by {@link CocoTokenizer}).
 *
 * <p>The reference scorers read captions as space-joined strings and split them again, so a word
 * here must be non-empty and free of white space; otherwise the scores would not be those of the
 * reference.
 *
 * @param imageId image id (COCO image id for COCO data)
 * @param candidate the words of the caption being scored (may be empty)
 * @param references the words of each reference caption (at least one reference; a reference may
 *     be empty)
 */
public record TokenizedImage(long imageId, List<String> candidate, List<List<String>> references) {
    public TokenizedImage {
        candidate = checkedWords(candidate, imageId, "candidate");
        if (references == null || references.isEmpty()) {
            throw new IllegalArgumentException("references of image " + imageId + " must hold at least one caption, got "
                    + references);
        }
        List<List<String>> copy = new java.util.ArrayList<>(references.size());
        for (int i = 0; i < references.size(); i++) {
            copy.add(checkedWords(references.get(i), imageId, "reference " + i));
        }
        references = List.copyOf(copy);
    }

    private static List<String> checkedWords(List<String> words, long imageId, String what) {
        if (words == null) {
            throw new IllegalArgumentException(what + " of image " + imageId + " is null");
        }
        for (String w : words) {
            if (w == null || w.isEmpty()) {
                throw new IllegalArgumentException(what + " of image " + imageId + " holds an empty word: " + words);
            }
            for (int i = 0; i < w.length(); i++) {
                if (CocoTokenizer.isPythonSpace(w.charAt(i))) {
                    throw new IllegalArgumentException(what + " of image " + imageId + " holds the word '" + w
                            + "' with white space inside");
                }
            }
        }
        return List.copyOf(words);
    }
}
