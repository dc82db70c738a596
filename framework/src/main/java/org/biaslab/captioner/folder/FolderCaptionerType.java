package org.biaslab.captioner.folder;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.CaptionerConfig;
import org.biaslab.captioner.CaptionerType;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.GenerationException;
import org.biaslab.spec.SpecMap;
import org.biaslab.util.CsvRows;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;

/**
 * Reads a {@code folder} captioner section: captions made elsewhere.
 *
 * <pre>
 * captioner:
 *   type: folder
 *   column: caption            # a column of the folder generator's manifest, or:
 *   file: captions.jsonl       # .jsonl ({"file": ..., "caption": ...} per line) or .csv with a header
 *   key: file                  # file (the manifest's file name) or sha256 (the image's SHA-256)
 *   model: blip2-opt-2.7b      # optional: which model wrote them, for the report
 * </pre>
 *
 * <p>A caption file is read when the captioner opens: a duplicate key or an empty caption is an
 * error naming the file and line. An image with no caption fails that image's caption (named in
 * {@code captions.csv}), not the run.
 */
public final class FolderCaptionerType implements CaptionerType {
    public static final String ID = "folder";
    public static final List<String> KEYS = List.of("file", "sha256");
    /** The largest caption file read (a caption per image of a large sweep is far smaller). */
    static final long MAX_FILE_BYTES = 64L << 20;

