package org.biaslab.perceive.faceapi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.biaslab.engine.Torch;
import org.biaslab.perceive.FaceBox;
import org.biaslab.perceive.FaceDetection;
import org.biaslab.perceive.FaceDetector;
import org.biaslab.perceive.PerceptionException;
import org.biaslab.perceive.Point;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.model.Lifecycle;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelManifest;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.perceive.tfjs.TfjsWeights;
import org.biaslab.util.Hashing;

/**
 * face-api.js ({@code @vladmandic/face-api} 1.7.15) in Java on DJL's PyTorch engine: TinyFaceDetector,
 * FaceLandmark68Net and AgeGenderNet with the package's TF.js weights, reproducing
 * {@code detectAllFaces(img, new TinyFaceDetectorOptions()).withFaceLandmarks().withAgeAndGender()}.
 *
 * <p>Which pixels each network sees, as face-api decides:
 * <ol>
 * <li>Detector: the whole image, zero-padded at the bottom or right to a square, resized
 *     (TF.js bilinear) to {@code inputSize}; boxes decoded with the anchors, kept above the score
 *     threshold, non-maximum suppression at IoU 0.4.</li>
 * <li>Landmarks: the detection box clipped to the image and floored, zero-padded to a centred
 *     square, resized to 112. The 68 points are mapped back to the crop and shifted by the
 *     (unclipped) detection box's corner.</li>
 * <li>Age and perceived gender: the aligned box (the landmarks' bounding box widened by 20% of its
 *     width and height), clipped and floored, centre-padded and resized to 112.</li>
 * </ol>
 * Faces whose clipped detection box or aligned box is empty (entirely outside the image) are left
 * out; face-api would mis-assign the results of the following faces in that case.
 *
 * <p>Thread-safe: one instance, holding the weights once, may serve any number of threads; each call
 * works in its own engine memory scope, freed before it returns (the weights' scope is capped, so no
 * call can attach memory to it). PyTorch's intra-op threads are a process-wide setting
 * ({@code -Dai.djl.pytorch.num_threads}); with several calling threads, one intra-op thread each is
 * usually fastest.
 */
public final class FaceApi implements FaceDetector {
    /** Model manifest of the package in {@code models/}. */
    public static final String MANIFEST = "vladmandic-face-api.yaml";
    static final String DETECTOR = "model/tiny_face_detector_model-weights_manifest.json";
    static final String LANDMARKS = "model/face_landmark_68_model-weights_manifest.json";
    static final String AGE_GENDER = "model/age_gender_model-weights_manifest.json";

    /**
     * face-api's {@code TinyFaceDetectorOptions}, plus one option face-api does not have.
     *
     * @param inputSize      side of the square detector input, a positive multiple of 32 (default 416)
     * @param scoreThreshold detections must score above it, in (0, 1) (default 0.5)
     * @param flipAverage    NOT face-api: also run AgeGenderNet on the horizontal mirror of each face's
     *                       112x112 input and report the mean of the two outputs (gender probabilities
     *                       and age). Off by default; with it off the results are face-api's own.
     */
    public record Options(int inputSize, double scoreThreshold, boolean flipAverage) {
        public Options {
            if (inputSize <= 0 || inputSize % 32 != 0) {
                throw new IllegalArgumentException("inputSize must be a positive multiple of 32, was " + inputSize);
            }
            if (!(scoreThreshold > 0 && scoreThreshold < 1)) {
                throw new IllegalArgumentException("scoreThreshold must be in (0, 1), was " + scoreThreshold);
            }
        }

        /** face-api's options, without mirror averaging. */
        public Options(int inputSize, double scoreThreshold) {
            this(inputSize, scoreThreshold, false);
        }

        /** face-api's defaults: 416 and 0.5 (no mirror averaging). */
        public static Options defaults() {
            return new Options(416, 0.5);
        }

        /** Whether these are face-api's defaults. */
        public boolean isDefault() {
            return equals(defaults());
        }
    }

    private final Options options;
    private final NDManager weights;
    private final TinyFaceDetectorNet detector;
    private final FaceLandmark68Net landmarkNet;
    private final AgeGenderNet ageGenderNet;
    private final Map<String, String> files;
    private final Lifecycle lifecycle = new Lifecycle("FaceApi");

    private FaceApi(Options options, NDManager weights, TinyFaceDetectorNet detector, FaceLandmark68Net landmarkNet,
            AgeGenderNet ageGenderNet, Map<String, String> files) {
        this.options = options;
        this.weights = weights;
        this.detector = detector;
        this.landmarkNet = landmarkNet;
        this.ageGenderNet = ageGenderNet;
        this.files = files;
    }

