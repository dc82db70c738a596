package org.biaslab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.biaslab.util.AtomicFiles;
import org.biaslab.util.Json;

/**
 * A run's output folder. Layout: {@code experiment.yaml} (as given), {@code spec.resolved.yaml}
 * (overrides applied), {@code provenance.json}, {@code units/} (one JSON per finished unit of work,
 * the resume points), {@code results.json}, per-item CSVs, {@code charts/} and {@code index.html}.
 * {@code complete.json} is written last and lists every output: a run is complete only when it and
 * all files it lists exist.
 */
public final class RunDirectory {
    public static final String RESOLVED_SPEC = "spec.resolved.yaml";
    public static final String ORIGINAL_SPEC = "experiment.yaml";
    public static final String PROVENANCE = "provenance.json";
    public static final String RESULTS = org.biaslab.util.VersionedResults.FILE;
    public static final String REPORT = "index.html";
    public static final String COMPLETE = "complete.json";
    public static final String UNITS = "units";
    /** Present in a shard run's folder: which shard, whether it finished; such a run is partial. */
    public static final String SHARD_NOTE = "shard.json";

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public void writeText(String relative, String text) throws IOException {
        AtomicFiles.writeString(resolve(relative), text);
    }

    public void writeJson(String relative, Object value) throws IOException {
        Json.write(resolve(relative), value);
    }

    public JsonNode readJson(String relative) throws IOException {
        return Json.mapper().readTree(resolve(relative).toFile());
    }

    /** A finished unit of work, if this run already did it. */
    public <T> Optional<T> unit(String id, Class<T> type) throws IOException {
        Path p = resolve(UNITS + "/" + id + ".json");
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        return Optional.of(Json.mapper().readValue(p.toFile(), type));
    }

    /** Stores a finished unit atomically: a killed run resumes after the last stored unit. */
    public void saveUnit(String id, Object value) throws IOException {
        writeJson(UNITS + "/" + id + ".json", value);
    }

    /**
     * The folder that keeps an unfinished unit's checkpoints next to its JSON, {@code
     * units/<id>.partial/}; the unit deletes it once stored.
     */
    public Path partialUnit(String id) {
        return resolve(UNITS + "/" + id + ".partial");
    }

    /** Whether {@code complete.json} exists and every file it lists is present. */
    public boolean isComplete() throws IOException {
        Path c = resolve(COMPLETE);
        if (!Files.isRegularFile(c)) {
            return false;
        }
        for (JsonNode f : Json.mapper().readTree(c.toFile()).path("files")) {
            if (!Files.isRegularFile(resolve(f.asText()))) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code complete.json} listing every file of the run (except units and itself). */
    public void markComplete() throws IOException {
        List<String> files = new ArrayList<>();
        try (var s = Files.walk(root)) {
            s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals(COMPLETE) && !p.startsWith(UNITS + "/") && !p.contains("/.") && !p.startsWith("."))
                    .sorted()
                    .forEach(files::add);
        }
        writeJson(COMPLETE, java.util.Map.of("files", files));
    }

    /** Removes the completion marker (a re-run that must redo its outputs). */
    public void clearComplete() throws IOException {
        Files.deleteIfExists(resolve(COMPLETE));
    }

    /**
     * Refuses an output folder that holds files but no biaslab run: biaslab never writes over, lists or
     * deletes what it did not write. A missing or empty folder, or one with a stored spec, passes.
     */
    public void requireRunOrEmpty() throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("output " + root + " is a file, not a folder; choose a new or empty --out folder");
        }
        if (Files.isRegularFile(resolve(RESOLVED_SPEC))) {
            return;
        }
        List<String> foreign;
        try (var s = Files.list(root)) {
            // experiment.yaml alone: a run killed before it stored its resolved spec
            foreign = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(ORIGINAL_SPEC)).sorted().toList();
        }
        if (!foreign.isEmpty()) {
            throw new IOException("output folder " + root + " is not empty and holds no biaslab run (no " + RESOLVED_SPEC
                    + "; it holds " + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                    + (foreign.size() > 5 ? ", ... (" + foreign.size() + " entries)" : "") + "); biaslab never writes "
                    + "into a folder it did not create: choose a new or empty --out folder");
        }
    }

    /** The resolved spec stored by an earlier run in this folder, if any. */
    public Optional<String> storedSpec() throws IOException {
        Path p = resolve(RESOLVED_SPEC);
        return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** The shard note of a shard run ({@value #SHARD_NOTE}), if this folder holds one. */
    public Optional<JsonNode> shardNote() throws IOException {
        Path p = resolve(SHARD_NOTE);
        return Files.isRegularFile(p) ? Optional.of(readJson(SHARD_NOTE)) : Optional.empty();
    }

    /** Writes the note that this folder holds shard {@code shard} of a run: partial, never complete. */
    public void writeShardNote(org.biaslab.store.Shard shard, boolean finished) throws IOException {
        var note = new java.util.LinkedHashMap<String, Object>();
        note.put("shard", shard.toString());
        note.put("partial", true);
        note.put("finished", finished);
        note.put("note", "PARTIAL run: the records of shard " + shard + " only, with no results and no report. "
                + "Merge all " + shard.count() + " shards with: biaslab merge OUT_DIR SHARD_DIR...");
        writeJson(SHARD_NOTE, note);
    }
}
