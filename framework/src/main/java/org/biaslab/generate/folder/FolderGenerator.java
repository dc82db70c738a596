package org.biaslab.generate.folder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.biaslab.generate.BlankImageException;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.generate.ImageInspection;
import org.biaslab.generate.ServerInfo;
import org.biaslab.util.Json;

/** Serves the images of a manifest as if they had just been generated (see the package doc). */
public final class FolderGenerator implements ImageGenerator {
    public static final String ID = "folder";

    private final ImageManifest manifest;
    private final Optional<String> model;

    /**
     * @param manifest the checked manifest
     * @param model the model for rows without a {@code model} column value; may be empty only when
     *     every row names its model
     */
    public FolderGenerator(ImageManifest manifest, Optional<String> model) {
        this.manifest = manifest;
        this.model = model.filter(s -> !s.isBlank());
        if (this.model.isEmpty()) {
            for (ManifestEntry e : manifest.entries()) {
                if (e.model().isEmpty()) {
                    throw new IllegalArgumentException(manifest.file() + ":" + e.line()
                            + ": model: row names no model and the generator sets none");
                }
            }
        }
    }

    public ImageManifest manifest() {
        return manifest;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ID);
        m.put("manifest", manifest.file().toString());
        m.put("images", manifest.entries().size());
        model.ifPresent(s -> m.put("model", s));
        return m;
    }

    @Override
    public GeneratedImage generate(GenerationRequest request) throws GenerationException {
        String source = manifest.file().toString();
        ManifestEntry e = manifest.find(request.prompt(), request.sampleIndex()).orElseThrow(() ->
                new GenerationException(GenerationException.Kind.CONFIGURATION, source, "folder " + source
                        + ": no row for prompt '" + request.prompt() + "' sample " + request.sampleIndex()));
        String where = "folder " + source + ":" + e.line() + " (" + e.relativeFile() + ")";
        long start = System.nanoTime();
        byte[] bytes;
        try {
            if (Files.isDirectory(e.file())) {
                throw new GenerationException(GenerationException.Kind.CONFIGURATION, source,
                        where + ": is a directory, not an image file");
            }
            long size = Files.size(e.file());
            if (size > ImageInspection.MAX_BYTES) {
                throw new GenerationException(GenerationException.Kind.CONFIGURATION, source, where + ": the file is "
                        + size + " bytes; an image is at most " + ImageInspection.MAX_BYTES + " bytes (not read)");
            }
            bytes = Files.readAllBytes(e.file());
        } catch (IOException ex) {
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, source,
                    where + ": cannot read the image: " + ex, ex);
        }
        ImageInspection inspection;
        try {
            inspection = ImageInspection.of(bytes);
        } catch (IOException ex) {
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, source,
                    where + ": the image does not decode: " + ex.getMessage(), ex);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        ObjectNode info = Json.mapper().createObjectNode();
        info.put("file", e.relativeFile());
        info.put("manifest_line", e.line());
        info.put("occupation", e.occupation());
        e.template().ifPresent(t -> info.put("template", t));
        info.put("sample_index", e.sampleIndex());
        if (e.seed().isPresent()) {
            info.put("seed", e.seed().getAsLong());
        } else {
            info.putNull("seed");
        }
        info.set("attributes", Json.mapper().valueToTree(e.attributes()));
        boolean honoured = e.seed().isPresent() && e.seed().getAsLong() == request.seed();
        GeneratedImage image = new GeneratedImage(bytes, inspection.format(), inspection.width(),
                inspection.height(), e.seed(), honoured, e.model().orElseGet(model::get), ID, source, latency, 1,
                ServerInfo.sanitize(info).toString());
        if (inspection.blank()) {
            throw new BlankImageException(image, inspection.meanRgb(), where);
        }
        return image;
    }

    @Override
    public String toString() {
        return "FolderGenerator[" + manifest.file() + ", " + manifest.entries().size() + " images]";
    }
}
