package org.biaslab.captioner.server;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.PooledClient;
import org.biaslab.generate.PooledService;
import org.biaslab.generate.RetryPolicy;
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
public final class PooledCaptioner extends PooledService<CaptionRequest, GeneratedCaption> implements Captioner {

    /** One chat API's wire format: a single attempt against one endpoint. */
    public interface Backend extends PooledService.Backend<CaptionRequest, GeneratedCaption> {}

    public PooledCaptioner(Backend backend, List<Endpoint> endpoints, RetryPolicy policy) {
        this(backend, endpoints, policy, Sleeper.SYSTEM, Clock.systemUTC());
    }

    /**
     * @param sleeper waits between attempts (tests pass one that records instead of sleeping)
     * @param clock the clock HTTP-date {@code Retry-After} values are measured against
     */
    public PooledCaptioner(Backend backend, List<Endpoint> endpoints, RetryPolicy policy, Sleeper sleeper,
            Clock clock) {
        super(backend, endpoints, policy, sleeper, clock);
    }

    @Override
    public GeneratedCaption caption(CaptionRequest request) throws GenerationException {
        PooledClient.Outcome<GeneratedCaption> o = call(request == null ? null : new PooledClient.Work(
                request.imageSha256(), request.sampleIndex(), request.label()), request);
        return o.attempts() == 1 ? o.value() : o.value().withAttempts(o.attempts());
    }

    @Override
    public Map<String, Object> describe() {
        return describe("type");
    }
}
