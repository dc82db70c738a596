package org.biaslab.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping of an experiment, read field by field. Each accessor records a problem (file, line,
 * field, value) instead of throwing, and returns a fallback so reading goes on and every problem is
 * reported at once. Call {@link #done()} after reading: keys never asked for are reported as
 * unknown, never ignored.
 */
public final class SpecMap {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private final SpecDocument doc;
    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> asked = new LinkedHashSet<>();

    SpecMap(SpecDocument doc, MappingNode node, String path) {
        this.doc = doc;
        this.node = node;
        this.path = path;
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                doc.problem(t.getKeyNode(), path, "keys must be plain names");
                continue;
            }
            if (entries.containsKey(k.getValue())) {
                doc.problem(k, field(k.getValue()), "duplicate key");
            }
            entries.put(k.getValue(), t);
        }
    }

    public SpecDocument document() {
        return doc;
    }

    /** The line this mapping starts on in its file (1-based; 0 when unknown). */
    public int line() {
        return SpecDocument.line(node);
    }

    /** Dotted path of this mapping, e.g. {@code models[1]}. */
    public String path() {
        return path;
    }

    public String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        asked.add(key);
        return entries.containsKey(key);
    }

    /** The keys present, in file order (marks none as read). */
    public List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    /** Records a problem about {@code key} (at its value's line, or this mapping's line). */
    public void problem(String key, String message) {
        NodeTuple t = entries.get(key);
        doc.problem(t == null ? node : t.getValueNode(), field(key), message);
    }

    /** Records a problem about this mapping as a whole. */
    public void problem(String message) {
        doc.problem(node, path, message);
    }

    private Optional<Node> value(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        return t == null ? Optional.empty() : Optional.of(t.getValueNode());
    }

    private Optional<String> scalar(String key) {
        Optional<Node> v = value(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        doc.problem(v.get(), field(key), "expected a single value, found " + SpecDocument.describe(v.get()));
        return Optional.empty();
    }

    /** A required non-blank string; null after recording a problem. */
    public String string(String key) {
        Optional<String> s = scalar(key);
        if (s.isEmpty() || s.get().isBlank()) {
            if (entries.containsKey(key) && s.isPresent()) {
                problem(key, "must not be empty");
            } else if (!entries.containsKey(key)) {
                problem("missing required field '" + key + "'");
            }
            return null;
        }
        return s.get();
    }

    public String string(String key, String fallback) {
        return scalar(key).orElse(fallback);
    }

    /** A string that must match {@code pattern}; {@code rule} explains it in the message. */
    public String name(String key, Pattern pattern, String rule) {
        String s = string(key);
        if (s != null && !pattern.matcher(s).matches()) {
            problem(key, "'" + s + "' is not a valid name: " + rule);
            return null;
        }
        return s;
    }

    public String choice(String key, Collection<String> allowed, String fallback) {
        Optional<String> s = scalar(key);
        if (s.isEmpty()) {
            if (fallback == null && !entries.containsKey(key)) {
                problem("missing required field '" + key + "' (one of " + String.join(", ", allowed) + ")");
            }
            return fallback;
        }
        if (!allowed.contains(s.get())) {
            problem(key, "unknown value '" + s.get() + "'; expected one of " + String.join(", ", allowed));
            return fallback;
        }
        return s.get();
    }

    public long integer(String key, long fallback, long min, long max) {
        Optional<String> s = scalar(key);
        if (s.isEmpty()) {
            return fallback;
        }
        String v = s.get().replace("_", "");
        if (!INTEGER.matcher(v).matches()) {
            problem(key, "'" + s.get() + "' is not an integer");
            return fallback;
        }
        long x;
        try {
            x = Long.parseLong(v);
        } catch (NumberFormatException e) {
            problem(key, "'" + s.get() + "' is out of range");
            return fallback;
        }
        if (x < min || x > max) {
            problem(key, x + " is out of range [" + min + ", " + max + "]");
            return fallback;
        }
        return x;
    }

    public int integer(String key, int fallback, int min, int max) {
        return (int) integer(key, (long) fallback, min, (long) max);
    }

    public double number(String key, double fallback, double min, double max) {
        Optional<String> s = scalar(key);
        if (s.isEmpty()) {
            return fallback;
        }
        double x;
        try {
            x = Double.parseDouble(s.get().replace("_", ""));
        } catch (NumberFormatException e) {
            problem(key, "'" + s.get() + "' is not a number");
            return fallback;
        }
        if (!(x >= min && x <= max)) {
            problem(key, s.get() + " is out of range [" + min + ", " + max + "]");
            return fallback;
        }
        return x;
    }

    /** Strictly {@code true} or {@code false}: "False", "no", "0" are rejected, never guessed. */
    public boolean bool(String key, boolean fallback) {
        Optional<String> s = scalar(key);
        if (s.isEmpty()) {
            return fallback;
        }
        return switch (s.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(key, "'" + s.get() + "' is not a boolean; write true or false");
                yield fallback;
            }
        };
    }

    /** A required path to an existing regular file, resolved against the experiment's folder. */
    public Path file(String key) {
        String s = string(key);
        if (s == null) {
            return null;
        }
        Path p = doc.baseDir().resolve(s).normalize();
        if (!Files.isRegularFile(p)) {
            problem(key, "file '" + s + "' not found (resolved to " + p + ")");
            return null;
        }
        if (!Files.isReadable(p)) {
            problem(key, "file '" + s + "' is not readable (" + p + ")");
            return null;
        }
        return p;
    }

    /** An optional file: empty when the key is absent; a problem when present but missing. */
    public Optional<Path> optionalFile(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        return Optional.ofNullable(file(key));
    }

    /** An output or scratch path (need not exist), resolved against the experiment's folder. */
    public Path outputPath(String key, String fallback) {
        String s = string(key, fallback);
        return s == null ? null : doc.baseDir().resolve(s).normalize();
    }

    public SpecMap map(String key) {
        Optional<Node> v = value(key);
        if (v.isEmpty()) {
            problem("missing required section '" + key + "'");
            return empty(key);
        }
        return asMap(v.get(), field(key));
    }

    public Optional<SpecMap> optionalMap(String key) {
        Optional<Node> v = value(key);
        return v.map(n -> asMap(n, field(key)));
    }

    /** A list of mappings; a problem when missing (if required) or when an item is not a mapping. */
    public List<SpecMap> maps(String key, boolean required) {
        Optional<Node> v = value(key);
        List<SpecMap> out = new ArrayList<>();
        if (v.isEmpty()) {
            if (required) {
                problem("missing required list '" + key + "'");
            }
            return out;
        }
        if (!(v.get() instanceof SequenceNode seq)) {
            doc.problem(v.get(), field(key), "expected a list, found " + SpecDocument.describe(v.get()));
            return out;
        }
        if (seq.getValue().isEmpty() && required) {
            doc.problem(seq, field(key), "must not be empty");
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(asMap(seq.getValue().get(i), field(key) + "[" + i + "]"));
        }
        return out;
    }

    /** A list of strings (a single scalar counts as a one-item list). */
    public List<String> strings(String key, List<String> fallback) {
        Optional<Node> v = value(key);
        if (v.isEmpty()) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        if (v.get() instanceof ScalarNode s) {
            out.add(s.getValue());
        } else if (v.get() instanceof SequenceNode seq) {
            for (Node n : seq.getValue()) {
                if (n instanceof ScalarNode s) {
                    out.add(s.getValue());
                } else {
                    doc.problem(n, field(key), "list items must be single values, found " + SpecDocument.describe(n));
                }
            }
        } else {
            doc.problem(v.get(), field(key), "expected a list of values, found a mapping");
        }
        return out;
    }

    /** Entries of a mapping whose values are mappings, keyed by name (e.g. {@code attributes}). */
    public Map<String, SpecMap> namedMaps(String key, boolean required) {
        Map<String, SpecMap> out = new LinkedHashMap<>();
        Optional<SpecMap> m = required ? Optional.of(map(key)) : optionalMap(key);
        if (m.isEmpty()) {
            return out;
        }
        SpecMap section = m.get();
        if (required && section.entries.isEmpty() && entries.containsKey(key)) {
            problem(key, "must not be empty");
        }
        for (String k : section.keys()) {
            out.put(k, section.map(k));
        }
        return out;
    }

    /** Reports keys that were never read as unknown, naming the keys that are allowed. */
    public void done() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!asked.contains(e.getKey())) {
                doc.problem(e.getValue().getKeyNode(), field(e.getKey()),
                        "unknown field '" + e.getKey() + "'" + (asked.isEmpty() ? ""
                                : "; allowed here: " + String.join(", ", asked)));
            }
        }
    }

    private SpecMap asMap(Node n, String field) {
        if (n instanceof MappingNode m) {
            return new SpecMap(doc, m, field);
        }
        doc.problem(n, field, "expected a mapping of fields, found " + SpecDocument.describe(n));
        return new SpecMap(doc, new MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP, new ArrayList<>(),
                org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK), field);
    }

    private SpecMap empty(String key) {
        return new SpecMap(doc, new MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP, new ArrayList<>(),
                org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK), field(key));
    }
}
