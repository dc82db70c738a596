package org.biaslab.prompt;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An occupation list, template, BLS table or mapping file that cannot be used. The message starts
 * with {@code file:line:} and names the field, e.g.
 * {@code prompts/bls/mapping.csv:12: field 'match': 'close' is not one of exact, broader, ...}.
 */
public class PromptFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String field;

    /**
     * @param file the file
     * @param line 1-based line number, or 0 for a problem with the whole file
     * @param field the column the problem is in, or {@code null}
     * @param problem what is wrong, with the offending value
     */
    public PromptFileException(Path file, int line, String field, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (field != null ? "field '" + field + "': " : "") + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    /** The column of the problem, or {@code null}. */
    public String field() {
        return field;
    }
}
