package org.biaslab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Validates a produced results.json against docs/schemas/&lt;kind&gt;.schema.json. */
public final class ResultsSchemas {
    private ResultsSchemas() {}

    /** The document's kind, after checking that it validates against its kind's schema. */
    public static String assertValid(Path resultsJson) throws IOException {
        JsonNode doc = Json.mapper().readTree(resultsJson.toFile());
        assertEquals(1, doc.path("schemaVersion").asInt(-1), resultsJson + ": schemaVersion");
        String kind = doc.path("kind").asText("");
        Path schemaFile = root().resolve("docs/schemas").resolve(kind + ".schema.json");
        assertTrue(Files.isRegularFile(schemaFile), resultsJson + ": no schema for kind '" + kind + "' at " + schemaFile);
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(schemaFile)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(doc);
        assertTrue(errors.isEmpty(), resultsJson + " does not match " + schemaFile + ": " + errors);
        return kind;
    }

    static Path root() {
        return TestPaths.root();
    }
}
