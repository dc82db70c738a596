package org.biaslab.generate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.spec.SpecMap;
import org.biaslab.util.Hashing;

/**
 * The YAML fields every network backend shares.
 *
 * <pre>
 * endpoints:                      # one or more servers; each request goes to the least busy
 *   - {url: http://127.0.0.1:7860, concurrency: 1}
 * retry:                          # all optional
 *   attempts: 5                   # attempts in all, including the first
 *   initial_backoff_ms: 1000      # wait cap before the first retry, doubled each retry
 *   max_backoff_ms: 60000
 *   timeout_s: 600                # per attempt
 *   max_retry_after_s: 600        # a longer Retry-After fails the request instead of stalling
 *   max_body_mb: 256              # a longer response body fails the request (never read whole)
 * </pre>
 *
 * The jitter seed is {@code Hashing.seed(experimentSeed, "retry-jitter")}.
 */
public final class NetworkSettings {
    private NetworkSettings() {}

    /** The {@code endpoints} list; {@code defaultUrl} (may be null) is used when the list is absent. */
    public static List<Endpoint> endpoints(SpecMap m, String defaultUrl) {
        List<Endpoint> out = new ArrayList<>();
        if (!m.has("endpoints") && defaultUrl != null) {
            out.add(Endpoint.of(defaultUrl, 1));
            return out;
        }
        List<SpecMap> items = m.maps("endpoints", true);
        List<String> seen = new ArrayList<>();
        for (SpecMap e : items) {
            String url = e.string("url");
            int concurrency = e.integer("concurrency", 1, 1, 1024);
            e.done();
            if (url == null) {
                continue;
            }
            try {
                Endpoint ep = Endpoint.of(url, concurrency);
                if (seen.contains(ep.toString())) {
                    e.problem("url", "endpoint " + ep + " is listed twice");
                    continue;
                }
                seen.add(ep.toString());
                out.add(ep);
            } catch (IllegalArgumentException ex) {
                e.problem("url", ex.getMessage());
            }
        }
        return out;
    }

    /** The {@code retry} section (all fields optional; defaults from {@link RetryPolicy#defaults}). */
    public static RetryPolicy retry(SpecMap m, long experimentSeed) {
        RetryPolicy d = RetryPolicy.defaults(Hashing.seed(experimentSeed, "retry-jitter"));
        if (!m.has("retry")) {
            return d;
        }
        SpecMap r = m.map("retry");
        int attempts = r.integer("attempts", d.maxAttempts(), 1, 100);
        long initial = r.integer("initial_backoff_ms", d.initialBackoff().toMillis(), 1, 3_600_000L);
        long max = r.integer("max_backoff_ms", d.maxBackoff().toMillis(), 1, 3_600_000L);
        long timeout = r.integer("timeout_s", d.requestTimeout().toSeconds(), 1, 86_400L);
        long retryAfter = r.integer("max_retry_after_s", d.maxRetryAfter().toSeconds(), 0, 86_400L);
        long maxBodyMb = r.integer("max_body_mb", d.maxBodyBytes() >> 20, 1, 4096L);
        r.done();
        if (max < initial) {
            r.problem("max_backoff_ms", max + " is less than initial_backoff_ms " + initial);
            return d;
        }
        return new RetryPolicy(attempts, Duration.ofMillis(initial), Duration.ofMillis(max),
                Duration.ofSeconds(timeout), Duration.ofSeconds(retryAfter), d.jitterSeed(), maxBodyMb << 20);
    }

    /** An optional environment variable name field; a problem when it is not a valid name. */
    public static String envName(SpecMap m, String key) {
        if (!m.has(key)) {
            return null;
        }
        String v = m.string(key);
        if (v != null && !v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            // the value is not echoed: someone may have pasted the credential itself here
            m.problem(key, "is not an environment variable name (letters, digits, '_'); give the "
                    + "variable's name here, never the credential itself");
            return null;
        }
        return v;
    }

    /** Endpoints and retry settings as a provenance map. */
    public static Map<String, Object> describe(List<Endpoint> endpoints, RetryPolicy policy) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> eps = new ArrayList<>();
        for (Endpoint e : endpoints) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("url", e.toString());
            em.put("concurrency", e.concurrency());
            eps.add(em);
        }
        m.put("endpoints", eps);
        m.put("max_attempts", policy.maxAttempts());
        m.put("initial_backoff_ms", policy.initialBackoff().toMillis());
        m.put("max_backoff_ms", policy.maxBackoff().toMillis());
        m.put("request_timeout_ms", policy.requestTimeout().toMillis());
        m.put("max_retry_after_s", policy.maxRetryAfter().toSeconds());
        m.put("max_body_bytes", policy.maxBodyBytes());
        m.put("jitter_seed", policy.jitterSeed());
        return m;
    }
}
