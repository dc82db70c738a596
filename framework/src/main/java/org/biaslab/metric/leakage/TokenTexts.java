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
    /** Text i is {@code tokens[offsets[i] .. offsets[i + 1])}: all texts in two arrays, not one array each. */
    private final int[] offsets;
    private final int[] tokens;
    private volatile Sets sets;

    private TokenTexts(String[] vocabulary, int[] offsets, int[] tokens) {
        this.vocabulary = vocabulary;
        this.offsets = offsets;
        this.tokens = tokens;
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
        return offsets.length - 1;
    }

    /** Number of distinct tokens in the dictionary (ids are 0 to this, exclusive). */
    public int vocabularySize() {
        return vocabulary.length;
    }

    /** The token of an id. */
    public String token(int id) {
        return vocabulary[id];
    }

    /**
     * Every text as its distinct token ids, ascending (= tokens in name order): the binary
     * bag-of-words features, text i at {@code ids[start[i] .. start[i + 1])}. Shared: do not modify.
     */
    public record Sets(int[] start, int[] ids) {}

    /** The texts' distinct token ids ({@link Sets}); computed once for all texts, on first use. */
    public Sets distinctSets() {
        Sets s = sets;
        if (s == null) {
            synchronized (this) {
                s = sets;
                if (s == null) {
                    s = distinctSorted(offsets, tokens);
                    sets = s;
                }
            }
        }
        return s;
    }

    /** Feeds the texts (their tokens, in order) into {@code digest}: equal texts give equal digests. */
    void digest(java.security.MessageDigest digest) {
        java.nio.ByteBuffer counts = java.nio.ByteBuffer.allocate(Integer.BYTES);
        digest.update(counts.putInt(0, size()).array());
        for (int i = 0; i < size(); i++) {
            digest.update(counts.putInt(0, offsets[i + 1] - offsets[i]).array());
            for (int t = offsets[i]; t < offsets[i + 1]; t++) {
                byte[] token = vocabulary[tokens[t]].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                digest.update(counts.putInt(0, token.length).array());
                digest.update(token);
            }
        }
    }

    /** The texts at {@code order}, sharing this dictionary. */
    public TokenTexts select(int[] order) {
        int[] off = new int[order.length + 1];
        for (int i = 0; i < order.length; i++) {
            off[i + 1] = off[i] + offsets[order[i] + 1] - offsets[order[i]];
        }
        int[] tok = new int[off[order.length]];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(tokens, offsets[order[i]], tok, off[i], off[i + 1] - off[i]);
        }
        return new TokenTexts(vocabulary, off, tok);
    }

    /** The texts as lists of tokens (read-only views). */
    public List<List<String>> asLists() {
        return new Texts();
    }

    private final class Texts extends AbstractList<List<String>> implements RandomAccess {
        @Override
        public List<String> get(int i) {
            return new Text(offsets[i], offsets[i + 1] - offsets[i]);
        }

        @Override
        public int size() {
            return TokenTexts.this.size();
        }
    }

    private final class Text extends AbstractList<String> implements RandomAccess {
        private final int from;
        private final int size;

        Text(int from, int size) {
            this.from = from;
            this.size = size;
        }

        @Override
        public String get(int i) {
            java.util.Objects.checkIndex(i, size);
            return vocabulary[tokens[from + i]];
        }

        @Override
        public int size() {
            return size;
        }
    }

    /**
     * Sorts {@code a[from .. to)}: insertion sort for a caption's few tokens (a small method the JIT
     * compiles quickly; Arrays.sort's general one costs more to compile than it saves here).
     */
    private static void sortRange(int[] a, int from, int to) {
        if (to - from > 64) {
            Arrays.sort(a, from, to);
            return;
        }
        for (int i = from + 1; i < to; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= from && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /** Each text's distinct ids, ascending, back to back. */
    private static Sets distinctSorted(int[] offsets, int[] tokens) {
        int n = offsets.length - 1;
        int[] start = new int[n + 1];
        int[] ids = new int[tokens.length];
        int k = 0;
        for (int i = 0; i < n; i++) {
            start[i] = k;
            int from = k;
            System.arraycopy(tokens, offsets[i], ids, k, offsets[i + 1] - offsets[i]);
            int end = k + offsets[i + 1] - offsets[i];
            sortRange(ids, from, end);
            for (int t = from; t < end; t++) {
                if (k == from || ids[t] != ids[k - 1]) {
                    ids[k++] = ids[t];
                }
            }
        }
        start[n] = k;
        return new Sets(start, k == ids.length ? ids : Arrays.copyOf(ids, k));
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

        /** The tokens by provisional id. */
        String[] tokens() {
            return tokens.toArray(new String[0]);
        }

        int[] ids(List<String> text) {
            int[] out = new int[text.size()];
            for (int j = 0; j < out.length; j++) {
                out[j] = id(text.get(j));
            }
            return out;
        }

        /** Texts from sequences of provisional ids. */
        TokenTexts build(int[][] provisional) {
            int[] offsets = new int[provisional.length + 1];
            for (int i = 0; i < provisional.length; i++) {
                offsets[i + 1] = offsets[i] + provisional[i].length;
            }
            int[] flat = new int[offsets[provisional.length]];
            for (int i = 0; i < provisional.length; i++) {
                System.arraycopy(provisional[i], 0, flat, offsets[i], provisional[i].length);
            }
            return buildAll(new int[][] {offsets}, new int[][] {flat}).get(0);
        }

        /**
         * Several sets of texts sharing one dictionary: set k's text i is the provisional ids
         * {@code tokens[k][offsets[k][i] .. offsets[k][i + 1])}, renumbered in place (the arrays become
         * the texts').
         */
        List<TokenTexts> buildAll(int[][] offsets, int[][] tokens) {
            String[] sorted = this.tokens.toArray(new String[0]);
            Arrays.sort(sorted);
            int[] remap = new int[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                remap[ids.get(sorted[i])] = i;
            }
            List<TokenTexts> out = new java.util.ArrayList<>(tokens.length);
            for (int k = 0; k < tokens.length; k++) {
                int[] flat = tokens[k];
                for (int j = 0; j < flat.length; j++) {
                    flat[j] = remap[flat[j]];
                }
                out.add(new TokenTexts(sorted, offsets[k], flat));
            }
            return List.copyOf(out);
        }
    }
}
