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
}
