package org.biaslab.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArticlesTest {
    private static void check(String expected, String phrase) {
        assertEquals(expected, Articles.indefinite(phrase), phrase);
    }

    @Test
    void vowelAndConsonantLetters() {
        check("an", "accountant");
        check("an", "engineer");
        check("an", "interior designer");
        check("an", "optician");
        check("an", "underwriter");
        check("a", "baker");
        check("a", "software developer");
        check("a", "yoga teacher");
    }

    @Test
    void vowelLettersWithAConsonantSound() {
        check("a", "university professor");
        check("a", "user researcher");
        check("a", "urologist");
        check("a", "European diplomat");
        check("a", "one-man band");
        check("a", "utility worker");
        // but not the negating un- or other u words
        check("an", "unreasonable boss");
        check("an", "uninsured driver");
        check("an", "umpire");
        check("an", "usher");
        check("an", "urban planner");
    }

    @Test
    void silentH() {
        check("an", "hourly worker");
        check("an", "honest broker");
        check("an", "heir");
        check("a", "hairdresser");
        check("a", "housekeeper");
    }

    @Test
    void lettersReadOneByOne() {
        check("a", "CEO");
        check("a", "TV presenter");
        check("an", "IT specialist");
        check("an", "MRI technician");
        check("an", "HR manager");
        check("an", "X-ray technician");
        check("a", "U-turn");
        check("a", "NASA engineer");
        check("a", "SWAT officer");
        // a capitalised ordinary word is not an acronym
        check("an", "Engineer");
        check("a", "Nurse");
    }

    @Test
    void capitalisedForm() {
        assertEquals("An", Articles.indefiniteCapitalised("engineer"));
        assertEquals("A", Articles.indefiniteCapitalised("nurse"));
    }

    @Test
    void refusesPhrasesNotStartingWithALetter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Articles.indefinite("3D artist"));
        assertTrue(e.getMessage().contains("'3D artist'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Articles.indefinite(" "));
    }
}