    /** Loads the weights of this project's manifest ({@code models/vladmandic-face-api.yaml}), fetching them first when needed. */
    public static FaceApi load(Options options) throws ModelException {
        return load(ModelStore.forProject(), options);
    }

    /** Loads with {@code store}'s manifest and cache, fetching when needed. */
    public static FaceApi load(ModelStore store, Options options) throws ModelException {
        ModelManifest m = store.manifest(MANIFEST);
        return open(store.fetch(m), options);
    }

    /**
     * Loads the three networks from an extracted {@code @vladmandic/face-api} package folder (the
     * folder holding {@code model/}).
     */
    public static FaceApi open(Path packageDir, Options options) throws ModelException {
        Objects.requireNonNull(packageDir, "packageDir");
        Objects.requireNonNull(options, "options");
        Map<String, String> files = new TreeMap<>();
        NDManager manager;
        try {
            manager = Torch.newManager();
        } catch (RuntimeException e) {
            throw new ModelException("the DJL " + Torch.ENGINE + " engine cannot be used: " + e.getMessage(), e);
        }
        try {
            TinyFaceDetectorNet det = new TinyFaceDetectorNet(params(packageDir, DETECTOR, manager, files));
            FaceLandmark68Net lm = new FaceLandmark68Net(params(packageDir, LANDMARKS, manager, files));
            AgeGenderNet ag = new AgeGenderNet(params(packageDir, AGE_GENDER, manager, files));
            manager.cap(); // from here on nothing may attach to the weights' scope
            return new FaceApi(options, manager, det, lm, ag, Collections.unmodifiableMap(files));
        } catch (ModelException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static Params params(Path dir, String manifest, NDManager manager, Map<String, String> files)
            throws ModelException {
        Path file = dir.resolve(manifest);
        TfjsWeights.Weights w = TfjsWeights.read(file);
        try {
            files.put(manifest, Hashing.sha256(file));
            for (Path shard : w.shards()) {
                files.put(dir.relativize(shard).toString().replace('\\', '/'), Hashing.sha256(shard));
            }
        } catch (IOException e) {
            throw new ModelException(file + ": cannot hash the weight files: " + e.getMessage(), e);
        }
        return new Params(file, w.tensors(), manager);
    }

    public Options options() {
        return options;
    }

    /** Arrays held in the weights' scope (constant after loading; for tests). */
    int weightArrayCount() {
        return weights.getManagedArrays().size();
    }

    /** The weight files read, by path inside the package, with their SHA-256 (for provenance). */
    public Map<String, String> weightFiles() {
        return files;
    }

    /** Faces found by the TinyFaceDetector, best score first (face-api's {@code detectAllFaces}). */
    @Override
    public List<FaceDetection> detect(RgbImage image) throws PerceptionException {
        return detect(image, options);
    }

    /** {@link #detect(RgbImage)} with other detector options for this call. */
    public List<FaceDetection> detect(RgbImage image, Options callOptions) throws PerceptionException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(callOptions, "options");
        return call(() -> {
            try (NDManager m = Torch.newManager()) {
                List<FaceDetection> out = new ArrayList<>();
                for (Detected d : detectFaces(m, image, callOptions)) {
                    out.add(new FaceDetection(d.box().toFaceBox(), d.score()));
                }
                return out;
            }
        });
    }

    /**
     * Every face with its landmarks, perceived gender probabilities and age estimate, best
     * detection score first.
     */
    public List<FaceAnalysis> analyze(RgbImage image) throws PerceptionException {
        return analyze(image, options);
    }

    /** {@link #analyze(RgbImage)} with other detector options for this call. */
    public List<FaceAnalysis> analyze(RgbImage image, Options callOptions) throws PerceptionException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(callOptions, "options");
        return call(() -> {
            try (NDManager m = Torch.newManager()) {
                return analyze(m, image, callOptions);
            }
        });
    }

    /**
     * Landmarks, perceived gender and age of faces another detector found (e.g. BlazeFace), as
     * face-api.js runs {@code withFaceLandmarks().withAgeAndGender()} after any of its detectors:
     * the same crops, landmark net, aligned rect and age/gender net as {@link #analyze(RgbImage)},
     * only the boxes come from elsewhere. Boxes in the pixels of {@code image}; order kept.
     */
    public List<FaceAnalysis> analyze(RgbImage image, List<FaceDetection> detections) throws PerceptionException {
        Objects.requireNonNull(image, "image");
        List<Detected> given = new ArrayList<>(detections.size());
        for (FaceDetection d : detections) {
            FaceBox b = d.box();
            given.add(new Detected(new JsBox(b.x(), b.y(), b.width(), b.height()), d.score()));
        }
        return call(() -> {
            try (NDManager m = Torch.newManager()) {
                return analyzeDetected(m, image, given, options);
            }
        });
    }

