package org.biaslab.generate.a1111;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.generate.PooledGenerator;
import org.biaslab.generate.RecordingSleeper;
import org.biaslab.generate.RetryPolicy;
import org.biaslab.generate.a1111.FakeA1111.Reply;
import org.junit.jupiter.api.Test;

/** Several A1111 servers behind one generator: the per-endpoint bound holds and every slot gets used. */
class A1111PoolTest {

    /** Counts txt2img requests in flight and holds them until every slot of every server is busy. */
    private static final class Gate implements LoopbackServer.Handler {
        final FakeA1111 fake;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger global;
        final AtomicInteger globalPeak;
        final CountDownLatch open;
        final int allSlots;
        final List<String> problems;

        Gate(FakeA1111 fake, AtomicInteger global, AtomicInteger globalPeak, CountDownLatch open, int allSlots,
                List<String> problems) {
            this.fake = fake;
            this.global = global;
            this.globalPeak = globalPeak;
            this.open = open;
            this.allSlots = allSlots;
            this.problems = problems;
        }

        @Override
        public void handle(HttpExchange ex, LoopbackServer.Received req, int n) throws Exception {
            if (!req.path().equals("/sdapi/v1/txt2img")) {
                fake.handle(ex, req, n);
                return;
            }
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            int g = global.incrementAndGet();
            globalPeak.accumulateAndGet(g, Math::max);
            try {
                if (g == allSlots) {
                    open.countDown();
                }
                if (!open.await(60, TimeUnit.SECONDS)) {
                    synchronized (problems) {
                        problems.add("the slots never all filled (global in flight " + global.get() + ")");
                    }
                }
                fake.handle(ex, req, n);
            } finally {
                global.decrementAndGet();
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void eachEndpointRunsExactlyUpToItsBoundAndRetriesUseTheOthers() throws Exception {
        int[] bounds = {1, 2, 3};
        int allSlots = 6;
        AtomicInteger global = new AtomicInteger();
        AtomicInteger globalPeak = new AtomicInteger();
        CountDownLatch open = new CountDownLatch(1);
        List<String> problems = new ArrayList<>();
        List<Gate> gates = new ArrayList<>();
        List<LoopbackServer> servers = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        RecordingSleeper sleeper = new RecordingSleeper();
        try {
            for (int i = 0; i < bounds.length; i++) {
                // the first server fails its first two requests with 500: those are retried elsewhere or later
                FakeA1111 fake = i == 0 ? new FakeA1111(Reply.ERROR_500, Reply.ERROR_500) : new FakeA1111();
                Gate gate = new Gate(fake, global, globalPeak, open, allSlots, problems);
                LoopbackServer s = new LoopbackServer(gate);
                fake.server = s;
                gates.add(gate);
                servers.add(s);
                endpoints.add(s.endpoint(bounds[i]));
            }
            int requests = 40;
            ExecutorService callers = Executors.newFixedThreadPool(12);
            try (PooledGenerator g = new PooledGenerator(new A1111Backend(null), endpoints,
                    new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(120),
                            Duration.ofSeconds(1), 7L), sleeper, Clock.systemUTC())) {
                List<Future<GeneratedImage>> results = new ArrayList<>();
                for (int k = 0; k < requests; k++) {
                    GenerationRequest r = GenerationRequest.of("p" + (k % 5), "a photo of a worker " + (k % 5),
                            1000 + k, k / 5, 32, 32);
                    results.add(callers.submit(() -> g.generate(r)));
                }
                Set<String> used = new HashSet<>();
                for (Future<GeneratedImage> f : results) {
                    used.add(f.get(120, TimeUnit.SECONDS).endpoint());
                }
                assertEquals(3, used.size(), "every endpoint served images: " + used);
                for (Endpoint e : endpoints) {
                    assertEquals(0, g.pool().inFlight(e), "slots are all released");
                }
            } finally {
                callers.shutdownNow();
            }
            assertEquals(List.of(), problems);
            for (int i = 0; i < bounds.length; i++) {
                assertEquals(bounds[i], gates.get(i).peak.get(), "peak in flight at endpoint " + i);
                assertEquals(List.of(), gates.get(i).fake.schemaProblems());
            }
            assertEquals(allSlots, globalPeak.get());
            int txt2img = servers.stream().mapToInt(s -> s.received("/sdapi/v1/txt2img").size()).sum();
            assertEquals(requests + 2, txt2img, "40 images plus the two failed attempts");
            assertEquals(2, sleeper.waits().size());
            assertTrue(servers.get(0).received("/sdapi/v1/txt2img").size() >= 3);
        } finally {
            servers.forEach(LoopbackServer::close);
        }
    }
}
