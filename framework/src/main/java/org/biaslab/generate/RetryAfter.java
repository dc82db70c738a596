package org.biaslab.generate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses an HTTP {@code Retry-After} header (RFC 9110 section 10.2.3): either delay-seconds (a
 * non-negative integer) or an HTTP-date, in the preferred IMF-fixdate form or the two obsolete forms
 * recipients must still accept (RFC 850 and asctime). A date in the past means "now".
 */
public final class RetryAfter {
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(java.time.ZoneOffset.UTC));

    private RetryAfter() {}

    /** The wait the header asks for, or empty when it is absent or unreadable. */
    public static Optional<Duration> parse(String header, Clock clock) {
        if (header == null) {
            return Optional.empty();
        }
        String v = header.trim();
        if (v.matches("\\d{1,12}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        for (DateTimeFormatter f : DATES) {
            try {
                Instant at = ZonedDateTime.parse(v, f).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                // try the next accepted form
            }
        }
        return Optional.empty();
    }
}
