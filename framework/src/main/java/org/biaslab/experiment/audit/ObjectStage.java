package org.biaslab.experiment.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.biaslab.experiment.Progress;
import org.biaslab.experiment.RunContext;
import org.biaslab.perceive.objects.ObjectDetector;
import org.biaslab.store.RunStore;
import org.biaslab.util.Json;

/**
 * The optional object stage ({@code perception.objects: centernet}): every stored image without a
 * successful record by the object detector gets one, the detections (COCO label, score, box) as JSON
 * in the perception table under the detector's own id ({@link #id}), so a resumed or merged run does
 * not detect again. Its people count splits face perception's "no face" into no person and a person
 * whose face is not readable.
 */
final class ObjectStage implements AuditStage {
    /** Store metadata: the object detector's model files (path to SHA-256). */
    static final String MODEL_FILES_META = "object_model_files";
    /** The person outcome of an image with no person detected and no face perceived. */
    static final String NO_PERSON = "no person";
    /** The person outcome of an image with a person detected but no face perceived. */
    static final String FACE_NOT_READABLE = "person, face not readable";

    /**
     * One detection as stored.
     *
     * @param label COCO label
     * @param score score after Human's post-processing
     * @param x box left, pixels
     * @param y box top
     * @param w box width
     * @param h box height
     */
    record Found(String label, double score, int x, int y, int w, int h) {}

    private final String detector;

    ObjectStage(String detector) {
        this.detector = detector;
    }

    /** The perception-table id of an object detector's records. */
    static String id(String detector) {
        return "objects/" + detector;
    }

    @Override
    public String name() {
        return "objects (" + id(detector) + ")";
    }

    @Override
    public void run(RunContext ctx, RunStore store, int workers) throws Exception {
        String id = id(detector);
        List<String> awaiting = store.awaitingPerception(id);
        if (awaiting.isEmpty()) {
            return;
        }
        ctx.info("detecting objects in %d images with %s", awaiting.size(), detector);
        try (ObjectDetector od = ObjectDetector.load()) {
            store.putMeta(MODEL_FILES_META, Json.mapper().writeValueAsString(od.modelFiles()));
            PerceptionStage.recordEach(store, awaiting, workers, id, Progress.of(ctx, "objects detected",
                    awaiting.size()), "objects", image -> found(od.detect(image)));
        }
    }

    static List<Found> found(List<ObjectDetector.Detection> detections) {
        List<Found> out = new ArrayList<>();
        for (ObjectDetector.Detection d : detections) {
            out.add(new Found(d.label(), d.score(), d.box().x(), d.box().y(), d.box().width(), d.box().height()));
        }
        return out;
    }

    /**
     * What an image's stored detections say, read once.
     *
     * @param people its person detections
     * @param objects the classes other than "person", each once, sorted
     */
    record Summary(int people, List<String> objects) {}

    /** The summary of a stored record's JSON. */
    static Summary summary(String json) throws Exception {
        int people = 0;
        java.util.TreeSet<String> objects = new java.util.TreeSet<>();
        for (Found f : Json.mapper().readValue(json, Found[].class)) {
            if (ObjectDetector.PERSON.equals(f.label())) {
                people++;
            } else {
                objects.add(f.label());
            }
        }
        return new Summary(people, List.copyOf(objects));
    }

    /** An image's person outcome: its face outcome when a face was perceived, else no person or not readable. */
    static String person(String faceOutcome, int people) {
        if (!faceOutcome.equals("no face")) return faceOutcome;
        return people > 0 ? FACE_NOT_READABLE : NO_PERSON;
    }

    /** The object model files recorded in the store; empty when nothing was detected. */
    static Map<String, String> recordedModelFiles(RunStore store) throws Exception {
        String json = store.meta().get(MODEL_FILES_META);
        if (json == null) return new TreeMap<>();
        return Json.mapper().readValue(json, new TypeReference<TreeMap<String, String>>() { });
    }
}
