package org.biaslab.store;

/**
 * A write or merge would change a result that is already recorded: the same key with a different
 * record, or stores whose run metadata differ. Nothing was changed.
 */
public final class StoreConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreConflictException(String message) {
        super(message);
    }
}
