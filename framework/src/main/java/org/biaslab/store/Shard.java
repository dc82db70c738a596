package org.biaslab.store;

import org.biaslab.util.Hashing;

/**
 * One of {@code count} shards of a run, numbered from 1 ({@code --shard 2/4}); see the package doc
 * for the assignment rule.
 *
 * @param index 1..count
 * @param count number of shards, 1..65536
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || count > 65536) {
            throw new IllegalArgumentException("shard count must be in 1..65536, was " + count);
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("shard index must be in 1.." + count + ", was " + index);
        }
    }

    /** Parses {@code i/N}, e.g. {@code 2/4}. */
    public static Shard parse(String text) {
        if (text == null || !text.strip().matches("\\d{1,6}/\\d{1,6}")) {
            throw new IllegalArgumentException("shard must be written i/N with 1 <= i <= N, e.g. 2/4; was '" + text + "'");
        }
        String[] p = text.strip().split("/");
        return new Shard(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }

    /** The shard (1..count) that {@code key} belongs to among {@code count}. */
    public static int of(WorkKey key, int count) {
        return of(key.text(), count);
    }

    /** The part (1..count) that {@code text} belongs to among {@code count}, by its SHA-256. */
    public static int of(String text, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        long u = Long.parseUnsignedLong(Hashing.sha256(text).substring(0, 16), 16);
        return 1 + (int) Long.remainderUnsigned(u, count);
    }

    public boolean contains(WorkKey key) {
        return of(key, count) == index;
    }

    /** Whether {@code text} falls in this part (see {@link #of(String, int)}). */
    public boolean contains(String text) {
        return of(text, count) == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
