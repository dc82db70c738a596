package org.biaslab.perceive.validate;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biaslab.perceive.PerceptionPolicy;

/**
 * Reads a labels CSV (UTF-8, header line, fields optionally quoted with {@code ""} for a quote;
 * a field cannot span lines) into {@link LabelledFile}s.
 *
 * <p><b>Label mapping.</b> {@code male} / {@code man} (any case) map to
 * {@link PerceptionPolicy#MAN}, {@code female} / {@code woman} to {@link PerceptionPolicy#WOMAN};
 * {@code Pass} (the annotators of the t2i-sd-annotated set declined to label) maps to "excluded":
 * the image is still perceived and counted, but not scored. Any other value is an error naming the
 * file, line and value.
 *
 * <p><b>Layouts.</b> When the columns are not given, two known layouts are recognised from the
 * header: {@link #UTKFACE} ({@code file, gender, race}) and {@link #T2I_SD_ANNOTATED}
 * ({@code filename, profession, annotation}).
 */
public final class LabelFile {

    /** Which columns hold the file name, the label and the groups. */
    public record Layout(String name, String fileColumn, String labelColumn, List<String> groupColumns,
                         boolean tightCrops) {
        public Layout {
            Objects.requireNonNull(name, "name");
            if (fileColumn == null || fileColumn.isBlank()) throw new IllegalArgumentException("fileColumn must be non-blank, was '" + fileColumn + "'");
            if (labelColumn == null || labelColumn.isBlank()) throw new IllegalArgumentException("labelColumn must be non-blank, was '" + labelColumn + "'");
            groupColumns = List.copyOf(groupColumns);
            if (groupColumns.contains(fileColumn) || groupColumns.contains(labelColumn)) {
                throw new IllegalArgumentException("groupColumns " + groupColumns + " must not contain the file or label column");
            }
            if (new HashSet<>(groupColumns).size() != groupColumns.size()) {
                throw new IllegalArgumentException("groupColumns contain a duplicate: " + groupColumns);
            }
        }
    }

    /** UTKFace-style labels: {@code file, gender (male/female), race}; 200x200 tight face crops. */
    public static final Layout UTKFACE = new Layout("utkface", "file", "gender", List.of("race"), true);
    /** Annotated Stable Diffusion images: {@code filename, profession, annotation (Male/Female/Pass)}. */
    public static final Layout T2I_SD_ANNOTATED = new Layout("t2i-sd-annotated", "filename", "annotation",
            List.of("profession"), false);

    /** The annotators' "no label" value in the t2i-sd-annotated set. */
    public static final String PASS = "pass";

    private final Layout layout;
    private final List<LabelledFile> rows;
    private final List<String> header;

    private LabelFile(Layout layout, List<String> header, List<LabelledFile> rows) {
        this.layout = layout;
        this.header = List.copyOf(header);
        this.rows = List.copyOf(rows);
    }

    public Layout layout() {
        return layout;
    }

    public List<String> header() {
        return header;
    }

    public List<LabelledFile> rows() {
        return rows;
    }

    /** Rows excluded from accuracy (no woman / man label). */
    public long excluded() {
        return rows.stream().filter(r -> !r.labelled()).count();
    }

    /** The known layout the header matches, or null when none does. */
    public static Layout detect(List<String> header) {
        Set<String> h = new HashSet<>(header);
        if (h.containsAll(List.of("filename", "profession", "annotation"))) return T2I_SD_ANNOTATED;
        if (h.containsAll(List.of("file", "gender", "race"))) return UTKFACE;
        return null;
    }

