package org.biaslab.debias.lm;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import org.biaslab.engine.Torch;
import org.biaslab.util.AtomicFiles;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The on-disk form of a trained encoder: a directory with
 *
 * <ul>
 *   <li>{@code config.json}: format, kind and architecture (what loading needs);
 *   <li>{@code vocabulary.tsv}: {@link Vocabulary#save};
 *   <li>{@code parameters.bin}: DJL's {@code Block.saveParameters} of the {@link TokenEncoder};
 *   <li>{@code card.json}, {@code card.md}: the {@link ModelCard};
 *   <li>{@code manifest.sha256}: {@code sha256sum} lines ({@code <hex>  <file>}) of the five files
 *       above, checked on load.
 * </ul>
 *
 * Trained models belong under the ignored cache, {@link #cacheDirectory}.
 */
public final class ModelFiles {
    static final String FORMAT = "biaslab-lm v1";
    static final String CONFIG = "config.json";
    static final String VOCABULARY = "vocabulary.tsv";
    static final String PARAMETERS = "parameters.bin";
    static final String CARD_JSON = "card.json";
    static final String CARD_MD = "card.md";
    static final String MANIFEST = "manifest.sha256";
    static final List<String> FILES = List.of(CARD_JSON, CARD_MD, CONFIG, PARAMETERS, VOCABULARY);

    private ModelFiles() {}

    /** {@code <biaslab.root>/.cache/models/lm/<name>}; fails when the system property is unset. */
    public static Path cacheDirectory(String name) {
        String root = System.getProperty("biaslab.root");
        if (root == null || root.isBlank()) {
            throw new IllegalStateException("system property biaslab.root is not set");
        }
        if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("name must be a plain directory name, got '" + name + "'");
        }
        return Path.of(root).resolve(".cache").resolve("models").resolve("lm").resolve(name);
    }

    /** What {@link #load} reads. */
    record Loaded(Model model, TokenEncoder encoder, Vocabulary vocabulary, ModelCard card) {}

    static void save(Path dir, String kind, TokenEncoder encoder, Vocabulary vocabulary, ModelCard card)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("format", FORMAT);
        config.put("kind", kind);
        config.put("vocabularySize", vocabulary.size());
        config.put("encoder", encoder.config().toMap());
        Json.write(dir.resolve(CONFIG), config);
        vocabulary.save(dir.resolve(VOCABULARY));
        AtomicFiles.write(dir.resolve(PARAMETERS), out -> {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
            encoder.saveParameters(data);
            data.flush();
        });
        Json.write(dir.resolve(CARD_JSON), card.toMap());
        AtomicFiles.writeString(dir.resolve(CARD_MD), card.toMarkdown());
        StringBuilder manifest = new StringBuilder();
        for (String file : FILES) {
            manifest.append(Hashing.sha256(dir.resolve(file))).append("  ").append(file).append('\n');
        }
        AtomicFiles.writeString(dir.resolve(MANIFEST), manifest.toString());
    }

    /** SHA-256 per file, as listed in the directory's manifest. */
    public static Map<String, String> manifest(Path dir) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: not a saved model directory");
        }
        Map<String, String> hashes = new TreeMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("  ", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                throw new IOException(file + ": line " + (i + 1) + " is not '<sha256>  <file>': '" + lines.get(i) + "'");
            }
            hashes.put(parts[1], parts[0]);
        }
        return hashes;
    }

    /** Checks the manifest, then reads the model; the caller closes the returned model. */
    @SuppressWarnings("unchecked")
    static Loaded load(Path dir, String expectedKind) throws IOException {
        Map<String, String> hashes = manifest(dir);
        for (String file : FILES) {
            String expected = hashes.get(file);
            if (expected == null) {
                throw new IOException(dir.resolve(MANIFEST) + " does not list " + file);
            }
            Path path = dir.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new IOException(path + " is missing");
            }
            String actual = Hashing.sha256(path);
            if (!actual.equals(expected)) {
                throw new IOException(path + ": SHA-256 " + actual + " differs from the manifest's " + expected);
            }
        }
        Map<String, Object> config = Json.mapper().readValue(dir.resolve(CONFIG).toFile(), Map.class);
        ModelCard card;
        EncoderConfig encoderConfig;
        int vocabularySize;
        try {
            if (!FORMAT.equals(config.get("format"))) {
                throw new IllegalArgumentException("format must be '" + FORMAT + "', got " + config.get("format"));
            }
            if (!expectedKind.equals(config.get("kind"))) {
                throw new IllegalArgumentException("kind must be '" + expectedKind + "', got " + config.get("kind"));
            }
            encoderConfig = EncoderConfig.fromMap((Map<String, ?>) config.get("encoder"));
            vocabularySize = MapFields.integer(config, "vocabularySize");
            card = ModelCard.fromMap(Json.mapper().readValue(dir.resolve(CARD_JSON).toFile(), Map.class));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IOException(dir.resolve(CONFIG) + " or " + CARD_JSON + ": " + e.getMessage(), e);
        }
        Vocabulary vocabulary = Vocabulary.load(dir.resolve(VOCABULARY));
        if (vocabulary.size() != vocabularySize) {
            throw new IOException(dir.resolve(VOCABULARY) + " has " + vocabulary.size() + " entries, config says "
                    + vocabularySize);
        }
        Model model = Torch.newModel(expectedKind);
        try {
            TokenEncoder encoder = new TokenEncoder(vocabulary.size(), encoderConfig);
            model.setBlock(encoder);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMETERS)))) {
                encoder.loadParameters(model.getNDManager(), new DataInputStream(in));
            } catch (MalformedModelException e) {
                throw new IOException(dir.resolve(PARAMETERS) + ": " + e.getMessage(), e);
            }
            return new Loaded(model, encoder, vocabulary, card);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Trainable parameter count. */
    static long parameterCount(TokenEncoder encoder) {
        long n = 0;
        for (Parameter p : encoder.parameterList()) {
            Shape s = p.getArray().getShape();
            n += s.size();
        }
        return n;
    }
}
