package org.biaslab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one CSV writer: RFC 4180 quoting and no formula cells (OWASP CSV injection), numbers kept numeric. */
class CsvTest {
    @Test
    void formulaCellsAreWrittenAsText() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", Csv.cell("=HYPERLINK(\"http://x\",\"y\")"));
        assertEquals("\"'+cmd|' /C calc'!A0\"", Csv.cell("+cmd|' /C calc'!A0"));
        assertEquals("\"'-2+3\"", Csv.cell("-2+3"));
        assertEquals("\"'@SUM(A1:A2)\"", Csv.cell("@SUM(A1:A2)"));
        assertEquals("\"'\tx\"", Csv.cell("\tx"));
        assertEquals("\"'\rx\"", Csv.cell("\rx"));
        assertEquals("\"'-\"", Csv.cell("-"));
    }

    @Test
    void numbersStayNumeric() {
        for (String n : new String[] {"-0.5", "-3", "+2", "-3e-4", "1.5E+10", "-.25", "0.123456", "42"}) {
            assertEquals(n, Csv.cell(n));
        }
        assertEquals("-0.500000", Csv.row(Csv.num(-0.5)));
        assertEquals("", Csv.num(Double.NaN));
    }

    @Test
    void rfc4180QuotingAndNulls() {
        assertEquals("a,\"b,c\",\"d\"\"e\",\"f\ng\",", Csv.row("a", "b,c", "d\"e", "f\ng", null));
        assertEquals("nurse,a photo of a nurse", Csv.row(java.util.List.of("nurse", "a photo of a nurse")));
    }
}
