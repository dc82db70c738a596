package org.biaslab.captioner.server;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.HttpCall;
import org.biaslab.generate.NetworkSettings;
import org.biaslab.generate.PooledClient;
import org.biaslab.generate.RetryPolicy;
import org.biaslab.generate.Secret;
import org.biaslab.generate.Sleeper;

/**
 * A network {@link Captioner}: one {@link Backend} (the API's request and response schema) behind
 * the generators' {@link PooledClient} (endpoint pool, retries, {@code Retry-After}, timeouts, body
 * cap, credentials scrubbed). The caption counterpart of {@link org.biaslab.generate.PooledGenerator}.
 *
 * <p>Each attempt holds a slot on one endpoint only while its exchange runs; a retry may go to
 * another endpoint. The retry jitter is seeded with the image's SHA-256 and sample index, so a
 * request's waits are the same in every run.
 */
public final class PooledCaptioner implements Captioner {

    /** One API's wire format: a single attempt against one endpoint. */
    public interface Backend {
        /** The registered captioner type ({@code openai-chat}, {@code ollama}). */
        String id();

        /** Makes one attempt; never retries by itself. */
        GeneratedCaption attempt(HttpCall call, Endpoint endpoint, CaptionRequest request) throws GenerationException;

        /** Credentials to scrub from every message. */
        default List<Secret> secrets() {
            return List.of();
        }

        /** Backend settings for provenance (never credentials). */
        default Map<String, Object> describe() {
            return Map.of();
        }
    }

    private final Backend backend;
    private final PooledClient client;

    public PooledCaptioner(Backend backend, List<Endpoint> endpoints, RetryPolicy policy) {
        this(backend, endpoints, policy, Sleeper.SYSTEM, Clock.systemUTC());
    }

    /**
     * @param sleeper waits between attempts (tests pass one that records instead of sleeping)
     * @param clock the clock HTTP-date {@code Retry-After} values are measured against
     */
    public PooledCaptioner(Backend backend, List<Endpoint> endpoints, RetryPolicy policy, Sleeper sleeper,
            Clock clock) {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        this.backend = backend;
        this.client = new PooledClient(backend.id(), endpoints, policy, backend.secrets(), sleeper, clock);
    }

    public String id() {
        return backend.id();
    }

    @Override
    public GeneratedCaption caption(CaptionRequest request) throws GenerationException {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        PooledClient.Outcome<GeneratedCaption> o = client.call(new PooledClient.Work(request.imageSha256(),
                request.sampleIndex(), request.label()), (call, endpoint) -> backend.attempt(call, endpoint, request));
        return o.attempts() == 1 ? o.value() : o.value().withAttempts(o.attempts());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", backend.id());
        m.putAll(NetworkSettings.describe(client.pool().endpoints(), client.policy()));
        m.putAll(backend.describe());
        return m;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "PooledCaptioner[" + backend.id() + ", endpoints=" + client.pool().endpoints() + "]";
    }
}
