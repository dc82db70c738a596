package org.biaslab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLogGetsOneLineAtEveryTenthWithRateAndTimeLeft() {
        Progress p = new Progress("[x] generated", 100, out, false, now::get);
        for (int i = 1; i <= 100; i++) {
            now.addAndGet(100_000_000L); // 10 items per second
            p.step(i != 7);
        }
        String[] lines = text().split(System.lineSeparator());
        assertEquals(10, lines.length, text());
        // after 10 items in 1 s: 90 left at 10/s = 9 s
        assertEquals("[x] generated 10 / 100 (10%), 10.0/s, ETA 0:09, 1 failed", lines[0]);
        assertEquals("[x] generated 100 / 100 (100%), 10.0/s, took 0:10, 1 failed", lines[9]);
    }

    @Test
    void aLogStillHearsFromASlowPhaseEveryThirtySeconds() {
        Progress p = new Progress("[x] perceived", 1000, out, false, now::get);
        now.addAndGet(31_000_000_000L);
        p.step(true); // 1 of 1000: not a tenth yet, but 31 s passed
        assertTrue(text().startsWith("[x] perceived 1 / 1000 (0%), 0.0/s, ETA 8:36:09"), text());
    }

    @Test
    void aTerminalRedrawsOneLineInPlaceAtMostFiveTimesASecond() {
        Progress p = new Progress("[x] generated", 4, out, true, now::get);
        now.addAndGet(50_000_000L);
        p.step(true); // too soon: nothing drawn
        assertEquals("", text());
        now.addAndGet(200_000_000L);
        p.step(true);
        assertEquals("\r[x] generated [###############...............] 2 / 4 (50%), 8.0/s, ETA 0:00", text());
        p.step(true);
        p.step(true); // the last step always draws, and ends the line
        assertTrue(text().endsWith("\r[x] generated [##############################] 4 / 4 (100%), 16.0/s, took 0:00"
                + System.lineSeparator()), text());
    }

    @Test
    void clockTimes() {
        assertEquals("0:00", Progress.clockTime(0.2));
        assertEquals("1:05", Progress.clockTime(65));
        assertEquals("2:00:01", Progress.clockTime(7201));
    }
}
