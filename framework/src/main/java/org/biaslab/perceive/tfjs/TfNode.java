package org.biaslab.perceive.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.perceive.model.ModelException;

/**
 * One node of a TF.js graph model: a TensorFlow {@code NodeDef} in its JSON form (name, op, inputs,
 * attributes), with typed readers of the attributes. Data inputs are references {@code node} or
 * {@code node:k} (output {@code k}); control inputs ({@code ^node}) only order execution and are
 * kept apart.
 *
 * @param name          node name
 * @param op            TensorFlow op name
 * @param inputs        data inputs in order
 * @param controlInputs nodes named by {@code ^node} inputs
 * @param attr          attributes by name, as JSON ({@code AttrValue})
 */
record TfNode(String name, String op, List<Ref> inputs, List<String> controlInputs, Map<String, JsonNode> attr) {
    TfNode {
        inputs = List.copyOf(inputs);
        controlInputs = List.copyOf(controlInputs);
        attr = Collections.unmodifiableMap(new LinkedHashMap<>(attr));
    }

    /** A reference to output {@code index} of node {@code node}. */
    record Ref(String node, int index) {
        @Override
        public String toString() {
            return index == 0 ? node : node + ":" + index;
        }

        /** Parses {@code node} or {@code node:k}. */
        static Ref parse(String s) {
            int colon = s.lastIndexOf(':');
            if (colon > 0) {
                String tail = s.substring(colon + 1);
                if (!tail.isEmpty() && tail.chars().allMatch(Character::isDigit)) {
                    return new Ref(s.substring(0, colon), Integer.parseInt(tail));
                }
            }
            return new Ref(s, 0);
        }
    }

    /** Reads one entry of {@code modelTopology.node}. */
    static TfNode parse(JsonNode n) throws ModelException {
        String name = n.path("name").asText("");
        String op = n.path("op").asText("");
        if (name.isEmpty() || op.isEmpty()) {
            throw new ModelException("a graph node without name or op: " + n.toString().substring(0,
                    Math.min(200, n.toString().length())));
        }
        List<Ref> inputs = new ArrayList<>();
        List<String> control = new ArrayList<>();
        for (JsonNode in : n.path("input")) {
            String s = in.asText();
            if (s.startsWith("^")) {
                control.add(s.substring(1));
            } else {
                inputs.add(Ref.parse(s));
            }
        }
        Map<String, JsonNode> attr = new LinkedHashMap<>();
        n.path("attr").fields().forEachRemaining(e -> attr.put(e.getKey(), e.getValue()));
        return new TfNode(name, op, inputs, control, attr);
    }

    /** "node 'name' (op)", for messages. */
    String where() {
        return "node '" + name + "' (" + op + ")";
    }

    boolean has(String key) {
        return attr.containsKey(key);
    }

    /** A string attribute ({@code s}, base64 in JSON); {@code dflt} when absent. */
    String string(String key, String dflt) {
        JsonNode v = attr.get(key);
        if (v == null || !v.has("s")) {
            return dflt;
        }
        return new String(Base64.getDecoder().decode(v.get("s").asText()), StandardCharsets.UTF_8);
    }

    /** A list-of-strings attribute ({@code list.s}); empty when absent. */
    List<String> strings(String key) {
        JsonNode v = attr.get(key);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (JsonNode s : v.path("list").path("s")) {
                out.add(new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** A list-of-ints attribute ({@code list.i}, numbers as strings in JSON); {@code null} when absent. */
    int[] ints(String key) {
        JsonNode v = attr.get(key);
        if (v == null || !v.has("list")) {
            return null;
        }
        JsonNode list = v.get("list").path("i");
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Integer.parseInt(list.get(i).asText());
        }
        return out;
    }

    /** An int attribute ({@code i}); {@code dflt} when absent. */
    long integer(String key, long dflt) {
        JsonNode v = attr.get(key);
        return v == null || !v.has("i") ? dflt : Long.parseLong(v.get("i").asText());
    }

    /** A float attribute ({@code f}); {@code dflt} when absent. */
    float floating(String key, float dflt) {
        JsonNode v = attr.get(key);
        return v == null || !v.has("f") ? dflt : (float) v.get("f").asDouble();
    }

    /** A bool attribute ({@code b}); {@code dflt} when absent. */
    boolean bool(String key, boolean dflt) {
        JsonNode v = attr.get(key);
        return v == null || !v.has("b") ? dflt : v.get("b").asBoolean();
    }

    /** A type attribute ({@code type}, e.g. {@code DT_FLOAT}); {@code dflt} when absent. */
    String type(String key, String dflt) {
        JsonNode v = attr.get(key);
        return v == null || !v.has("type") ? dflt : v.get("type").asText();
    }
}
