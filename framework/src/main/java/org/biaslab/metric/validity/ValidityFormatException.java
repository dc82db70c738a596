package org.biaslab.metric.validity;

import java.io.IOException;
import java.nio.file.Path;

/** A classifier-validity file that cannot be used, with the file and the problem (field and value) named. */
public class ValidityFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ValidityFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ValidityFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
