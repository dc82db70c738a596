package org.biaslab.debias.lm;

/**
 * Where a training stands after one optimiser step.
 *
 * @param phase {@code "mlm"} or {@code "denoiser"}
 * @param epoch current epoch, 1-based
 * @param epochs epochs in all
 * @param step steps done so far, 1-based
 * @param steps steps in all
 * @param captionsSeen training captions processed so far (all epochs)
 * @param epochMeanLoss mean cross-entropy (nats per predicted token) of this epoch's steps so far
 * @param learningRate learning rate of the step just taken
 * @param elapsedSeconds wall time since the training loop started
 */
public record Progress(
        String phase,
        int epoch,
        int epochs,
        long step,
        long steps,
        long captionsSeen,
        double epochMeanLoss,
        double learningRate,
        double elapsedSeconds) {

    /** Whether this is the last step of its epoch. */
    public boolean endOfEpoch() {
        return step * epochs % steps == 0;
    }

    /** Training captions per second so far. */
    public double captionsPerSecond() {
        return elapsedSeconds > 0 ? captionsSeen / elapsedSeconds : Double.NaN;
    }
}
