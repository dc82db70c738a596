package org.biaslab.generate;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network {@link ImageGenerator}: one {@link Backend} (the API's request and response schema)
 * behind an {@link EndpointPool} and a {@link RetryPolicy}.
 *
 * <p>Each attempt holds a slot on one endpoint only while its exchange runs; waits between attempts
 * hold none, and a retry may go to another endpoint. Non-retryable faults are thrown at once, a
 * retryable one after {@link RetryPolicy#maxAttempts()} attempts or when the server's
 * {@code Retry-After} exceeds {@link RetryPolicy#maxRetryAfter()}.
 */
public final class PooledGenerator implements ImageGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(PooledGenerator.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

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
    private final EndpointPool pool;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final ExecutorService executor;
    private final HttpCall call;
    private volatile boolean closed;

    public PooledGenerator(Backend backend, List<Endpoint> endpoints, RetryPolicy policy) {
        this(backend, endpoints, policy, Sleeper.SYSTEM, Clock.systemUTC());
    }

    /**
     * @param sleeper waits between attempts (tests pass one that records instead of sleeping)
     * @param clock the clock HTTP-date {@code Retry-After} values are measured against
     */
    public PooledGenerator(Backend backend, List<Endpoint> endpoints, RetryPolicy policy, Sleeper sleeper,
            Clock clock) {
        if (backend == null || policy == null || sleeper == null || clock == null) {
            throw new IllegalArgumentException("backend, policy, sleeper and clock must not be null");
        }
        this.backend = backend;
        this.pool = new EndpointPool(endpoints);
        this.policy = policy;
        this.sleeper = sleeper;
        int n = CLIENTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "biaslab-" + backend.id() + "-" + n + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(tf);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(policy.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.call = new HttpCall(client, policy.requestTimeout(), clock, backend.secrets(), policy.maxBodyBytes());
    }

    @Override
    public String id() {
        return backend.id();
    }

    public EndpointPool pool() {
        return pool;
    }

    @Override
    public GeneratedImage generate(GenerationRequest request) throws GenerationException {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        Endpoint avoid = null;
        for (int attempt = 1; ; attempt++) {
            if (closed) {
                throw new GenerationException(GenerationException.Kind.CLOSED, null,
                        backend.id() + " generator is closed");
            }
            GenerationException fault;
            Endpoint used = null;
            try (EndpointPool.Lease lease = pool.acquire(avoid)) {
                used = lease.endpoint();
                GeneratedImage img = backend.attempt(call, used, request);
                return attempt == 1 ? img : img.withAttempts(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationException(GenerationException.Kind.INTERRUPTED, null,
                        backend.id() + ": interrupted while waiting for a free endpoint slot");
            } catch (GenerationException e) {
                fault = e;
            }
            String where = backend.id() + " " + request.promptId() + "#" + request.sampleIndex();
            if (!fault.retryable()) {
                throw attempt == 1 ? fault : fault.afterAttempts(attempt, "attempt " + attempt + ": ");
            }
            if (attempt >= policy.maxAttempts()) {
                throw fault.afterAttempts(attempt, "gave up after " + attempt + " attempts: ");
            }
            Duration wait = policy.backoff(attempt, request);
            if (fault.retryAfter().isPresent()) {
                Duration asked = fault.retryAfter().get();
                if (asked.compareTo(policy.maxRetryAfter()) > 0) {
                    throw fault.afterAttempts(attempt, "server asked to wait " + asked.toSeconds()
                            + " s (Retry-After), more than the " + policy.maxRetryAfter().toSeconds()
                            + " s allowed; ");
                }
                wait = asked;
            }
            LOG.info("{}: attempt {}/{} failed ({}); retrying in {} ms", where, attempt, policy.maxAttempts(),
                    fault.getMessage(), wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationException(GenerationException.Kind.INTERRUPTED, fault.endpoint().orElse(null),
                        where + ": interrupted while waiting to retry after: " + fault.getMessage(), fault);
            }
            avoid = used;
        }
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", backend.id());
        m.putAll(NetworkSettings.describe(pool.endpoints(), policy));
        m.putAll(backend.describe());
        return m;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "PooledGenerator[" + backend.id() + ", endpoints=" + pool.endpoints() + "]";
    }
}
