package org.biaslab.debias.lm;

import org.biaslab.text.CodePoints;
import org.biaslab.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Word vocabulary of a token corpus: the four specials {@code <pad>} = 0, {@code <unk>} = 1,
 * {@code <mask>} = 2, {@code <ev>} = 3 (the image-evidence prefix), then every word seen at least
 * {@code minCount} times, by decreasing count, ties in ascending code-point order. The order is a
 * function of the counts alone, so the same corpus always gives the same ids.
 *
 * <p>Corpus tokens equal to a special's spelling are not counted (they map to that special).
 * Words must be non-empty and free of white space (the file format is one {@code word TAB count}
 * line per entry).
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String MASK = "<mask>";
    public static final String EVIDENCE = "<ev>";
    public static final int PAD_INDEX = 0;
    public static final int UNK_INDEX = 1;
    public static final int MASK_INDEX = 2;
    public static final int EVIDENCE_INDEX = 3;
    /** Number of specials; word ids start here. */
    public static final int SPECIALS = 4;

    private static final List<String> SPECIAL_TOKENS = List.of(PAD, UNK, MASK, EVIDENCE);
    private static final String HEADER = "#biaslab-lm-vocabulary v1";

    private final List<String> tokens;
    private final long[] counts;
    private final Map<String, Integer> index;

    private Vocabulary(List<String> tokens, long[] counts) {
        this.tokens = List.copyOf(tokens);
        this.counts = counts.clone();
        this.index = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (index.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate vocabulary entry '" + tokens.get(i) + "'");
            }
        }
    }

    /**
     * Counts the words of a corpus and keeps those seen at least {@code minCount} times, at most
     * {@code maxWords} of them (the most frequent).
     *
     * @param corpus token lists (e.g. lower-cased Treebank tokens of captions)
     * @param minCount minimum count of a kept word (&ge; 1)
     * @param maxWords most words kept, specials not counted (&ge; 1)
     */
    public static Vocabulary build(Iterable<? extends List<String>> corpus, int minCount, int maxWords) {
        Objects.requireNonNull(corpus, "corpus");
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
        }
        if (maxWords < 1) {
            throw new IllegalArgumentException("maxWords must be >= 1, got " + maxWords);
        }
        Map<String, long[]> counted = new HashMap<>();
        int line = 0;
        for (List<String> text : corpus) {
            if (text == null) {
                throw new IllegalArgumentException("corpus text " + line + " is null");
            }
            for (String token : text) {
                checkWord(token, "corpus text " + line);
                if (!SPECIAL_TOKENS.contains(token)) {
                    counted.computeIfAbsent(token, t -> new long[1])[0]++;
                }
            }
            line++;
        }
        List<Map.Entry<String, long[]>> entries = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counted.entrySet()) {
            if (e.getValue()[0] >= minCount) {
                entries.add(e);
            }
        }
        entries.sort((a, b) -> {
            int byCount = Long.compare(b.getValue()[0], a.getValue()[0]);
            return byCount != 0 ? byCount : CodePoints.compare(a.getKey(), b.getKey());
        });
        int kept = Math.min(entries.size(), maxWords);
        List<String> tokens = new ArrayList<>(SPECIALS + kept);
        long[] counts = new long[SPECIALS + kept];
        tokens.addAll(SPECIAL_TOKENS);
        for (int i = 0; i < kept; i++) {
            tokens.add(entries.get(i).getKey());
            counts[SPECIALS + i] = entries.get(i).getValue()[0];
        }
        return new Vocabulary(tokens, counts);
    }

    private static void checkWord(String token, String where) {
        if (token == null) {
            throw new IllegalArgumentException(where + " has a null token");
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException(where + " has an empty token");
        }
        for (int i = 0; i < token.length(); i++) {
            if (Character.isWhitespace(token.charAt(i)) || Character.isSpaceChar(token.charAt(i))) {
                throw new IllegalArgumentException(where + " has a token with white space: '" + token + "'");
            }
        }
    }

    /** Entries, specials included. */
    public int size() {
        return tokens.size();
    }

    /** Number of words (entries that are not specials). */
    public int words() {
        return tokens.size() - SPECIALS;
    }

    /** Id of a token; {@link #UNK_INDEX} for a word not in the vocabulary. */
    public int indexOf(String token) {
        return index.getOrDefault(token, UNK_INDEX);
    }

    /** Whether the token is a word of the vocabulary (specials are not words). */
    public boolean isWord(String token) {
        Integer i = index.get(token);
        return i != null && i >= SPECIALS;
    }

    /** The token with this id. */
    public String token(int id) {
        return tokens.get(id);
    }

    /** Corpus count of the entry with this id (0 for the specials). */
    public long count(int id) {
        return counts[id];
    }

    /** Entries in id order. */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    /** Ids of a token list. */
    public long[] encode(List<String> text) {
        long[] ids = new long[text.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = indexOf(text.get(i));
        }
        return ids;
    }

    /** Writes a header line, then one {@code token TAB count} line per entry in id order. */
    public void save(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < tokens.size(); i++) {
            sb.append(tokens.get(i)).append('\t').append(counts[i]).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /**
     * Reads a file written by {@link #save}. Rejects a file whose specials, counts or order differ
     * from what {@link #build} produces, naming the line.
     */
    public static Vocabulary load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": line 1 must be '" + HEADER + "'");
        }
        List<String> tokens = new ArrayList<>(lines.size() - 1);
        long[] counts = new long[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String where = file + ": line " + (i + 1);
            String[] parts = lines.get(i).split("\t", -1);
            if (parts.length != 2) {
                throw new IOException(where + ": expected 'token<TAB>count', got '" + lines.get(i) + "'");
            }
            int id = i - 1;
            long count;
            try {
                count = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException(where + ": count '" + parts[1] + "' is not an integer", e);
            }
            if (id < SPECIALS) {
                if (!parts[0].equals(SPECIAL_TOKENS.get(id)) || count != 0) {
                    throw new IOException(where + ": expected special '" + SPECIAL_TOKENS.get(id)
                            + "' with count 0, got '" + lines.get(i) + "'");
                }
            } else {
                try {
                    checkWord(parts[0], where);
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
                if (count < 1) {
                    throw new IOException(where + ": count must be >= 1, got " + count);
                }
                if (id > SPECIALS) {
                    long previous = counts[id - 1];
                    if (count > previous
                            || (count == previous && CodePoints.compare(tokens.get(id - 1), parts[0]) >= 0)) {
                        throw new IOException(where + ": '" + parts[0] + "' is out of order (count desc, then word)");
                    }
                }
            }
            tokens.add(parts[0]);
            counts[id] = count;
        }
        if (tokens.size() < SPECIALS) {
            throw new IOException(file + ": only " + tokens.size() + " entries, the " + SPECIALS + " specials are missing");
        }
        try {
            return new Vocabulary(tokens, counts);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens) && java.util.Arrays.equals(v.counts, counts);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[" + words() + " words + " + SPECIALS + " specials]";
    }
}
