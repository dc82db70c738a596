package org.biaslab.generate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.time.temporal.ChronoField;

/**
 * Parses an HTTP {@code Retry-After} header (RFC 9110 section 10.2.3): either delay-seconds (a
 * non-negative integer) or an HTTP-date, in the preferred IMF-fixdate form or the two obsolete forms
 * recipients must still accept (RFC 850 and asctime). A date in the past means "now".
 */
public final class RetryAfter {
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

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
        // RFC 850 years have two digits: read them as the most recent year not more than 50 years ahead
        int base = clock.instant().atZone(ZoneOffset.UTC).getYear() - 49;
        DateTimeFormatter rfc850 = new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, base).appendPattern(" HH:mm:ss zzz")
                .toFormatter(Locale.US);
        for (DateTimeFormatter f : List.of(DateTimeFormatter.RFC_1123_DATE_TIME, rfc850, ASCTIME)) {
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
