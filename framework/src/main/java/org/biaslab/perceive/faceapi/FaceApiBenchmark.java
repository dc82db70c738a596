package org.biaslab.perceive.faceapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.biaslab.perceive.PerceptionException;
import org.biaslab.perceive.RgbImage;

/**
 * Throughput of {@link FaceApi#analyze} (detection, landmarks, age and perceived gender) for the
 * {@code bench} command: images per second over a list of images, on a given number of threads
 * sharing one instance, after a warm-up round.
 */
public final class FaceApiBenchmark {
    private FaceApiBenchmark() {}

    /**
     * @param images  images analysed per round (each thread takes the next one)
     * @param rounds  timed rounds over all images
     * @param threads calling threads
     * @param faces   faces found per round
     * @param seconds wall time of the timed rounds
     */
    public record Result(int images, int rounds, int threads, int faces, double seconds) {
        public double imagesPerSecond() {
            return images * (double) rounds / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "face-api: %d images x %d rounds on %d thread(s), %d faces per round: "
                    + "%.1f images/s (%.1f ms per image)", images, rounds, threads, faces, imagesPerSecond(),
                    1000 / imagesPerSecond());
        }
    }

    /** One warm-up round, then {@code rounds} timed rounds over {@code images} on {@code threads} threads. */
    public static Result measure(FaceApi api, List<RgbImage> images, int threads, int rounds)
            throws PerceptionException, InterruptedException {
        Objects.requireNonNull(api, "api");
        if (images.isEmpty() || threads < 1 || rounds < 1) {
            throw new IllegalArgumentException("need images, threads >= 1 and rounds >= 1; had " + images.size()
                    + " images, " + threads + " threads, " + rounds + " rounds");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int faces = round(api, images, pool, threads);
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                round(api, images, pool, threads);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(images.size(), rounds, threads, faces, seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int round(FaceApi api, List<RgbImage> images, ExecutorService pool, int threads)
            throws PerceptionException, InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                int faces = 0;
                for (int i = next.getAndIncrement(); i < images.size(); i = next.getAndIncrement()) {
                    faces += api.analyze(images.get(i)).size();
                }
                return faces;
            }));
        }
        int faces = 0;
        for (Future<Integer> f : futures) {
            try {
                faces += f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof PerceptionException pe) {
                    throw pe;
                }
                throw new IllegalStateException("benchmark thread failed: " + e.getCause(), e.getCause());
            }
        }
        return faces;
    }
}
