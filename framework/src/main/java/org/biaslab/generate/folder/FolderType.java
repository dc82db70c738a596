package org.biaslab.generate.folder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.GeneratorType;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.spec.SpecMap;
import org.biaslab.spec.SpecProblem;

/**
 * Reads a {@code folder} generator section; the manifest is read and checked here, so its problems
 * are reported with the experiment's.
 *
 * <pre>
 * generator:
 *   type: folder
 *   manifest: imports/sdxl/manifest.csv   # relative to the experiment file
 *   model: "SDXL 1.0 (imported)"          # required unless every row has a model
 *   columns: {file: filename, occupation: profession, seed: none}   # optional: the manifest's own
 *                                          # column names (CSV only); seed: none = no seed column
 *   image_dir: images                      # optional: folder the file column is relative to
 *                                          # (relative to the manifest; default its folder)
 *   allow_outside_image_dir: false         # optional: let rows name files outside that folder
 *                                          # (absolute, ../, links elsewhere); refused by default
 * </pre>
 */
public final class FolderType implements GeneratorType {

    /**
     * @param manifest the manifest file
     * @param model model name for rows that give none
     */
    public record Config(Path manifest, Optional<String> model, Map<String, String> columns, Path imageDir,
            boolean allowOutsideImageDir) implements GeneratorConfig {
        public Config {
            if (manifest == null || model == null || columns == null) {
                throw new IllegalArgumentException("manifest, model and columns must not be null");
            }
            columns = Map.copyOf(columns);
        }

        public Config(Path manifest, Optional<String> model) {
            this(manifest, model, Map.of(), null, false);
        }

        /** Reads the manifest with this section's column mapping and image folder. */
        public ImageManifest read() throws IOException, ManifestException {
            return ImageManifest.read(manifest, columns, imageDir, allowOutsideImageDir);
        }

        @Override
        public String type() {
            return FolderGenerator.ID;
        }

        @Override
        public ImageGenerator open() throws GenerationException {
            try {
                return new FolderGenerator(read(), model);
            } catch (ManifestException e) {
                throw new GenerationException(GenerationException.Kind.CONFIGURATION, manifest.toString(),
                        e.getMessage(), e);
            } catch (IOException e) {
                throw new GenerationException(GenerationException.Kind.CONFIGURATION, manifest.toString(),
                        "cannot read manifest " + manifest + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new GenerationException(GenerationException.Kind.CONFIGURATION, manifest.toString(),
                        e.getMessage(), e);
            }
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", FolderGenerator.ID);
            m.put("manifest", manifest.toString());
            model.ifPresent(s -> m.put("model", s));
            if (!columns.isEmpty()) {
                m.put("columns", new java.util.TreeMap<>(columns));
            }
            if (imageDir != null) {
                m.put("image_dir", imageDir.toString());
            }
            if (allowOutsideImageDir) {
                m.put("allow_outside_image_dir", true);
            }
            return m;
        }

        @Override
        public List<Path> inputs() {
            return List.of(manifest);
        }
    }

    @Override
    public GeneratorConfig read(SpecMap m, long experimentSeed) {
        Path manifest = m.file("manifest");
        Optional<String> model = m.has("model") ? Optional.ofNullable(m.string("model")) : Optional.empty();
        Map<String, String> columns = new LinkedHashMap<>();
        Optional<SpecMap> cm = m.optionalMap("columns");
        if (cm.isPresent()) {
            for (String k : cm.get().keys()) {
                if (!ImageManifest.REQUIRED.contains(k) && !ImageManifest.OPTIONAL.contains(k)) {
                    cm.get().problem(k, "unknown standard column '" + k + "'; expected one of file, prompt, "
                            + "occupation, seed, template, sample_index, model");
                    cm.get().string(k, "");
                    continue;
                }
                String v = cm.get().string(k);
                if (v != null) {
                    columns.put(k, v);
                }
            }
            cm.get().done();
        }
        Path imageDir = null;
        if (m.has("image_dir") && manifest != null) {
            String d = m.string("image_dir");
            if (d != null) {
                imageDir = manifest.getParent().resolve(d).normalize();
                if (!java.nio.file.Files.isDirectory(imageDir)) {
                    m.problem("image_dir", "folder '" + d + "' not found (resolved to " + imageDir + ")");
                    return null;
                }
            }
        }
        if (manifest == null) {
            return null;
        }
        boolean allowOutside = m.bool("allow_outside_image_dir", false);
        ImageManifest read;
        try {
            read = ImageManifest.read(manifest, columns, imageDir, allowOutside);
        } catch (ManifestException e) {
            for (SpecProblem p : e.problems()) {
                m.problem("manifest", p.toString());
            }
            return null;
        } catch (IOException e) {
            m.problem("manifest", "cannot read " + manifest + ": " + e.getMessage());
            return null;
        }
        if (model.isEmpty()) {
            for (ManifestEntry e : read.entries()) {
                if (e.model().isEmpty()) {
                    m.problem("model", "required: manifest row " + e.line() + " (and maybe others) names no model");
                    return null;
                }
            }
        }
        return new Config(manifest, model, columns, imageDir, allowOutside);
    }
}
