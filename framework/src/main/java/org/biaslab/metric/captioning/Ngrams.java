package org.biaslab.metric.captioning;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * N-gram counting as the reference scorers' {@code precook}, with every distinct n-gram of one
 * scoring run interned to a dense int id (a word gets an id; a k-gram is its (k-1)-gram prefix id
 * extended by its last word's id). Counts keep first-seen order, the order in which the reference
 * accumulates its floating-point sums. Not thread-safe: one instance per scoring run.
 */
final class Ngrams {
    /** One order of a caption: distinct n-gram ids in first-seen order and their counts. */
    record Counted(int[] ids, int[] counts) {
        int total() {
            int s = 0;
            for (int c : counts) {
                s += c;
            }
            return s;
        }
    }

    private final int maxN;
    private final Map<String, Integer> words = new HashMap<>();
    private final Map<Long, Integer> extensions = new HashMap<>();
    private int size;

    Ngrams(int maxN) {
        this.maxN = maxN;
    }

    /** Number of distinct n-grams interned so far (every id is below it). */
    int size() {
        return size;
    }

    /** The caption's n-grams per order (element k - 1 holds the k-grams), counted. */
    Counted[] count(List<String> caption) {
        int len = caption.size();
        Counted[] out = new Counted[maxN];
        int[] unigrams = new int[len];
        for (int i = 0; i < len; i++) {
            Integer id = words.get(caption.get(i));
            if (id == null) {
                id = size++;
                words.put(caption.get(i), id);
            }
            unigrams[i] = id;
        }
        int[] prev = unigrams;
        out[0] = distinct(unigrams);
        for (int k = 1; k < maxN; k++) {
            int m = Math.max(0, len - k);
            int[] cur = new int[m];
            for (int i = 0; i < m; i++) {
                long key = ((long) prev[i] << 32) | unigrams[i + k];
                Integer id = extensions.get(key);
                if (id == null) {
                    id = size++;
                    extensions.put(key, id);
                }
                cur[i] = id;
            }
            out[k] = distinct(cur);
            prev = cur;
        }
        return out;
    }

    /** Distinct ids in first-seen order with their counts. */
    private static Counted distinct(int[] seq) {
        int[] ids = new int[seq.length];
        int[] counts = new int[seq.length];
        int n = 0;
        if (seq.length <= 32) {
            outer:
            for (int id : seq) {
                for (int j = 0; j < n; j++) {
                    if (ids[j] == id) {
                        counts[j]++;
                        continue outer;
                    }
                }
                ids[n] = id;
                counts[n++] = 1;
            }
        } else {
            Map<Integer, Integer> at = new HashMap<>();
            for (int id : seq) {
                Integer j = at.get(id);
                if (j == null) {
                    at.put(id, n);
                    ids[n] = id;
                    counts[n++] = 1;
                } else {
                    counts[j]++;
                }
            }
        }
        return new Counted(Arrays.copyOf(ids, n), Arrays.copyOf(counts, n));
    }
}
