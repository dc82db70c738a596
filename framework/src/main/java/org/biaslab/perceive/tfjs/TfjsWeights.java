package org.biaslab.perceive.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.util.Json;

/**
 * Reads TF.js weights: groups of binary shards, each with its ordered weight specs, as found in a
 * layers model's {@code *-weights_manifest.json} or in the {@code weightsManifest} of a graph
 * model's {@code model.json}. Values are stored little-endian, one after the other without
 * alignment. Supported, as TF.js {@code io.decodeWeights} decodes them, bit for bit:
 * <ul>
 * <li>{@code float32} weights stored as float32;</li>
 * <li>{@code float32} weights quantized to {@code uint8} / {@code uint16} codes {@code q} with
 *     {@code value = q * scale + min}, computed in double and rounded to float32 once;</li>
 * <li>{@code float32} weights quantized to {@code float16} (IEEE half precision, widened
 *     exactly);</li>
 * <li>{@code int32} weights stored as int32.</li>
 * </ul>
 */
public final class TfjsWeights {
    private TfjsWeights() {}

    /**
     * One decoded weight tensor in TF layout (filters HWIO, depthwise filters [h, w, C, M]); exactly
     * one of {@code data} (float32) and {@code ints} (int32) is set.
     */
    public record Tensor(String name, int[] shape, float[] data, int[] ints) {
        public Tensor {
            Objects.requireNonNull(name, "name");
            if ((data == null) == (ints == null)) {
                throw new IllegalArgumentException(name + ": exactly one of float and int values must be given");
            }
            shape = shape.clone();
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException(name + ": negative dimension in shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            int length = data != null ? data.length : ints.length;
            if (n != length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
                        + " values, data has " + length);
            }
        }

        /** A float32 tensor. */
        public Tensor(String name, int[] shape, float[] data) {
            this(name, shape, Objects.requireNonNull(data, "data"), null);
        }

        /** An int32 tensor. */
        public static Tensor ofInts(String name, int[] shape, int[] ints) {
            return new Tensor(name, shape, null, Objects.requireNonNull(ints, "ints"));
        }

        /** {@code "float32"} or {@code "int32"}. */
        public String dtype() {
            return data != null ? "float32" : "int32";
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** The float32 values; an int32 tensor has none. */
        @Override
        public float[] data() {
            if (data == null) {
                throw new IllegalStateException(name + " is an int32 tensor; use ints()");
            }
            return data;
        }

        /** The int32 values; a float32 tensor has none. */
        @Override
        public int[] ints() {
            if (ints == null) {
                throw new IllegalStateException(name + " is a float32 tensor; use data()");
            }
            return ints;
        }
    }

    /**
     * The decoded weights of one manifest.
     *
     * @param tensors by name, in manifest order
     * @param shards  the binary shard files read, in order
     */
    public record Weights(Map<String, Tensor> tensors, List<Path> shards) {
        public Weights {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            shards = List.copyOf(shards);
        }
    }

    /**
     * Decodes every weight listed in the weights manifest file {@code manifest} (shards resolved
     * next to it), in manifest order.
     *
     * @throws ModelException naming the file and weight when a shard is missing or too short, or a
     *                        data type or quantization is not supported
     */
    public static Weights read(Path manifest) throws ModelException {
        JsonNode groups;
        try {
            groups = Json.mapper().readTree(Files.readString(manifest));
        } catch (IOException e) {
            throw new ModelException(manifest + ": cannot read TF.js weights manifest: " + e.getMessage(), e);
        }
        return decode(manifest, groups);
    }

    /**
     * Decodes the weight groups {@code groups} (a JSON array, as in a weights manifest or a graph
     * model's {@code weightsManifest}) read from the file {@code source}; shard paths are resolved
     * next to {@code source}.
     */
    public static Weights decode(Path source, JsonNode groups) throws ModelException {
        if (groups == null || !groups.isArray()) {
            throw new ModelException(source + ": a TF.js weights manifest is a JSON array of weight groups");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Path> shards = new ArrayList<>();
        for (JsonNode group : groups) {
            ByteBuffer buf = ByteBuffer.wrap(readShards(source, group, shards)).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode spec : group.path("weights")) {
                Tensor t = decode(source, spec, buf);
                if (out.put(t.name(), t) != null) {
                    throw new ModelException(source + ": weight '" + t.name() + "' listed twice");
                }
            }
            if (buf.hasRemaining()) {
                throw new ModelException(source + ": " + buf.remaining() + " bytes of the shards "
                        + group.path("paths") + " are not used by any weight");
            }
        }
        return new Weights(out, shards);
    }

