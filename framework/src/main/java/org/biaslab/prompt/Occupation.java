package org.biaslab.prompt;

/**
 * One occupation of a list.
 *
 * @param id stable key within its list, e.g. {@code software_developer} (lower-case letters and
 *     digits, words joined by '_' or '-')
 * @param name the words put into a template, e.g. {@code software developer}, {@code CEO}
 * @param source the entry as the study's own file writes it, e.g. {@code a software developer} or
 *     {@code it_specialist}; empty when the list was not taken from a study
 */
public record Occupation(String id, String name, String source) {
    public Occupation {
        Ids.require("id", id);
        checkName(name);
        source = source == null ? "" : source;
    }

    static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is empty");
        }
        if (!name.equals(name.strip()) || name.contains("  ")) {
            throw new IllegalArgumentException("name '" + name + "' has leading, trailing or doubled spaces");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '{' || c == '}' || Character.isISOControl(c)) {
                throw new IllegalArgumentException("name '" + name + "' contains '" + c
                        + "' (braces and control characters are reserved for templates)");
            }
        }
    }
}