    /** A detection as face-api keeps it: pixel box (after its rescaling round trips) and score. */
    private record Detected(JsBox box, double score) {}

    private List<Detected> detectFaces(NDManager m, RgbImage image, Options opts) {
        int size = opts.inputSize();
        float[] input = new float[3 * size * size];
        NetInput.write(image, 0, 0, image.width(), image.height(), false, size, TinyFaceDetectorNet.MEAN_RGB, input, 0);
        float[] logits;
        int cells;
        try (NDArray x = nchwView(m, input, 1, size); NDArray out = detector.forward(x)) {
            cells = (int) out.getShape().get(2);
            logits = out.toFloatArray();
        }
        List<TinyYolo.Candidate> cand = TinyYolo.decode(logits, cells, TinyFaceDetectorNet.ANCHORS, size,
                image.width(), image.height(), opts.scoreThreshold());
        double w = image.width();
        double h = image.height();
        List<Detected> out = new ArrayList<>();
        for (int i : TinyYolo.nonMaxSuppression(cand, size, TinyFaceDetectorNet.IOU_THRESHOLD)) {
            TinyYolo.Candidate c = cand.get(i);
            // ObjectDetection scales the relative box to pixels; FaceDetection is re-created from it once more
            JsBox box = c.relative().rescale(w, h).roundTrip(w, h);
            out.add(new Detected(box, c.score()));
        }
        return out;
    }

    private List<FaceAnalysis> analyze(NDManager m, RgbImage image, Options opts) {
        return analyzeDetected(m, image, detectFaces(m, image, opts), opts);
    }

