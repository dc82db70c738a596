package org.biaslab.perceive.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.biaslab.engine.Torch;
import org.biaslab.perceive.model.Lifecycle;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.util.Json;

/**
 * A TF.js graph model ({@code model.json} with {@code format: graph-model}: a TensorFlow GraphDef in
 * JSON plus weight shards) evaluated on DJL's PyTorch engine, node by node, as the TF.js graph
 * executor evaluates it.
 *
 * <p>Loading reads the weights ({@link TfjsWeights}: float32, float16, uint8/uint16-quantized and
 * int32 constants), looks up every node's op in the op table ({@link #supportedOps()}) and prepares
 * it; an op the table lacks, or an attribute value an op does not support, fails here with a
 * {@link ModelException} naming the op and the node, before anything runs. Sub-graphs that depend
 * on constants only are evaluated once at load time, and constant filters are converted to
 * PyTorch's layout once. Tensors keep TensorFlow's layout (NHWC); see {@link Ops}.
 *
 * <p>Thread-safe: one instance may serve any number of threads. Each {@link #run} call puts the
 * arrays it makes into the caller's manager and frees intermediates as soon as no later node needs
 * them; the constants' manager is capped after loading, so no call can attach memory to it.
 */
public final class GraphModel implements AutoCloseable {
    /** A declared model input (from the signature). */
    public record Input(String name, DataType dataType, long[] shape) {
        public Input {
            shape = shape.clone();
        }

        /** Dimensions, -1 where any size is allowed. */
        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    private final Path source;
    private final NDManager constants;
    private final List<TfNode> order;
    private final Map<String, TfNode> nodes;
    private final Map<String, Kernel> kernels;
    private final Map<String, NDArray[]> constantValues;
    private final Map<String, boolean[]> consumed;
    private final Map<String, Input> inputs;
    private final List<String> outputs;
    private final Map<List<String>, Plan> plans = new ConcurrentHashMap<>();
    private final Lifecycle lifecycle;
    private final OnnxSegment onnx;

    /**
     * The part of the graph to run on ONNX Runtime instead of node by node on PyTorch: from the
     * NHWC image Placeholder {@code input} to the feature maps {@code outputs} ({@link OnnxExport}
     * lists the ops it takes). Turned off for every model by {@code -Dbiaslab.tfjs.onnx=false}.
     */
    public record Offload(String input, List<String> outputs) {
        public Offload {
            Objects.requireNonNull(input, "input");
            outputs = List.copyOf(outputs);
        }
    }