    /**
     * @param column the manifest column (empty when a file is given)
     * @param file the caption file (empty when a column is given)
     * @param key what identifies an image in the file: {@code file} or {@code sha256}
     * @param model the model that wrote the captions ("" when not declared)
     * @param id the captioner's id: the file's SHA-256 (hashed once, when the spec is read) and key, or the column
     */
    public record Config(String column, Optional<Path> file, String key, String model, String id)
            implements CaptionerConfig {
        @Override
        public String type() {
            return ID;
        }

        /** The id of a caption file's captions (its content's hash, so an edited file captions again) or a column's. */
        static String id(String column, Optional<Path> file, String key) {
            if (file.isEmpty()) {
                return ID + "/column=" + column;
            }
            try {
                return ID + "/file=" + Hashing.sha256(file.get()).substring(0, 12) + "/key=" + key;
            } catch (IOException e) {
                return ID + "/file=" + file.get().getFileName() + "/key=" + key;
            }
        }

        @Override
        public List<Path> inputs() {
            return file.map(List::of).orElse(List.of());
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", ID);
            if (file.isPresent()) {
                m.put("file", file.get().toString());
                m.put("key", key);
            } else {
                m.put("column", column);
            }
            m.put("model", model);
            return m;
        }

        @Override
        public Captioner open() throws GenerationException {
            if (file.isEmpty()) {
                return r -> fromColumn(r);
            }
            Map<String, String> captions = read(file.get(), key);
            return r -> fromFile(r, captions);
        }

        private GeneratedCaption fromColumn(CaptionRequest r) throws GenerationException {
            JsonNode info = info(r);
            JsonNode attrs = info.path("attributes");
            if (!attrs.has(column)) {
                throw new GenerationException(GenerationException.Kind.CONFIGURATION, null, "folder captioner: the "
                        + "manifest row of " + r.label() + " has no column '" + column + "' (is the generator a folder?)");
            }
            return made(r, attrs.path(column).asText(""), "manifest column '" + column + "'");
        }

        private GeneratedCaption fromFile(CaptionRequest r, Map<String, String> captions) throws GenerationException {
            String k = key.equals("sha256") ? r.imageSha256() : info(r).path("file").asText("");
            if (k.isEmpty()) {
                throw new GenerationException(GenerationException.Kind.CONFIGURATION, null, "folder captioner: "
                        + r.label() + " has no file name (key: file needs the folder generator; use key: sha256)");
            }
            String c = captions.get(k);
            if (c == null) {
                throw new GenerationException(GenerationException.Kind.CONFIGURATION, null, "folder captioner: "
                        + file.get() + " has no caption for " + key + " '" + k + "'");
            }
            return made(r, c, file.get().getFileName() + " (" + key + " " + k + ")");
        }

        private GeneratedCaption made(CaptionRequest r, String text, String where) throws GenerationException {
            if (text.isBlank()) {
                throw new GenerationException(GenerationException.Kind.EMPTY_CAPTION, null, "folder captioner: empty caption "
                        + "for " + r.label() + " in " + where);
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("source", where);
            return new GeneratedCaption(text.strip(), model.isEmpty() ? "(not declared)" : model, "", Duration.ZERO, 1,
                    Json.mapper().valueToTree(info).toString());
        }

        private static JsonNode info(CaptionRequest r) {
            try {
                return Json.mapper().readTree(r.serverInfo());
            } catch (IOException e) {
                return Json.mapper().createObjectNode();
            }
        }
    }

    /** Reads a caption file into key to caption; every problem names the file and line. */
    static Map<String, String> read(Path file, String key) throws GenerationException {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw bad(file, 0, "is " + size + " bytes, more than the " + MAX_FILE_BYTES + " read");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad(file, 0, "is not UTF-8 text");
        } catch (IOException e) {
            throw bad(file, 0, "cannot be read: " + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            List<CsvRows.Row> rows;
            try {
                rows = CsvRows.parse(text);
            } catch (IllegalArgumentException e) {
                throw bad(file, 0, e.getMessage());
            }
            if (rows.isEmpty()) {
                throw bad(file, 0, "is empty");
            }
            List<String> header = rows.get(0).fields().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
            int k = header.indexOf(key);
            int c = header.indexOf("caption");
            if (k < 0 || c < 0) {
                throw bad(file, 1, "the header must have columns '" + key + "' and 'caption', has " + header);
            }
            for (CsvRows.Row row : rows.subList(1, rows.size())) {
                if (row.fields().size() != header.size()) {
                    throw bad(file, row.line(), "has " + row.fields().size() + " fields, the header " + header.size());
                }
                put(out, lines, file, row.line(), row.fields().get(k).strip(), row.fields().get(c));
            }
        } else if (name.endsWith(".jsonl")) {
            String[] ls = text.split("\n", -1);
            for (int i = 0; i < ls.length; i++) {
                if (ls[i].isBlank()) continue;
                JsonNode n;
                try {
                    n = Json.mapper().readTree(ls[i]);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw bad(file, i + 1, "is not JSON: " + e.getOriginalMessage());
                }
                if (n == null || !n.isObject() || !n.path(key).isTextual() || !n.path("caption").isTextual()) {
                    throw bad(file, i + 1, "must be an object with string fields '" + key + "' and 'caption'");
                }
                put(out, lines, file, i + 1, n.get(key).asText().strip(), n.get("caption").asText());
            }
        } else {
            throw bad(file, 0, "must end in .jsonl or .csv");
        }
        if (out.isEmpty()) {
            throw bad(file, 0, "holds no captions");
        }
        return out;
    }

    private static void put(Map<String, String> out, Map<String, Integer> lines, Path file, int line, String k,
            String caption) throws GenerationException {
        if (k.isEmpty()) {
            throw bad(file, line, "has an empty key");
        }
        Integer first = lines.putIfAbsent(k, line);
        if (first != null) {
            throw bad(file, line, "repeats key '" + k + "' of line " + first);
        }
        if (caption.isBlank()) {
            throw bad(file, line, "has an empty caption for '" + k + "'");
        }
        out.put(k, caption);
    }

    private static GenerationException bad(Path file, int line, String problem) {
        return new GenerationException(GenerationException.Kind.CONFIGURATION, null, file + (line > 0 ? ":" + line : "")
                + ": " + problem);
    }

    @Override
    public CaptionerConfig read(SpecMap m, long experimentSeed) {
        boolean hasColumn = m.has("column");
        boolean hasFile = m.has("file");
        if (hasColumn == hasFile) {
            m.problem("give exactly one of 'column' (a manifest column) and 'file' (a caption file)");
        }
        String column = hasColumn ? m.string("column") : "";
        Optional<Path> file = hasFile ? Optional.ofNullable(m.file("file")) : Optional.empty();
        String key = m.choice("key", KEYS, "file");
        if (hasColumn && m.has("key")) {
            m.problem("key", "key is for a caption file; a manifest column needs none");
        }
        String model = m.string("model", "");
        if (file.isPresent()) {
            String n = file.get().getFileName().toString().toLowerCase(Locale.ROOT);
            if (!n.endsWith(".jsonl") && !n.endsWith(".csv")) {
                m.problem("file", "'" + file.get().getFileName() + "' must end in .jsonl or .csv");
            }
        }
        if (hasColumn == hasFile || column == null || (hasFile && file.isEmpty()) || key == null) {
            return null;
        }
        String c = column.toLowerCase(Locale.ROOT);
        return new Config(c, file, key, model, Config.id(c, file, key));
    }
}
