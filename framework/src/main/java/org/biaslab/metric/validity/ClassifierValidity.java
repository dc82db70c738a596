package org.biaslab.metric.validity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.biaslab.util.Json;

/**
 * A classifier's measured validity, saved so that later metrics (the audit's {@link
 * PrevalenceCorrection}, reports) can use it: which classifier (id and the SHA-256 of each model
 * file), on which labelled data set, the confusion counts with abstentions kept apart, and who
 * made it. Only counts are stored; every rate is recomputed from them.
 *
 * <p>File format (JSON, UTF-8, written with sorted keys and fixed indentation so that equal
 * records give equal bytes):
 * <pre>{@code
 * {
 *   "abstentionKinds" : [ "uncertain", "no face" ],
 *   "classifier" : { "id" : "...", "modelFiles" : { "model.pt" : "<64 hex digits>" } },
 *   "confusion" : { "man" : { "man" : 90, "no face" : 1, "uncertain" : 3, "woman" : 6 }, "woman" : { ... } },
 *   "createdBy" : "biaslab 0.1.0 validate ...",
 *   "dataset" : "utkface-aligned-cropped",
 *   "format" : "biaslab-classifier-validity",
 *   "labels" : [ "man", "woman" ],
 *   "version" : 1
 * }
 * }</pre>
 * {@code confusion.T.O} counts the items of true label T whose output was O (a label or an
 * abstention kind); every cell is present, zeros included. {@code labels} and
 * {@code abstentionKinds} keep the order. No time stamp is stored, so the bytes depend only on the
 * content.
 *
 * @param classifierId registered name of the classifier, with its settings if they matter
 * @param modelFiles model file name to lower-case hex SHA-256 (may be empty for a rule without files)
 * @param dataset name of the labelled data set
 * @param createdBy what made the record (program, version, command)
 * @param matrix the confusion counts
 */
