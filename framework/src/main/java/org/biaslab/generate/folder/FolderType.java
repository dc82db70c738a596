package org.biaslab.generate.folder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.biaslab.experiment.SpecMap;
import org.biaslab.experiment.SpecProblem;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.GeneratorType;
import org.biaslab.generate.ImageGenerator;

/**
 * Reads a {@code folder} generator section; the manifest is read and checked here, so its problems
 * are reported with the experiment's.
 *
 * <pre>
 * generator:
 *   type: folder
 *   manifest: imports/sdxl/manifest.csv   # relative to the experiment file
 *   model: "SDXL 1.0 (imported)"          # required unless every row has a model
 * </pre>
 */
public final class FolderType implements GeneratorType {

    /**
     * @param manifest the manifest file
     * @param model model name for rows that give none
     */
    public record Config(Path manifest, Optional<String> model) implements GeneratorConfig {
        public Config {
            if (manifest == null || model == null) {
                throw new IllegalArgumentException("manifest and model must not be null");
            }
        }

        @Override
        public String type() {
            return FolderGenerator.ID;
        }

        @Override
        public ImageGenerator open() throws GenerationException {
            try {
                return new FolderGenerator(ImageManifest.read(manifest), model);
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
        if (manifest == null) {
            return null;
        }
        ImageManifest read;
        try {
            read = ImageManifest.read(manifest);
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
        return new Config(manifest, model);
    }
}