    private GraphModel(Path source, NDManager constants, List<TfNode> order, Map<String, Kernel> kernels,
            Map<String, NDArray[]> constantValues, Map<String, boolean[]> consumed, Map<String, Input> inputs,
            List<String> outputs, OnnxSegment onnx) {
        this.source = source;
        this.lifecycle = new Lifecycle("the graph model " + source);
        this.onnx = onnx;
        this.constants = constants;
        this.order = order;
        Map<String, TfNode> byName = new HashMap<>();
        for (TfNode n : order) {
            byName.put(n.name(), n);
        }
        this.nodes = byName;
        this.kernels = kernels;
        this.constantValues = constantValues;
        this.consumed = consumed;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** The ops this runner implements, besides Const and Placeholder. */
    public static List<String> supportedOps() {
        return Ops.names();
    }

    /**
     * A model of an extracted npm package with the SHA-256 of its files, by path inside the package
     * (for provenance).
     *
     * @param model the loaded graph
     * @param files its model.json and weight files with their SHA-256
     */
    public record Packaged(GraphModel model, Map<String, String> files) {}

    /**
     * Loads {@code modelJson} of the package in {@code packageDir}, hashing it and {@code weights}, and
     * checks that it is the expected model: an NHWC image input {@code input} of {@code size} x
     * {@code size} x 3 and all of {@code outputs}.
     *
     * @param what the model's name in the error ("the faceres model")
     * @throws ModelException when a file cannot be hashed or read, or the graph is not the expected one
     */
    public static Packaged loadPackaged(Path packageDir, String modelJson, String weights, String input, int size,
            java.util.Collection<String> outputs, String what) throws ModelException {
        return loadPackaged(packageDir, modelJson, weights, input, size, outputs, what, null);
    }

    /** {@link #loadPackaged} with part of the graph on ONNX Runtime ({@code offload}; null: none). */
    public static Packaged loadPackaged(Path packageDir, String modelJson, String weights, String input, int size,
            java.util.Collection<String> outputs, String what, Offload offload) throws ModelException {
        Objects.requireNonNull(packageDir, "packageDir");
        Path json = packageDir.resolve(modelJson);
        Map<String, String> files = new java.util.TreeMap<>();
        try {
            files.put(modelJson, org.biaslab.util.Hashing.sha256(json));
            files.put(weights, org.biaslab.util.Hashing.sha256(packageDir.resolve(weights)));
        } catch (IOException e) {
            throw new ModelException(json + ": cannot hash the model files: " + e.getMessage(), e);
        }
        GraphModel g = load(json, offload);
        Input in = g.inputs().get(input);
        if (in == null || in.shape().length != 4 || in.shape()[1] != size || in.shape()[2] != size
                || in.shape()[3] != 3 || !g.outputs().containsAll(outputs)) {
            g.close();
            throw new ModelException(json + ": not " + what + " (input " + g.inputs() + ", outputs " + g.outputs() + ")");
        }
        return new Packaged(g, Collections.unmodifiableMap(files));
    }

    /**
     * Loads {@code modelJson} (shards resolved next to it) on the checked PyTorch engine
     * ({@link Torch}).
     *
     * @throws ModelException when the file cannot be read, a weight cannot be decoded, or a node uses
     *                        an op or attribute this runner does not support (naming op and node)
     */
    public static GraphModel load(Path modelJson) throws ModelException {
        return load(modelJson, null);
    }

    /**
     * {@link #load(Path)} with the part {@code offload} names on ONNX Runtime (null, or
     * {@code -Dbiaslab.tfjs.onnx=false}: all on PyTorch).
     *
     * @throws ModelException also when that part uses an op the ONNX export does not take
     */
    public static GraphModel load(Path modelJson, Offload offload) throws ModelException {
        Objects.requireNonNull(modelJson, "modelJson");
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readString(modelJson));
        } catch (IOException e) {
            throw new ModelException(modelJson + ": cannot read TF.js graph model: " + e.getMessage(), e);
        }
        if (root == null || !root.path("modelTopology").path("node").isArray()) {
            throw new ModelException(modelJson + ": not a TF.js graph model (no modelTopology.node)");
        }
        List<TfNode> parsed = new ArrayList<>();
        for (JsonNode n : root.path("modelTopology").path("node")) {
            parsed.add(TfNode.parse(n));
        }
        // every op must be known before anything else is done
        for (TfNode n : parsed) {
            if (!n.op().equals("Const") && !n.op().equals("Placeholder") && Ops.get(n.op()) == null) {
                throw new ModelException(modelJson + ": op '" + n.op() + "' of node '" + n.name()
                        + "' is not supported by the TF.js graph runner (supported: Const, Placeholder, "
                        + String.join(", ", Ops.names()) + ")");
            }
        }
        TfjsWeights.Weights weights = TfjsWeights.decode(modelJson, root.path("weightsManifest"));
        List<TfNode> order = topologicalOrder(modelJson, parsed);
        NDManager manager;
        try {
            manager = Torch.newManager();
        } catch (RuntimeException e) {
            throw new ModelException("the DJL " + Torch.ENGINE + " engine cannot be used: " + e.getMessage(), e);
        }
        try {
            return build(modelJson, root, order, weights, manager, OnnxSegment.enabled() ? offload : null);
        } catch (ModelException | RuntimeException e) {
            manager.close();
            if (e instanceof ModelException me && me.getMessage().startsWith(modelJson.toString())) {
                throw me;
            }
            throw new ModelException(modelJson + ": " + e.getMessage(), e);
        }
    }

