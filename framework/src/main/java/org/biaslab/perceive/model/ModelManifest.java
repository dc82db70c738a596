package org.biaslab.perceive.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a pretrained model comes from and what it must contain: one npm package at one version,
 * its license, the registry's integrity string of the tarball ({@code sha512-<base64>}, as
 * {@code npm view PKG@VERSION dist.integrity} prints it) and the SHA-256 of every file used, by its
 * path inside the package. Read from a YAML file in {@code models/}:
 *
 * <pre>
 * package: "@vladmandic/face-api"
 * version: 1.7.15
 * license: MIT
 * integrity: sha512-...
 * files:
 *   model/tiny_face_detector_model.bin: 0f3e...
 * </pre>
 *
 * @param packageName npm package name, optionally scoped ({@code @scope/name})
 * @param version     exact version (no ranges)
 * @param license     SPDX license id of the package
 * @param integrity   {@code sha512-} followed by the base64 SHA-512 of the tarball
 * @param files       path inside the package to lower-case hex SHA-256, at least one, sorted
 */
public record ModelManifest(String packageName, String version, String license, String integrity,
        Map<String, String> files) {

    private static final Pattern NAME = Pattern.compile("(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.+-]+)?");
    private static final Pattern INTEGRITY = Pattern.compile("sha512-[A-Za-z0-9+/]{86}==");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> KEYS = List.of("package", "version", "license", "integrity", "files");

    public ModelManifest {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(files, "files");
        if (!NAME.matcher(packageName).matches()) {
            throw new IllegalArgumentException("package must be an npm package name, was '" + packageName + "'");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must be an exact version such as 1.2.3, was '" + version + "'");
        }
        if (license.isBlank()) {
            throw new IllegalArgumentException("license must not be blank");
        }
        if (!INTEGRITY.matcher(integrity).matches()) {
            throw new IllegalArgumentException("integrity must be 'sha512-' and 88 base64 characters, was '"
                    + integrity + "'");
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("files must list at least one file");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            String path = Objects.requireNonNull(e.getKey(), "files key");
            String sha = Objects.requireNonNull(e.getValue(), "files[" + path + "]");
            checkPath(path);
            if (!SHA256.matcher(sha).matches()) {
                throw new IllegalArgumentException("files[" + path + "] must be 64 lower-case hex digits (SHA-256), was '"
                        + sha + "'");
            }
            copy.put(path, sha);
        }
        files = Collections.unmodifiableSortedMap(copy);
    }

    private static void checkPath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.endsWith("/")) {
            throw new IllegalArgumentException("files key must be a relative file path inside the package, was '"
                    + path + "'");
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("files key must not contain empty, '.' or '..' parts, was '"
                        + path + "'");
            }
        }
    }

    /** {@code package@version}, as npm spells it on the command line. */
    public String spec() {
        return packageName + "@" + version;
    }

    /**
     * Folder name of the fetched package in the cache, the tarball name npm gives it without the
     * extension: {@code @vladmandic/face-api} 1.7.15 gives {@code vladmandic-face-api-1.7.15}.
     */
    public String cacheName() {
        String base = packageName.startsWith("@") ? packageName.substring(1).replace('/', '-') : packageName;
        return base + "-" + version;
    }

    /** Reads and validates a manifest file; every problem is named with the file. */
    public static ModelManifest read(Path file) throws ModelException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read model manifest: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelException(file + ": a model manifest must be a mapping with the fields " + KEYS);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new ModelException(file + ": unknown field '" + key + "' (known: " + new TreeMap<>(
                        Map.of("package", 1, "version", 1, "license", 1, "integrity", 1, "files", 1)).keySet() + ")");
            }
        }
        JsonNode files = root.path("files");
        if (!files.isObject()) {
            throw new ModelException(file + ": 'files' must map each path inside the package to its SHA-256");
        }
        Map<String, String> map = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
        try {
            return new ModelManifest(text(root, "package", file), text(root, "version", file),
                    text(root, "license", file), text(root, "integrity", file), map);
        } catch (IllegalArgumentException e) {
            throw new ModelException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String key, Path file) throws ModelException {
        JsonNode n = root.get(key);
        if (n == null || !n.isValueNode() || n.isNull()) {
            throw new ModelException(file + ": missing field '" + key + "'");
        }
        return n.asText();
    }
}
