package org.biaslab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeNamesTest {
    @Test
    void plainNamesStayAndOthersAreReplacedAndTagged() {
        assertEquals("blip2-opt_2.7b", SafeNames.fileName("blip2-opt_2.7b"));
        String a = SafeNames.fileName("a/b");
        String b = SafeNames.fileName("a:b");
        assertTrue(a.startsWith("a_b-") && b.startsWith("a_b-"), a + " " + b);
        assertNotEquals(a, b, "names that differ never share a file");
        for (String climb : new String[] {"..", ".", ""}) {
            String s = SafeNames.fileName(climb);
            assertTrue(s.contains("-") && !s.equals("..") && !s.equals("."), climb + " -> " + s);
        }
        assertTrue(SafeNames.fileName("../../etc").matches("[A-Za-z0-9._-]+"));
    }
}
