package org.biaslab.generate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A credential read from an environment variable. Only the variable's name is ever shown:
 * {@link #toString()} prints the name, and {@link #scrub} removes the value (and its base64 form, as
 * sent in basic auth) from any text before it reaches a message.
 */
public final class Secret {
    private static final String MASK = "***";
    private final String variable;
    private final String value;

    private Secret(String variable, String value) {
        this.variable = variable;
        this.value = value;
    }

    /**
     * Reads {@code variable} through {@code env} (normally {@code System::getenv}).
     *
     * @throws GenerationException ({@link GenerationException.Kind#CONFIGURATION}) when it is unset or blank
     */
    public static Secret fromEnvironment(String variable, Function<String, String> env) throws GenerationException {
        Objects.requireNonNull(variable, "variable");
        String v = env.apply(variable);
        if (v == null || v.isBlank()) {
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, null,
                    "environment variable " + variable + " is not set (it should hold the credential)");
        }
        return new Secret(variable, v.strip());
    }

    /** The environment variable's name. */
    public String variable() {
        return variable;
    }

    /** The value, for a request header only. */
    public String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of any secret's value (plain or base64) replaced by {@code ***}. */
    public static String scrub(String text, List<Secret> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Secret s : secrets) {
            out = s.scrub(out);
        }
        return out;
    }

    /** {@code text} without this secret's value. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text.replace(value, MASK);
        String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        out = out.replace(b64, MASK);
        if (value.length() >= 8) {
            // a server may echo a truncated key; hide any 8-character run of it too
            for (int i = 0; i + 8 <= value.length(); i++) {
                out = out.replace(value.substring(i, i + 8), MASK);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Secret[$" + variable + "]";
    }
}
