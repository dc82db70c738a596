package org.biaslab.metric.leakage;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where one training keeps its checkpoint, written after every epoch so that an interrupted
 * training resumes after its last finished epoch (see {@link CaptionClassifierTrainer#withCheckpoint}).
 * The trainer writes the file atomically and reads it only when it was written by the same training
 * (configuration, data, vocabulary and seed); any other file is refused through {@link #refuse},
 * which names it, and the training starts from its first epoch.
 *
 * @param file the checkpoint file (need not exist)
 * @param training the training in log lines, e.g. {@code gender SAT lstm seed 0 training 3 of 7}
 * @param log where the resume and refusal lines go
 */
public record TrainingCheckpoint(Path file, String training, Consumer<String> log) {
    public TrainingCheckpoint {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(log, "log");
    }

    /** Logs that the checkpoint is not used, and why; the training starts from its first epoch. */
    public void refuse(String reason) {
        log.accept("ignoring checkpoint " + file + " for " + training + ": " + reason
                + "; this training starts from its first epoch");
    }

    /** Logs that the training continues after {@code epoch} (1-based) of {@code epochs}. */
    public void resuming(int epoch, int epochs) {
        log.accept("resuming " + training + " from epoch " + epoch + " of " + epochs
                + " (the last finished one, checkpoint " + file + ")");
    }
}
