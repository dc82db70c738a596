package org.biaslab.debias.lm;

/** A language-model training or inference failure at the model seam (engine, divergence, bad data). */
public final class LmException extends Exception {
    private static final long serialVersionUID = 1L;

    public LmException(String message) {
        super(message);
    }

    public LmException(String message, Throwable cause) {
        super(message, cause);
    }
}