    private static GraphModel build(Path source, JsonNode root, List<TfNode> order, TfjsWeights.Weights weights,
            NDManager manager, Offload offload) throws ModelException {
        Map<String, NDArray[]> values = new HashMap<>();
        Map<String, Kernel> kernels = new HashMap<>();
        Map<String, boolean[]> consumed = new HashMap<>();
        Map<String, Input> placeholders = new LinkedHashMap<>();
        Kernel.Exec folding = new Kernel.Exec(manager, manager);
        for (TfNode n : order) {
            switch (n.op()) {
                case "Const" -> values.put(n.name(), new NDArray[] {constant(source, n, weights, manager)});
                case "Placeholder" -> placeholders.put(n.name(), placeholder(n));
                default -> {
                    NDArray[] known = new NDArray[n.inputs().size()];
                    boolean allConstant = true;
                    for (int i = 0; i < known.length; i++) {
                        known[i] = value(values, n.inputs().get(i), n);
                        allConstant &= known[i] != null;
                    }
                    Op.Prep prep = new Op.Prep(n, known, manager);
                    Kernel k = Ops.get(n.op()).prepare(n, prep);
                    if (allConstant) {
                        values.put(n.name(), k.run(folding, known));
                    } else {
                        kernels.put(n.name(), k);
                        boolean[] c = new boolean[known.length];
                        for (int i = 0; i < c.length; i++) {
                            c[i] = prep.consumed(i);
                        }
                        consumed.put(n.name(), c);
                    }
                }
            }
        }
        List<String> outputs = new ArrayList<>();
        root.path("signature").path("outputs").fields().forEachRemaining(e -> outputs.add(e.getValue()
                .path("name").asText(e.getKey())));
        Map<String, Input> inputs = new LinkedHashMap<>();
        JsonNode sigInputs = root.path("signature").path("inputs");
        for (Input in : placeholders.values()) {
            inputs.put(in.name(), in);
        }
        sigInputs.fields().forEachRemaining(e -> {
            String name = TfNode.Ref.parse(e.getValue().path("name").asText(e.getKey())).node();
            if (!inputs.containsKey(name)) {
                inputs.put(name, null); // checked below
            }
        });
        for (Map.Entry<String, Input> e : inputs.entrySet()) {
            if (e.getValue() == null) {
                throw new ModelException(source + ": signature input '" + e.getKey() + "' is not a Placeholder node");
            }
        }
        OnnxSegment onnx = null;
        if (offload != null) {
            Input in = inputs.get(offload.input());
            if (in == null) {
                throw new ModelException(source + ": offload input '" + offload.input() + "' is not an input");
            }
            onnx = OnnxSegment.open(source.getFileName().toString(), OnnxExport.export(order, values, in.name(),
                    in.shape(), offload.outputs()), in.name(), offload.outputs());
        }
        Map<String, NDArray[]> kept = keepNeededConstants(order, kernels, consumed, values, outputs);
        manager.cap();
        return new GraphModel(source, manager, List.copyOf(order), Map.copyOf(kernels), kept, Map.copyOf(consumed),
                Collections.unmodifiableMap(inputs), List.copyOf(outputs), onnx);
    }

