package org.biaslab.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlsMappingTest {
    private static final String HEADER = "list,occupation_id,year,match,bls_title,note\n";

    @TempDir
    Path dir;

    private final BlsTable table = new BlsTable(2021, List.of(
            row(BlsTable.TOTAL_TITLE), row("Chefs and head cooks"), row("Registered nurses")));
    private final OccupationList list = new OccupationList("demo", List.of(
            new Occupation("chef", "chef", ""), new Occupation("nurse", "nurse", ""),
            new Occupation("therapist", "therapist", "")));

    private static BlsRow row(String title) {
        return new BlsRow(title, 100, Map.of(BlsMeasure.WOMEN, 50.0), OptionalInt.empty());
    }

    private Path write(String text) throws Exception {
        Path f = dir.resolve("mapping.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void resolvesMappedAndUnmappedOccupations() throws Exception {
        BlsMapping m = BlsMapping.read(write("# hand-written\n" + HEADER
                + "demo,chef,2021,broader,Chefs and head cooks,row also counts head cooks\n"
                + "demo,nurse,2021,narrower,Registered nurses,\"LPNs, nurse practitioners are separate\"\n"
                + "demo,therapist,2021,unmapped,,split over several rows\n"));
        assertEquals(List.of(), m.check(list, table));
        assertEquals("Chefs and head cooks", m.row("demo", "chef", table).orElseThrow().title());
        assertTrue(m.row("demo", "therapist", table).isEmpty());
        assertEquals(MatchKind.NARROWER, m.find("demo", "nurse", 2021).orElseThrow().kind());
        assertEquals("LPNs, nurse practitioners are separate", m.find("demo", "nurse", 2021).orElseThrow().note());
        assertEquals(java.util.Set.of(2021), m.years());
        assertThrows(IllegalStateException.class, () -> m.row("demo", "cook", table));
    }

    @Test
    void checkReportsEveryProblemAtOnce() throws Exception {
        BlsMapping m = BlsMapping.read(write(HEADER
                + "demo,chef,2021,exact,Chefs,\n"
                + "demo,cook,2021,exact,Chefs and head cooks,\n"
                + "demo,nurse,2020,exact,Registered nurses,\n"));
        List<String> problems = m.check(list, table);
        assertEquals(List.of(
                "demo/chef: mapped to 'Chefs', which is not a row title of the 2021 table",
                "demo/nurse: no BLS mapping for 2021 (map it or mark it unmapped with a reason)",
                "demo/therapist: no BLS mapping for 2021 (map it or mark it unmapped with a reason)",
                "demo/cook (2021): mapped, but list 'demo' has no such occupation"), problems);
    }

    @Test
    void malformedLinesNameLineAndField() throws Exception {
        assertProblem(HEADER + "demo,chef,2021,close,Chefs and head cooks,x\n", 2, "match",
                "'close' is not one of exact, broader, narrower, aggregate, unmapped");
        assertProblem(HEADER + "demo,therapist,2021,unmapped,Therapists,no single row\n", 2, "bls_title",
                "must be empty for an unmapped occupation");
        assertProblem(HEADER + "demo,therapist,2021,unmapped,,\n", 2, "note", "why there is no row");
        assertProblem(HEADER + "demo,chef,2021,broader,Chefs and head cooks,\n", 2, "note", "how the row differs");
        assertProblem(HEADER + "demo,chef,2021,exact,,\n", 2, "bls_title", "is empty");
        assertProblem(HEADER + "demo,chef,twenty,exact,Chefs and head cooks,\n", 2, "year", "'twenty' is not a year");
        assertProblem(HEADER + "demo,chef,2021,exact,Chefs and head cooks,\ndemo,chef,2021,exact,Chefs and head cooks,\n",
                3, "occupation_id", "already mapped on line 2");
        assertProblem(HEADER + "demo,Chef,2021,exact,Chefs and head cooks,\n", 2, "occupation_id", "not a valid id");
        assertProblem(HEADER + "demo,chef,2021,exact,Chefs and head cooks ,\n", 2, "bls_title", "white space");
    }

    private void assertProblem(String text, int line, String field, String part) throws Exception {
        Path f = write(text);
        PromptFileException e = assertThrows(PromptFileException.class, () -> BlsMapping.read(f));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": field '" + field + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
