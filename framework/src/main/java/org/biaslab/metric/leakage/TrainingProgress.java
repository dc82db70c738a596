package org.biaslab.metric.leakage;

/**
 * Told after each epoch of a caption classifier's training, so that hours-long trainings (the
 * paper's LSTM) can print their rate and what is left. Called on the training thread; must not
 * throw.
 */
@FunctionalInterface
public interface TrainingProgress {
    /**
     * @param epoch     epochs done (1-based)
     * @param epochs    epochs in all
     * @param sequences training sequences processed so far (over all finished epochs)
     * @param nanos     time since the training started, in nanoseconds
     */
    void epochDone(int epoch, int epochs, long sequences, long nanos);
}
