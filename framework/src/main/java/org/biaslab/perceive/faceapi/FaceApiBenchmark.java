package org.biaslab.perceive.faceapi;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
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
import org.biaslab.perceive.model.ModelStore;
import javax.imageio.ImageIO;

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
     * @param cpuSeconds CPU time of the whole process during the timed rounds (NaN where the JVM
     *                   cannot tell); on a machine shared with other work it shows the cost that
     *                   wall time hides
     */
    public record Result(int images, int rounds, int threads, int faces, double seconds, double cpuSeconds) {
        public double imagesPerSecond() {
            return images * (double) rounds / seconds;
        }

        /** Process CPU milliseconds per image. */
        public double cpuMillisPerImage() {
            return cpuSeconds * 1000 / (images * (double) rounds);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "face-api: %d images x %d rounds on %d thread(s), %d faces per round: "
                    + "%.1f images/s (%.1f ms per image), %.1f ms CPU per image", images, rounds, threads, faces,
                    imagesPerSecond(), 1000 / imagesPerSecond(), cpuMillisPerImage());
        }
    }

    /**
     * The six sample photos of the face-api package as {@code size x size} images, the shape
     * generated images usually have: the centred square of each photo, scaled with bilinear
     * interpolation (Java2D), decoded with javax.imageio.
     */
    public static List<RgbImage> sampleImages(Path packageDir, int size) throws IOException {
        List<RgbImage> out = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            Path file = packageDir.resolve("demo/sample" + i + ".jpg");
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException("javax.imageio cannot decode " + file);
            }
            int side = Math.min(img.getWidth(), img.getHeight());
            BufferedImage square = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = square.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int x0 = (img.getWidth() - side) / 2;
            int y0 = (img.getHeight() - side) / 2;
            g.drawImage(img, 0, 0, size, size, x0, y0, x0 + side, y0 + side, null);
            g.dispose();
            int[] argb = square.getRGB(0, 0, size, size, null, 0, size);
            byte[] rgb = new byte[size * size * 3];
            for (int p = 0; p < argb.length; p++) {
                rgb[3 * p] = (byte) (argb[p] >>> 16);
                rgb[3 * p + 1] = (byte) (argb[p] >>> 8);
                rgb[3 * p + 2] = (byte) argb[p];
            }
            out.add(new RgbImage(size, size, rgb));
        }
        return out;
    }

    /**
     * {@code FaceApiBenchmark [THREADS [ROUNDS [SIZE]]]} (defaults 2, 10, 512): prints the throughput
     * on the face-api sample photos, fetched with the project's model store. PyTorch's intra-op threads
     * follow {@code -Dai.djl.pytorch.num_threads}.
     */
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        ModelStore store = ModelStore.forProject();
        Path pkg = store.fetch(store.manifest(FaceApi.MANIFEST));
        List<RgbImage> images = sampleImages(pkg, size);
        try (FaceApi api = FaceApi.open(pkg, FaceApi.Options.defaults())) {
            System.out.println(measure(api, images, threads, rounds));
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
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                round(api, images, pool, threads);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long c1 = processCpuNanos();
            double cpu = c0 < 0 || c1 < 0 ? Double.NaN : (c1 - c0) / 1e9;
            return new Result(images.size(), rounds, threads, faces, seconds, cpu);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
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
