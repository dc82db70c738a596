package org.biaslab.perceive.validate;

import java.io.IOException;
import java.nio.file.Path;

/** A labels file that cannot be used, naming the file, the line (0 when not one line) and the problem. */
public class LabelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public LabelFileException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
