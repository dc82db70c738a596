package org.biaslab.generate.folder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.biaslab.generate.ImageFormat;
import org.biaslab.generate.ImageInspection;
import org.biaslab.spec.SpecProblem;
import org.biaslab.util.CsvRows;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;

/**
 * An image manifest (CSV or JSON Lines, chosen by the extension {@code .csv} or {@code .jsonl}),
 * read and checked completely; see the package doc for the columns.
 */
public final class ImageManifest {
    static final Set<String> REQUIRED = Set.of("file", "prompt", "occupation", "seed");
    static final Set<String> OPTIONAL = Set.of("template", "sample_index", "model");

    private final Path file;
    private final List<ManifestEntry> entries;
    private final Map<String, ManifestEntry> byPromptAndSample;

    private ImageManifest(Path file, List<ManifestEntry> entries) {
        this.file = file;
        this.entries = List.copyOf(entries);
        Map<String, ManifestEntry> m = new HashMap<>();
        for (ManifestEntry e : entries) {
            m.put(key(e.prompt(), e.sampleIndex()), e);
        }
        this.byPromptAndSample = Collections.unmodifiableMap(m);
    }

    /** The manifest file. */
    public Path file() {
        return file;
    }

    /** Rows in file order. */
    public List<ManifestEntry> entries() {
        return entries;
    }

    /** The row for a prompt text and sample index. */
    public Optional<ManifestEntry> find(String prompt, int sampleIndex) {
        return Optional.ofNullable(byPromptAndSample.get(key(prompt, sampleIndex)));
    }

    /**
     * Reads and checks {@code file}.
     *
     * @throws ManifestException with every problem (file, line, field) when any row is bad
     * @throws IOException when the manifest itself cannot be read
     */
    public static ImageManifest read(Path file) throws IOException, ManifestException {
        return read(file, Map.of(), null);
    }

    /**
     * Reads and checks {@code file} whose columns have other names.
     *
     * @param columns standard column name ({@code file}, {@code prompt}, {@code occupation},
     *     {@code seed}, ...) to the manifest's own column name; {@code seed} mapped to {@code none}
     *     means the manifest has no seed column (every seed unknown)
     * @param imageDir folder the {@code file} column is relative to; null for the manifest's folder
     */
    public static ImageManifest read(Path file, Map<String, String> columns, Path imageDir)
            throws IOException, ManifestException {
        return read(file, columns, imageDir, false);
    }

