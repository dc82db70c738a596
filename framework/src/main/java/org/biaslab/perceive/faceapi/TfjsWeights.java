package org.biaslab.perceive.faceapi;

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
 * Reads TF.js layers weights: a {@code *-weights_manifest.json} (groups of binary shards, each with
 * its ordered weight specs) and the shards. Values are stored little-endian, one after the other
 * without alignment, either as float32 or affine-quantized: {@code uint8} / {@code uint16} codes
 * {@code q} with {@code value = q * scale + min}, computed in double and rounded to float32 as
 * TF.js {@code io.decodeWeights} does, so the decoded floats are bit-identical to TF.js's.
 */
final class TfjsWeights {
    private TfjsWeights() {}

    /** One decoded weight tensor in TF layout (filters HWIO, depthwise filters [h, w, C, 1]). */
    record Tensor(String name, int[] shape, float[] data) {
        Tensor {
            Objects.requireNonNull(name, "name");
            shape = shape.clone();
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException(name + ": negative dimension in shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
                        + " values, data has " + data.length);
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    /**
     * The decoded weights of one manifest.
     *
     * @param tensors by name, in manifest order
     * @param shards  the binary shard files read, in order
     */
    record Weights(Map<String, Tensor> tensors, List<Path> shards) {
        Weights {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            shards = List.copyOf(shards);
        }
    }

    /**
     * Decodes every weight listed in {@code manifest} (shards resolved next to it), in manifest
     * order.
     *
     * @throws ModelException naming the file and weight when a shard is missing or too short, or a
     *                        data type or quantization is not supported
     */
    static Weights read(Path manifest) throws ModelException {
        JsonNode groups;
        try {
            groups = Json.mapper().readTree(Files.readString(manifest));
        } catch (IOException e) {
            throw new ModelException(manifest + ": cannot read TF.js weights manifest: " + e.getMessage(), e);
        }
        if (groups == null || !groups.isArray()) {
            throw new ModelException(manifest + ": a TF.js weights manifest is a JSON array of weight groups");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Path> shards = new ArrayList<>();
        for (JsonNode group : groups) {
            ByteBuffer buf = ByteBuffer.wrap(readShards(manifest, group, shards)).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode spec : group.path("weights")) {
                Tensor t = decode(manifest, spec, buf);
                if (out.put(t.name(), t) != null) {
                    throw new ModelException(manifest + ": weight '" + t.name() + "' listed twice");
                }
            }
            if (buf.hasRemaining()) {
                throw new ModelException(manifest + ": " + buf.remaining() + " bytes of the shards "
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
        if (!dtype.equals("float32")) {
            throw new ModelException(manifest + ": weight '" + name + "' has dtype '" + dtype
                    + "'; only float32 weights are supported");
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
        float[] data = new float[(int) n];
        JsonNode q = spec.get("quantization");
        String storage = q == null ? "float32" : q.path("dtype").asText("");
        int bytes = switch (storage) {
            case "float32" -> 4;
            case "uint8" -> 1;
            case "uint16" -> 2;
            default -> throw new ModelException(manifest + ": weight '" + name + "' uses quantization '" + storage
                    + "'; supported: uint8, uint16 (affine) and unquantized float32");
        };
        if (buf.remaining() < n * bytes) {
            throw new ModelException(manifest + ": weight '" + name + "' needs " + n * bytes + " bytes, the shards have "
                    + buf.remaining() + " left");
        }
        if (storage.equals("float32")) {
            for (int i = 0; i < data.length; i++) {
                data[i] = buf.getFloat();
            }
        } else {
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
        return new Tensor(name, shape, data);
    }
}