    /** Frees folded and prepared-away constants no kernel reads at run time. */
    private static Map<String, NDArray[]> keepNeededConstants(List<TfNode> order, Map<String, Kernel> kernels,
            Map<String, boolean[]> consumed, Map<String, NDArray[]> values, List<String> outputs) {
        Set<String> needed = new HashSet<>();
        for (TfNode n : order) {
            boolean[] c = consumed.get(n.name());
            if (c == null) {
                continue;
            }
            for (int i = 0; i < c.length; i++) {
                if (!c[i]) {
                    needed.add(n.inputs().get(i).node());
                }
            }
        }
        for (String o : outputs) {
            needed.add(TfNode.Ref.parse(o).node());
        }
        // graph sinks (read by no node) may be asked for as outputs too
        Set<String> read = new HashSet<>();
        for (TfNode n : order) {
            for (TfNode.Ref r : n.inputs()) {
                read.add(r.node());
            }
        }
        for (TfNode n : order) {
            if (!read.contains(n.name())) {
                needed.add(n.name());
            }
        }
        Map<String, NDArray[]> kept = new HashMap<>();
        Set<NDArray> keptArrays = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, NDArray[]> e : values.entrySet()) {
            if (needed.contains(e.getKey())) {
                kept.put(e.getKey(), e.getValue());
                Collections.addAll(keptArrays, e.getValue());
            }
        }
        for (Map.Entry<String, NDArray[]> e : values.entrySet()) {
            if (!needed.contains(e.getKey())) {
                for (NDArray a : e.getValue()) {
                    if (a != null && !keptArrays.contains(a)) {
                        a.close();
                    }
                }
            }
        }
        return kept;
    }

    private static NDArray value(Map<String, NDArray[]> values, TfNode.Ref ref, TfNode n) throws ModelException {
        NDArray[] v = values.get(ref.node());
        if (v == null) {
            return null;
        }
        if (ref.index() >= v.length) {
            throw new ModelException(n.where() + ": input '" + ref + "' names output " + ref.index() + " of a node with "
                    + v.length);
        }
        return v[ref.index()];
    }

    private static NDArray constant(Path source, TfNode n, TfjsWeights.Weights weights, NDManager m)
            throws ModelException {
        TfjsWeights.Tensor t = weights.tensors().get(n.name());
        if (t == null) {
            throw new ModelException(source + ": constant node '" + n.name() + "' has no weight in weightsManifest");
        }
        long[] dims = new long[t.shape().length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.shape()[i];
        }
        Shape shape = new Shape(dims);
        return t.dtype().equals("int32") ? m.create(t.ints(), shape) : m.create(t.data(), shape);
    }

    private static Input placeholder(TfNode n) throws ModelException {
        String dtype = n.type("dtype", "DT_FLOAT");
        DataType t = switch (dtype) {
            case "DT_FLOAT" -> DataType.FLOAT32;
            case "DT_INT32" -> DataType.INT32;
            default -> throw new ModelException(n.where() + ": input dtype " + dtype + " is not supported");
        };
        JsonNode dims = n.attr().containsKey("shape") ? n.attr().get("shape").path("shape").path("dim") : null;
        long[] shape;
        if (dims == null || n.attr().get("shape").path("shape").path("unknownRank").asBoolean(false)) {
            shape = null;
        } else {
            shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = Long.parseLong(dims.get(i).path("size").asText("-1"));
            }
        }
        return new Input(n.name(), t, shape == null ? new long[0] : shape);
    }

    /** Nodes ordered so that every node comes after its data and control inputs. */
    private static List<TfNode> topologicalOrder(Path source, List<TfNode> nodes) throws ModelException {
        Map<String, TfNode> byName = new LinkedHashMap<>();
        for (TfNode n : nodes) {
            if (byName.put(n.name(), n) != null) {
                throw new ModelException(source + ": two nodes are named '" + n.name() + "'");
            }
        }
        List<TfNode> out = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
        for (TfNode start : nodes) {
            if (state.containsKey(start.name())) {
                continue;
            }
            Deque<Object[]> stack = new ArrayDeque<>();
            stack.push(new Object[] {start, 0});
            state.put(start.name(), 1);
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                TfNode n = (TfNode) top[0];
                int next = (Integer) top[1];
                List<String> deps = new ArrayList<>();
                for (TfNode.Ref r : n.inputs()) {
                    deps.add(r.node());
                }
                deps.addAll(n.controlInputs());
                if (next < deps.size()) {
                    top[1] = next + 1;
                    String d = deps.get(next);
                    TfNode dep = byName.get(d);
                    if (dep == null) {
                        throw new ModelException(source + ": " + n.where() + " reads node '" + d + "', which does not exist");
                    }
                    Integer s = state.get(d);
                    if (s == null) {
                        state.put(d, 1);
                        stack.push(new Object[] {dep, 0});
                    } else if (s == 1) {
                        throw new ModelException(source + ": the graph has a cycle through " + n.where());
                    }
                } else {
                    stack.pop();
                    state.put(n.name(), 2);
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** The model file. */
    public Path source() {
        return source;
    }

    /** The inputs (Placeholder nodes), by name. */
    public Map<String, Input> inputs() {
        return inputs;
    }

    /** The signature's outputs, the default of {@link #run(NDManager, Map)}. */
    public List<String> outputs() {
        return outputs;
    }

    /** The ops of this model's nodes with how many nodes use each (Const and Placeholder included). */
    public Map<String, Integer> opCounts() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (TfNode n : order) {
            counts.merge(n.op(), 1, Integer::sum);
        }
        return counts;
    }

    /** {@link #run(NDManager, Map, List)} of the signature's outputs. */
    public Map<String, NDArray> run(NDManager manager, Map<String, NDArray> feeds) {
        return run(manager, feeds, outputs);
    }

    /**
     * Evaluates the requested outputs ({@code node} or {@code node:k}) for the given inputs (by
     * Placeholder name; NHWC images as TF). Only the nodes the outputs depend on run. The returned
     * arrays (and anything the call made) belong to {@code manager}.
     *
     * @throws IllegalArgumentException when an input is missing, of the wrong type or shape, or an
     *                                  output names no node
     */
    public Map<String, NDArray> run(NDManager manager, Map<String, NDArray> feeds, List<String> wanted) {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(feeds, "feeds");
        return lifecycle.use(() -> {
            Torch.gradientsOffOnThisThread();
            Plan plan = plans.computeIfAbsent(List.copyOf(wanted), this::plan);
            return execute(plan, manager, feeds);
        });
    }

    /** The nodes an output set needs, in order, with each value's number of later readers. */
    private record Plan(List<TfNode> steps, Map<String, Integer> readers, List<TfNode.Ref> outputs,
            Set<String> placeholders, boolean onnx) {}

    private Plan plan(List<String> wanted) {
        List<TfNode.Ref> outs = new ArrayList<>();
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String w : wanted) {
            TfNode.Ref r = TfNode.Ref.parse(w);
            if (!nodes.containsKey(r.node())) {
                throw new IllegalArgumentException("the model has no node '" + r.node() + "' (output '" + w + "')");
            }
            outs.add(r);
            todo.add(r.node());
        }
        boolean useOnnx = false;
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!needed.add(name) || constantValues.containsKey(name)) {
                continue;
            }
            if (onnx != null && onnx.outputs().contains(name)) {
                useOnnx = true; // computed by ONNX Runtime from its input
                needed.add(onnx.input());
                continue;
            }
            TfNode n = nodes.get(name);
            for (TfNode.Ref r : n.inputs()) {
                todo.push(r.node());
            }
            todo.addAll(n.controlInputs());
        }
        List<TfNode> steps = new ArrayList<>();
        Map<String, Integer> readers = new HashMap<>();
        Set<String> placeholders = new TreeSet<>();
        for (TfNode n : order) {
            if (!needed.contains(n.name()) || constantValues.containsKey(n.name())) {
                continue;
            }
            if (n.op().equals("Placeholder")) {
                placeholders.add(n.name());
                continue;
            }
            if (useOnnx && onnx.outputs().contains(n.name())) {
                continue;
            }
            if (n.op().equals("Const") || !kernels.containsKey(n.name())) {
                if (outs.stream().anyMatch(r -> r.node().equals(n.name()))) {
                    throw new IllegalArgumentException("'" + n.name() + "' was computed from constants at load time "
                            + "and not kept (only outputs, graph sinks and constants read at run time are)");
                }
                continue; // a constant folded away, or consumed while its reader was prepared
            }
            steps.add(n);
            boolean[] c = consumed.get(n.name());
            for (int i = 0; i < n.inputs().size(); i++) {
                if (!c[i]) {
                    readers.merge(n.inputs().get(i).toString(), 1, Integer::sum);
                }
            }
        }
        return new Plan(List.copyOf(steps), Map.copyOf(readers), List.copyOf(outs), placeholders, useOnnx);
    }

    private Map<String, NDArray> execute(Plan plan, NDManager manager, Map<String, NDArray> feeds) {
        Map<String, NDArray[]> values = new HashMap<>();
        for (String p : plan.placeholders()) {
            NDArray x = feeds.get(p);
            if (x == null) {
                throw new IllegalArgumentException("input '" + p + "' is not given (inputs: " + inputs.keySet() + ")");
            }
            check(inputs.get(p), x);
            values.put(p, new NDArray[] {x});
        }
        Set<NDArray> protectedArrays = Collections.newSetFromMap(new IdentityHashMap<>());
        protectedArrays.addAll(feeds.values());
        Map<String, Integer> remaining = new HashMap<>(plan.readers());
        Set<String> outputKeys = new HashSet<>();
        for (TfNode.Ref r : plan.outputs()) {
            outputKeys.add(r.toString());
        }
        Map<NDArray, Integer> live = new IdentityHashMap<>();
        if (plan.onnx()) {
            long t0 = Profile.ON ? Profile.now() : 0;
            Map<String, NDArray> maps = onnx.run(values.get(onnx.input())[0], manager);
            if (Profile.ON) {
                Profile.add("ONNX Runtime part", Profile.now() - t0);
            }
            for (Map.Entry<String, NDArray> e : maps.entrySet()) {
                values.put(e.getKey(), new NDArray[] {e.getValue()});
                // never closed before the caller's manager: the engine made these arrays on memory
                // held by the Java buffer they were copied into, which views taken of them (a
                // Reshape) do not keep alive; cheaper than Ops.owned's copy (measured 2-3 ms of
                // centernet's ~70 ms per image)
                protectedArrays.add(e.getValue());
            }
        }
        Kernel.Exec exec = new Kernel.Exec(manager, constants);
        for (TfNode n : plan.steps()) {
            boolean[] c = consumed.get(n.name());
            NDArray[] in = new NDArray[n.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                if (!c[i]) {
                    in[i] = lookup(values, n.inputs().get(i));
                }
            }
            NDArray[] out;
            long t0 = Profile.ON ? Profile.now() : 0;
            try {
                out = kernels.get(n.name()).run(exec, in);
            } catch (RuntimeException e) {
                throw new IllegalStateException(n.where() + " failed: " + e.getMessage(), e);
            }
            if (Profile.ON) {
                Profile.add(n, in, out, Profile.now() - t0);
            }
            values.put(n.name(), out);
            for (int k = 0; k < out.length; k++) {
                live.merge(out[k], 1, Integer::sum);
            }
            // free inputs no later node reads (never constants, feeds or outputs)
            for (int i = 0; i < in.length; i++) {
                if (in[i] == null) {
                    continue;
                }
                String key = n.inputs().get(i).toString();
                int left = remaining.merge(key, -1, Integer::sum);
                if (left == 0 && !outputKeys.contains(key) && in[i].getManager() != constants
                        && !protectedArrays.contains(in[i])) {
                    Integer refs = live.merge(in[i], -1, Integer::sum);
                    if (refs != null && refs <= 0) {
                        live.remove(in[i]);
                        in[i].close();
                    }
                }
            }
        }
        Map<String, NDArray> result = new LinkedHashMap<>();
        for (TfNode.Ref r : plan.outputs()) {
            NDArray v = lookup(values, r);
            if (v.getManager() != manager) {
                v = exec.own(v); // a constant output: a copy the caller may close
            }
            result.put(r.index() == 0 ? r.node() : r.toString(), v);
        }
        return result;
    }

    private NDArray lookup(Map<String, NDArray[]> values, TfNode.Ref r) {
        NDArray[] v = values.get(r.node());
        if (v == null) {
            v = constantValues.get(r.node());
        }
        if (v == null || r.index() >= v.length) {
            throw new IllegalStateException("no value for '" + r + "'");
        }
        return v[r.index()];
    }

    private static void check(Input in, NDArray x) {
        if (x.getDataType() != in.dataType()) {
            throw new IllegalArgumentException("input '" + in.name() + "' must be " + in.dataType() + ", is "
                    + x.getDataType());
        }
        long[] want = in.shape();
        if (want.length == 0) {
            return;
        }
        Shape s = x.getShape();
        boolean ok = s.dimension() == want.length;
        for (int i = 0; ok && i < want.length; i++) {
            ok = want[i] < 0 || want[i] == s.get(i);
        }
        if (!ok) {
            throw new IllegalArgumentException("input '" + in.name() + "' must have shape "
                    + java.util.Arrays.toString(want) + " (-1: any), has " + s);
        }
    }

    /** Whether part of this model runs on ONNX Runtime. */
    public boolean usesOnnxRuntime() {
        return onnx != null;
    }

    @Override
    public void close() {
        lifecycle.close(() -> {
            if (onnx != null) {
                onnx.close();
            }
            constants.close();
        });
    }
}