    /**
     * As {@link #read(Path, Map, Path)}; {@code allowOutside} lets rows name files outside the image
     * folder (absolute paths, {@code ../}, links that resolve elsewhere), which are refused otherwise.
     */
    public static ImageManifest read(Path file, Map<String, String> columns, Path imageDir, boolean allowOutside)
            throws IOException, ManifestException {
        Path manifest = file.toAbsolutePath().normalize();
        String name = manifest.getFileName().toString().toLowerCase(Locale.ROOT);
        List<SpecProblem> problems = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(manifest)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ManifestException(List.of(new SpecProblem(manifest, 0, "", "not UTF-8 text")));
        }
        List<Map<String, String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        if (name.endsWith(".csv")) {
            if (!columns.isEmpty()) {
                text = renameCsvHeader(manifest, text, columns, problems);
            }
            readCsv(manifest, text, rows, lines, problems);
        } else if (name.endsWith(".jsonl")) {
            if (!columns.isEmpty()) {
                throw new ManifestException(List.of(new SpecProblem(manifest, 0, "columns",
                        "a column mapping is only supported for CSV manifests")));
            }
            readJsonl(manifest, text, rows, lines, problems);
        } else {
            throw new ManifestException(List.of(new SpecProblem(manifest, 0, "",
                    "manifest must be .csv or .jsonl, was '" + manifest.getFileName() + "'")));
        }
        if (rows.isEmpty() && problems.isEmpty()) {
            problems.add(new SpecProblem(manifest, 0, "", "manifest has no rows"));
        }
        Path dir = imageDir == null ? manifest.getParent() : imageDir.toAbsolutePath().normalize();
        List<ManifestEntry> entries = toEntries(manifest, dir, allowOutside, rows, lines, problems);
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return new ImageManifest(manifest, entries);
    }

    private static void readCsv(Path manifest, String text, List<Map<String, String>> rows, List<Integer> lines,
            List<SpecProblem> problems) {
        List<CsvRows.Row> csv;
        try {
            csv = CsvRows.parse(text);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            int line = msg.startsWith("line ") ? Integer.parseInt(msg.substring(5, msg.indexOf(':'))) : 0;
            problems.add(new SpecProblem(manifest, line, "", "bad CSV: " + msg.substring(msg.indexOf(':') + 2)));
            return;
        }
        if (csv.isEmpty()) {
            return;
        }
        List<String> header = new ArrayList<>();
        for (String h : csv.get(0).fields()) {
            header.add(h.strip().toLowerCase(Locale.ROOT));
        }
        boolean headerOk = true;
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).isEmpty()) {
                problems.add(new SpecProblem(manifest, csv.get(0).line(), "header", "column " + (i + 1) + " has no name"));
                headerOk = false;
            } else if (header.indexOf(header.get(i)) != i) {
                problems.add(new SpecProblem(manifest, csv.get(0).line(), "header",
                        "column '" + header.get(i) + "' appears twice"));
                headerOk = false;
            }
        }
        for (String r : sorted(REQUIRED)) {
            if (!header.contains(r)) {
                problems.add(new SpecProblem(manifest, csv.get(0).line(), "header", "missing column '" + r
                        + "' (required: file, prompt, occupation, seed; optional: template, sample_index, model)"));
                headerOk = false;
            }
        }
        if (!headerOk) {
            return;
        }
        for (CsvRows.Row row : csv.subList(1, csv.size())) {
            if (row.fields().size() != header.size()) {
                problems.add(new SpecProblem(manifest, row.line(), "", "row has " + row.fields().size()
                        + " fields, the header has " + header.size()));
                continue;
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), row.fields().get(i));
            }
            rows.add(m);
            lines.add(row.line());
        }
    }

    private static void readJsonl(Path manifest, String text, List<Map<String, String>> rows, List<Integer> lines,
            List<SpecProblem> problems) {
        String[] split = text.split("\r?\n", -1);
        for (int i = 0; i < split.length; i++) {
            String s = i == 0 && split[i].startsWith("\uFEFF") ? split[i].substring(1) : split[i];
            if (s.isBlank()) {
                continue;
            }
            int line = i + 1;
            JsonNode n;
            try {
                n = Json.mapper().readTree(s);
            } catch (JsonProcessingException e) {
                problems.add(new SpecProblem(manifest, line, "", "not valid JSON: " + e.getOriginalMessage()));
                continue;
            }
            if (n == null || !n.isObject()) {
                problems.add(new SpecProblem(manifest, line, "", "each line must be a JSON object"));
                continue;
            }
            Map<String, String> m = new LinkedHashMap<>();
            boolean ok = true;
            for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) n::fields) {
                JsonNode v = f.getValue();
                String key = f.getKey().toLowerCase(Locale.ROOT);
                if (v.isNull()) {
                    m.put(key, "");
                } else if (v.isTextual() || v.isNumber() || v.isBoolean()) {
                    if (v.isFloatingPointNumber() && (key.equals("seed") || key.equals("sample_index"))) {
                        problems.add(new SpecProblem(manifest, line, key, "'" + v + "' is not an integer"));
                        ok = false;
                    }
                    m.put(key, v.asText());
                } else {
                    problems.add(new SpecProblem(manifest, line, key, "must be a string or number, found " + v));
                    ok = false;
                }
            }
            for (String r : sorted(REQUIRED)) {
                if (!n.has(r)) {
                    problems.add(new SpecProblem(manifest, line, r, "missing field '" + r + "'"
                            + (r.equals("seed") ? " (write \"seed\": null when unknown)" : "")));
                    ok = false;
                }
            }
            if (ok) {
                rows.add(m);
                lines.add(line);
            }
        }
    }

    private static List<ManifestEntry> toEntries(Path manifest, Path dir, boolean allowOutside,
            List<Map<String, String>> rows, List<Integer> lines, List<SpecProblem> problems) {
        Map<String, Integer> seenContent = new HashMap<>();
        List<ManifestEntry> out = new ArrayList<>();
        Map<String, Integer> nextIndex = new HashMap<>();
        Map<String, Integer> seenKey = new HashMap<>();
        Map<Path, Integer> seenFile = new HashMap<>();
        boolean explicitIndex = !rows.isEmpty() && rows.get(0).containsKey("sample_index");
        for (int r = 0; r < rows.size(); r++) {
            Map<String, String> row = rows.get(r);
            int line = lines.get(r);
            int before = problems.size();
            String rel = row.getOrDefault("file", "").strip();
            String prompt = row.getOrDefault("prompt", "").strip();
            String occupation = row.getOrDefault("occupation", "").strip();
            Path file = null;
            if (rel.isEmpty()) {
                problems.add(new SpecProblem(manifest, line, "file", "must not be empty"));
            } else {
                try {
                    file = dir.resolve(rel).normalize();
                    if (checkImage(manifest, line, rel, file, dir, allowOutside, problems) && !seenFile.containsKey(file)) {
                        sameContent(manifest, line, rel, file, seenContent, problems);
                    }
                } catch (InvalidPathException e) {
                    problems.add(new SpecProblem(manifest, line, "file", "'" + rel + "' is not a valid path"));
                }
            }
            if (prompt.isEmpty()) {
                problems.add(new SpecProblem(manifest, line, "prompt", "must not be empty"));
            }
            if (occupation.isEmpty()) {
                problems.add(new SpecProblem(manifest, line, "occupation", "must not be empty"));
            }
            OptionalLong seed = OptionalLong.empty();
            String seedText = row.getOrDefault("seed", "").strip();
            if (!seedText.isEmpty()) {
                try {
                    long s = Long.parseLong(seedText);
                    if (s < 0) {
                        problems.add(new SpecProblem(manifest, line, "seed", "'" + seedText
                                + "' is negative (leave it empty when the seed is unknown)"));
                    } else {
                        seed = OptionalLong.of(s);
                    }
                } catch (NumberFormatException e) {
                    problems.add(new SpecProblem(manifest, line, "seed", "'" + seedText + "' is not an integer"));
                }
            }
            int index = -1;
            if (explicitIndex) {
                String t = row.getOrDefault("sample_index", "").strip();
                try {
                    index = Integer.parseInt(t);
                    if (index < 0) {
                        problems.add(new SpecProblem(manifest, line, "sample_index", "'" + t + "' is negative"));
                    }
                } catch (NumberFormatException e) {
                    problems.add(new SpecProblem(manifest, line, "sample_index", t.isEmpty()
                            ? "must not be empty (the first row gives sample_index, so every row must)"
                            : "'" + t + "' is not an integer"));
                }
            } else if (row.containsKey("sample_index")) {
                problems.add(new SpecProblem(manifest, line, "sample_index",
                        "only some rows give sample_index; give it in every row or in none"));
            } else if (!prompt.isEmpty()) {
                index = nextIndex.merge(prompt, 1, Integer::sum) - 1;
            }
            if (!prompt.isEmpty() && index >= 0) {
                Integer prev = seenKey.putIfAbsent(key(prompt, index), line);
                if (prev != null) {
                    problems.add(new SpecProblem(manifest, line, "sample_index", "prompt '" + prompt
                            + "' with sample index " + index + " already appears on line " + prev));
                }
            }
            if (file != null) {
                Integer prev = seenFile.putIfAbsent(file, line);
                if (prev != null) {
                    problems.add(new SpecProblem(manifest, line, "file", "'" + rel + "' is already used on line "
                            + prev + " (an image counted twice would bias every statistic)"));
                }
            }
            if (problems.size() > before) {
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : row.entrySet()) {
                if (!REQUIRED.contains(e.getKey()) && !OPTIONAL.contains(e.getKey())) {
                    attributes.put(e.getKey(), e.getValue());
                }
            }
            out.add(new ManifestEntry(line, file, rel, prompt, occupation, seed, nonEmpty(row.get("template")), index,
                    nonEmpty(row.get("model")), attributes));
        }
        return out;
    }

    /** Whether the row's file is a readable PNG or JPEG inside the image folder; else a problem names it. */
    private static boolean checkImage(Path manifest, int line, String rel, Path file, Path dir, boolean allowOutside,
            List<SpecProblem> problems) {
        if (!allowOutside && (Path.of(rel).isAbsolute() || !file.startsWith(dir))) {
            problems.add(new SpecProblem(manifest, line, "file", "'" + rel + "' is outside the image folder " + dir
                    + " (resolved to " + file + "); set allow_outside_image_dir: true to read it"));
            return false;
        }
        if (Files.isDirectory(file)) {
            problems.add(new SpecProblem(manifest, line, "file", "'" + rel + "' is a directory, not an image file"));
            return false;
        }
        if (!Files.isRegularFile(file)) {
            problems.add(new SpecProblem(manifest, line, "file", "image '" + rel + "' not found (resolved to "
                    + file + ")"));
            return false;
        }
        byte[] head = new byte[8];
        int n;
        try {
            if (!allowOutside) {
                Path real = file.toRealPath();
                if (!real.startsWith(dir.toRealPath())) {
                    problems.add(new SpecProblem(manifest, line, "file", "'" + rel + "' is a link to " + real
                            + ", outside the image folder " + dir + "; set allow_outside_image_dir: true to read it"));
                    return false;
                }
            }
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
        } catch (IOException e) {
            problems.add(new SpecProblem(manifest, line, "file", "image '" + rel + "' cannot be read: " + e.getMessage()));
            return false;
        }
        if (ImageFormat.sniff(java.util.Arrays.copyOf(head, n)).isEmpty()) {
            problems.add(new SpecProblem(manifest, line, "file", "'" + rel + "' is not a PNG or JPEG image"));
            return false;
        }
        return true;
    }

    /**
     * The same image under two names (a copy, a link) would be counted twice: refused by content
     * (SHA-256). Files over {@link ImageInspection#MAX_BYTES} are not hashed; generation refuses them
     * for their row.
     */
    private static void sameContent(Path manifest, int line, String rel, Path file, Map<String, Integer> seen,
            List<SpecProblem> problems) {
        try {
            if (Files.size(file) > ImageInspection.MAX_BYTES) {
                return;
            }
            Integer prev = seen.putIfAbsent(Hashing.sha256(file), line);
            if (prev != null) {
                problems.add(new SpecProblem(manifest, line, "file", "'" + rel + "' has the same content (SHA-256) as "
                        + "the image on line " + prev + " (an image counted twice would bias every statistic)"));
            }
        } catch (IOException e) {
            problems.add(new SpecProblem(manifest, line, "file", "image '" + rel + "' cannot be read: " + e.getMessage()));
        }
    }

    /**
     * The CSV text with the header's mapped columns renamed to their standard names (and an empty
     * {@code seed} column added when seed is mapped to {@code none}).
     */
    private static String renameCsvHeader(Path manifest, String text, Map<String, String> columns,
            List<SpecProblem> problems) {
        List<CsvRows.Row> csv;
        try {
            csv = CsvRows.parse(text);
        } catch (IllegalArgumentException e) {
            return text; // readCsv reports it
        }
        if (csv.isEmpty()) {
            return text;
        }
        List<String> header = new ArrayList<>();
        for (String h : csv.get(0).fields()) {
            header.add(h.strip().toLowerCase(Locale.ROOT));
        }
        boolean addSeed = false;
        for (Map.Entry<String, String> e : columns.entrySet()) {
            String standard = e.getKey();
            String source = e.getValue().strip().toLowerCase(Locale.ROOT);
            if (standard.equals("seed") && source.equals("none")) {
                if (header.contains("seed")) {
                    problems.add(new SpecProblem(manifest, csv.get(0).line(), "columns.seed",
                            "'none' given but the manifest has a seed column"));
                }
                addSeed = true;
                continue;
            }
            int i = header.indexOf(source);
            if (i < 0) {
                problems.add(new SpecProblem(manifest, csv.get(0).line(), "columns." + standard,
                        "column '" + e.getValue() + "' not in the header " + header));
            } else if (header.contains(standard) && !standard.equals(source)) {
                problems.add(new SpecProblem(manifest, csv.get(0).line(), "columns." + standard,
                        "the manifest already has a column '" + standard + "'"));
            } else {
                header.set(i, standard);
            }
        }
        StringBuilder out = new StringBuilder();
        List<String> h = new ArrayList<>(header);
        if (addSeed) {
            h.add("seed");
        }
        out.append(csvLine(h)).append('\n');
        for (CsvRows.Row row : csv.subList(1, csv.size())) {
            List<String> f = new ArrayList<>(row.fields());
            if (addSeed) {
                f.add("");
            }
            out.append(csvLine(f)).append('\n');
        }
        return out.toString();
    }

    private static String csvLine(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            sb.append(i == 0 ? "" : ",");
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        return sb.toString();
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        Collections.sort(l);
        return l;
    }

    private static String key(String prompt, int sampleIndex) {
        return sampleIndex + "\u0000" + prompt;
    }
}