    private static byte[] readShards(Path manifest, JsonNode group, List<Path> shards) throws ModelException {
        JsonNode paths = group.path("paths");
        if (!paths.isArray() || paths.isEmpty()) {
            throw new ModelException(manifest + ": a weight group without 'paths'");
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (JsonNode p : paths) {
            String rel = p.asText();
            if (rel.contains("/") || rel.contains("\\") || rel.equals("..")) {
                throw new ModelException(manifest + ": shard path '" + rel + "' must be a file name next to the manifest");
            }
            Path shard = manifest.resolveSibling(rel);
            shards.add(shard);
            try {
                all.write(Files.readAllBytes(shard));
            } catch (IOException e) {
                throw new ModelException(manifest + ": cannot read weight shard " + shard + ": " + e.getMessage(), e);
            }
        }
        return all.toByteArray();
    }

    private static Tensor decode(Path manifest, JsonNode spec, ByteBuffer buf) throws ModelException {
        String name = spec.path("name").asText("");
        if (name.isEmpty()) {
            throw new ModelException(manifest + ": a weight without a name");
        }
        String dtype = spec.path("dtype").asText("");
        if (!dtype.equals("float32") && !dtype.equals("int32")) {
            throw new ModelException(manifest + ": weight '" + name + "' has dtype '" + dtype
                    + "'; only float32 and int32 weights are supported");
        }
        JsonNode shapeNode = spec.path("shape");
        int[] shape = new int[shapeNode.size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt(-1);
            if (shape[i] < 0) {
                throw new ModelException(manifest + ": weight '" + name + "' has a bad shape " + shapeNode);
            }
            n *= shape[i];
        }
        if (n > Integer.MAX_VALUE) {
            throw new ModelException(manifest + ": weight '" + name + "' is too large");
        }
        JsonNode q = spec.get("quantization");
        String storage = q == null ? dtype : q.path("dtype").asText("");
        if (dtype.equals("int32") && !storage.equals("int32")) {
            throw new ModelException(manifest + ": weight '" + name + "' is an int32 weight quantized as '" + storage
                    + "'; only unquantized int32 weights are supported");
        }
        int bytes = switch (storage) {
            case "float32", "int32" -> 4;
            case "uint8" -> 1;
            case "uint16", "float16" -> 2;
            default -> throw new ModelException(manifest + ": weight '" + name + "' uses quantization '" + storage
                    + "'; supported: uint8, uint16 (affine), float16 and unquantized float32 / int32");
        };
        if (buf.remaining() < n * bytes) {
            throw new ModelException(manifest + ": weight '" + name + "' needs " + n * bytes + " bytes, the shards have "
                    + buf.remaining() + " left");
        }
        if (storage.equals("int32")) {
            int[] ints = new int[(int) n];
            for (int i = 0; i < ints.length; i++) {
                ints[i] = buf.getInt();
            }
            return Tensor.ofInts(name, shape, ints);
        }
        float[] data = new float[(int) n];
        switch (storage) {
            case "float32" -> {
                for (int i = 0; i < data.length; i++) {
                    data[i] = buf.getFloat();
                }
            }
            case "float16" -> {
                for (int i = 0; i < data.length; i++) {
                    data[i] = halfToFloat(buf.getShort());
                }
            }
            default -> {
                if (!q.hasNonNull("scale") || !q.hasNonNull("min")) {
                    throw new ModelException(manifest + ": weight '" + name + "' is quantized without scale and min");
                }
                double scale = q.get("scale").asDouble();
                double min = q.get("min").asDouble();
                for (int i = 0; i < data.length; i++) {
                    int code = storage.equals("uint8") ? buf.get() & 0xff : buf.getShort() & 0xffff;
                    data[i] = (float) (code * scale + min);
                }
            }
        }
        return new Tensor(name, shape, data);
    }

    /** IEEE 754 half precision (binary16) to float32, exactly (subnormals, infinities and NaN included). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, exact in float32
            float v = mantissa * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
