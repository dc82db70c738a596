package org.biaslab.util;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A {@code results.json} document: it starts with its schema version and its kind, so that tools
 * (report, compare, gate, a user's script) know what they read. The JSON Schema of each kind is
 * {@code docs/schemas/<kind>.schema.json}. Both fields are written, and ignored when a document is
 * read back into its record (the reader checks them first).
 */
@JsonPropertyOrder({"schemaVersion", "kind"})
@JsonIgnoreProperties(value = {"schemaVersion", "kind"}, allowGetters = true)
public interface VersionedResults {
    /** The file every run, comparison and validation writes its results to. */
    String FILE = "results.json";

    /** The first version of every kind's results schema. */
    int FIRST_VERSION = 1;

    /**
     * The version of this kind's results schema: {@value #FIRST_VERSION} until a field of the kind
     * changes meaning or is removed, when the kind overrides this.
     */
    @JsonProperty("schemaVersion")
    default int schemaVersion() {
        return FIRST_VERSION;
    }

    /** The experiment kind (or command) that wrote the document. */
    @JsonProperty("kind")
    String kind();

    /**
     * Writes {@code results} to {@code dir}/{@value #FILE} atomically, as pretty JSON with sorted keys
     * (the one results writer: equal results give equal bytes).
     */
    static java.nio.file.Path write(java.nio.file.Path dir, VersionedResults results) throws java.io.IOException {
        java.nio.file.Path file = dir.resolve(FILE);
        Json.write(file, results);
        return file;
    }

    /** Reads {@code dir}/{@value #FILE} into {@code type}; a missing file is an error naming it. */
    static <T extends VersionedResults> T read(java.nio.file.Path dir, Class<T> type) throws java.io.IOException {
        java.nio.file.Path file = dir.resolve(FILE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new java.io.IOException(dir + " holds no " + FILE);
        }
        return Json.mapper().readValue(file.toFile(), type);
    }
}
