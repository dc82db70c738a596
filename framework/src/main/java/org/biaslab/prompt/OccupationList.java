package org.biaslab.prompt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ordered list of occupations from one study, e.g. HEIM's 13. Ids and names are unique; the order
 * is the file's order, which {@link Prompt#expand} keeps.
 *
 * <p>File format ({@code prompts/occupations/<list>.csv}): header {@code id,name} with an optional
 * {@code source} column; {@code #} lines carry the citation.
 *
 * @param id list id, e.g. {@code heim} (the file name without {@code .csv} when read from a file)
 * @param occupations the occupations in file order, at least one
 */
public record OccupationList(String id, List<Occupation> occupations) {
    public OccupationList {
        Ids.require("list id", id);
        occupations = List.copyOf(occupations);
        if (occupations.isEmpty()) {
            throw new IllegalArgumentException("occupation list '" + id + "' is empty");
        }
        Map<String, String> ids = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (Occupation o : occupations) {
            if (ids.put(o.id(), o.id()) != null) {
                throw new IllegalArgumentException("list '" + id + "': occupation id '" + o.id() + "' appears twice");
            }
            if (names.put(o.name(), o.id()) != null) {
                throw new IllegalArgumentException("list '" + id + "': name '" + o.name() + "' appears twice");
            }
        }
    }

    public int size() {
        return occupations.size();
    }

    public Optional<Occupation> find(String occupationId) {
        return occupations.stream().filter(o -> o.id().equals(occupationId)).findFirst();
    }

    public List<String> ids() {
        return occupations.stream().map(Occupation::id).toList();
    }

    /** Reads a list whose id is the file name without {@code .csv}. */
    public static OccupationList read(Path file) throws IOException {
        String name = file.getFileName().toString();
        String id = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        if (!Ids.valid(id)) {
            throw new PromptFileException(file, 0, null, "file name gives list id '" + id + "', which is not a valid id ("
                    + Ids.RULE + ")");
        }
        return read(id, file);
    }

    /** Reads {@code file} as the list {@code listId}. */
    public static OccupationList read(String listId, Path file) throws IOException {
        Ids.require("list id", listId);
        CsvFile csv = CsvFile.read(file, List.of("id", "name"), List.of("source"));
        List<Occupation> out = new ArrayList<>();
        Map<String, Integer> idLines = new LinkedHashMap<>();
        Map<String, Integer> nameLines = new HashMap<>();
        for (CsvFile.Row row : csv.rows()) {
            String id = row.id("id");
            String name = row.required("name");
            Integer seen = idLines.putIfAbsent(id, row.line());
            if (seen != null) {
                throw row.error("id", "'" + id + "' already used on line " + seen);
            }
            seen = nameLines.putIfAbsent(name, row.line());
            if (seen != null) {
                throw row.error("name", "'" + name + "' already used on line " + seen);
            }
            try {
                out.add(new Occupation(id, name, row.get("source")));
            } catch (IllegalArgumentException e) {
                throw row.error("name", e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new PromptFileException(file, 0, null, "holds no occupations");
        }
        return new OccupationList(listId, out);
    }
}
