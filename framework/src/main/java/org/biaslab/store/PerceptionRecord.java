package org.biaslab.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import org.biaslab.util.Json;

/**
 * What a perception pipeline found in one image: one JSON object per detected face (box, perceived
 * gender scores, estimated skin tone, ... as the pipeline reports them), or the error that stopped
 * it.
 *
 * @param imageSha256 the image
 * @param perceiver the pipeline's id (e.g. {@code scrfd+faceapi-gender+ita}); one record per image
 *     and perceiver
 * @param faces a JSON array of objects, one per face ({@code []} when no face was found); empty for
 *     failures
 * @param error what went wrong; present exactly when {@code faces} is empty
 */
public record PerceptionRecord(String imageSha256, String perceiver, Optional<String> faces, Optional<String> error) {
    public PerceptionRecord {
        GenerationRecord.requireSha(imageSha256);
        if (perceiver == null || perceiver.isBlank() || perceiver.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("perceiver must be a non-blank name, was " + perceiver);
        }
        Objects.requireNonNull(faces, "faces");
        Objects.requireNonNull(error, "error");
        if (faces.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("exactly one of faces and error must be given for image "
                    + imageSha256.substring(0, 12) + " (" + perceiver + ")");
        }
        if (faces.isPresent()) {
            JsonNode n;
            try {
                n = Json.mapper().readTree(faces.get());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("faces is not JSON: " + GenerationRecord.abbreviate(faces.get()));
            }
            if (n == null || !n.isArray()) {
                throw new IllegalArgumentException("faces must be a JSON array, was "
                        + GenerationRecord.abbreviate(faces.get()));
            }
            for (JsonNode f : n) {
                if (!f.isObject()) {
                    throw new IllegalArgumentException("each face must be a JSON object, found " + f);
                }
            }
        }
        if (error.isPresent() && error.get().isBlank()) {
            throw new IllegalArgumentException("error must not be blank");
        }
    }

    public static PerceptionRecord ok(String imageSha256, String perceiver, String facesJson) {
        return new PerceptionRecord(imageSha256, perceiver, Optional.of(facesJson), Optional.empty());
    }

    public static PerceptionRecord failed(String imageSha256, String perceiver, String error) {
        return new PerceptionRecord(imageSha256, perceiver, Optional.empty(), Optional.of(error));
    }

    /** Faces found; empty for a failure. */
    public Optional<Integer> faceCount() {
        return faces.map(f -> {
            try {
                return Json.mapper().readTree(f).size();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("validated JSON no longer parses", e);
            }
        });
    }
}
