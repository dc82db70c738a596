package org.biaslab.generate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network {@link ImageGenerator}: one {@link Backend} (the API's request and response schema)
 * behind a {@link PooledClient} (endpoint pool, retries, {@code Retry-After}, timeouts, body cap).
 *
 * <p>Each attempt holds a slot on one endpoint only while its exchange runs; waits between attempts
 * hold none, and a retry may go to another endpoint. Non-retryable faults are thrown at once, a
 * retryable one after {@link RetryPolicy#maxAttempts()} attempts or when the server's
 * {@code Retry-After} exceeds {@link RetryPolicy#maxRetryAfter()}.
 */
public final class PooledGenerator implements ImageGenerator {

    /** One API's wire format: a single attempt against one endpoint. */
    public interface Backend {
        /** The registered backend name. */
        String id();

        /** Makes one attempt; never retries by itself. */
        GeneratedImage attempt(HttpCall call, Endpoint endpoint, GenerationRequest request) throws GenerationException;

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

    public PooledGenerator(Backend backend, List<Endpoint> endpoints, RetryPolicy policy) {
        this(backend, endpoints, policy, Sleeper.SYSTEM, Clock.systemUTC());
    }

    /**
     * @param sleeper waits between attempts (tests pass one that records instead of sleeping)
     * @param clock the clock HTTP-date {@code Retry-After} values are measured against
     */
    public PooledGenerator(Backend backend, List<Endpoint> endpoints, RetryPolicy policy, Sleeper sleeper,
            Clock clock) {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        this.backend = backend;
        this.client = new PooledClient(backend.id(), endpoints, policy, backend.secrets(), sleeper, clock);
    }

    @Override
    public String id() {
        return backend.id();
    }

    public EndpointPool pool() {
        return client.pool();
    }

    @Override
    public GeneratedImage generate(GenerationRequest request) throws GenerationException {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        PooledClient.Outcome<GeneratedImage> o = client.call(new PooledClient.Work(request.promptId(),
                request.sampleIndex(), request.promptId() + "#" + request.sampleIndex()),
                (call, endpoint) -> backend.attempt(call, endpoint, request));
        return o.attempts() == 1 ? o.value() : o.value().withAttempts(o.attempts());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", backend.id());
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
        return "PooledGenerator[" + backend.id() + ", endpoints=" + client.pool().endpoints() + "]";
    }
}
