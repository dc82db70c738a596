package org.biaslab.perceive.image;

import java.io.IOException;

/**
 * An image that cannot be decoded, with the file (or the name given for in-memory bytes) and the
 * problem named, e.g. {@code "out/3.png: truncated: ..."}.
 */
public class ImageDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    public ImageDecodeException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    public ImageDecodeException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file path or the name given with the bytes. */
    public String source() { return source; }

    /** What is wrong, without the source. */
    public String problem() { return problem; }
}
