package org.biaslab.metric.validity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.biaslab.metric.validity.GroupAccuracy.Cell;
import org.biaslab.metric.validity.GroupAccuracy.Item;
import org.junit.jupiter.api.Test;

class GroupAccuracyTest {
    static final List<String> LABELS = List.of("man", "woman");
    static final List<String> KINDS = List.of("uncertain");

    static Item item(String truth, String output, String race) {
        return new Item(truth, output, race == null ? Map.of("gender", truth) : Map.of("gender", truth, "race", race));
    }

    /*
     * man x A: man, man, woman          -> 3 decided, 2 right
     * man x B: man, uncertain           -> 1 decided, 1 right, 1 abstained
     * woman x A: woman, woman           -> 2 decided, 2 right
     * woman x B: man, woman, uncertain  -> 2 decided, 1 right, 1 abstained
     * woman without race: woman         -> counted for gender only
     */
    static List<Item> items() {
        return List.of(item("man", "man", "A"), item("man", "man", "A"), item("man", "woman", "A"),
                item("man", "man", "B"), item("man", "uncertain", "B"),
                item("woman", "woman", "A"), item("woman", "woman", "A"),
                item("woman", "man", "B"), item("woman", "woman", "B"), item("woman", "uncertain", "B"),
                item("woman", "woman", null));
    }

    @Test
    void everyGroupAndIntersectionByHand() {
        List<Cell> cells = GroupAccuracy.compute(items(), LABELS, KINDS, List.of("gender", "race"));
        List<String> names = cells.stream().map(c -> c.attributes() + "=" + c.name()).toList();
        assertEquals(List.of("gender=man", "gender=woman", "race=A", "race=B", "gender x race=man x A",
                "gender x race=man x B", "gender x race=woman x A", "gender x race=woman x B"), names);
        double[][] expected = {
            // items, decided, correct, abstained
            {5, 4, 3, 1}, {6, 5, 4, 1}, {5, 5, 4, 0}, {5, 3, 2, 2}, {3, 3, 2, 0}, {2, 1, 1, 1}, {2, 2, 2, 0},
            {3, 2, 1, 1}};
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            assertEquals(expected[i][0], c.n(), names.get(i));
            assertEquals(expected[i][1], c.matrix().decided(), names.get(i));
            assertEquals(expected[i][2], c.matrix().correct(), names.get(i));
            assertEquals(expected[i][2] / expected[i][1], c.accuracy().value(), 1e-12, names.get(i));
            assertEquals((int) expected[i][1], c.accuracy().n(), names.get(i));
            assertEquals(expected[i][3] / expected[i][0], c.abstentionRate().value(), 1e-12, names.get(i));
            assertTrue(c.smallCell(), names.get(i));
        }
        // the cell's own matrix gives recall per label within the group
        Cell womanB = cells.get(7);
        assertEquals(Map.of("gender", "woman", "race", "B"), womanB.group());
        assertEquals(0.5, womanB.matrix().recall("woman", 0.95).value(), 1e-12);
    }

    @Test
    void smallCellFlagAtThirtyDecidedItems() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < GroupAccuracy.SMALL_CELL_N; i++) {
            items.add(item("man", "man", "A"));
            items.add(item("woman", i == 0 ? "woman" : "uncertain", "B"));
        }
        List<Cell> cells = GroupAccuracy.compute(items, LABELS, KINDS, List.of("race"));
        assertEquals(30, cells.get(0).accuracy().n());
        assertFalse(cells.get(0).smallCell());
        // 30 items but only 1 decided: the accuracy rests on one item
        assertEquals(30, cells.get(1).n());
        assertEquals(1, cells.get(1).accuracy().n());
        assertTrue(cells.get(1).smallCell());
    }

    @Test
    void allAbstainedCellHasUndefinedAccuracy() {
        List<Cell> cells = GroupAccuracy.compute(List.of(item("man", "uncertain", "A")), LABELS, KINDS,
                List.of("race"));
        assertFalse(cells.get(0).accuracy().defined());
        assertEquals(1.0, cells.get(0).abstentionRate().value());
    }

    @Test
    void badItemsAreNamedByPosition() {
        List<Item> items = new ArrayList<>(items());
        items.add(new Item("man", "female", Map.of("race", "A")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GroupAccuracy.compute(items, LABELS, KINDS, List.of("race")));
        assertEquals("item 11: output 'female' is neither a label [man, woman] nor an abstention kind [uncertain]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GroupAccuracy.compute(items(), LABELS, KINDS, List.of("race", "race")));
        assertEquals("attributes contain a duplicate: [race, race]", e.getMessage());
    }
}
