package org.biaslab.captioner.detections;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.CaptionerConfig;
import org.biaslab.captioner.CaptionerType;
import org.biaslab.generate.GenerationException;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.blazeface.BlazeFace;
import org.biaslab.perceive.blazeface.BlazeFaceBack;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelManifest;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.perceive.objects.ObjectDetector;
import org.biaslab.perceive.tfjs.FaceRes;
import org.biaslab.spec.SpecMap;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;

/**
 * Reads a {@code detections} captioner section: TEMPLATE captions made from what the COCO object
 * detector ({@link ObjectDetector}, Human's centernet) and face perception ({@link Perceiver}) find
 * in each image, with the fixed grammar of {@link TemplateGrammar}; no captioning model, no network.
 *
 * <pre>
 * captioner:
 *   type: detections
 *   min_score: 0.2          # object detections scoring above this (Human's default 0.2)
 *   max_objects: 2          # objects named, 1..3
 *   detector: tiny-face     # face detector: tiny-face | blazeface | blazeface-back (as perception.detector)
 *   gender_model: faceapi   # perceived-gender network: faceapi | faceres (as perception.gender_model)
 *   uncertain_margin: 0.1   # P(woman) within this of 0.5 is "a person" (as perception.uncertain_margin)
 * </pre>
 *
 * <p>Every field is optional; the defaults are the detector's and the project's perception defaults.
 * The models come from the project's model store (fetched and verified as the audit's stages do);
 * their files' SHA-256, pinned by the manifests in {@code models/}, are part of the description and
 * of the id, and are checked against the files loaded when the captioner opens.
 */
public final class DetectionsCaptionerType implements CaptionerType {
    public static final String ID = "detections";
    /** What the captions are, in every description. */
    public static final String CAPTIONS = "TEMPLATE captions from detections: a fixed grammar over the COCO objects "
            + "detected and the faces perceived in each image; no captioning model";
    /** Human's default object threshold. */
    public static final double DEFAULT_MIN_SCORE = ObjectDetector.Options.defaults().minConfidence();
    public static final int DEFAULT_MAX_OBJECTS = 2;

    /**
     * @param minScore object detections must score above this
     * @param maxObjects objects named, 1..{@value TemplateGrammar#MAX_OBJECTS}
     * @param detector the face detector
     * @param genderModel the perceived-gender network
     * @param uncertainMargin half-width of the uncertain band around P(woman) = 0.5
     * @param modelFiles the model files the captioner reads, "package-version/path" to SHA-256, as the
     *     manifests pin them
     * @param grammarSha256 SHA-256 of the phrase table
     */
    public record Config(double minScore, int maxObjects, Perceiver.Detector detector,
            Perceiver.GenderModel genderModel, double uncertainMargin, Map<String, String> modelFiles,
            String grammarSha256) implements CaptionerConfig {
        public Config {
            modelFiles = java.util.Collections.unmodifiableMap(new TreeMap<>(modelFiles));
            java.util.Objects.requireNonNull(detector, "detector");
            java.util.Objects.requireNonNull(genderModel, "genderModel");
            java.util.Objects.requireNonNull(grammarSha256, "grammarSha256");
            objectOptions(minScore); // throws for a threshold outside [0, 1)
            policy(uncertainMargin); // throws for a margin outside [0, 0.5)
            if (maxObjects < 1 || maxObjects > TemplateGrammar.MAX_OBJECTS) {
                throw new IllegalArgumentException("maxObjects must be in 1.." + TemplateGrammar.MAX_OBJECTS + ", was "
                        + maxObjects);
            }
        }

        /** Every face found is read (the caption counts them); no crop padding. */
        static PerceptionPolicy policy(double uncertainMargin) {
            return new PerceptionPolicy(uncertainMargin, PerceptionPolicy.FacePolicy.ALL, 0);
        }

        static ObjectDetector.Options objectOptions(double minScore) {
            ObjectDetector.Options d = ObjectDetector.Options.defaults();
            return new ObjectDetector.Options(minScore, d.iouThreshold(), d.maxDetected());
        }

        @Override
        public String type() {
            return ID;
        }

        /** {@code detections/template-captions/} and 12 hex digits of the description's hash. */
        @Override
        public String id() {
            return ID + "/template-captions/" + Hashing.sha256(Json.pretty(describe())).substring(0, 12);
        }

        /** The perceiver's settings as the audit's perceiver ids name them. */
        String perceiver() {
            return Perceiver.ID + Perceiver.optionSuffix(FaceApi.Options.defaults(), detector, genderModel)
                    + " margin=" + uncertainMargin;
        }

        /** The model name every caption carries ({@code captions.csv}'s model column). */
        String model() {
            return "template captions from detections (centernet objects, " + perceiver() + ")";
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", ID);
            m.put("captions", CAPTIONS);
            m.put("template", true);
            m.put("grammar", "a woman | a man | a person | two women | two men | a woman and a man | two people | "
                    + "a group of people, then up to max_objects objects by score with fixed prepositions; "
                    + "'" + TemplateGrammar.SCENE + "...' without a person; '" + TemplateGrammar.NOTHING + "'");
            m.put("grammar_sha256", grammarSha256);
            m.put("object_detector", "centernet (" + ObjectDetector.MANIFEST + ")");
            m.put("min_score", minScore);
            m.put("max_objects", maxObjects);
            m.put("perceiver", perceiver());
            m.put("detector", detector.id());
            m.put("gender_model", genderModel.id());
            m.put("uncertain_margin", uncertainMargin);
            m.put("model_files", modelFiles);
            return m;
        }

        @Override
        public Captioner open() throws GenerationException {
            return DetectionsCaptioner.open(this, TemplateGrammar.bundled());
        }
    }

