package org.biaslab.metric.leakage.lstm;

import org.biaslab.text.CodePoints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token vocabulary as built by legacy torchtext {@code Field.build_vocab(train, max_size=...)}:
 * {@code <unk>} = 0, {@code <pad>} = 1, then the training tokens by decreasing frequency, ties in
 * ascending code point order (Python's string order), at most {@code maxSize} of them. Tokens
 * equal to a special map to that special; tokens never seen map to {@code <unk>}.
 */
final class Vocabulary {
    static final String UNK = "<unk>";
    static final String PAD = "<pad>";
    static final int UNK_INDEX = 0;
    static final int PAD_INDEX = 1;

    private final Map<String, Integer> index;
    private final List<String> tokens;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.index = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            index.put(tokens.get(i), i);
        }
    }

    /** Builds the vocabulary from training texts only (minimum frequency 1). */
    static Vocabulary build(List<List<String>> texts, int maxSize) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> text : texts) {
            for (String token : text) {
                if (!UNK.equals(token) && !PAD.equals(token)) {
                    counts.merge(token, 1, Integer::sum);
                }
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(
                (a, b) -> {
                    int byCount = Integer.compare(b.getValue(), a.getValue());
                    return byCount != 0 ? byCount : CodePoints.compare(a.getKey(), b.getKey());
                });
        List<String> tokens = new ArrayList<>(Math.min(entries.size(), maxSize) + 2);
        tokens.add(UNK);
        tokens.add(PAD);
        for (int i = 0; i < entries.size() && i < maxSize; i++) {
            tokens.add(entries.get(i).getKey());
        }
        return new Vocabulary(tokens);
    }

    /** Number of entries, specials included. */
    int size() {
        return tokens.size();
    }

    /** Index of a token, {@link #UNK_INDEX} when unknown. */
    int indexOf(String token) {
        return index.getOrDefault(token, UNK_INDEX);
    }

    /** Token ids of a text; an empty text becomes the single token {@code <unk>}. */
    long[] encode(List<String> text) {
        if (text.isEmpty()) {
            return new long[] {UNK_INDEX};
        }
        long[] ids = new long[text.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = indexOf(text.get(i));
        }
        return ids;
    }

    /** Entries in index order. */
    List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }
}
