package org.biaslab.metric.leakage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trainings of one run that would repeat exactly, computed once. Two units repeat a training
 * when the classifier sees the same texts (the same {@link TokenTexts} instance: models with the
 * same vocabulary share their aligned human captions, see {@link LicData.HumanCaptions}), the same
 * labels and split, and the trainer's result does not depend on the seed
 * ({@link CaptionClassifierTrainer#usesSeed}) or the seed is the same: e.g. LIC_D of two caption
 * files of one captioner under the linear classifier. The result is the same score, so nothing in a
 * unit changes. Thread-safe; a training that fails is not kept.
 */
public final class TrainingMemo {
    /** Key: the texts (by identity) and the digest of everything else the score depends on. */
    private record Key(TokenTexts texts, String rest) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.texts == texts && k.rest.equals(rest);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(texts) * 31 + rest.hashCode();
        }
    }

    /**
     * The labels and a split, by identity: a unit's human trainings share both objects, so their digest
     * is computed once per unit, not once per training (SHA-256 of about 50 KB each time; without C2 the
     * JVM computes it in plain Java code). Nothing changes these arrays once a split is drawn.
     */
    private record LabelsAndSplit(int[] labels, BalancedSplit split) {
        @Override
        public boolean equals(Object o) {
            return o instanceof LabelsAndSplit a && a.labels == labels && a.split == split;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(labels) * 31 + System.identityHashCode(split);
        }
    }

    private final ConcurrentHashMap<Key, CompletableFuture<Leakage.Score>> scores = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<LabelsAndSplit, String> arrayDigests = new ConcurrentHashMap<>();
    private final AtomicInteger reused = new AtomicInteger();

    /** {@link Leakage#trainAndScore(CaptionClassifierTrainer, TokenTexts, int[], BalancedSplit, long)}, once per distinct training. */
    public Leakage.Score trainAndScore(CaptionClassifierTrainer trainer, TokenTexts texts, int[] labels,
            BalancedSplit split, long seed) throws LeakageException {
        String arrays = arrayDigests.computeIfAbsent(new LabelsAndSplit(labels, split),
                a -> digest(a.labels(), a.split()));
        Key key = new Key(texts, trainer.name() + "\u001f" + trainer.config() + "\u001f"
                + (trainer.usesSeed() ? seed : "-") + "\u001f" + arrays);
        CompletableFuture<Leakage.Score> mine = new CompletableFuture<>();
        CompletableFuture<Leakage.Score> earlier = scores.putIfAbsent(key, mine);
        if (earlier != null) {
            try {
                Leakage.Score s = earlier.get();
                reused.incrementAndGet();
                return s;
            } catch (ExecutionException e) {
                // the first one failed (and is gone from the map): train here, and fail here if it fails again
                return Leakage.trainAndScore(trainer, texts, labels, split, seed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeakageException("interrupted while waiting for the same training on another thread", e);
            }
        }
        try {
            Leakage.Score s = Leakage.trainAndScore(trainer, texts, labels, split, seed);
            mine.complete(s);
            return s;
        } catch (LeakageException | RuntimeException | Error e) {
            scores.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Trainings answered from an earlier identical one. */
    public int reused() {
        return reused.get();
    }

    /** SHA-256 of the labels and the split's training and test rows (each with its length). */
    private static String digest(int[] labels, BalancedSplit split) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
        for (int[] a : new int[][] {labels, split.train(), split.test()}) {
            ByteBuffer b = ByteBuffer.allocate(Integer.BYTES * (a.length + 1));
            b.putInt(a.length);
            b.asIntBuffer().put(a);
            md.update(b.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
