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

    private final T2iAuditSpec spec;
    private final long seed;

    PerceptionStage(T2iAuditSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "perception (" + T2iAuditKind.perceiverId(spec) + ")";
    }

    /** The perceiver's description for results: id, mode, and the declared confusion or the model files. */
    static Map<String, Object> describe(T2iAuditSpec spec, RunStore store) throws Exception {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", T2iAuditKind.perceiverId(spec));
        info.put("mode", spec.perception().mode());
        if (spec.perception().simulated()) {
            ClassifierValidity v = ClassifierValidity.read(spec.perception().validity().orElseThrow());
            info.put("declared_confusion", v.classifierId() + " on " + v.dataset());
        } else {
            info.put("model_files", recordedModelFiles(store));
        }
        return info;
    }

    @Override
    public void run(RunContext ctx, RunStore store, int workers) throws Exception {
        String id = T2iAuditKind.perceiverId(spec);
        List<String> awaiting = store.awaitingPerception(id);
        if (awaiting.isEmpty()) {
            return;
        }
        if (spec.perception().simulated()) {
            Map<String, GenerationRecord> bySha = new LinkedHashMap<>();
            for (GenerationRecord g : store.generations()) {
                g.imageSha256().ifPresent(s -> bySha.putIfAbsent(s, g));
            }
            ClassifierValidity v = ClassifierValidity.read(spec.perception().validity().orElseThrow());
            SimulatedPerception sim = new SimulatedPerception(v.matrix(), spec.perception().policy(),
                    spec.perception().unreliableSkinRate());
            for (String sha : awaiting) {
                GenerationRecord g = bySha.get(sha);
                JsonNode si = Json.mapper().readTree(g.serverInfo());
                List<ImageRow.Face> faces = sim.perceive(si.path("true_gender").asText(),
                        si.path("true_ita_category").asText(),
                        Hashing.seed(seed, "simulated-perception", g.key().promptId(), g.key().sampleIndex()));
                store.putPerception(PerceptionRecord.ok(sha, id, Json.mapper().writeValueAsString(faces)));
            }
            return;
        }
        ctx.info("perceiving %d images", awaiting.size());
        try (Perceiver perceiver = Perceiver.load(spec.perception().policy(), FaceApi.Options.defaults(),
                spec.perception().detector())) {
            // kept in the store so a resumed run reports the weights that perceived every image, and a
            // store perceived with other weights is refused instead of silently mixed
            store.putMeta(MODEL_FILES_META, Json.mapper().writeValueAsString(perceiver.modelFiles()));
            ImageDecoder decoder = new ImageDecoder();
            Progress perceived = Progress.of(ctx, "perceived", awaiting.size());
            Workers.forEach(awaiting, workers, "perceive", sha -> {
                PerceptionRecord rec;
                try {
                    var decoded = decoder.decode(store.readImage(sha), sha.substring(0, 12));
                    ImagePerception ip = perceiver.perceive(decoded.image());
                    rec = PerceptionRecord.ok(sha, id, Json.mapper().writeValueAsString(faces(ip)));
                } catch (Exception e) {
                    rec = PerceptionRecord.failed(sha, id, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                store.putPerception(rec);
                perceived.step(rec.error().isEmpty());
            });
        }
    }

    /** The perception model files recorded in the store; empty when nothing was perceived. */
    static Map<String, String> recordedModelFiles(RunStore store) throws Exception {
        String json = store.meta().get(MODEL_FILES_META);
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
