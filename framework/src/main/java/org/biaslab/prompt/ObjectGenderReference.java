package org.biaslab.prompt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.biaslab.caption.LabelledImage;

/**
 * Object x gender statistics of real photos, the reference against which generated images' object x
 * perceived-gender co-occurrence is compared ({@code prompts/coco/object-gender-reference.csv},
 * columns {@code class,images_women,images_men}): per COCO class, how many reference images
 * annotated as showing a woman / a man have the class named in at least one of their human
 * captions ({@link ClassNouns}). The row of class {@value #ALL} holds the number of images of each
 * group.
 *
 * @param women images annotated Female
 * @param men images annotated Male
 * @param images per class, in file order: {@code [women, men]} images naming it
 */
public record ObjectGenderReference(long women, long men, Map<String, long[]> images) {
    /** The class id of the row with the image totals. */
    public static final String ALL = "*";

    public ObjectGenderReference {
        images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }

    /** Reads the file; every count must be a whole number no larger than its group's total. */
    public static ObjectGenderReference read(Path file) throws IOException {
        CsvFile csv = CsvFile.read(file, List.of("class", "images_women", "images_men"), List.of());
        long women = -1;
        long men = -1;
        Map<String, long[]> images = new LinkedHashMap<>();
        for (CsvFile.Row row : csv.rows()) {
            String cls = row.required("class");
            long w = count(row, "images_women");
            long m = count(row, "images_men");
            if (cls.equals(ALL)) {
                if (women >= 0) {
                    throw row.error("class", "the totals row '" + ALL + "' appears twice");
                }
                women = w;
                men = m;
                continue;
            }
            if (women < 0) {
                throw row.error("class", "the totals row '" + ALL + "' must come first");
            }
            if (w > women || m > men) {
                throw row.error("class", "'" + cls + "' counts " + w + " / " + m + " images, more than the totals "
                        + women + " / " + men);
            }
            if (images.put(cls, new long[] {w, m}) != null) {
                throw row.error("class", "'" + cls + "' is listed twice");
            }
        }
        if (women < 0) {
            throw new PromptFileException(file, 0, "class", "no totals row '" + ALL + "'");
        }
        return new ObjectGenderReference(women, men, images);
    }

    private static long count(CsvFile.Row row, String column) throws PromptFileException {
        String v = row.required(column);
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw row.error(column, "'" + v + "' is negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw row.error(column, "'" + v + "' is not a whole number");
        }
    }

    /**
     * Counts the reference from annotated images: those annotated "Female" or "Male" (others are
     * left out), a class counted once per image when any of its human captions names it.
     */
    public static ObjectGenderReference build(List<LabelledImage> labelled, ClassNouns nouns) {
        long women = 0;
        long men = 0;
        Map<String, long[]> images = new LinkedHashMap<>();
        for (String c : nouns.classes()) {
            images.put(c, new long[2]);
        }
        for (LabelledImage li : labelled) {
            String g = li.perceivedGender().toLowerCase(Locale.ROOT);
            int group = g.equals("female") ? 0 : g.equals("male") ? 1 : -1;
            if (group < 0) {
                continue;
            }
            if (group == 0) {
                women++;
            } else {
                men++;
            }
            Set<String> named = new java.util.TreeSet<>();
            for (String caption : li.humanCaptions()) {
                named.addAll(nouns.classesIn(caption));
            }
            for (String c : named) {
                images.get(c)[group]++;
            }
        }
        return new ObjectGenderReference(women, men, images);
    }

    /** The file's data lines (header and rows), to follow its comment lines. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("class,images_women,images_men\n");
        sb.append(ALL).append(',').append(women).append(',').append(men).append('\n');
        images.forEach((c, n) -> sb.append(c).append(',').append(n[0]).append(',').append(n[1]).append('\n'));
        return sb.toString();
    }
}