public record ClassifierValidity(String classifierId, SortedMap<String, String> modelFiles, String dataset,
        String createdBy, ConfusionMatrix matrix) {
    /** The {@code format} field's value. */
    public static final String FORMAT = "biaslab-classifier-validity";
    /** The {@code version} this code writes and reads. */
    public static final int VERSION = 1;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> FIELDS = Set.of("abstentionKinds", "classifier", "confusion", "createdBy",
            "dataset", "format", "labels", "version");

    public ClassifierValidity {
        classifierId = nonBlank(classifierId, "classifierId");
        dataset = nonBlank(dataset, "dataset");
        createdBy = nonBlank(createdBy, "createdBy");
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(modelFiles, "modelFiles");
        TreeMap<String, String> files = new TreeMap<>();
        for (Map.Entry<String, String> e : modelFiles.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new IllegalArgumentException("modelFiles: file name must be non-blank, got '" + e.getKey() + "'");
            }
            if (e.getValue() == null || !SHA256.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException("modelFiles['" + e.getKey()
                        + "'] must be a lower-case hex SHA-256 (64 digits), got '" + e.getValue() + "'");
            }
            files.put(e.getKey(), e.getValue());
        }
        modelFiles = Collections.unmodifiableSortedMap(files);
    }

    private static String nonBlank(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(field + " must be non-blank, got '" + s + "'");
        }
        return s;
    }

    /** The JSON text of this record (sorted keys, trailing newline). */
    public String toJson() {
        Map<String, Object> root = new TreeMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("labels", matrix.labels());
        root.put("abstentionKinds", matrix.abstentionKinds());
        Map<String, Object> classifier = new TreeMap<>();
        classifier.put("id", classifierId);
        classifier.put("modelFiles", modelFiles);
        root.put("classifier", classifier);
        root.put("dataset", dataset);
        root.put("createdBy", createdBy);
        Map<String, Map<String, Long>> confusion = new TreeMap<>();
        for (String t : matrix.labels()) {
            Map<String, Long> row = new TreeMap<>();
            for (String o : matrix.labels()) {
                row.put(o, matrix.count(t, o));
            }
            for (String a : matrix.abstentionKinds()) {
                row.put(a, matrix.count(t, a));
            }
            confusion.put(t, row);
        }
        root.put("confusion", confusion);
        return Json.pretty(root);
    }

    /** Writes the record atomically to {@code file}. */
    public void write(Path file) throws IOException {
        org.biaslab.util.AtomicFiles.writeString(file, toJson());
    }

    /**
     * Reads a record, checking every field.
     *
     * @throws ValidityFormatException naming the file, the field and the bad value
     * @throws NoSuchFileException when the file does not exist
     */
    public static ClassifierValidity read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ValidityFormatException(file, "not UTF-8 text", e);
        }
        return parse(file, text);
    }

    /** Parses JSON text; {@code file} only names the source in errors. */
    public static ClassifierValidity parse(Path file, String text) throws ValidityFormatException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ValidityFormatException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ValidityFormatException(file, "expected a JSON object at the top level");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw new ValidityFormatException(file, "unknown field '" + name + "' (fields are "
                        + new TreeSet<>(FIELDS) + ")");
            }
        }
        String format = text(file, root, "format");
        if (!FORMAT.equals(format)) {
            throw new ValidityFormatException(file, "field 'format' must be '" + FORMAT + "', got '" + format + "'");
        }
        JsonNode version = required(file, root, "version");
        if (!version.isIntegralNumber() || version.asLong() != VERSION) {
            throw new ValidityFormatException(file, "field 'version' must be " + VERSION + ", got " + version);
        }
        List<String> labels = strings(file, root, "labels");
        List<String> kinds = strings(file, root, "abstentionKinds");
        JsonNode classifier = required(file, root, "classifier");
        if (!classifier.isObject()) {
            throw new ValidityFormatException(file, "field 'classifier' must be an object, got " + classifier);
        }
        for (Iterator<String> it = classifier.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("id") && !name.equals("modelFiles")) {
                throw new ValidityFormatException(file, "unknown field 'classifier." + name + "' (fields are [id, modelFiles])");
            }
        }
        String id = text(file, classifier, "classifier.id");
        JsonNode files = required(file, classifier, "classifier.modelFiles");
        if (!files.isObject()) {
            throw new ValidityFormatException(file, "field 'classifier.modelFiles' must be an object of file name to "
                    + "SHA-256, got " + files);
        }
        TreeMap<String, String> modelFiles = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "classifier.modelFiles." + e.getKey();
            if (!e.getValue().isTextual() || !SHA256.matcher(e.getValue().asText()).matches()) {
                throw new ValidityFormatException(file, "field '" + field
                        + "' must be a lower-case hex SHA-256 (64 digits), got " + e.getValue());
            }
            modelFiles.put(e.getKey(), e.getValue().asText());
        }
        String dataset = text(file, root, "dataset");
        String createdBy = text(file, root, "createdBy");
        JsonNode confusion = required(file, root, "confusion");
        if (!confusion.isObject()) {
            throw new ValidityFormatException(file, "field 'confusion' must be an object of true label to counts, got "
                    + shorten(confusion));
        }
        for (Iterator<String> it = confusion.fieldNames(); it.hasNext(); ) {
            String t = it.next();
            if (!labels.contains(t)) {
                throw new ValidityFormatException(file, "field 'confusion." + t + "': '" + t + "' is not one of the labels "
                        + labels);
            }
        }
        List<String> outputs = new ArrayList<>(labels);
        outputs.addAll(kinds);
        long[][] counts = new long[labels.size()][labels.size()];
        long[][] abstained = new long[labels.size()][kinds.size()];
        for (int t = 0; t < labels.size(); t++) {
            String rowField = "confusion." + labels.get(t);
            JsonNode row = confusion.get(labels.get(t));
            if (row == null) {
                throw new ValidityFormatException(file, "field '" + rowField + "' is missing (every label needs a row)");
            }
            if (!row.isObject()) {
                throw new ValidityFormatException(file, "field '" + rowField + "' must be an object of output to count, got "
                        + shorten(row));
            }
            for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
                String o = it.next();
                if (!outputs.contains(o)) {
                    throw new ValidityFormatException(file, "field '" + rowField + "." + o + "': '" + o
                            + "' is neither a label " + labels + " nor an abstention kind " + kinds);
                }
            }
            for (int j = 0; j < outputs.size(); j++) {
                String field = rowField + "." + outputs.get(j);
                JsonNode c = row.get(outputs.get(j));
                if (c == null) {
                    throw new ValidityFormatException(file, "field '" + field + "' is missing (every cell is stored, "
                            + "zeros included)");
                }
                if (!c.isIntegralNumber() || !c.canConvertToLong() || c.asLong() < 0) {
                    throw new ValidityFormatException(file, "field '" + field + "' must be a count (integer >= 0), got "
                            + c);
                }
                if (j < labels.size()) {
                    counts[t][j] = c.asLong();
                } else {
                    abstained[t][j - labels.size()] = c.asLong();
                }
            }
        }
        try {
            return new ClassifierValidity(id, modelFiles, dataset, createdBy,
                    ConfusionMatrix.of(labels, kinds, counts, abstained));
        } catch (IllegalArgumentException e) {
            throw new ValidityFormatException(file, e.getMessage(), e);
        }
    }

    private static JsonNode required(Path file, JsonNode parent, String field) throws ValidityFormatException {
        String leaf = field.substring(field.lastIndexOf('.') + 1);
        JsonNode n = parent.get(leaf);
        if (n == null || n.isNull()) {
            throw new ValidityFormatException(file, "field '" + field + "' is missing");
        }
        return n;
    }

    private static String text(Path file, JsonNode parent, String field) throws ValidityFormatException {
        JsonNode n = required(file, parent, field);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new ValidityFormatException(file, "field '" + field + "' must be a non-blank string, got " + shorten(n));
        }
        return n.asText();
    }

    private static List<String> strings(Path file, JsonNode parent, String field) throws ValidityFormatException {
        JsonNode n = required(file, parent, field);
        if (!n.isArray()) {
            throw new ValidityFormatException(file, "field '" + field + "' must be an array of strings, got " + shorten(n));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isTextual() || e.asText().isBlank()) {
                throw new ValidityFormatException(file, "field '" + field + "[" + i + "]' must be a non-blank string, got "
                        + shorten(e));
            }
            out.add(e.asText());
        }
        return out;
    }

    private static String shorten(JsonNode n) {
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