    private List<FaceAnalysis> analyzeDetected(NDManager m, RgbImage image, List<Detected> detected, Options opts) {
        int iw = image.width();
        int ih = image.height();
        List<Detected> faces = new ArrayList<>();
        List<int[]> crops = new ArrayList<>();
        for (Detected d : detected) {
            // extractFaceTensors: detection.forSize(w, h).box, clipped and floored
            int[] crop = d.box().roundTrip(iw, ih).roundTrip(iw, ih).clipFloor(iw, ih);
            if (crop[2] > 0 && crop[3] > 0) {
                faces.add(d);
                crops.add(crop);
            }
        }
        int n = faces.size();
        if (n == 0) {
            return List.of();
        }
        float[] marks = runLandmarks(m, image, crops);
        List<List<Point>> points = new ArrayList<>(n);
        List<JsBox> aligned = new ArrayList<>(n);
        List<int[]> alignedCrops = new ArrayList<>(n);
        for (int f = 0; f < n; f++) {
            List<Point> pts = landmarksInImage(marks, f, crops.get(f), faces.get(f).box());
            points.add(pts);
            JsBox rect = alignedRect(pts).roundTrip(iw, ih);
            aligned.add(rect);
            alignedCrops.add(rect.roundTrip(iw, ih).roundTrip(iw, ih).clipFloor(iw, ih));
        }
        List<FaceAnalysis> out = new ArrayList<>(n);
        List<Integer> ok = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            int[] c = alignedCrops.get(f);
            if (c[2] > 0 && c[3] > 0) {
                ok.add(f);
            }
        }
        float[][] ageGender = runAgeGender(m, image, ok.stream().map(alignedCrops::get).toList(), opts.flipAverage());
        for (int k = 0; k < ok.size(); k++) {
            int f = ok.get(k);
            Detected d = faces.get(f);
            double male = ageGender[1][2 * k];
            double female = ageGender[1][2 * k + 1];
            out.add(new FaceAnalysis(new FaceDetection(d.box().toFaceBox(), d.score()), points.get(f),
                    aligned.get(f).toFaceBox(), male, female, ageGender[0][k]));
        }
        return out;
    }

    /**
     * Interleaved (N, H, W, 3) floats as an (N, 3, H, W) view in channels-last memory.
     *
     * <p>The base array must stay open until the per-call manager {@code m} closes: DJL's PyTorch
     * arrays made from Java data wrap a direct buffer that only the base array keeps reachable, and
     * the transposed view reads that memory without holding it. Closing the base here let the
     * garbage collector free the buffer under a running convolution (a SIGSEGV in
     * {@code direct_copy_kernel} seen once in ~5,000 images on two threads).
     */
    private static NDArray nchwView(NDManager m, float[] nhwc, int n, int size) {
        NDArray base = m.create(nhwc, new Shape(n, size, size, 3));
        return base.transpose(0, 3, 1, 2);
    }

    private float[] runLandmarks(NDManager m, RgbImage image, List<int[]> crops) {
        int s = FaceLandmark68Net.INPUT_SIZE;
        int per = 3 * s * s;
        float[] input = new float[crops.size() * per];
        for (int f = 0; f < crops.size(); f++) {
            int[] c = crops.get(f);
            NetInput.write(image, c[0], c[1], c[2], c[3], true, s, FaceLandmark68Net.MEAN_RGB, input, f * per);
        }
        try (NDArray x = nchwView(m, input, crops.size(), s); NDArray out = landmarkNet.forward(x)) {
            return out.toFloatArray();
        }
    }

    /**
     * Age [k] and gender probabilities [2k] of the k crops; with {@code flip}, each is the mean of the
     * crop's and its mirror's outputs (the mirrors run in the same batch, after the crops).
     */
    private float[][] runAgeGender(NDManager m, RgbImage image, List<int[]> crops, boolean flip) {
        if (crops.isEmpty()) {
            return new float[][] {new float[0], new float[0]};
        }
        int k = crops.size();
        int s = AgeGenderNet.INPUT_SIZE;
        int per = 3 * s * s;
        int batch = flip ? 2 * k : k;
        float[] input = new float[batch * per];
        for (int f = 0; f < k; f++) {
            int[] c = crops.get(f);
            NetInput.write(image, c[0], c[1], c[2], c[3], true, s, AgeGenderNet.MEAN_RGB, input, f * per);
            if (flip) {
                NetInput.mirror(input, f * per, s, input, (k + f) * per);
            }
        }
        float[] age;
        float[] gender;
        try (NDArray x = nchwView(m, input, batch, s); NDList out = ageGenderNet.forward(x)) {
            age = out.get(0).toFloatArray();
            gender = out.get(1).toFloatArray();
        }
        if (!flip) {
            return new float[][] {age, gender};
        }
        float[] meanAge = new float[k];
        float[] meanGender = new float[2 * k];
        for (int f = 0; f < k; f++) {
            meanAge[f] = (age[f] + age[k + f]) / 2;
            meanGender[2 * f] = (gender[2 * f] + gender[2 * (k + f)]) / 2;
            meanGender[2 * f + 1] = (gender[2 * f + 1] + gender[2 * (k + f) + 1]) / 2;
        }
        return new float[][] {meanAge, meanGender};
    }

    /**
     * face-api {@code FaceLandmark68NetBase.postProcess} (float32 tensor arithmetic) and
     * {@code FaceLandmarks.shiftBy}: outputs relative to the padded 112 square, to the crop, then
     * shifted by the detection box's corner.
     */
    static List<Point> landmarksInImage(float[] out, int face, int[] crop, JsBox detection) {
        double cw = crop[2];
        double ch = crop[3];
        double scale = (double) FaceLandmark68Net.INPUT_SIZE / Math.max(ch, cw);
        double sw = cw * scale;
        double sh = ch * scale;
        float padX = (float) (sw < sh ? Math.abs(sw - sh) / 2 : 0);
        float padY = (float) (sh < sw ? Math.abs(sw - sh) / 2 : 0);
        float size = FaceLandmark68Net.INPUT_SIZE;
        List<Point> pts = new ArrayList<>(FaceLandmark68Net.POINTS);
        int base = face * 2 * FaceLandmark68Net.POINTS;
        for (int i = 0; i < FaceLandmark68Net.POINTS; i++) {
            float rx = (out[base + 2 * i] * size - padX) / (float) sw;
            float ry = (out[base + 2 * i + 1] * size - padY) / (float) sh;
            double px = ((rx * cw) / cw) * cw + detection.x();
            double py = ((ry * ch) / ch) * ch + detection.y();
            pts.add(new Point(px, py));
        }
        return pts;
    }

    /** face-api {@code FaceLandmarks.align()}: {@code minBbox} of the points padded by 20%. */
    static JsBox alignedRect(List<Point> pts) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = 0; // face-api's reduce starts its maxima at 0
        double maxY = 0;
        for (Point p : pts) {
            minX = p.x() < minX ? p.x() : minX;
            minY = p.y() < minY ? p.y() : minY;
            maxX = maxX < p.x() ? p.x() : maxX;
            maxY = maxY < p.y() ? p.y() : maxY;
        }
        JsBox box = JsBox.fromBounds(minX, minY, maxX, maxY);
        return box.pad(box.width() * 0.2, box.height() * 0.2);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run();
    }

    private <T> T call(Work<T> work) throws PerceptionException {
        try {
            return lifecycle.use(work::run);
        } catch (IllegalStateException | IllegalArgumentException | NullPointerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PerceptionException("face-api inference failed: " + e, e);
        }
    }

    @Override
    public void close() {
        lifecycle.close(weights::close);
    }
}
