package org.biaslab.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlsTableTest {
    private static final String HEADER =
            "occupation,total_employed_thousands,pct_women,pct_white,pct_black,pct_asian,pct_hispanic_latino";

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void quotedTitlesDashesAndZeros() throws Exception {
        Path f = write(HEADER + ",tree_level\r\n"
                + "\"Total, 16 years and over\",152581,47.0,77.5,12.3,6.6,18.0,0\r\n"
                + "\"Farmers, ranchers, and other agricultural managers\",920,26.3,95.7,1.0,1.1,5.5,4\r\n"
                + "Legislators,21,,,,,,4\r\n"
                + "Veterinarians,83,64.9,91.9,0.0,5.7,7.0,4\r\n"
                + "Dancers and choreographers,7,-,\u2013,\u2014,,,\r\n");
        BlsTable t = BlsTable.read(f, 2021);
        assertEquals(2021, t.year());
        assertEquals(5, t.rows().size());
        assertEquals(152581, t.total().employedThousands());
        BlsRow farmers = t.row("Farmers, ranchers, and other agricultural managers").orElseThrow();
        assertEquals(OptionalDouble.of(26.3), farmers.percent(BlsMeasure.WOMEN));
        assertEquals(0.263, farmers.share(BlsMeasure.WOMEN).getAsDouble(), 1e-12);
        assertEquals(OptionalInt.of(4), farmers.level());
        assertTrue(farmers.complete());

        BlsRow legislators = t.row("Legislators").orElseThrow();
        assertEquals(21, legislators.employedThousands());
        for (BlsMeasure m : BlsMeasure.values()) {
            assertEquals(OptionalDouble.empty(), legislators.percent(m), m.column());
        }
        assertFalse(legislators.complete());
        // a published 0.0 stays a value; only a dash or an empty field is missing
        assertEquals(OptionalDouble.of(0.0), t.row("Veterinarians").orElseThrow().percent(BlsMeasure.BLACK));
        BlsRow dancers = t.row("Dancers and choreographers").orElseThrow();
        assertEquals(OptionalDouble.empty(), dancers.percent(BlsMeasure.WOMEN));
        assertEquals(OptionalDouble.empty(), dancers.percent(BlsMeasure.WHITE));
        assertEquals(OptionalDouble.empty(), dancers.percent(BlsMeasure.BLACK));
        assertEquals(OptionalInt.empty(), dancers.level());
        // titles are matched exactly
        assertTrue(t.row("legislators").isEmpty());
        assertTrue(t.row("Farmers").isEmpty());
    }

    @Test
    void treeLevelIsOptional() throws Exception {
        BlsTable t = BlsTable.read(write(HEADER + "\n\"Total, 16 years and over\",1,50,50,50,50,50\n"), 2020);
        assertEquals(OptionalInt.empty(), t.total().level());
    }

    @Test
    void badNumberNamesLineAndField() throws Exception {
        Path f = write(HEADER + "\n\"Total, 16 years and over\",152581,47.0,77.5,12.3,6.6,18.0\n"
                + "Chief executives,1664,29.1,85.7,5,9,6.8,7.4\n");
        // "5,9" splits into two fields: one too many
        PromptFileException e = assertThrows(PromptFileException.class, () -> BlsTable.read(f, 2021));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("has 8 fields"), e.getMessage());

        Path g = write(HEADER + "\n\"Total, 16 years and over\",152581,47.0,77.5,12.3,6.6,18.0\n"
                + "Chief executives,1664,29.1,85.7,5.9x,6.8,7.4\n");
        e = assertThrows(PromptFileException.class, () -> BlsTable.read(g, 2021));
        assertEquals(3, e.line());
        assertEquals("pct_black", e.field());
        assertEquals(g + ":3: field 'pct_black': '5.9x' is not a number (leave the field empty where BLS shows a dash)",
                e.getMessage());
    }

    @Test
    void outOfRangeNegativeAndMissingTotalsAreErrors() throws Exception {
        String total = "\"Total, 16 years and over\",152581,47.0,77.5,12.3,6.6,18.0\n";
        PromptFileException e = assertThrows(PromptFileException.class,
                () -> BlsTable.read(write(HEADER + "\n" + total + "Nurses,10,101.0,1,1,1,1\n"), 2021));
        assertEquals("pct_women", e.field());
        assertTrue(e.getMessage().contains("101.0 is not a percentage"), e.getMessage());

        e = assertThrows(PromptFileException.class,
                () -> BlsTable.read(write(HEADER + "\n" + total + "Nurses,,1,1,1,1,1\n"), 2021));
        assertEquals("total_employed_thousands", e.field());
        assertEquals(3, e.line());

        e = assertThrows(PromptFileException.class,
                () -> BlsTable.read(write(HEADER + "\n" + total + "Nurses,\"1,204\",1,1,1,1,1\n"), 2021));
        assertTrue(e.getMessage().contains("'1,204' is not a whole number"), e.getMessage());

        e = assertThrows(PromptFileException.class,
                () -> BlsTable.read(write(HEADER + "\nNurses,10,1,1,1,1,1\n"), 2021));
        assertTrue(e.getMessage().contains("no row titled 'Total, 16 years and over'"), e.getMessage());

        e = assertThrows(PromptFileException.class,
                () -> BlsTable.read(write(HEADER + "\n" + total + "Nurses,10,1,1,1,1,1\nNurses,11,1,1,1,1,1\n"), 2021));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("already on line 3"), e.getMessage());

        e = assertThrows(PromptFileException.class,
                () -> BlsTable.read(write("occupation,total_employed_thousands,pct_women\n" + total), 2021));
        assertEquals("pct_white", e.field());
    }
}
