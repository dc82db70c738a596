package org.biaslab.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EndpointPoolTest {
    private final Endpoint a = Endpoint.of("http://a.test:1", 1);
    private final Endpoint b = Endpoint.of("http://b.test:1", 2);
    private final Endpoint c = Endpoint.of("http://c.test:1", 4);

    @Test
    void handsOutTheLowestShareOfBusySlots() throws Exception {
        EndpointPool pool = new EndpointPool(List.of(a, b, c));
        // all idle: the first listed wins the tie
        assertEquals(a, pool.acquire(null).endpoint());
        // a 1/1, b 0/2, c 0/4: b and c tie at 0, b is earlier
        assertEquals(b, pool.acquire(null).endpoint());
        // a full, b 1/2 = 0.5, c 0/4 = 0
        assertEquals(c, pool.acquire(null).endpoint());
        // b 1/2 = 0.5, c 1/4 = 0.25
        assertEquals(c, pool.acquire(null).endpoint());
        // b 0.5, c 2/4 = 0.5: tie, b first; asking to avoid b gives c
        assertEquals(c, pool.acquire(b).endpoint());
        assertEquals(b, pool.acquire(null).endpoint());
        assertEquals(c, pool.acquire(null).endpoint());
        assertEquals(1, pool.inFlight(a));
        assertEquals(2, pool.inFlight(b));
        assertEquals(4, pool.inFlight(c));
    }

    @Test
    void blocksWhenEverySlotIsTakenAndWakesOnRelease() throws Exception {
        EndpointPool pool = new EndpointPool(List.of(a, b));
        EndpointPool.Lease la = pool.acquire(null);
        pool.acquire(null);
        pool.acquire(null);
        CompletableFuture<Endpoint> waiting = CompletableFuture.supplyAsync(() -> {
            try (EndpointPool.Lease l = pool.acquire(null)) {
                return l.endpoint();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(!waiting.isDone(), "no slot is free");
        la.close();
        la.close(); // releasing twice frees one slot only
        assertEquals(a, waiting.get(30, TimeUnit.SECONDS));
        assertEquals(0, pool.inFlight(a));
        assertEquals(2, pool.inFlight(b));
    }

    @Test
    void rejectsDuplicateAndEmptyEndpointLists() {
        assertThrows(IllegalArgumentException.class, () -> new EndpointPool(List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EndpointPool(List.of(a, Endpoint.of("http://a.test:1/", 3))));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
    }

    @Test
    void endpointsRefuseCredentialsAndQueriesWithoutEchoingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Endpoint.of("http://user:pa55word@host.test:7860", 1));
        assertTrue(!e.getMessage().contains("pa55word"), e.getMessage());
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class,
                () -> Endpoint.of("https://api.test/?key=sk-123456789", 1));
        assertTrue(!q.getMessage().contains("sk-123456789"), q.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Endpoint.of("ftp://host.test", 1));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.of("http://host.test", 0));
        assertEquals("http://host.test:7860/base", Endpoint.of("http://host.test:7860/base//", 1).toString());
        assertEquals("http://host.test:7860/base/sdapi/v1/txt2img",
                Endpoint.of("http://host.test:7860/base/", 1).resolve("/sdapi/v1/txt2img").toString());
    }
}
