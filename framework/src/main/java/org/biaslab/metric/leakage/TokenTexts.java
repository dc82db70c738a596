package org.biaslab.metric.leakage;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Token sequences stored once as {@code int} ids into a dictionary of distinct tokens, instead of
 * lists of strings: what the LIC study's classifiers see, prepared once per attribute and model and
 * shared by every seed, protocol and classifier. The dictionary is in {@link String#compareTo}
 * order, so ordering token ids orders the tokens by name (what a bag-of-words classifier's feature
 * numbering needs).
 *
 * <p>Immutable; the arrays are never handed out for writing. {@link #asLists()} gives the texts as
 * lists of strings (views over the ids, the strings shared from the dictionary) for trainers that
 * work on strings.
 */
public final class TokenTexts {
    private final String[] vocabulary;
    private final int[][] sequences;
    private volatile int[][] sets;

    private TokenTexts(String[] vocabulary, int[][] sequences) {
        this.vocabulary = vocabulary;
        this.sequences = sequences;
    }

    /** Encodes texts; the dictionary is every distinct token, sorted. */
    public static TokenTexts of(List<? extends List<String>> texts) {
        Builder b = new Builder();
        int[][] provisional = new int[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            provisional[i] = b.ids(texts.get(i));
        }
        return b.build(provisional);
    }

    /** Number of texts. */
    public int size() {
        return sequences.length;
    }

    /** Number of distinct tokens in the dictionary (ids are 0 to this, exclusive). */
    public int vocabularySize() {
        return vocabulary.length;
    }

    /** The token of an id. */
    public String token(int id) {
        return vocabulary[id];
    }

    /** Text {@code i} as token ids (do not modify). */
    int[] sequence(int i) {
        return sequences[i];
    }

    /**
     * Text {@code i} as its distinct token ids, ascending (= tokens in name order): the binary
     * bag-of-words features. Computed once for all texts, on first use. Do not modify.
     */
    public int[] distinct(int i) {
        int[][] s = sets;
        if (s == null) {
            synchronized (this) {
                s = sets;
                if (s == null) {
                    s = new int[sequences.length][];
                    for (int k = 0; k < sequences.length; k++) {
                        s[k] = distinctSorted(sequences[k]);
                    }
                    sets = s;
                }
            }
        }
        return s[i];
    }

    /** Feeds the texts (their tokens, in order) into {@code digest}: equal texts give equal digests. */
    void digest(java.security.MessageDigest digest) {
        java.nio.ByteBuffer counts = java.nio.ByteBuffer.allocate(Integer.BYTES);
        digest.update(counts.putInt(0, sequences.length).array());
        for (int[] sequence : sequences) {
            digest.update(counts.putInt(0, sequence.length).array());
            for (int id : sequence) {
                byte[] token = vocabulary[id].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                digest.update(counts.putInt(0, token.length).array());
                digest.update(token);
            }
        }
    }

    /** The texts at {@code order}, sharing this dictionary and these arrays. */
    public TokenTexts select(int[] order) {
        int[][] seqs = new int[order.length][];
        for (int i = 0; i < order.length; i++) {
            seqs[i] = sequences[order[i]];
        }
        return new TokenTexts(vocabulary, seqs);
    }

    /** The texts as lists of tokens (read-only views). */
    public List<List<String>> asLists() {
        return new Texts();
    }

    private final class Texts extends AbstractList<List<String>> implements RandomAccess {
        @Override
        public List<String> get(int i) {
            return new Text(sequences[i]);
        }

        @Override
        public int size() {
            return sequences.length;
        }
    }

    private final class Text extends AbstractList<String> implements RandomAccess {
        private final int[] ids;

        Text(int[] ids) {
            this.ids = ids;
        }

        @Override
        public String get(int i) {
            return vocabulary[ids[i]];
        }

        @Override
        public int size() {
            return ids.length;
        }
    }

    private static int[] distinctSorted(int[] ids) {
        int[] a = ids.clone();
        Arrays.sort(a);
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (n == 0 || a[i] != a[n - 1]) {
                a[n++] = a[i];
            }
        }
        return n == a.length ? a : Arrays.copyOf(a, n);
    }

    /**
     * Collects tokens under provisional ids (first seen, first numbered), then renumbers them in
     * name order when the texts are built.
     */
    static final class Builder {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> tokens = new java.util.ArrayList<>();

        /** The provisional id of a token. */
        int id(String token) {
            Integer id = ids.get(token);
            if (id == null) {
                id = tokens.size();
                ids.put(token, id);
                tokens.add(token);
            }
            return id;
        }

        int[] ids(List<String> text) {
            int[] out = new int[text.size()];
            for (int j = 0; j < out.length; j++) {
                out[j] = id(text.get(j));
            }
            return out;
        }

        /** Texts from sequences of provisional ids (renumbered in place). */
        TokenTexts build(int[][] provisional) {
            return buildAll(new int[][][] {provisional}).get(0);
        }

        /** Several sets of texts sharing one dictionary, from sequences of provisional ids (renumbered in place). */
        List<TokenTexts> buildAll(int[][][] sets) {
            String[] sorted = tokens.toArray(new String[0]);
            Arrays.sort(sorted);
            int[] remap = new int[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                remap[ids.get(sorted[i])] = i;
            }
            List<TokenTexts> out = new java.util.ArrayList<>(sets.length);
            for (int[][] provisional : sets) {
                for (int[] seq : provisional) {
                    for (int j = 0; j < seq.length; j++) {
                        seq[j] = remap[seq[j]];
                    }
                }
                out.add(new TokenTexts(sorted, provisional));
            }
            return List.copyOf(out);
        }
    }
}
