package org.biaslab.experiment;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Progress of a long phase (generating, perceiving) with rate and estimated time left.
 *
 * <p>On a terminal it redraws one line in place ({@code \r}) at most every {@link #TTY_INTERVAL_NANOS};
 * otherwise (a log file, CI) it prints a plain line at every tenth of the work or every
 * {@link #LOG_INTERVAL_NANOS}, whichever comes first, so logs stay short and readable. Thread-safe:
 * workers call {@link #step(boolean)} as items finish.
 */
public final class Progress {
    /** Minimum time between terminal redraws. */
    public static final long TTY_INTERVAL_NANOS = 200_000_000L;
    /** Maximum time between plain log lines. */
    public static final long LOG_INTERVAL_NANOS = 30_000_000_000L;
    private static final int BAR = 30;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean tty;
    private final LongSupplier clock;
    private final long start;
    private long done;
    private long failed;
    private long lastPrint;
    private long lastTenth;

    /**
     * @param label what is counted, e.g. "[exp] generated"
     * @param total items in this phase, >= 0
     * @param out   where to print
     * @param tty   true to redraw one line in place
     * @param clock nanosecond clock (System::nanoTime; a fake in tests)
     */
    public Progress(String label, long total, PrintStream out, boolean tty, LongSupplier clock) {
        if (total < 0) throw new IllegalArgumentException("total must be >= 0, was " + total);
        this.label = Objects.requireNonNull(label, "label");
        this.total = total;
        this.out = Objects.requireNonNull(out, "out");
        this.tty = tty;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.start = clock.getAsLong();
        this.lastPrint = start;
    }

    /** A progress line for the run's log, drawn in place when stderr is a terminal. */
    public static Progress of(RunContext ctx, String what, long total) {
        boolean tty = System.console() != null && ctx.log() == System.err;
        return new Progress("[" + ctx.header().name() + "] " + what, total, ctx.log(), tty, System::nanoTime);
    }

    /** One more item finished ({@code ok} false when it failed). */
    public synchronized void step(boolean ok) {
        done++;
        if (!ok) failed++;
        long now = clock.getAsLong();
        long tenth = total == 0 ? 10 : done * 10 / total;
        boolean print = tty ? now - lastPrint >= TTY_INTERVAL_NANOS || done == total
                : tenth > lastTenth || now - lastPrint >= LOG_INTERVAL_NANOS || done == total;
        if (print) {
            lastPrint = now;
            lastTenth = tenth;
            out.print(tty ? "\r" + line(now) + (done == total ? System.lineSeparator() : "")
                    : line(now) + System.lineSeparator());
            out.flush();
        }
    }

    /** The current line: counts, percentage, rate, time left, failures. */
    synchronized String line(long now) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (tty) {
            int filled = total == 0 ? BAR : (int) (BAR * done / total);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
        }
        sb.append(done).append(" / ").append(total);
        if (total > 0) sb.append(String.format(Locale.ROOT, " (%d%%)", 100 * done / total));
        sb.append(String.format(Locale.ROOT, ", %.1f/s", rate));
        if (done < total) {
            sb.append(", ETA ").append(rate > 0 ? clockTime((total - done) / rate) : "?");
        } else {
            sb.append(", took ").append(clockTime(seconds));
        }
        if (failed > 0) sb.append(", ").append(failed).append(" failed");
        return sb.toString();
    }

    /** Seconds as h:mm:ss or m:ss. */
    static String clockTime(double seconds) {
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
