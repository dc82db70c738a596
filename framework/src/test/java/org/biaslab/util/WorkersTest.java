package org.biaslab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkersTest {
    @Test
    void resultsComeInItemOrderFromSeveralNamedThreads() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> items = IntStream.range(0, 200).boxed().toList();
        List<Integer> out = Workers.map(items, 4, "test", i -> {
            threads.add(Thread.currentThread().getName());
            Thread.sleep(i % 3);
            return i * i;
        });
        assertEquals(items.stream().map(i -> i * i).toList(), out);
        assertTrue(threads.size() > 1 && threads.stream().allMatch(t -> t.startsWith("biaslab-test-")), threads.toString());
        assertEquals(List.of(), Workers.map(List.<Integer>of(), 4, "test", i -> i));
    }

    @Test
    void theFirstFailureInItemOrderIsRethrownAsThrown() {
        IOException boom = new IOException("item 3");
        IOException e = assertThrows(IOException.class, () -> Workers.forEach(List.of(1, 2, 3, 4, 5), 2, "test", i -> {
            if (i == 3) throw boom;
            if (i == 5) throw new IOException("item 5");
        }));
        assertSame(boom, e);
        assertThrows(IllegalArgumentException.class, () -> Workers.pool("x", 0));
    }
}