    /** Maps a written label to woman / man, null for "Pass"; throws for anything else. */
    public static String mapLabel(String raw) {
        String s = raw.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "male", "man" -> PerceptionPolicy.MAN;
            case "female", "woman" -> PerceptionPolicy.WOMAN;
            case PASS -> null;
            default -> throw new IllegalArgumentException("label must be male/Male/man, female/Female/woman or Pass, was '"
                    + raw + "'");
        };
    }

    /**
     * Reads a labels file.
     *
     * @param file         the CSV
     * @param fileColumn   column of the file name, or null to use the detected layout's
     * @param labelColumn  column of the label, or null to use the detected layout's
     * @param groupColumns group columns, or null to use the detected layout's (empty list: none)
     * @throws LabelFileException naming file, line, column and value
     */
    public static LabelFile read(Path file, String fileColumn, String labelColumn, List<String> groupColumns)
            throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new LabelFileException(file, 0, "not UTF-8 text");
        }
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) first++;
        if (first == lines.size()) throw new LabelFileException(file, 0, "empty file: no header line");
        String headLine = lines.get(first);
        if (headLine.startsWith("\uFEFF")) headLine = headLine.substring(1);
        List<String> header = split(file, first + 1, headLine).stream().map(String::strip).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (index.put(header.get(i), i) != null) {
                throw new LabelFileException(file, first + 1, "column '" + header.get(i) + "' appears twice");
            }
        }
        Layout detected = detect(header);
        Layout layout;
        if (fileColumn == null || labelColumn == null || groupColumns == null) {
            if (detected == null && (fileColumn == null || labelColumn == null)) {
                throw new LabelFileException(file, first + 1, "unknown layout (columns " + header
                        + "); name the columns with --file-column and --label-column");
            }
            layout = new Layout(detected == null ? "custom" : detected.name(),
                    fileColumn != null ? fileColumn : detected.fileColumn(),
                    labelColumn != null ? labelColumn : detected.labelColumn(),
                    groupColumns != null ? groupColumns : detected == null ? List.of() : detected.groupColumns(),
                    detected != null && detected.tightCrops());
        } else {
            layout = new Layout(detected == null ? "custom" : detected.name(), fileColumn, labelColumn, groupColumns,
                    detected != null && detected.tightCrops());
        }
        List<String> missing = new ArrayList<>();
        for (String c : concat(layout)) {
            if (!index.containsKey(c)) missing.add(c);
        }
        if (!missing.isEmpty()) {
            throw new LabelFileException(file, first + 1, "missing column(s) " + missing + "; columns are " + header);
        }
        List<LabelledFile> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = first + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            int no = i + 1;
            List<String> cells = split(file, no, line);
            if (cells.size() != header.size()) {
                problems.add("line " + no + ": " + cells.size() + " fields, header has " + header.size());
                continue;
            }
            String name = cells.get(index.get(layout.fileColumn())).strip();
            String raw = cells.get(index.get(layout.labelColumn())).strip();
            if (name.isEmpty()) {
                problems.add("line " + no + ": column '" + layout.fileColumn() + "' is empty");
                continue;
            }
            if (!seen.add(name)) {
                problems.add("line " + no + ": file '" + name + "' is listed twice");
                continue;
            }
            String truth;
            try {
                truth = mapLabel(raw);
            } catch (IllegalArgumentException e) {
                problems.add("line " + no + ", column '" + layout.labelColumn() + "': " + e.getMessage());
                continue;
            }
            Map<String, String> groups = new LinkedHashMap<>();
            for (String g : layout.groupColumns()) {
                String v = cells.get(index.get(g)).strip();
                if (!v.isEmpty()) groups.put(g, v);
            }
            rows.add(new LabelledFile(name, raw, truth, groups));
        }
        if (!problems.isEmpty()) {
            throw new LabelFileException(file, 0, problems.size() + " problem(s): " + String.join("; ",
                    problems.subList(0, Math.min(20, problems.size()))) + (problems.size() > 20 ? "; ..." : ""));
        }
        if (rows.isEmpty()) throw new LabelFileException(file, 0, "no rows after the header");
        return new LabelFile(layout, header, rows);
    }

    private static List<String> concat(Layout l) {
        List<String> out = new ArrayList<>();
        out.add(l.fileColumn());
        out.add(l.labelColumn());
        out.addAll(l.groupColumns());
        return out;
    }

    /** Splits one CSV line; quoted fields may hold commas and {@code ""} for a quote. */
    static List<String> split(Path file, int lineNo, String line) throws LabelFileException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && cur.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == '\r' && i == line.length() - 1) {
                // CRLF line end
            } else {
                cur.append(c);
            }
        }
        if (quoted) throw new LabelFileException(file, lineNo, "unterminated quoted field");
        out.add(cur.toString());
        return out;
    }
}
