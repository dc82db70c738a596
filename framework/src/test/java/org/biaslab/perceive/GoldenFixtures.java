package org.biaslab.perceive;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.biaslab.util.Json;

/** The golden tests' fixtures: JSON written by the reference scripts under tools/, kept as test resources. */
public final class GoldenFixtures {
    private GoldenFixtures() {}

    /** The JSON resource {@code name} beside {@code near} (same package). */
    public static JsonNode read(Class<?> near, String name) throws IOException {
        try (InputStream in = near.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " beside " + near.getName() + " is missing");
            }
            return Json.mapper().readTree(in);
        }
    }

    /** The fixture's {@code files}: the model files the reference read, by path, with their SHA-256. */
    public static Map<String, String> files(JsonNode fixture) {
        Map<String, String> files = new LinkedHashMap<>();
        fixture.get("files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
        return files;
    }
}
