package org.biaslab.perceive.model;

/**
 * A pretrained model cannot be used: its files could not be fetched, failed verification, or do not
 * hold what the network expects. The message names the package, version and file concerned.
 */
public class ModelException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