    /**
     * The files the captioner reads, as the project's manifests pin them: centernet's, face-api's
     * networks, and BlazeFace's or faceres's when they are chosen.
     */
    static Map<String, String> pinnedModelFiles(ModelStore store, Perceiver.Detector detector,
            Perceiver.GenderModel genderModel) throws ModelException {
        Map<String, String> out = new TreeMap<>();
        pinned(out, store.manifest(ObjectDetector.MANIFEST),
                p -> p.equals(ObjectDetector.MODEL) || p.equals(ObjectDetector.WEIGHTS));
        pinned(out, store.manifest(FaceApi.MANIFEST), p -> p.startsWith("model/"));
        if (detector == Perceiver.Detector.BLAZEFACE) {
            pinned(out, store.manifest(BlazeFace.MANIFEST), p -> p.endsWith(".onnx"));
        }
        if (detector == Perceiver.Detector.BLAZEFACE_BACK) {
            pinned(out, store.manifest(BlazeFaceBack.MANIFEST),
                    p -> p.equals(BlazeFaceBack.MODEL) || p.equals(BlazeFaceBack.WEIGHTS));
        }
        if (genderModel == Perceiver.GenderModel.FACERES) {
            String stem = FaceRes.MODEL.substring(0, FaceRes.MODEL.lastIndexOf('.') + 1);
            pinned(out, store.manifest(FaceRes.MANIFEST), p -> p.startsWith(stem));
        }
        return out;
    }

    private static void pinned(Map<String, String> out, ModelManifest m, Predicate<String> which) {
        m.files().forEach((path, sha) -> {
            if (which.test(path)) {
                out.put(m.cacheName() + "/" + path, sha);
            }
        });
    }

    @Override
    public CaptionerConfig read(SpecMap m, long experimentSeed) {
        double minScore = m.number("min_score", DEFAULT_MIN_SCORE, 0, 0.99);
        int maxObjects = m.integer("max_objects", DEFAULT_MAX_OBJECTS, 1, TemplateGrammar.MAX_OBJECTS);
        String detector = m.choice("detector", Perceiver.Detector.ids(), Perceiver.Detector.TINY_FACE.id());
        String genderModel = m.choice("gender_model", Perceiver.GenderModel.ids(),
                Perceiver.GenderModel.FACEAPI.id());
        double margin = m.number("uncertain_margin", PerceptionPolicy.DEFAULT_MARGIN, 0, 0.499);
        if (detector == null || genderModel == null) {
            return null;
        }
        Perceiver.Detector d = Perceiver.Detector.parse(detector);
        Perceiver.GenderModel g = Perceiver.GenderModel.parse(genderModel);
        Map<String, String> files;
        try {
            files = pinnedModelFiles(ModelStore.forProject(), d, g);
        } catch (ModelException e) {
            m.problem("type", "the detections captioner cannot read its model manifests: " + e.getMessage());
            return null;
        }
        return new Config(minScore, maxObjects, d, g, margin, files, TemplateGrammar.bundled().sha256());
    }
}
