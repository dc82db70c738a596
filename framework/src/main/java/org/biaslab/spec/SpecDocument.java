package org.biaslab.spec;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.DumperOptions;

/**
 * A parsed experiment file that keeps YAML line numbers, so every problem names file, line, field
 * and value. Reading is done through {@link SpecMap}; problems accumulate here and are thrown
 * together by {@link #throwIfProblems()}.
 */
public final class SpecDocument {
    private final Path file;
    private final Path baseDir;
    private final String text;
    private final List<SpecProblem> problems = new ArrayList<>();
    private final MappingNode root;

    private SpecDocument(Path file, String text, MappingNode root) {
        this.file = file;
        this.baseDir = file.toAbsolutePath().normalize().getParent();
        this.text = text;
        this.root = root;
    }

    /**
     * Parses {@code file} and applies {@code --set key=value} overrides (dotted paths; list items by
     * index, e.g. {@code classifiers.0.epochs=2}; values are YAML, e.g. {@code protocols=[paired]}).
     *
     * @throws SpecException for a missing file, a YAML syntax error, a root that is not a mapping or
     *     a malformed override
     */
    public static SpecDocument load(Path file, List<String> overrides) throws SpecException {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw single(file, 0, "", "is a directory, not an experiment file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw single(file, 0, "", "experiment file is " + size + " bytes; an experiment is at most " + MAX_BYTES
                        + " bytes (long lists belong in files the experiment names)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw single(file, 0, "", "experiment file not found");
        } catch (IOException e) {
            throw single(file, 0, "", "cannot read experiment file: " + e.getMessage());
        }
        return parse(file, utf8(file, bytes), overrides);
    }

    /** The largest experiment file read (experiments are a few KB; longer data lives in named files). */
    static final int MAX_BYTES = 256 * 1024;
    /** The longest line (and so the longest one-line value) of an experiment file. */
    static final int MAX_LINE = 16 * 1024;

    /** The bytes as UTF-8, or an error naming the line and byte of the first invalid sequence. */
    static String utf8(Path file, byte[] bytes) throws SpecException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw single(file, line, "", String.format(Locale.ROOT, "the file is not UTF-8: invalid byte 0x%02X at "
                    + "column %d of line %d (save the experiment as UTF-8)", bytes[at] & 0xFF, at - lineStart + 1, line));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Parses YAML text that claims to come from {@code file} (used for tests and stored specs). */
    public static SpecDocument parse(Path file, String text, List<String> overrides) throws SpecException {
        if (text.length() > MAX_BYTES) {
            throw single(file, 0, "", "experiment text is " + text.length() + " characters; at most " + MAX_BYTES);
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - lineStart > MAX_LINE) {
                    throw single(file, line, "", "line " + line + " is " + (i - lineStart) + " characters long; at most "
                            + MAX_LINE + " (a long value belongs in a file the experiment names)");
                }
                line++;
                lineStart = i + 1;
            }
        }
        Node node;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(MAX_BYTES);
            node = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            throw single(file, m == null ? 0 : m.getLine() + 1, "",
                    "YAML syntax error: " + e.getProblem());
        } catch (YAMLException e) {
            throw single(file, 0, "", "YAML error: " + e.getMessage());
        }
        if (!(node instanceof MappingNode mapping)) {
            throw single(file, node == null ? 0 : line(node), "",
                    "the experiment must be a YAML mapping of fields (name, kind, ...), found "
                            + (node == null ? "an empty file" : describe(node)));
        }
        SpecDocument doc = new SpecDocument(file, text, mapping);
        for (String o : overrides) {
            doc.applyOverride(o);
        }
        doc.throwIfProblems();
        return doc;
    }

    public Path file() {
        return file;
    }

    /** Directory that relative paths in the experiment resolve against. */
    public Path baseDir() {
        return baseDir;
    }

    /** The file's original text (overrides not applied). */
    public String text() {
        return text;
    }

    public SpecMap root() {
        return new SpecMap(this, root, "");
    }

    /** The document with overrides applied, as YAML text. */
    public String resolvedYaml() {
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        java.io.StringWriter w = new java.io.StringWriter();
        new Yaml(opts).serialize(root, w);
        return w.toString();
    }

    public void problem(Node at, String field, String message) {
        problems.add(new SpecProblem(file, at == null ? 0 : line(at), field, message));
    }

    public List<SpecProblem> problems() {
        return List.copyOf(problems);
    }

    public void throwIfProblems() throws SpecException {
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
    }

    static int line(Node node) {
        Mark m = node.getStartMark();
        return m == null ? 0 : m.getLine() + 1;
    }

    static String describe(Node node) {
        if (node instanceof ScalarNode s) {
            return "'" + s.getValue() + "'";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a mapping";
    }

    private static SpecException single(Path file, int line, String field, String message) {
        return new SpecException(List.of(new SpecProblem(file, line, field, message)));
    }

    private void applyOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            problems.add(new SpecProblem(file, 0, "--set " + override,
                    "expected key=value, e.g. seeds=3 or classifiers.0.epochs=2"));
            return;
        }
        String key = override.substring(0, eq).trim();
        String valueText = override.substring(eq + 1);
        Node value;
        try {
            value = new Yaml().compose(new StringReader(valueText));
        } catch (YAMLException e) {
            problems.add(new SpecProblem(file, 0, "--set " + key, "value '" + valueText + "' is not valid YAML"));
            return;
        }
        if (value == null) {
            value = new ScalarNode(Tag.STR, "", null, null, DumperOptions.ScalarStyle.PLAIN);
        }
        String[] parts = key.split("\\.");
        Node current = root;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (current instanceof MappingNode m) {
                NodeTuple found = null;
                int index = -1;
                List<NodeTuple> tuples = m.getValue();
                for (int t = 0; t < tuples.size(); t++) {
                    if (tuples.get(t).getKeyNode() instanceof ScalarNode k && k.getValue().equals(part)) {
                        found = tuples.get(t);
                        index = t;
                    }
                }
                if (last) {
                    NodeTuple nt = new NodeTuple(scalar(part), value);
                    if (found == null) {
                        tuples.add(nt);
                    } else {
                        tuples.set(index, nt);
                    }
                } else if (found == null) {
                    MappingNode child = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
                    tuples.add(new NodeTuple(scalar(part), child));
                    current = child;
                } else {
                    current = found.getValueNode();
                }
            } else if (current instanceof SequenceNode s) {
                int idx;
                try {
                    idx = Integer.parseInt(part);
                } catch (NumberFormatException e) {
                    idx = -1;
                }
                if (idx < 0 || idx >= s.getValue().size()) {
                    problems.add(new SpecProblem(file, line(s), "--set " + key,
                            "'" + part + "' is not an index of this list (0.." + (s.getValue().size() - 1) + ")"));
                    return;
                }
                if (last) {
                    s.getValue().set(idx, value);
                } else {
                    current = s.getValue().get(idx);
                }
            } else {
                problems.add(new SpecProblem(file, line(current), "--set " + key,
                        "cannot descend into " + describe(current) + " at '" + part + "'"));
                return;
            }
        }
    }

    private static ScalarNode scalar(String v) {
        return new ScalarNode(Tag.STR, v, null, null, DumperOptions.ScalarStyle.PLAIN);
    }
}
