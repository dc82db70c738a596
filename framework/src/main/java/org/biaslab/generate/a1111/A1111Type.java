package org.biaslab.generate.a1111;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.GeneratorType;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.generate.NetworkSettings;
import org.biaslab.generate.PooledGenerator;
import org.biaslab.generate.RetryPolicy;
import org.biaslab.generate.Secret;
import org.biaslab.spec.SpecMap;

/**
 * Reads an {@code a1111} generator section.
 *
 * <pre>
 * generator:
 *   type: a1111
 *   endpoints:                     # default: http://127.0.0.1:7860, concurrency 1
 *     - {url: http://gpu-1:7860, concurrency: 1}
 *     - {url: http://gpu-2:7860, concurrency: 2}
 *   auth_env: A1111_AUTH           # optional: variable holding user:password for --api-auth
 *   retry: {attempts: 5, timeout_s: 600}
 * </pre>
 */
public final class A1111Type implements GeneratorType {
    public static final String DEFAULT_URL = "http://127.0.0.1:7860";
    private final Function<String, String> env;

    /** Reads credentials with {@code System::getenv}. */
    public A1111Type() {
        this(System::getenv);
    }

    /** @param env environment lookup (tests pass a map) */
    public A1111Type(Function<String, String> env) {
        this.env = env;
    }

    /**
     * @param endpoints servers
     * @param retry retry policy
     * @param authEnv variable holding {@code user:password}, or null
     * @param env environment lookup
     */
    public record Config(List<Endpoint> endpoints, RetryPolicy retry, String authEnv, Function<String, String> env)
            implements GeneratorConfig {
        public Config {
            endpoints = List.copyOf(endpoints);
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("endpoints must not be empty");
            }
            if (retry == null || env == null) {
                throw new IllegalArgumentException("retry and env must not be null");
            }
        }

        @Override
        public String type() {
            return A1111Backend.ID;
        }

        @Override
        public ImageGenerator open() throws GenerationException {
            Secret auth = authEnv == null ? null : Secret.fromEnvironment(authEnv, env);
            return new PooledGenerator(new A1111Backend(auth), endpoints, retry);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", A1111Backend.ID);
            m.putAll(NetworkSettings.describe(endpoints, retry));
            if (authEnv != null) {
                m.put("auth_env", authEnv);
            }
            return m;
        }

        @Override
        public String toString() {
            return "a1111" + endpoints + (authEnv == null ? "" : " auth from $" + authEnv);
        }
    }

    @Override
    public GeneratorConfig read(SpecMap m, long experimentSeed) {
        List<Endpoint> endpoints = NetworkSettings.endpoints(m, DEFAULT_URL);
        RetryPolicy retry = NetworkSettings.retry(m, experimentSeed);
        String authEnv = NetworkSettings.envName(m, "auth_env");
        if (authEnv != null) {
            String v = env.apply(authEnv);
            if (v == null || v.isBlank()) {
                m.problem("auth_env", "environment variable " + authEnv + " is not set");
            } else if (!v.contains(":")) {
                m.problem("auth_env", "environment variable " + authEnv + " must hold user:password");
            }
        }
        if (endpoints.isEmpty()) {
            return null;
        }
        return new Config(endpoints, retry, authEnv, env);
    }
}
