package org.biaslab.generate;

import java.time.Clock;
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
public final class PooledGenerator extends PooledService<GenerationRequest, GeneratedImage> implements ImageGenerator {

    /** One images API's wire format: a single attempt against one endpoint. */
    public interface Backend extends PooledService.Backend<GenerationRequest, GeneratedImage> {}

    public PooledGenerator(Backend backend, List<Endpoint> endpoints, RetryPolicy policy) {
        this(backend, endpoints, policy, Sleeper.SYSTEM, Clock.systemUTC());
    }

    /**
     * @param sleeper waits between attempts (tests pass one that records instead of sleeping)
     * @param clock the clock HTTP-date {@code Retry-After} values are measured against
     */
    public PooledGenerator(Backend backend, List<Endpoint> endpoints, RetryPolicy policy, Sleeper sleeper,
            Clock clock) {
        super(backend, endpoints, policy, sleeper, clock);
    }

    @Override
    public GeneratedImage generate(GenerationRequest request) throws GenerationException {
        PooledClient.Outcome<GeneratedImage> o = call(request == null ? null : new PooledClient.Work(
                request.promptId(), request.sampleIndex(), request.promptId() + "#" + request.sampleIndex()), request);
        return o.attempts() == 1 ? o.value() : o.value().withAttempts(o.attempts());
    }

    @Override
    public Map<String, Object> describe() {
        return describe("id");
    }
}
