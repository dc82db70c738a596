package org.biaslab.prompt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The caption nouns of the COCO object classes ({@code prompts/coco/class-nouns.csv}, columns
 * {@code class,nouns}; nouns separated by {@code ;}, each one word or a two-word phrase), and the
 * classes a caption names. Matching, as object-hallucination studies do it (CHAIR, Rohrbach et al.
 * 2018): the caption is lower-cased and split into runs of letters; a word matches as written,
 * singularised ({@link #singular}) or without a final -s; two-word phrases are matched before single words, left to right,
 * and a matched phrase's words are not matched again; "seat" is not a chair in a caption that names
 * a toilet.
 */
public final class ClassNouns {
    private final List<String> classes;
    private final Map<String, String> words;
    private final Map<String, String> phrases;

    private ClassNouns(List<String> classes, Map<String, String> words, Map<String, String> phrases) {
        this.classes = List.copyOf(classes);
        this.words = Map.copyOf(words);
        this.phrases = Map.copyOf(phrases);
    }

    /** Reads the mapping; a noun listed under two classes, or of more than two words, is an error. */
    public static ClassNouns read(Path file) throws IOException {
        CsvFile csv = CsvFile.read(file, List.of("class", "nouns"), List.of());
        List<String> classes = new ArrayList<>();
        Map<String, String> words = new HashMap<>();
        Map<String, String> phrases = new HashMap<>();
        for (CsvFile.Row row : csv.rows()) {
            String cls = row.required("class");
            if (classes.contains(cls)) {
                throw row.error("class", "'" + cls + "' is listed twice");
            }
            classes.add(cls);
            for (String raw : row.required("nouns").split(";")) {
                String noun = raw.strip().toLowerCase(Locale.ROOT);
                if (!noun.matches("[a-z]+( [a-z]+)?")) {
                    throw row.error("nouns", "'" + raw + "' is not one word or two words of letters");
                }
                Map<String, String> into = noun.contains(" ") ? phrases : words;
                String before = into.put(noun, cls);
                if (before != null && !before.equals(cls)) {
                    throw row.error("nouns", "'" + noun + "' is also a noun of class '" + before + "'");
                }
            }
        }
        if (classes.isEmpty()) {
            throw new PromptFileException(file, 0, "class", "no classes");
        }
        return new ClassNouns(classes, words, phrases);
    }

    /** The classes in file order. */
    public List<String> classes() {
        return classes;
    }

    /** The classes {@code caption} names, sorted. */
    public Set<String> classesIn(String caption) {
        List<String> tokens = new ArrayList<>();
        for (String t : caption.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        Set<String> found = new TreeSet<>();
        boolean toilet = false;
        List<String> seats = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (i + 1 < tokens.size()) {
                String cls = phrase(tokens.get(i), tokens.get(i + 1));
                if (cls != null) {
                    found.add(cls);
                    toilet |= cls.equals("toilet");
                    i++;
                    continue;
                }
            }
            String w = tokens.get(i);
            String cls = word(w);
            if (cls == null) {
                continue;
            }
            toilet |= cls.equals("toilet");
            if (w.equals("seat") || w.equals("seats")) {
                seats.add(cls);
            } else {
                found.add(cls);
            }
        }
        if (!toilet) {
            found.addAll(seats);
        }
        return found;
    }

    private String word(String w) {
        String cls = words.get(w);
        if (cls == null) {
            cls = words.get(singular(w));
        }
        if (cls == null && w.endsWith("s")) {
            cls = words.get(w.substring(0, w.length() - 1));
        }
        return cls;
    }

    private String phrase(String a, String b) {
        String cls = phrases.get(a + " " + b);
        if (cls == null) {
            cls = phrases.get(a + " " + singular(b));
        }
        if (cls == null && b.endsWith("s")) {
            cls = phrases.get(a + " " + b.substring(0, b.length() - 1));
        }
        return cls;
    }

    /**
     * CHAIR's fallback singulariser: -ies after a consonant becomes -y; -ses, -xes, -zes, -ches and
     * -shes lose -es; otherwise a final -s not after another s is dropped.
     */
    public static String singular(String w) {
        int n = w.length();
        if (n > 3 && w.endsWith("ies") && "aeiou".indexOf(w.charAt(n - 4)) < 0) {
            return w.substring(0, n - 3) + "y";
        }
        if (w.endsWith("ses") || w.endsWith("xes") || w.endsWith("zes") || w.endsWith("ches") || w.endsWith("shes")) {
            return w.substring(0, n - 2);
        }
        if (w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, n - 1);
        }
        return w;
    }
}
