package org.biaslab.perceive.tfjs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.image.ImageDecoder;
import org.biaslab.perceive.objects.ObjectDetector;

/**
 * CPU time per image of the two TF.js graph models (centernet, faceres), one image at a time on
 * the calling thread: the calling thread's CPU time and the whole process's (PyTorch's intra-op
 * threads, JIT and GC included), and wall time. Not a test. With
 * {@code -Dbiaslab.tfjs.profile=true} also the time per op type.
 *
 * <pre>
 * CP=framework/target/test-classes:framework/target/classes:$(cat framework/target/classpath.txt)
 * OPT_OUT_TRACKING=true java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -XX:+UseSerialGC -cp $CP \
 *   org.biaslab.perceive.tfjs.GraphSpeedBenchmark ../shared/data/t2i-sd-annotated/images centernet,faceres 60
 * </pre>
 */
public final class GraphSpeedBenchmark {
    private GraphSpeedBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/t2i-sd-annotated/images");
        List<String> which = List.of((args.length > 1 ? args[1] : "centernet,faceres").split(","));
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int warm = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jpg")) {
            ds.forEach(paths::add);
        }
        paths.sort(null);
        ImageDecoder decoder = new ImageDecoder();
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < Math.min(paths.size(), n + warm); i++) {
            images.add(decoder.decode(paths.get(i)).image());
        }
        System.out.printf(Locale.ROOT, "%d images from %s; ai.djl.pytorch.num_threads=%s; %d processors%n",
                images.size(), dir, System.getProperty("ai.djl.pytorch.num_threads", "(default)"),
                Runtime.getRuntime().availableProcessors());
        double checksum = 0;
        for (String w : which) {
            switch (w) {
                case "centernet" -> {
                    try (ObjectDetector d = ObjectDetector.load()) {
                        checksum += time("centernet 512x512", images, n, warm, img -> d.detect(img).size());
                    }
                }
                case "faceres" -> {
                    try (FaceRes f = FaceRes.load()) {
                        checksum += time("faceres (one 256 px face crop)", images, n, warm, img -> f.analyze(img,
                                new FaceRes.CropBox(128, 96, 384, 352)).maleScore());
                    }
                }
                default -> throw new IllegalArgumentException("centernet or faceres: " + w);
            }
        }
        System.out.printf(Locale.ROOT, "(checksum %.6f)%n", checksum);
    }

    /** VmRSS and VmHWM (peak) of this process, Linux. */
    static String memory() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "";
        }
        return String.join(", ", Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS") || l.startsWith(
                "VmHWM")).map(l -> l.replaceAll("\\s+", " ")).toList());
    }

    interface Work {
        double run(RgbImage image) throws Exception;
    }

    private static double time(String name, List<RgbImage> images, int n, int warm, Work work) throws Exception {
        double sum = 0;
        for (int i = 0; i < warm; i++) {
            sum += work.run(images.get(i % images.size()));
        }
        Profile.reset();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long thread0 = threads.getCurrentThreadCpuTime();
        long proc0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        double[] per = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            sum += work.run(images.get((warm + i) % images.size()));
            per[i] = (System.nanoTime() - t) / 1e6;
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double thread = (threads.getCurrentThreadCpuTime() - thread0) / 1e9;
        double proc = (os.getProcessCpuTime() - proc0) / 1e9;
        java.util.Arrays.sort(per);
        System.out.printf(Locale.ROOT, "%s: %d images: thread CPU %.1f ms/image, process CPU %.1f ms/image, wall %.1f "
                + "ms/image (median %.1f, fastest %.1f); load average %.2f%n", name, n, 1e3 * thread / n, 1e3 * proc / n,
                1e3 * wall / n, per[n / 2], per[0], os.getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "  %s%n", memory());
        String table = Profile.table();
        if (!table.isEmpty()) {
            System.out.print(table);
        }
        return sum;
    }
}
