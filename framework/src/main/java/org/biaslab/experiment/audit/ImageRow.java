package org.biaslab.experiment.audit;

import java.util.List;

/**
 * One planned image and what became of it, as written to {@code images.csv}.
 *
 * @param promptId prompt id
 * @param listId occupation list
 * @param occupationId occupation id
 * @param occupation occupation name
 * @param prompt prompt text
 * @param sampleIndex sample index
 * @param seed requested seed
 * @param status ok, blank, failed or pending
 * @param sha256 image SHA-256 ("" when none)
 * @param model model the generator reported ("" when none)
 * @param error generation or perception error ("" when none)
 * @param outcome woman, man, uncertain, no face, or "" when not perceived
 * @param faces perceived faces (empty for no face or no perception)
 * @param truth reference label (woman, man, other) or "" when none
 * @param declaredShareWomen simulation: the declared true share of women of the occupation (NaN otherwise)
 * @param people object stage: the person detections in the image (0 when the stage is off or did not
 *        detect; meaningful only where {@code person} is not empty)
 * @param person object stage: the face outcome when a face was perceived, else "no person" or
 *        "person, face not readable"; "" when the stage is off or the image was not both perceived and
 *        detected
 * @param objects object stage: the COCO classes detected in the image other than "person", each once,
 *        sorted (empty when the stage is off or found none)
 */
public record ImageRow(String promptId, String listId, String occupationId, String occupation, String prompt,
        int sampleIndex, long seed, String status, String sha256, String model, String error, String outcome,
        List<Face> faces, String truth, double declaredShareWomen, int people, String person,
        List<String> objects) {
    public ImageRow {
        faces = List.copyOf(faces);
        person = person == null ? "" : person;
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /**
     * A face as stored in the perception record.
     *
     * @param x box left, pixels
     * @param y box top
     * @param w box width
     * @param h box height
     * @param pWoman probability of "woman"
     * @param gender label under the policy
     * @param itaCategory ITA category label ("" when no skin estimate)
     * @param monkTone Monk tone 1..10 (0 when none)
     * @param skinReliable whether the skin estimate has no quality flag
     */
    public record Face(double x, double y, double w, double h, double pWoman, String gender, String itaCategory,
            int monkTone, boolean skinReliable) {}
}
