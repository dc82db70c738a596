package org.biaslab.prompt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which BLS row each occupation of each list is compared with, per table year, written by hand
 * ({@code prompts/bls/mapping.csv}). Occupations without a defensible row are listed as unmapped
 * with the reason, so that "not compared" is a recorded decision and never a silent gap.
 *
 * <p>File format: header {@code list,occupation_id,year,match,bls_title,note}; {@code match} is a
 * {@link MatchKind} token; at most one line per list, occupation and year.
 */
public final class BlsMapping {
    private final List<BlsMatch> matches;
    private final Map<String, BlsMatch> byKey;

    public BlsMapping(List<BlsMatch> matches) {
        this.matches = List.copyOf(matches);
        Map<String, BlsMatch> index = new LinkedHashMap<>();
        for (BlsMatch m : this.matches) {
            if (index.put(key(m.listId(), m.occupationId(), m.year()), m) != null) {
                throw new IllegalArgumentException(m.listId() + "/" + m.occupationId() + " (" + m.year() + ") is mapped twice");
            }
        }
        this.byKey = index;
    }

    public List<BlsMatch> matches() {
        return matches;
    }

    /** The years the mapping covers. */
    public Set<Integer> years() {
        Set<Integer> out = new TreeSet<>();
        matches.forEach(m -> out.add(m.year()));
        return out;
    }

    /** The mapping entry for an occupation in a year, empty when the file has none. */
    public Optional<BlsMatch> find(String listId, String occupationId, int year) {
        return Optional.ofNullable(byKey.get(key(listId, occupationId, year)));
    }

    /**
     * The BLS row an occupation is compared with in {@code table}'s year; empty when it is mapped as
     * unmapped. An occupation with no entry, or an entry naming a title the table lacks, is an
     * {@link IllegalStateException}: run {@link #check} first to report such problems.
     */
    public Optional<BlsRow> row(String listId, String occupationId, BlsTable table) {
        BlsMatch m = find(listId, occupationId, table.year()).orElseThrow(() -> new IllegalStateException(
                listId + "/" + occupationId + " has no BLS mapping for " + table.year()));
        if (!m.mapped()) {
            return Optional.empty();
        }
        return Optional.of(table.row(m.blsTitle()).orElseThrow(() -> new IllegalStateException(
                listId + "/" + occupationId + " is mapped to '" + m.blsTitle() + "', which the " + table.year()
                        + " table does not have")));
    }

    /**
     * Every problem between this mapping, a list and a table, all at once: occupations of the list
     * with no entry for the table's year, entries for occupations the list does not have, and mapped
     * titles the table does not have verbatim. Empty when consistent.
     */
    public List<String> check(OccupationList list, BlsTable table) {
        List<String> problems = new ArrayList<>();
        int year = table.year();
        for (Occupation o : list.occupations()) {
            Optional<BlsMatch> m = find(list.id(), o.id(), year);
            if (m.isEmpty()) {
                problems.add(list.id() + "/" + o.id() + ": no BLS mapping for " + year + " (map it or mark it unmapped with a reason)");
            } else if (m.get().mapped() && table.row(m.get().blsTitle()).isEmpty()) {
                problems.add(list.id() + "/" + o.id() + ": mapped to '" + m.get().blsTitle() + "', which is not a row title of the "
                        + year + " table");
            }
        }
        for (BlsMatch m : matches) {
            if (m.listId().equals(list.id()) && m.year() == year && list.find(m.occupationId()).isEmpty()) {
                problems.add(list.id() + "/" + m.occupationId() + " (" + year + "): mapped, but list '" + list.id()
                        + "' has no such occupation");
            }
        }
        return problems;
    }

    /** Reads a mapping file. */
    public static BlsMapping read(Path file) throws IOException {
        CsvFile csv = CsvFile.read(file, List.of("list", "occupation_id", "year", "match", "bls_title", "note"), List.of());
        List<BlsMatch> out = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        for (CsvFile.Row row : csv.rows()) {
            String list = row.id("list");
            String occ = row.id("occupation_id");
            String y = row.required("year");
            int year;
            try {
                year = Integer.parseInt(y);
            } catch (NumberFormatException e) {
                throw row.error("year", "'" + y + "' is not a year");
            }
            String token = row.required("match");
            MatchKind kind = MatchKind.parse(token).orElseThrow(() -> row.error("match", "'" + token
                    + "' is not one of exact, broader, narrower, aggregate, unmapped"));
            String title = row.get("bls_title");
            if (!title.equals(title.strip())) {
                throw row.error("bls_title", "'" + title + "' starts or ends with white space");
            }
            Integer seen = lines.putIfAbsent(key(list, occ, year), row.line());
            if (seen != null) {
                throw row.error("occupation_id", list + "/" + occ + " for " + year + " already mapped on line " + seen);
            }
            String note = row.get("note");
            if (kind == MatchKind.UNMAPPED && !title.isEmpty()) {
                throw row.error("bls_title", "must be empty for an unmapped occupation, found '" + title + "'");
            }
            if (kind != MatchKind.UNMAPPED && title.isEmpty()) {
                throw row.error("bls_title", "is empty, but match is '" + token + "'");
            }
            if (kind != MatchKind.EXACT && note.isBlank()) {
                throw row.error("note", "is empty; match '" + token + "' needs a note saying "
                        + (kind == MatchKind.UNMAPPED ? "why there is no row" : "how the row differs"));
            }
            out.add(new BlsMatch(list, occ, year, kind, title, note));
        }
        return new BlsMapping(out);
    }

    private static String key(String list, String occupation, int year) {
        return list + "\u001f" + occupation + "\u001f" + year;
    }
}
