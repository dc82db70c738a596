package org.biaslab.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.objects.ObjectDetector;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.faceapi.FaceApiBenchmark;
import org.biaslab.perceive.image.ImageDecoder;
import org.biaslab.perceive.model.ModelStore;

/**
 * {@code bench --only perception}: images/s of the whole perception of one image (decode from
 * in-memory JPEG bytes, detect, landmarks, perceived gender and age, estimated skin tone, and with
 * {@code --objects} the COCO objects of the audit's object stage) on
 * 512x512 single-subject images, on one thread and on a pool of {@code threads}, and the process's
 * resident memory (VmRSS) before and after {@code n} images to show whether native memory grows.
 * Images: the Stable Diffusion images of {@code t2i-sd-annotated/images} when present, else the
 * face-api package's sample photos cut to 512x512.
 */
final class PerceptionBench {
    private PerceptionBench() {}

    static void run(PrintWriter out, Path dataDir, int threads, int n, Perceiver.Detector detector,
            Perceiver.GenderModel genderModel, boolean objects) throws Exception {
        List<byte[]> files = new ArrayList<>();
        String source;
        Path sd = dataDir.resolve("t2i-sd-annotated/images");
        if (Files.isDirectory(sd)) {
            List<Path> paths = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(sd, "*.jpg")) {
                ds.forEach(paths::add);
            }
            paths.sort(null);
            for (Path p : paths) files.add(Files.readAllBytes(p));
            source = files.size() + " Stable Diffusion JPEGs from " + sd;
        } else {
            ModelStore store = ModelStore.forProject();
            Path pkg = store.fetch(store.manifest(FaceApi.MANIFEST));
            for (RgbImage img : FaceApiBenchmark.sampleImages(pkg, 512)) files.add(jpeg(img));
            source = files.size() + " face-api sample photos at 512x512 (JPEG)";
        }
        if (files.isEmpty()) throw new IOException("no images for the perception benchmark in " + sd);
        out.printf(Locale.ROOT, "perception: %s; detector %s; gender model %s;%s ai.djl.pytorch.num_threads=%s%n", source,
                detector.id(), genderModel.id(), objects ? " and COCO objects (centernet) in every image;" : "",
                System.getProperty("ai.djl.pytorch.num_threads", "(DJL default)"));
        out.flush();
        ImageDecoder decoder = new ImageDecoder();
        ExecutorService single = Executors.newSingleThreadExecutor();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Perceiver faces = Perceiver.load(PerceptionPolicy.defaults(), FaceApi.Options.defaults(), detector,
                genderModel); ObjectDetector od = objects ? ObjectDetector.load() : null) {
            Work perceiver = image -> faces.perceive(image).faces().size() + (od == null ? 0 : od.detect(image).size());
            int m = Math.min(files.size(), 150);
            timed(perceiver, decoder, files, 20, single, 1); // warm-up
            String rss0 = memory();
            double one = timed(perceiver, decoder, files, m, single, 1);
            out.printf(Locale.ROOT, "perception: 1 thread: %d images in %.1f s = %.2f images/s%n", m, m / one, one);
            out.flush();
            double all = timed(perceiver, decoder, files, 2 * m, pool, threads);
            out.printf(Locale.ROOT, "perception: %d threads: %d images in %.1f s = %.2f images/s%n", threads, 2 * m,
                    2 * m / all, all);
            out.flush();
            out.printf(Locale.ROOT, "perception: after warm-up: %s; after %d more images: %s%n", rss0, 3 * m,
                    memory());
            int step = Math.max(1, n / 4);
            for (int done = 0; done < n; done += step) {
                int k = Math.min(step, n - done);
                double ips = timed(perceiver, decoder, files, k, pool, threads);
                out.printf(Locale.ROOT, "perception: memory check %d / %d images (%.2f images/s): %s%n",
                        done + k, n, ips, memory());
                out.flush();
            }
        } finally {
            single.shutdownNow();
            pool.shutdownNow();
        }
    }

    /**
     * Perceives {@code count} images cycling over {@code files} on every thread of {@code pool}
     * ({@code threads} workers, kept alive for the whole benchmark as a real run keeps them); returns images/s.
     */
    /** What is done to each image; returns a count (faces, objects) so the work cannot be skipped. */
    private interface Work {
        int run(RgbImage image) throws Exception;
    }

    private static double timed(Work perceiver, ImageDecoder decoder, List<byte[]> files, int count,
            ExecutorService pool, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Future<Integer>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                int faces = 0;
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    byte[] b = files.get(i % files.size());
                    faces += perceiver.run(decoder.decode(b, "bench image " + (i % files.size())).image());
                }
                return faces;
            }));
        }
        for (Future<Integer> f : fs) f.get();
        return count / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * VmRSS next to the Java heap after a full GC: RSS minus committed heap is what the JVM holds
     * outside the heap (PyTorch's native tensors and allocator caches, metaspace, code), the part a
     * native leak would grow.
     */
    private static String memory() {
        System.gc();
        long rss = rssKb();
        Runtime rt = Runtime.getRuntime();
        long committed = rt.totalMemory() >> 20;
        long used = (rt.totalMemory() - rt.freeMemory()) >> 20;
        return String.format(Locale.ROOT, "VmRSS %d MiB, heap used %d / committed %d MiB, RSS - committed heap %d MiB",
                rss / 1024, used, committed, rss / 1024 - committed);
    }

    /** Resident set size from /proc/self/status (Linux), kB; -1 elsewhere. */
    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static byte[] jpeg(RgbImage img) throws IOException {
        java.awt.image.BufferedImage b = new java.awt.image.BufferedImage(img.width(), img.height(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        byte[] p = img.rgb();
        for (int i = 0; i < img.width() * img.height(); i++) {
            b.setRGB(i % img.width(), i / img.width(), (p[3 * i] & 255) << 16 | (p[3 * i + 1] & 255) << 8 | (p[3 * i + 2] & 255));
        }
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        ImageIO.write(b, "jpg", bo);
        return bo.toByteArray();
    }
}
