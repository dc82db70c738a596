package org.biaslab.prompt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A prompt template such as {@code a photo of the face of {a} {occupation}}.
 *
 * <p>Placeholders: {@code {occupation}} (exactly once) is replaced by the occupation's name;
 * {@code {a}} becomes "a" or "an" for the word after it, {@code {A}} the same capitalised, both
 * decided by {@link Articles#indefinite}. An article placeholder must be followed by one space and a
 * word or {@code {occupation}}. Any other brace is an error.
 *
 * <p>File format ({@code prompts/templates.csv}): header {@code id,template} with an optional
 * {@code source} column; {@code #} lines are comments.
 *
 * @param id stable id, e.g. {@code heim-face}
 * @param text the template
 * @param source where the template comes from (citation); may be empty
 */
public record PromptTemplate(String id, String text, String source) {
    public static final String OCCUPATION = "{occupation}";

    public PromptTemplate {
        Ids.require("template id", id);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("template '" + id + "': text is empty");
        }
        checkPlaceholders(id, text);
        source = source == null ? "" : source;
    }

    public PromptTemplate(String id, String text) {
        this(id, text, "");
    }

    /** The prompt text for {@code occupation}. */
    public String render(Occupation occupation) {
        return render(occupation.name());
    }

    /** The prompt text with {@code name} in place of {@code {occupation}} and every article chosen. */
    public String render(String name) {
        Occupation.checkName(name);
        String s = text.replace(OCCUPATION, name);
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("{a}", i) || s.startsWith("{A}", i)) {
                String article = Articles.indefinite(s.substring(i + 4));
                out.append(s.charAt(i + 1) == 'A' ? Character.toUpperCase(article.charAt(0)) + article.substring(1) : article);
                i += 3;
            } else {
                out.append(s.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static void checkPlaceholders(String id, String text) {
        int occupations = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException("template '" + id + "': '}' without '{' at character " + (i + 1)
                        + " in '" + text + "'");
            }
            if (c != '{') {
                i++;
                continue;
            }
            int close = text.indexOf('}', i);
            if (close < 0) {
                throw new IllegalArgumentException("template '" + id + "': '{' at character " + (i + 1)
                        + " is not closed in '" + text + "'");
            }
            String ph = text.substring(i, close + 1);
            switch (ph) {
                case OCCUPATION -> occupations++;
                case "{a}", "{A}" -> {
                    String rest = text.substring(close + 1);
                    boolean followed = rest.startsWith(" ") && rest.length() > 1 && rest.charAt(1) != ' '
                            && (rest.charAt(1) != '{' || rest.startsWith(" " + OCCUPATION));
                    if (!followed) {
                        throw new IllegalArgumentException("template '" + id + "': " + ph + " at character " + (i + 1)
                                + " must be followed by one space and a word or " + OCCUPATION + " in '" + text + "'");
                    }
                }
                default -> throw new IllegalArgumentException("template '" + id + "': unknown placeholder " + ph
                        + " in '" + text + "' (known: " + OCCUPATION + ", {a}, {A})");
            }
            i = close + 1;
        }
        if (occupations != 1) {
            throw new IllegalArgumentException("template '" + id + "': " + OCCUPATION + " must appear exactly once, found "
                    + occupations + " times in '" + text + "'");
        }
    }

    /** Reads every template of a file, in file order; ids are unique. */
    public static List<PromptTemplate> readAll(Path file) throws IOException {
        CsvFile csv = CsvFile.read(file, List.of("id", "template"), List.of("source"));
        List<PromptTemplate> out = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        for (CsvFile.Row row : csv.rows()) {
            String id = row.id("id");
            Integer seen = lines.putIfAbsent(id, row.line());
            if (seen != null) {
                throw row.error("id", "'" + id + "' already used on line " + seen);
            }
            String text = row.required("template");
            try {
                out.add(new PromptTemplate(id, text, row.get("source")));
            } catch (IllegalArgumentException e) {
                throw row.error("template", e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new PromptFileException(file, 0, null, "holds no templates");
        }
        return List.copyOf(out);
    }
}
