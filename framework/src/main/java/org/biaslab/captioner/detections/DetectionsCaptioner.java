package org.biaslab.captioner.detections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.GenerationException;
import org.biaslab.perceive.FacePerception;
import org.biaslab.perceive.ImagePerception;
import org.biaslab.perceive.PerceptionException;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.image.ImageDecodeException;
import org.biaslab.perceive.image.ImageDecoder;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.objects.ObjectDetector;
import org.biaslab.util.Json;

/**
 * The open detections captioner: decodes each image as the audit's stages do ({@link ImageDecoder}),
 * runs the object detector and the face perceiver on it, and writes {@link TemplateGrammar}'s caption.
 * Thread-safe (the detector and the perceiver are); the models are loaded once and closed with it.
 */
final class DetectionsCaptioner implements Captioner {
    private final DetectionsCaptionerType.Config config;
    private final TemplateGrammar grammar;
    private final ObjectDetector detector;
    private final Perceiver perceiver;
    private final ObjectDetector.Options options;
    private final ImageDecoder decoder = new ImageDecoder();
    private final AtomicBoolean closed = new AtomicBoolean();

    DetectionsCaptioner(DetectionsCaptionerType.Config config, TemplateGrammar grammar, ObjectDetector detector,
            Perceiver perceiver) {
        this.config = config;
        this.grammar = grammar;
        this.detector = detector;
        this.perceiver = perceiver;
        this.options = DetectionsCaptionerType.Config.objectOptions(config.minScore());
    }

    /**
     * Loads the detector and the perceiver from the project's model store and checks that the files
     * loaded are the ones the config pins (and so describes).
     */
    static DetectionsCaptioner open(DetectionsCaptionerType.Config config, TemplateGrammar grammar)
            throws GenerationException {
        if (!grammar.sha256().equals(config.grammarSha256())) {
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, null, "detections captioner: the "
                    + "phrase table has SHA-256 " + grammar.sha256() + ", the spec was read with " + config.grammarSha256());
        }
        ObjectDetector od;
        try {
            od = ObjectDetector.load();
        } catch (ModelException | RuntimeException e) {
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, null, "detections captioner: cannot "
                    + "load the object detector: " + e.getMessage(), e);
        }
        Perceiver p;
        try {
            p = Perceiver.load(DetectionsCaptionerType.Config.policy(config.uncertainMargin()),
                    FaceApi.Options.defaults(), config.detector(), config.genderModel());
        } catch (ModelException | RuntimeException e) {
            od.close();
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, null, "detections captioner: cannot "
                    + "load the face perceiver: " + e.getMessage(), e);
        }
        DetectionsCaptioner c = new DetectionsCaptioner(config, grammar, od, p);
        String problem = filesProblem(config.modelFiles(), od.modelFiles(), p.modelFiles());
        if (problem != null) {
            c.close();
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, null, "detections captioner: "
                    + problem);
        }
        return c;
    }

    /**
     * Null when the loaded files ({@code path in package -> SHA-256}) are exactly the pinned ones
     * ({@code package-version/path -> SHA-256}), else what differs.
     */
    static String filesProblem(Map<String, String> pinned, Map<String, String> detectorFiles,
            Map<String, String> perceiverFiles) {
        Map<String, String> expected = new TreeMap<>();
        pinned.forEach((k, v) -> expected.put(k.substring(k.indexOf('/') + 1), v));
        Map<String, String> loaded = new TreeMap<>(detectorFiles);
        loaded.putAll(perceiverFiles);
        return expected.equals(loaded) ? null : "the model files loaded " + loaded + " are not the ones its "
                + "description pins " + expected;
    }

    @Override
    public GeneratedCaption caption(CaptionRequest r) throws GenerationException {
        if (closed.get()) {
            throw new GenerationException(GenerationException.Kind.CLOSED, null, "detections captioner is closed");
        }
        long t0 = System.nanoTime();
        RgbImage image;
        try {
            image = decoder.decode(r.image(), r.imageSha256().substring(0, Math.min(12, r.imageSha256().length())))
                    .image();
        } catch (ImageDecodeException e) {
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, null, "detections captioner: image "
                    + r.label() + " cannot be decoded: " + e.getMessage(), e);
        }
        List<ObjectDetector.Detection> detections;
        ImagePerception faces;
        try {
            detections = detector.detect(image, options);
            faces = perceiver.perceive(image);
        } catch (PerceptionException | RuntimeException e) {
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, null, "detections captioner: "
                    + "image " + r.label() + " cannot be read: " + e.getMessage(), e);
        }
        List<String> genders = new ArrayList<>();
        List<Double> pWoman = new ArrayList<>();
        for (FacePerception f : faces.faces()) {
            genders.add(f.gender());
            pWoman.add(f.pWoman());
        }
        List<TemplateGrammar.Found> found = detections.stream()
                .map(d -> new TemplateGrammar.Found(d.label(), d.score())).toList();
        TemplateGrammar.Caption c = grammar.caption(genders, found, config.maxObjects());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("template", true);
        info.put("people", c.people());
        info.put("face_genders", genders);
        info.put("p_woman", pWoman);
        info.put("person_detections", found.stream().filter(f -> f.label().equals(ObjectDetector.PERSON)).count());
        List<Map<String, Object>> named = new ArrayList<>();
        for (TemplateGrammar.Found o : c.objects()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("label", o.label());
            x.put("score", o.score());
            named.add(x);
        }
        info.put("objects", named);
        return new GeneratedCaption(c.text(), config.model(), "", Duration.ofNanos(System.nanoTime() - t0), 1,
                Json.mapper().valueToTree(info).toString());
    }

    @Override
    public Map<String, Object> describe() {
        return config.describe();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            detector.close();
        } finally {
            perceiver.close();
        }
    }
}
