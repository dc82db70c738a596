package org.biaslab.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of a prompts folder (the repository's {@code prompts/}):
 * {@code occupations/<list>.csv}, {@code templates.csv}, {@code bls/cpsaat11-<year>.csv} and
 * {@code bls/mapping.csv}, {@code coco/class-nouns.csv} and {@code coco/object-gender-reference.csv}. Each method reads its file afresh; nothing is cached.
 *
 * @param dir the prompts folder
 */
public record PromptLibrary(Path dir) {
    private static final Pattern BLS_FILE = Pattern.compile("cpsaat11-(\\d{4})\\.csv");

    public PromptLibrary {
        if (dir == null) {
            throw new IllegalArgumentException("prompts folder is null");
        }
    }

    public Path occupationsFile(String listId) {
        Ids.require("list id", listId);
        return dir.resolve("occupations").resolve(listId + ".csv");
    }

    public Path templatesFile() {
        return dir.resolve("templates.csv");
    }

    public Path blsFile(int year) {
        return dir.resolve("bls").resolve("cpsaat11-" + year + ".csv");
    }

    public Path mappingFile() {
        return dir.resolve("bls").resolve("mapping.csv");
    }

    /** {@code coco/class-nouns.csv}: the caption nouns of the COCO object classes. */
    public Path classNounsFile() {
        return dir.resolve("coco").resolve("class-nouns.csv");
    }

    /** {@code coco/object-gender-reference.csv}: object x gender counts of the COCO reference photos. */
    public Path objectGenderReferenceFile() {
        return dir.resolve("coco").resolve("object-gender-reference.csv");
    }

    /** The ids of the lists in {@code occupations/}, sorted. */
    public List<String> listIds() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("occupations"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().forEach(out::add);
        }
        return out;
    }

    /** The years of the BLS tables in {@code bls/}, ascending. */
    public List<Integer> blsYears() throws IOException {
        TreeSet<Integer> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir.resolve("bls"))) {
            files.forEach(p -> {
                Matcher m = BLS_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(Integer.parseInt(m.group(1)));
                }
            });
        }
        return List.copyOf(out);
    }

    public OccupationList occupations(String listId) throws IOException {
        return OccupationList.read(listId, occupationsFile(listId));
    }

    public List<PromptTemplate> templates() throws IOException {
        return PromptTemplate.readAll(templatesFile());
    }

    /** The template with this id, or a {@link PromptFileException} naming the known ones. */
    public PromptTemplate template(String templateId) throws IOException {
        List<PromptTemplate> all = templates();
        return all.stream().filter(t -> t.id().equals(templateId)).findFirst().orElseThrow(() -> new PromptFileException(
                templatesFile(), 0, "id", "no template '" + templateId + "'; known: "
                        + all.stream().map(PromptTemplate::id).toList()));
    }

    public BlsTable bls(int year) throws IOException {
        return BlsTable.read(blsFile(year), year);
    }

    public BlsMapping mapping() throws IOException {
        return BlsMapping.read(mappingFile());
    }

    public ClassNouns classNouns() throws IOException {
        return ClassNouns.read(classNounsFile());
    }

    public ObjectGenderReference objectGenderReference() throws IOException {
        return ObjectGenderReference.read(objectGenderReferenceFile());
    }
}
