package org.biaslab.experiment.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.biaslab.experiment.Progress;
import org.biaslab.experiment.RunContext;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.perceive.FacePerception;
import org.biaslab.perceive.ImagePerception;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.image.ImageDecoder;
import org.biaslab.store.GenerationRecord;
import org.biaslab.store.PerceptionRecord;
import org.biaslab.store.RunStore;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;
import org.biaslab.util.Workers;

/**
 * Stage 3, perception: every stored image without a successful perception by this perceiver (its id
 * carries the policy) gets one record: the faces found (box, perceived gender, estimated skin tone),
 * or the error. Simulated perception draws each outcome from the simulated generator's declared truth
 * through the validity file's confusion matrix.
 */
final class PerceptionStage implements AuditStage {
    /** Store metadata: the perception model files (path to SHA-256) that perceived the images. */
    static final String MODEL_FILES_META = "perception_model_files";

    private final T2iAuditSpec.Perception perception;
    private final String id;
    private final String alternative;
    private final long seed;

    /** The main perceiver's stage. */
    PerceptionStage(T2iAuditSpec spec, long seed) {
        this(spec.perception(), T2iAuditKind.perceiverId(spec), "", seed);
    }

    /** An alternative perceiver's stage (classifier sensitivity). */
    PerceptionStage(T2iAuditSpec.Alternative alternative, long seed) {
        this(alternative.perception(), T2iAuditKind.perceiverId(alternative), alternative.name(), seed);
    }

    private PerceptionStage(T2iAuditSpec.Perception perception, String id, String alternative, long seed) {
        this.perception = perception;
        this.id = id;
        this.alternative = alternative;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "perception (" + id + ")";
    }

    /** The main perceiver's description for results: id, mode, and the declared confusion or the model files. */
    static Map<String, Object> describe(T2iAuditSpec spec, RunStore store) throws Exception {
        Map<String, Object> info = describe(spec.perception(), T2iAuditKind.perceiverId(spec), "", store);
        if (spec.perception().objects().isPresent()) {
            // the object stage's detector and the weights behind every detection, for provenance
            Map<String, Object> objects = new LinkedHashMap<>();
            objects.put("id", ObjectStage.id(spec.perception().objects().get()));
            objects.put("model_files", ObjectStage.recordedModelFiles(store));
            info.put("objects", objects);
        }
        return info;
    }

    /** An alternative perceiver's description. */
    static Map<String, Object> describe(T2iAuditSpec.Alternative a, RunStore store) throws Exception {
        return describe(a.perception(), T2iAuditKind.perceiverId(a), a.name(), store);
    }

    private static Map<String, Object> describe(T2iAuditSpec.Perception perception, String id, String alternative,
            RunStore store) throws Exception {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", id);
        info.put("mode", perception.mode());
        if (perception.simulated()) {
            ClassifierValidity v = ClassifierValidity.read(perception.validity().orElseThrow());
            info.put("declared_confusion", v.classifierId() + " on " + v.dataset());
        } else {
            info.put("model_files", recordedModelFiles(store, alternative));
        }
        return info;
    }

    /** Store metadata key of a perceiver's model files: the main one's is {@link #MODEL_FILES_META}. */
    private static String modelFilesKey(String alternative) {
        return alternative.isEmpty() ? MODEL_FILES_META : MODEL_FILES_META + "/" + alternative;
    }

    @Override
    public void run(RunContext ctx, RunStore store, int workers) throws Exception {
        List<String> awaiting = store.awaitingPerception(id);
        if (awaiting.isEmpty()) {
            return;
        }
        if (perception.simulated()) {
            Map<String, GenerationRecord> bySha = new LinkedHashMap<>();
            for (GenerationRecord g : store.generations()) {
                g.imageSha256().ifPresent(s -> bySha.putIfAbsent(s, g));
            }
            ClassifierValidity v = ClassifierValidity.read(perception.validity().orElseThrow());
            SimulatedPerception sim = new SimulatedPerception(v.matrix(), perception.policy(),
                    perception.unreliableSkinRate());
            for (String sha : awaiting) {
                GenerationRecord g = bySha.get(sha);
                JsonNode si = Json.mapper().readTree(g.serverInfo());
                // an alternative draws from the same stream as the main perceiver: its readings of an image
                // are coupled to the main one's, as two real classifiers' errors on the same image are
                List<ImageRow.Face> faces = sim.perceive(si.path("true_gender").asText(),
                        si.path("true_ita_category").asText(),
                        Hashing.seed(seed, "simulated-perception", g.key().promptId(), g.key().sampleIndex()));
                store.putPerception(PerceptionRecord.ok(sha, id, Json.mapper().writeValueAsString(faces)));
            }
            return;
        }
        ctx.info("perceiving %d images%s", awaiting.size(),
                alternative.isEmpty() ? "" : " with the alternative perceiver '" + alternative + "'");
        try (Perceiver perceiver = Perceiver.load(perception.policy(), FaceApi.Options.defaults(),
                perception.detector(), perception.genderModel(), perception.skinWhiteBalance())) {
            // kept in the store so a resumed run reports the weights that perceived every image, and a
            // store perceived with other weights is refused instead of silently mixed
            store.putMeta(modelFilesKey(alternative), Json.mapper().writeValueAsString(perceiver.modelFiles()));
            recordEach(store, awaiting, workers, id, Progress.of(ctx, "perceived", awaiting.size()), "perceive",
                    image -> faces(perceiver.perceive(image)));
        }
    }

    /** What a stage reads from one decoded image, as the JSON value of its record. */
    interface ImageReading {
        Object read(org.biaslab.perceive.RgbImage image) throws Exception;
    }

    /**
     * Decodes each stored image of {@code awaiting} on {@code workers} threads, reads it with
     * {@code reading} and stores a record under {@code id}: the reading as JSON, or the error (an
     * image that cannot be decoded or read fails alone); {@code progress} counts them.
     */
    static void recordEach(RunStore store, List<String> awaiting, int workers, String id, Progress progress,
            String workerName, ImageReading reading) throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        Workers.forEach(awaiting, workers, workerName, sha -> {
            PerceptionRecord rec;
            try {
                var decoded = decoder.decode(store.readImage(sha), sha.substring(0, 12));
                rec = PerceptionRecord.ok(sha, id, Json.mapper().writeValueAsString(reading.read(decoded.image())));
            } catch (Exception e) {
                rec = PerceptionRecord.failed(sha, id, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            store.putPerception(rec);
            progress.step(rec.error().isEmpty());
        });
    }

    /** The perception model files recorded in the store; empty when nothing was perceived. */
    static Map<String, String> recordedModelFiles(RunStore store, String alternative) throws Exception {
        String json = store.meta().get(modelFilesKey(alternative));
        if (json == null) return new TreeMap<>();
        return Json.mapper().readValue(json, new TypeReference<TreeMap<String, String>>() { });
    }

    static List<ImageRow.Face> faces(ImagePerception ip) {
        List<ImageRow.Face> out = new ArrayList<>();
        for (FacePerception f : ip.faces()) {
            var b = f.analysis().detection().box();
            var s = f.skin();
            out.add(new ImageRow.Face(b.x(), b.y(), b.width(), b.height(), f.pWoman(), f.gender(),
                    s.category() == null ? "" : s.category().label(), s.monkTone(), s.reliable()));
        }
        return out;
    }
}
