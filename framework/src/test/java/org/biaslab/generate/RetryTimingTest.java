package org.biaslab.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Backoff values and Retry-After parsing (values only; nothing here waits). */
class RetryTimingTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("1994-11-06T08:49:30Z"), ZoneOffset.UTC);

    @Test
    void backoffDoublesWithinEqualJitterBandsAndIsCapped() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 42);
        GenerationRequest r = GenerationRequest.of("p", "a", 1, 0, 8, 8);
        long[] caps = {100, 200, 400, 800, 1000, 1000, 1000, 1000, 1000};
        for (int k = 1; k <= caps.length; k++) {
            long ms = p.backoff(k, r).toMillis();
            assertTrue(ms >= caps[k - 1] / 2 && ms < caps[k - 1], "retry " + k + ": " + ms + " ms");
        }
        assertEquals(p.backoff(3, r), p.backoff(3, r), "same request, same wait");
        assertNotEquals(p.backoff(3, r), p.backoff(3, GenerationRequest.of("p", "a", 1, 1, 8, 8)),
                "other samples draw other jitter");
        RetryPolicy other = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 43);
        assertNotEquals(p.backoff(3, r), other.backoff(3, r), "the jitter seed matters");
        assertEquals(Duration.ofMillis(1000).compareTo(p.backoff(100, r)) > 0, true, "huge retry counts stay capped");
    }

    @Test
    void policyValidation() {
        assertEquals("maxBackoff (PT0.05S) must be >= initialBackoff (PT0.1S)", assertThrows(
                IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(50),
                        Duration.ofSeconds(1), Duration.ZERO, 1)).getMessage());
        assertEquals("maxAttempts must be in 1..100, was 0", assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1),
                        Duration.ZERO, 1)).getMessage());
    }

    @Test
    void retryAfterAcceptsSecondsAndAllThreeHttpDateForms() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", CLOCK));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(" 0 ", CLOCK));
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", CLOCK));
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", CLOCK));
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse("Sun Nov  6 08:49:37 1994", CLOCK));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", CLOCK),
                "a date in the past means now");
        assertEquals(Optional.empty(), RetryAfter.parse("-5", CLOCK));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", CLOCK));
        assertEquals(Optional.empty(), RetryAfter.parse(null, CLOCK));
    }

    @Test
    void statusesMapToRetryability() {
        for (int s : new int[] {408, 425, 429, 500, 502, 503, 504}) {
            assertTrue(GenerationException.forStatus(s, "e", null, "m").retryable(), Integer.toString(s));
        }
        for (int s : new int[] {400, 401, 403, 404, 409, 413, 422}) {
            assertTrue(!GenerationException.forStatus(s, "e", null, "m").retryable(), Integer.toString(s));
        }
        assertEquals(GenerationException.Kind.RATE_LIMITED, GenerationException.forStatus(429, "e", null, "m").kind());
    }
}
