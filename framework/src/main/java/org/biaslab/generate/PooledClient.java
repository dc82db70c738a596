package org.biaslab.generate;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network part every server-backed component shares (image generators and captioners): one
 * HTTP client, an {@link EndpointPool} and a {@link RetryPolicy}.
 *
 * <p>Each attempt holds a slot on one endpoint only while its exchange runs; waits between attempts
 * hold none, and a retry may go to another endpoint. Non-retryable faults are thrown at once, a
 * retryable one after {@link RetryPolicy#maxAttempts()} attempts or when the server's
 * {@code Retry-After} exceeds {@link RetryPolicy#maxRetryAfter()}.
 */
public final class PooledClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PooledClient.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** One attempt against one endpoint; never retries by itself. */
    @FunctionalInterface
    public interface Attempt<T> {
        T attempt(HttpCall call, Endpoint endpoint) throws GenerationException;
    }

    /**
     * What one request is, for waits and messages.
     *
     * @param workId the id of the work item ({@code promptId}, an image's SHA-256), part of the jitter seed
     * @param index its sample index (0 when it has none), part of the jitter seed
     * @param label how messages name the request
     */
    public record Work(String workId, int index, String label) {}

    private final String id;
    private final EndpointPool pool;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final ExecutorService executor;
    private final HttpCall call;
    private volatile boolean closed;

    /**
     * @param id the component's registered name, for thread names and messages
     * @param secrets credentials scrubbed from every message
     * @param sleeper waits between attempts (tests pass one that records instead of sleeping)
     * @param clock the clock HTTP-date {@code Retry-After} values are measured against
     */
    public PooledClient(String id, List<Endpoint> endpoints, RetryPolicy policy, List<Secret> secrets,
            Sleeper sleeper, Clock clock) {
        if (id == null || policy == null || sleeper == null || clock == null) {
            throw new IllegalArgumentException("id, policy, sleeper and clock must not be null");
        }
        this.id = id;
        this.pool = new EndpointPool(endpoints);
        this.policy = policy;
        this.sleeper = sleeper;
        int n = CLIENTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "biaslab-" + id + "-" + n + "-http-" + threads.incrementAndGet());
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
        this.call = new HttpCall(client, policy.requestTimeout(), clock, secrets, policy.maxBodyBytes());
    }

    public EndpointPool pool() {
        return pool;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** Scrubs the credentials from {@code text}. */
    public String scrub(String text) {
        return call.scrub(text);
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for good, or the attempts are spent.
     *
     * @return the result and the number of attempts it took
     */
    public <T> Outcome<T> call(Work work, Attempt<T> attempt) throws GenerationException {
        Endpoint avoid = null;
        for (int n = 1; ; n++) {
            if (closed) {
                throw new GenerationException(GenerationException.Kind.CLOSED, null, id + " is closed");
            }
            GenerationException fault;
            Endpoint used = null;
            try (EndpointPool.Lease lease = pool.acquire(avoid)) {
                used = lease.endpoint();
                return new Outcome<>(attempt.attempt(call, used), n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationException(GenerationException.Kind.INTERRUPTED, null,
                        id + ": interrupted while waiting for a free endpoint slot");
            } catch (GenerationException e) {
                fault = e;
            }
            String where = id + " " + work.label();
            if (!fault.retryable()) {
                throw n == 1 ? fault : fault.afterAttempts(n, "attempt " + n + ": ");
            }
            if (n >= policy.maxAttempts()) {
                throw fault.afterAttempts(n, "gave up after " + n + " attempts: ");
            }
            Duration wait = policy.backoff(n, work.workId(), work.index());
            if (fault.retryAfter().isPresent()) {
                Duration asked = fault.retryAfter().get();
                if (asked.compareTo(policy.maxRetryAfter()) > 0) {
                    throw fault.afterAttempts(n, "server asked to wait " + asked.toSeconds()
                            + " s (Retry-After), more than the " + policy.maxRetryAfter().toSeconds()
                            + " s allowed; ");
                }
                wait = asked;
            }
            LOG.info("{}: attempt {}/{} failed ({}); retrying in {} ms", where, n, policy.maxAttempts(),
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

    /** A successful result and the attempts it took (1 when the first succeeded). */
    public record Outcome<T>(T value, int attempts) {}

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
