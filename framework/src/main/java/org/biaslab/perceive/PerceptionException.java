package org.biaslab.perceive;

/**
 * A perception model failed on an input (the native engine reported an error, or the input cannot
 * be processed). Model files that cannot be fetched or read are reported before, when the model
 * is loaded.
 */
public class PerceptionException extends Exception {
    private static final long serialVersionUID = 1L;

    public PerceptionException(String message) {
        super(message);
    }

    public PerceptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
