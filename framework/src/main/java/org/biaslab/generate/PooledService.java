package org.biaslab.generate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every server-backed component (an image generator, a captioner) is: one {@link Backend} (the
 * API's request and response schema, one attempt against one endpoint) behind a {@link PooledClient}
 * (endpoint pool, retries, {@code Retry-After}, timeouts, body cap, credentials scrubbed).
 *
 * @param <Q> the request type
 * @param <R> the result type
 */
public abstract class PooledService<Q, R> implements AutoCloseable {

    /** One API's wire format: a single attempt against one endpoint. */
    public interface Backend<Q, R> {
        /** The registered name ({@code a1111}, {@code openai-chat}, ...). */
        String id();

        /** Makes one attempt; never retries by itself. */
        R attempt(HttpCall call, Endpoint endpoint, Q request) throws GenerationException;

        /** Credentials to scrub from every message. */
        default List<Secret> secrets() {
            return List.of();
        }

        /** Backend settings for provenance (never credentials). */
        default Map<String, Object> describe() {
            return Map.of();
        }
    }

    private final Backend<Q, R> backend;
    private final PooledClient client;

    /**
     * @param sleeper waits between attempts (tests pass one that records instead of sleeping)
     * @param clock the clock HTTP-date {@code Retry-After} values are measured against
     */
    protected PooledService(Backend<Q, R> backend, List<Endpoint> endpoints, RetryPolicy policy, Sleeper sleeper,
            Clock clock) {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        this.backend = backend;
        this.client = new PooledClient(backend.id(), endpoints, policy, backend.secrets(), sleeper, clock);
    }

    /** Runs {@code request} through the pool with retries. */
    protected PooledClient.Outcome<R> call(PooledClient.Work work, Q request) throws GenerationException {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        return client.call(work, (call, endpoint) -> backend.attempt(call, endpoint, request));
    }

    public String id() {
        return backend.id();
    }

    public EndpointPool pool() {
        return client.pool();
    }

    /** The backend's id under {@code idKey}, the network settings and the backend's own settings. */
    protected Map<String, Object> describe(String idKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(idKey, backend.id());
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
        return getClass().getSimpleName() + "[" + backend.id() + ", endpoints=" + client.pool().endpoints() + "]";
    }
}
