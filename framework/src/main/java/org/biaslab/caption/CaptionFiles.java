package org.biaslab.caption;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.Unpickler;
import org.biaslab.util.Json;

/**
 * Readers for the caption, label and vocabulary files of caption-bias studies. Every reader checks
 * the shape of what it reads and names the file, the item and the field when something is off.
 */
public final class CaptionFiles {
    /** Registered model-caption formats (names used in YAML {@code format:}). */
    public static final Map<String, String> FORMATS = Map.of(
            "lic-pickle", "Python pickle of the LIC release: list of dicts with img_id and pred",
            "coco-json", "COCO results JSON: [{\"image_id\": .., \"caption\": ..}, ...]",
            "jsonl", "one JSON object per line with image_id (or img_id) and caption (or pred)");

    private CaptionFiles() {}

    /** Reads model captions in a registered format. Duplicate image ids are an error. */
    public static List<ModelCaption> readModelCaptions(Path file, String format) throws IOException {
        List<ModelCaption> out = switch (format) {
            case "lic-pickle" -> readLicPickle(file);
            case "coco-json" -> readCocoJson(file);
            case "jsonl" -> readJsonl(file);
            default -> throw new IllegalArgumentException("unknown caption format '" + format + "'; known: " + FORMATS.keySet());
        };
        if (out.isEmpty()) {
            throw new CaptionFormatException(file, "holds no captions");
        }
        Set<Long> seen = new HashSet<>();
        for (ModelCaption c : out) {
            if (!seen.add(c.imageId())) {
                throw new CaptionFormatException(file, "image id " + c.imageId() + " has more than one caption");
            }
        }
        return out;
    }

