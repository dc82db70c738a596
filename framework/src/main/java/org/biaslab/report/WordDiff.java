package org.biaslab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Word-level difference of two token sequences by a longest common subsequence (ties prefer
 * keeping earlier words of the first sequence), for showing a debiaser's edits. Sequences whose
 * table would exceed {@link #MAX_CELLS} cells are shown as one removal and one addition.
 */
public final class WordDiff {
    /** Beyond this table size (words x words) the whole of {@code a} is shown removed and {@code b} added. */
    static final long MAX_CELLS = 250_000;

    private WordDiff() {}

    /** How a run of words differs. */
    public enum Op {
        SAME, REMOVED, ADDED
    }

    /**
     * A run of consecutive words with the same operation.
     *
     * @param op kept, removed from the first sequence, or added in the second
     * @param words the words
     */
    public record Segment(Op op, List<String> words) {
        public Segment {
            words = List.copyOf(words);
        }
    }

    /**
     * The segments turning {@code a} into {@code b}: SAME and REMOVED segments spell {@code a},
     * SAME and ADDED segments spell {@code b}. Where a replacement happens, the removed run comes
     * before the added one.
     */
    public static List<Segment> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        if ((long) n * m > MAX_CELLS) {
            List<Segment> whole = new ArrayList<>();
            if (n > 0) {
                whole.add(new Segment(Op.REMOVED, a));
            }
            if (m > 0) {
                whole.add(new Segment(Op.ADDED, b));
            }
            return whole;
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Segment> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                append(out, Op.SAME, a.get(i));
                i++;
                j++;
            } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
                append(out, Op.REMOVED, a.get(i));
                i++;
            } else {
                append(out, Op.ADDED, b.get(j));
                j++;
            }
        }
        return merge(out);
    }

    private static void append(List<Segment> out, Op op, String word) {
        out.add(new Segment(op, List.of(word)));
    }

    /** Joins neighbouring segments of the same operation. */
    private static List<Segment> merge(List<Segment> in) {
        List<Segment> out = new ArrayList<>();
        Op op = null;
        List<String> words = new ArrayList<>();
        for (Segment s : in) {
            if (s.op() != op && op != null) {
                out.add(new Segment(op, words));
                words = new ArrayList<>();
            }
            op = s.op();
            words.addAll(s.words());
        }
        if (op != null) {
            out.add(new Segment(op, words));
        }
        return out;
    }

    /** One side of a word diff: SAME words plain, the side's own words marked ({@code del} or {@code ins}); every word escaped. */
    public static String html(List<Segment> segments, Op own) {
        StringBuilder sb = new StringBuilder();
        String tag = own == Op.REMOVED ? "del" : "ins";
        for (Segment s : segments) {
            if (s.op() != Op.SAME && s.op() != own) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String words = Html.escape(String.join(" ", s.words()));
            sb.append(s.op() == own ? "<" + tag + ">" + words + "</" + tag + ">" : words);
        }
        return sb.length() == 0 ? "<span class=\"muted\">(empty)</span>" : sb.toString();
    }
}
