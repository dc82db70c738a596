package org.biaslab.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Helpers for the server info kept with an image: credential-like keys are removed before it is stored. */
public final class ServerInfo {
    /** Keys whose values are never kept: anything naming a key, token, secret, password or auth. */
    private static final Pattern SECRET_KEY = Pattern.compile(".*(api[_-]?key|apikey|token|secret|password|passwd"
            + "|auth|credential|cookie|session).*");

    private ServerInfo() {}

    /** Whether {@code key} looks like it names a credential. */
    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** A deep copy of {@code node} with every credential-like key removed, at any depth. */
    public static JsonNode sanitize(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    static boolean hasSecretKey(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (isSecretKey(e.getKey()) || hasSecretKey(e.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                if (hasSecretKey(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (isSecretKey(e.getKey())) {
                    it.remove();
                } else {
                    strip(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode child : a) {
                strip(child);
            }
        }
    }
}