    /** The LIC release's {@code *_cap_*entries.pkl}: a list of dicts with {@code img_id} and {@code pred}. */
    public static List<ModelCaption> readLicPickle(Path file) throws IOException {
        Object obj = unpickle(file);
        if (!(obj instanceof List<?> list)) {
            throw new CaptionFormatException(file, "expected a pickled list of caption entries, found "
                    + typeName(obj));
        }
        List<ModelCaption> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new CaptionFormatException(file, "entry " + i + " is " + typeName(list.get(i))
                        + ", expected a dict with img_id and pred");
            }
            Object id = m.get("img_id");
            Object pred = m.get("pred");
            if (!(id instanceof Number n)) {
                throw new CaptionFormatException(file, "entry " + i + ": field img_id is " + typeName(id)
                        + ", expected an integer");
            }
            if (!(pred instanceof String s)) {
                throw new CaptionFormatException(file, "entry " + i + " (img_id " + id + "): field pred is "
                        + typeName(pred) + ", expected a caption string");
            }
            out.add(new ModelCaption(n.longValue(), s));
        }
        return out;
    }

    /** A pickled list of vocabulary tokens (the LIC release's {@code model_vocab/*_vocab.pkl}). */
    public static List<String> readVocabPickle(Path file) throws IOException {
        Object obj = unpickle(file);
        if (!(obj instanceof List<?> list) || list.isEmpty()) {
            throw new CaptionFormatException(file, "expected a pickled non-empty list of vocabulary tokens, found "
                    + typeName(obj));
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new CaptionFormatException(file, "vocabulary entry " + i + " is " + typeName(list.get(i))
                        + ", expected a token string");
            }
            out.add(s);
        }
        return out;
    }

    public static List<ModelCaption> readCocoJson(Path file) throws IOException {
        JsonNode root = readJson(file);
        if (!root.isArray()) {
            throw new CaptionFormatException(file, "expected a JSON array of {\"image_id\", \"caption\"} objects");
        }
        List<ModelCaption> out = new ArrayList<>(root.size());
        int i = 0;
        for (JsonNode n : root) {
            out.add(caption(file, "item " + i++, n));
        }
        return out;
    }

    public static List<ModelCaption> readJsonl(Path file) throws IOException {
        List<ModelCaption> out = new ArrayList<>();
        try (BufferedReader r = open(file)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                out.add(caption(file, "line " + no, parseLine(file, no, line)));
            }
        }
        return out;
    }

    /**
     * The annotated evaluation sets ({@code coco_val2014_gender_set_10780.jsonl}, race set): one
     * object per line with {@code img_id}, {@code gender} or {@code bb_gender}, {@code bb_skin} and
     * {@code human_captions}.
     */
    public static List<LabelledImage> readLabelledImages(Path file) throws IOException {
        List<LabelledImage> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        try (BufferedReader r = open(file)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                LabelledImage img = labelledImageFast(line);
                if (img == null) {
                    img = labelledImageTree(file, no, line);
                }
                if (!seen.add(img.imageId())) {
                    throw new CaptionFormatException(file, "line " + no + ": img_id " + img.imageId() + " appears twice");
                }
                out.add(img);
            }
        }
        if (out.isEmpty()) {
            throw new CaptionFormatException(file, "holds no labelled images");
        }
        return out;
    }

    /** One line of a labelled-images file read as a tree: the image, or an error naming what is wrong. */
    private static LabelledImage labelledImageTree(Path file, int no, String line) throws IOException {
        JsonNode n = parseLine(file, no, line);
        JsonNode id = n.get("img_id");
        if (id == null || !id.canConvertToLong()) {
            throw new CaptionFormatException(file, "line " + no + ": missing integer field img_id");
        }
        JsonNode caps = n.get("human_captions");
        if (caps == null || !caps.isArray() || caps.isEmpty()) {
            throw new CaptionFormatException(file, "line " + no + " (img_id " + id.asLong()
                    + "): missing or empty list human_captions");
        }
        List<String> captions = new ArrayList<>();
        for (JsonNode c : caps) {
            if (!c.isTextual()) {
                throw new CaptionFormatException(file, "line " + no + ": human_captions holds a non-string " + c);
            }
            captions.add(c.asText());
        }
        String gender = n.hasNonNull("gender") ? n.get("gender").asText() : n.path("bb_gender").asText("");
        String skin = n.path("bb_skin").asText("");
        return new LabelledImage(id.asLong(), gender, skin, captions);
    }

    /**
     * One line of a labelled-images file read with the streaming parser, or null when the line is not
     * the common, well-formed case (an object with an integer {@code img_id}, a non-empty list of
     * string {@code human_captions}, string or absent {@code gender}, {@code bb_gender} and
     * {@code bb_skin}, each at most once, anything else skipped): the caller then reads it as a tree,
     * which gives the same image or names what is wrong. Without building a tree per line (10,780
     * lines per set), less to allocate and less for the JIT to compile in a run.
     */
    private static LabelledImage labelledImageFast(String line) {
        try (JsonParser p = Json.mapper().getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Long id = null;
            List<String> captions = null;
            String gender = null;
            String bbGender = null;
            String skin = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "img_id" -> {
                        if (id != null || t != JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        id = p.getLongValue();
                    }
                    case "human_captions" -> {
                        if (captions != null || t != JsonToken.START_ARRAY) {
                            return null;
                        }
                        captions = new ArrayList<>(5);
                        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
                            captions.add(p.getText());
                        }
                        if (t != JsonToken.END_ARRAY || captions.isEmpty()) {
                            return null;
                        }
                    }
                    case "gender" -> {
                        if (gender != null || t != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        gender = p.getText();
                    }
                    case "bb_gender" -> {
                        if (bbGender != null || t != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        bbGender = p.getText();
                    }
                    case "bb_skin" -> {
                        if (skin != null || t != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        skin = p.getText();
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || id == null || captions == null) {
                return null;
            }
            return new LabelledImage(id, gender != null ? gender : bbGender != null ? bbGender : "",
                    skin != null ? skin : "", captions);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code {"image_id": [captions...]}}: the COCO human captions of all val2014 images. */
    public static Map<Long, List<String>> readCaptionsById(Path file) throws IOException {
        JsonNode root = readJson(file);
        if (!root.isObject()) {
            throw new CaptionFormatException(file, "expected a JSON object {image_id: [captions...]}");
        }
        Map<Long, List<String>> out = new LinkedHashMap<>();
        var it = root.fields();
        while (it.hasNext()) {
            var e = it.next();
            long id;
            try {
                id = Long.parseLong(e.getKey());
            } catch (NumberFormatException ex) {
                throw new CaptionFormatException(file, "key '" + e.getKey() + "' is not an image id");
            }
            if (!e.getValue().isArray()) {
                throw new CaptionFormatException(file, "image " + id + ": expected a list of captions");
            }
            List<String> caps = new ArrayList<>();
            e.getValue().forEach(c -> caps.add(c.asText()));
            out.put(id, caps);
        }
        return out;
    }

    private static ModelCaption caption(Path file, String where, JsonNode n) throws CaptionFormatException {
        JsonNode id = n.has("image_id") ? n.get("image_id") : n.get("img_id");
        JsonNode cap = n.has("caption") ? n.get("caption") : n.get("pred");
        if (id == null || !id.canConvertToLong() || !(id.isIntegralNumber() || id.asText().matches("\\d+"))) {
            throw new CaptionFormatException(file, where + ": missing integer image_id, found " + n);
        }
        if (cap == null || !cap.isTextual()) {
            throw new CaptionFormatException(file, where + " (image_id " + id.asText() + "): missing string caption");
        }
        return new ModelCaption(id.asLong(), cap.asText());
    }

    private static JsonNode parseLine(Path file, int no, String line) throws CaptionFormatException {
        try {
            JsonNode n = Json.mapper().readTree(line);
            if (n == null || !n.isObject()) {
                throw new CaptionFormatException(file, "line " + no + ": expected a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new CaptionFormatException(file, "line " + no + ": malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Json.mapper().readTree(in);
        } catch (NoSuchFileException e) {
            throw new CaptionFormatException(file, "file not found");
        } catch (JsonProcessingException e) {
            throw new CaptionFormatException(file, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CaptionFormatException(file, "file not found");
        }
    }

    /** Pickles up to this size are read into memory and tried with {@link PlainPickle} first. */
    private static final long PLAIN_PICKLE_MAX_BYTES = 256L << 20;

    /**
     * A pickle's object: plain data (the LIC files) by {@link PlainPickle}, anything else, and any
     * pickle it does not take, by the general unpickler, which also says what is wrong with a bad one.
     */
    private static Object unpickle(Path file) throws IOException {
        try {
            byte[] bytes = null;
            if (Files.isRegularFile(file) && Files.size(file) <= PLAIN_PICKLE_MAX_BYTES) {
                bytes = Files.readAllBytes(file);
                try {
                    return PlainPickle.load(bytes);
                } catch (PlainPickle.Unsupported e) {
                    // not plain data, or malformed: the general unpickler reads it or says what is wrong
                }
            }
            // buffered: the unpickler reads byte by byte, and each read of a bare file stream is a system call
            try (InputStream in = bytes != null ? new java.io.ByteArrayInputStream(bytes)
                    : new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                return new Unpickler().load(in);
            }
        } catch (NoSuchFileException e) {
            throw new CaptionFormatException(file, "file not found");
        } catch (IOException | RuntimeException e) {
            throw new CaptionFormatException(file, "not a readable Python pickle: " + e.getMessage(), e);
        }
    }

    private static String typeName(Object o) {
        if (o == null) {
            return "missing (None)";
        }
        if (o instanceof List<?>) {
            return "a list";
        }
        if (o instanceof Map<?, ?>) {
            return "a dict";
        }
        if (o instanceof String s) {
            return "the string '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        return "a " + o.getClass().getSimpleName();
    }
}
