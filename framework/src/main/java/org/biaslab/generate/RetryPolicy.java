package org.biaslab.generate;

import java.time.Duration;
import java.util.SplittableRandom;
import org.biaslab.util.Hashing;

/**
 * How a network generator retries.
 *
 * <p>Before retry {@code k} (1 for the second attempt) it waits
 * {@code c * (1 + u) / 2} with {@code c = min(maxBackoff, initialBackoff * 2^(k-1))} and {@code u}
 * uniform in [0, 1) ("equal jitter": the wait still grows, but concurrent requests spread out).
 * {@code u} comes from a {@link SplittableRandom} seeded with
 * {@code Hashing.seed(jitterSeed, "backoff", promptId, sampleIndex, k)}, so a request's waits are the
 * same in every run whatever the thread interleaving. A {@code Retry-After} from the server replaces
 * the computed wait when present; if it asks for more than {@code maxRetryAfter}, the request fails
 * instead of stalling the run.
 *
 * @param maxAttempts attempts in all, including the first, 1..100
 * @param initialBackoff wait cap before the first retry, &gt; 0
 * @param maxBackoff largest wait cap, &gt;= initialBackoff
 * @param requestTimeout limit for one attempt (connect, send, whole response), &gt; 0
 * @param maxRetryAfter longest {@code Retry-After} that is honoured, &gt;= 0
 * @param jitterSeed seed for the jitter draws (from the experiment seed)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout,
        Duration maxRetryAfter, long jitterSeed, long maxBodyBytes) {
    /** The largest response body read by default (a 4K PNG in base64 is about 30 MB). */
    public static final long DEFAULT_MAX_BODY_BYTES = 256L << 20;

    /** A policy with the default response body cap. */
    public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout,
            Duration maxRetryAfter, long jitterSeed) {
        this(maxAttempts, initialBackoff, maxBackoff, requestTimeout, maxRetryAfter, jitterSeed, DEFAULT_MAX_BODY_BYTES);
    }

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be in 1..100, was " + maxAttempts);
        }
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        positive("requestTimeout", requestTimeout);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be >= initialBackoff ("
                    + initialBackoff + ")");
        }
        if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must be >= 0, was " + maxRetryAfter);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
        }
    }

    /** 5 attempts, waits from 1 s up to 60 s, 10 min per attempt (a large SDXL render can take minutes), Retry-After up to 10 min. */
    public static RetryPolicy defaults(long jitterSeed) {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10),
                Duration.ofMinutes(10), jitterSeed);
    }

    /** The wait before retry {@code retry} (1-based) of {@code request}. */
    public Duration backoff(int retry, GenerationRequest request) {
        return backoff(retry, request.promptId(), request.sampleIndex());
    }

    /** The wait before retry {@code retry} (1-based) of the work item ({@code workId}, {@code index}). */
    public Duration backoff(int retry, String workId, int index) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be >= 1, was " + retry);
        }
        long initial = initialBackoff.toNanos();
        long cap = maxBackoff.toNanos();
        int shift = Math.min(retry - 1, 62);
        long c = initial > (cap >> shift) ? cap : Math.min(cap, initial << shift);
        double u = new SplittableRandom(Hashing.seed(jitterSeed, "backoff", workId, index, retry)).nextDouble();
        return Duration.ofNanos((long) (c * (1 + u) / 2));
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + d);
        }
    }
}
