package org.biaslab.metric.leakage;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.biaslab.util.Json;

/**
 * The resume point of an unfinished LIC unit, a folder of its own (the run keeps it next to the
 * unit's JSON, as {@code <unit>.partial/}): {@value #TRAININGS} records the unit's fingerprint
 * and the scores of its finished trainings, in the unit's order (LIC_D caption 1..5, then the model
 * side per protocol), and {@code training-<i>.ckpt} is the epoch checkpoint of training {@code i}
 * (1-based) while it runs ({@link TrainingCheckpoint}). A record of another unit configuration or
 * other data is refused with a log line naming it. {@link #delete} removes the folder once the
 * unit's JSON is written.
 */
public final class LicUnitCheckpoint {
    /** The finished trainings' record. */
    public static final String TRAININGS = "trainings.json";

    private final Path dir;
    private final String unit;
    private final Consumer<String> log;

    /**
     * The finished trainings of a unit.
     *
     * @param fingerprint the unit's fingerprint (configuration and data) they were computed with
     * @param scores their scores, in the unit's order
     */
    record Finished(String fingerprint, List<Leakage.Score> scores) {
        Finished {
            scores = List.copyOf(scores);
        }
    }

    /**
     * @param dir the folder (created when first written)
     * @param unit the unit in log lines, e.g. {@code gender SAT lstm seed 0}
     * @param log where resume and refusal lines go
     */
    public LicUnitCheckpoint(Path dir, String unit, Consumer<String> log) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /**
     * The scores of the trainings finished under {@code fingerprint}; empty when none are recorded
     * or, logged with the file's name, when they were recorded under another fingerprint or cannot
     * be read.
     */
    List<Leakage.Score> finished(String fingerprint) {
        Path file = dir.resolve(TRAININGS);
        Finished f;
        try {
            f = Json.mapper().readValue(file.toFile(), Finished.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return List.of();
        } catch (JsonProcessingException e) {
            log.accept("ignoring " + file + " for " + unit + ": it cannot be read (" + e.getOriginalMessage()
                    + "); the unit's finished trainings are redone");
            return List.of();
        } catch (IOException e) {
            log.accept("ignoring " + file + " for " + unit + ": it cannot be read (" + e.getMessage()
                    + "); the unit's finished trainings are redone");
            return List.of();
        }
        if (!fingerprint.equals(f.fingerprint())) {
            log.accept("ignoring " + file + " for " + unit + ": it was written for another configuration or other "
                    + "data of this unit; the unit's finished trainings are redone");
            return List.of();
        }
        return f.scores();
    }

    /**
     * Records the trainings finished so far (atomically), then deletes the epoch checkpoint of the
     * last of them, which is no longer needed.
     */
    void recordFinished(String fingerprint, List<Leakage.Score> scores) throws IOException {
        Json.write(dir.resolve(TRAININGS), new Finished(fingerprint, scores));
        Files.deleteIfExists(trainingFile(scores.size() - 1));
    }

    /** Where training {@code i} (0-based) of {@code count} keeps its epoch checkpoint. */
    TrainingCheckpoint training(int i, int count) {
        return new TrainingCheckpoint(trainingFile(i), unit + " training " + (i + 1) + " of " + count, log);
    }

    private Path trainingFile(int i) {
        return dir.resolve("training-" + (i + 1) + ".ckpt");
    }

    /**
     * Deletes the folder with what this class and the trainers write in it (the record, epoch
     * checkpoints, temporary files of interrupted writes); anything else is left, with the folder.
     */
    public void delete() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.equals(TRAININGS) || name.matches("training-\\d+\\.ckpt")
                        || name.matches("\\.(" + java.util.regex.Pattern.quote(TRAININGS)
                                + "|training-\\d+\\.ckpt)\\..*\\.tmp")) {
                    Files.deleteIfExists(f);
                }
            }
        }
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
            if (rest.iterator().hasNext()) {
                return;
            }
        }
        Files.deleteIfExists(dir);
    }
}
