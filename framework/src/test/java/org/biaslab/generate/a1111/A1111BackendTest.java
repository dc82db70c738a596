package org.biaslab.generate.a1111;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.biaslab.generate.BlankImageException;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationException.Kind;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.generate.PooledGenerator;
import org.biaslab.generate.RecordingSleeper;
import org.biaslab.generate.RetryPolicy;
import org.biaslab.generate.Secret;
import org.biaslab.generate.a1111.FakeA1111.Reply;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class A1111BackendTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private LoopbackServer server;
    private FakeA1111 fake;
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (fake != null) {
            assertEquals(List.of(), fake.schemaProblems(), "every txt2img body must match the API schema");
        }
    }

    private PooledGenerator start(int attempts, Duration timeout, Reply... replies) throws Exception {
        fake = new FakeA1111(replies);
        server = new LoopbackServer(fake);
        fake.server = server;
        RetryPolicy policy = new RetryPolicy(attempts, Duration.ofMillis(500), Duration.ofSeconds(8), timeout,
                Duration.ofSeconds(60), 99L);
        return new PooledGenerator(new A1111Backend(null), List.of(server.endpoint(1)), policy, sleeper,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private PooledGenerator start(Reply... replies) throws Exception {
        return start(4, Duration.ofSeconds(30), replies);
    }

    private static GenerationRequest request() {
        return GenerationRequest.of("nurse/t00", "a photo of a nurse", 3_141_592_653L, 2, 64, 48)
                .withNegativePrompt("blurry").withSampling(25, 6.5, "DPM++ 2M");
    }

    private List<LoopbackServer.Received> txt2img() {
        return server.received("/sdapi/v1/txt2img");
    }

    @Test
    void sendsTheTxt2imgSchemaAndRecordsSeedModelAndInfo() throws Exception {
        try (PooledGenerator g = start()) {
            GeneratedImage img = g.generate(request());
            GeneratedImage again = g.generate(request().withExtra(Map.of("scheduler", "Karras",
                    "override_settings", Map.of("CLIP_stop_at_last_layers", 2))));

            assertEquals(List.of(), fake.schemaProblems());
            JsonNode body = Json.mapper().readTree(txt2img().get(0).body());
            assertEquals("a photo of a nurse", body.get("prompt").asText());
            assertEquals("blurry", body.get("negative_prompt").asText());
            assertEquals(3_141_592_653L, body.get("seed").asLong());
            assertEquals(64, body.get("width").asInt());
            assertEquals(48, body.get("height").asInt());
            assertEquals(25, body.get("steps").asInt());
            assertEquals(6.5, body.get("cfg_scale").asDouble());
            assertEquals("DPM++ 2M", body.get("sampler_name").asText());
            assertEquals(1, body.get("batch_size").asInt());
            assertEquals(1, body.get("n_iter").asInt());
            JsonNode body2 = Json.mapper().readTree(txt2img().get(1).body());
            assertEquals("Karras", body2.get("scheduler").asText());
            assertEquals(2, body2.get("override_settings").get("CLIP_stop_at_last_layers").asInt());

            assertEquals(3_141_592_653L, img.seed().getAsLong());
            assertTrue(img.seedHonoured());
            assertEquals(FakeA1111.MODEL + " [" + FakeA1111.HASH + "]", img.model());
            assertEquals("a1111", img.generatorId());
            assertEquals(server.url(), img.endpoint());
            assertEquals(64, img.width());
            assertEquals(48, img.height());
            assertEquals(1, img.attempts());
            JsonNode info = Json.mapper().readTree(img.serverInfo());
            assertEquals(FakeA1111.CHECKPOINT, info.get("options_sd_model_checkpoint").asText());
            assertEquals(3_141_592_653L, info.get("info").get("seed").asLong());
            assertEquals(Hashing.sha256(img.bytes()), img.sha256());
            assertEquals(img.bytes().length, again.bytes().length);
            // the options are read once per endpoint, not once per image
            assertEquals(1, server.received("/sdapi/v1/options").size());
        }
    }

    @Test
    void retriesServerErrorsWithSeededJitteredBackoff() throws Exception {
        try (PooledGenerator g = start(Reply.ERROR_500, Reply.ERROR_500)) {
            GeneratedImage img = g.generate(request());
            assertEquals(3, img.attempts());
            assertEquals(3, txt2img().size());
            RetryPolicy p = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30),
                    Duration.ofSeconds(60), 99L);
            assertEquals(List.of(p.backoff(1, request()), p.backoff(2, request())), sleeper.waits());
            Duration first = sleeper.waits().get(0);
            Duration second = sleeper.waits().get(1);
            assertTrue(first.compareTo(Duration.ofMillis(250)) >= 0 && first.compareTo(Duration.ofMillis(500)) < 0,
                    first.toString());
            assertTrue(second.compareTo(Duration.ofMillis(500)) >= 0 && second.compareTo(Duration.ofMillis(1000)) < 0,
                    second.toString());
        }
    }

    @Test
    void givesUpAfterTheAttemptCapWithTheLastFault() throws Exception {
        try (PooledGenerator g = start(3, Duration.ofSeconds(30), Reply.ERROR_500, Reply.ERROR_500, Reply.ERROR_500,
                Reply.OK)) {
            GenerationException e = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertEquals(3, txt2img().size());
            assertEquals(3, e.attempts());
            assertEquals(500, e.httpStatus().getAsInt());
            assertTrue(e.retryable());
            assertTrue(e.getMessage().startsWith("gave up after 3 attempts: a1111 POST " + server.url()
                    + "/sdapi/v1/txt2img: HTTP 500"), e.getMessage());
            assertTrue(e.getMessage().contains("RuntimeError: CUDA out of memory"), e.getMessage());
            assertEquals(2, sleeper.waits().size());
        }
    }

    @Test
    void honoursRetryAfterInSeconds() throws Exception {
        try (PooledGenerator g = start(Reply.RATE_LIMITED)) {
            fake.retryAfter = "3";
            GeneratedImage img = g.generate(request());
            assertEquals(2, img.attempts());
            assertEquals(List.of(Duration.ofSeconds(3)), sleeper.waits());
        }
    }

    @Test
    void honoursRetryAfterAsHttpDate() throws Exception {
        try (PooledGenerator g = start(Reply.UNAVAILABLE_503)) {
            fake.retryAfter = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW.plusSeconds(7),
                    ZoneOffset.UTC));
            g.generate(request());
            assertEquals(List.of(Duration.ofSeconds(7)), sleeper.waits());
        }
    }

    @Test
    void retryAfterBeyondTheLimitFailsInsteadOfStalling() throws Exception {
        try (PooledGenerator g = start(Reply.RATE_LIMITED)) {
            fake.retryAfter = "3600";
            GenerationException e = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertEquals(Kind.RATE_LIMITED, e.kind());
            assertEquals(429, e.httpStatus().getAsInt());
            assertEquals(Duration.ofHours(1), e.retryAfter().orElseThrow());
            assertTrue(e.getMessage().contains("asked to wait 3600 s"), e.getMessage());
            assertEquals(1, txt2img().size());
            assertEquals(List.of(), sleeper.waits());
        }
    }

    @Test
    void badRequestAndUnauthorizedFailFast() throws Exception {
        try (PooledGenerator g = start(Reply.BAD_REQUEST_400, Reply.UNAUTHORIZED_401)) {
            GenerationException e400 = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertEquals(400, e400.httpStatus().getAsInt());
            assertFalse(e400.retryable());
            assertEquals(1, e400.attempts());
            assertTrue(e400.getMessage().contains("Sampler not found: Euler q"), e400.getMessage());
            GenerationException e401 = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertEquals(401, e401.httpStatus().getAsInt());
            assertFalse(e401.retryable());
            assertEquals(2, txt2img().size());
            assertEquals(List.of(), sleeper.waits());
        }
    }

    @Test
    void timesOutAHangingServerAndRetriesUpToTheCap() throws Exception {
        try (PooledGenerator g = start(2, Duration.ofMillis(300), Reply.HANG, Reply.HANG)) {
            GenerationException e = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertEquals(Kind.TIMEOUT, e.kind());
            assertTrue(e.retryable());
            assertEquals(2, e.attempts());
            assertEquals(2, txt2img().size());
            assertTrue(e.getMessage().contains("within 300 ms"), e.getMessage());
        }
    }

    @Test
    void aConnectionDroppedMidBodyIsRetried() throws Exception {
        try (PooledGenerator g = start(Reply.DROP)) {
            GeneratedImage img = g.generate(request());
            assertEquals(2, img.attempts());
            assertEquals(1, sleeper.waits().size());
        }
        try (PooledGenerator g = start(1, Duration.ofSeconds(30), Reply.DROP)) {
            GenerationException e = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertEquals(Kind.CONNECTION, e.kind());
            assertTrue(e.retryable());
        }
    }

    @Test
    void truncatedJsonInvalidBase64AndNonImagesAreMalformed() throws Exception {
        for (Reply r : List.of(Reply.TRUNCATED_JSON, Reply.BAD_BASE64, Reply.NOT_AN_IMAGE)) {
            try (PooledGenerator g = start(2, Duration.ofSeconds(30), r, r)) {
                GenerationException e = assertThrows(GenerationException.class, () -> g.generate(request()), r.name());
                assertEquals(Kind.MALFORMED_RESPONSE, e.kind(), r.name());
                assertEquals(2, e.attempts(), r.name());
                assertEquals(2, txt2img().size(), r.name());
                String expected = switch (r) {
                    case TRUNCATED_JSON -> "not valid JSON";
                    case BAD_BASE64 -> "not valid base64";
                    default -> "not a PNG or JPEG";
                };
                assertTrue(e.getMessage().contains(expected), e.getMessage());
            } finally {
                server.close();
            }
        }
    }

    @Test
    void anNsfwBlackImageIsADistinctNonRetriedOutcome() throws Exception {
        try (PooledGenerator g = start(Reply.NSFW_BLACK)) {
            BlankImageException e = assertThrows(BlankImageException.class, () -> g.generate(request()));
            assertEquals(Kind.BLANK_IMAGE, e.kind());
            assertFalse(e.retryable());
            assertEquals(1, txt2img().size());
            assertEquals(64, e.image().width());
            assertEquals(3_141_592_653L, e.image().seed().getAsLong());
            assertTrue(e.getMessage().contains("#000000"), e.getMessage());
        }
    }

    @Test
    void aSeedOrSizeTheServerDidNotHonourIsAMismatch() throws Exception {
        try (PooledGenerator g = start(Reply.WRONG_SEED, Reply.NO_SEED, Reply.WRONG_SIZE)) {
            GenerationException seed = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertEquals(Kind.MISMATCH, seed.kind());
            assertTrue(seed.getMessage().contains("requested seed 3141592653 but the server used 3141592654"),
                    seed.getMessage());
            GenerationException none = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertTrue(none.getMessage().contains("reports no seed"), none.getMessage());
            GenerationException size = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertTrue(size.getMessage().contains("requested 64x48 but the image is 32x48"), size.getMessage());
            assertEquals(3, txt2img().size());
        }
    }

    @Test
    void extrasMayNotOverrideRequestFields() throws Exception {
        try (PooledGenerator g = start()) {
            GenerationException e = assertThrows(GenerationException.class,
                    () -> g.generate(request().withExtra(Map.of("seed", -1))));
            assertEquals(Kind.UNSUPPORTED, e.kind());
            assertEquals(0, txt2img().size());
        }
    }

    @Test
    void basicAuthIsSentButNeverShown() throws Exception {
        String credentials = "auditor:hunter2-very-secret";
        fake = new FakeA1111(Reply.OK, Reply.UNAUTHORIZED_401);
        server = new LoopbackServer(fake);
        fake.server = server;
        Secret secret = Secret.fromEnvironment("A1111_AUTH", Map.of("A1111_AUTH", credentials)::get);
        String encoded = java.util.Base64.getEncoder().encodeToString(credentials.getBytes());
        fake.unauthorizedEcho = " for " + credentials + " (header Basic " + encoded + ")";
        try (PooledGenerator g = new PooledGenerator(new A1111Backend(secret), List.of(server.endpoint(1)),
                RetryPolicy.defaults(1), sleeper, Clock.systemUTC())) {
            g.generate(request());
            assertEquals("Basic " + encoded, txt2img().get(0).header("Authorization"));
            assertEquals("Basic " + encoded, server.received("/sdapi/v1/options").get(0).header("Authorization"));
            GenerationException e = assertThrows(GenerationException.class, () -> g.generate(request()));
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            for (String shown : List.of(trace.toString(), g.toString(), g.describe().toString(), secret.toString())) {
                assertFalse(shown.contains("hunter2"), shown);
                assertFalse(shown.contains(encoded), shown);
            }
            assertTrue(e.getMessage().contains("Incorrect username or password for ***"), e.getMessage());
        }
    }

    @Test
    void aRefusedConnectionIsRetryable() throws Exception {
        fake = new FakeA1111();
        server = new LoopbackServer(fake);
        String url = server.url();
        server.close();
        try (PooledGenerator g = new PooledGenerator(new A1111Backend(null),
                List.of(org.biaslab.generate.Endpoint.of(url, 1)), new RetryPolicy(2, Duration.ofMillis(1),
                        Duration.ofMillis(1), Duration.ofSeconds(5), Duration.ZERO, 1), sleeper, Clock.systemUTC())) {
            GenerationException e = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertInstanceOf(GenerationException.class, e);
            assertEquals(Kind.CONNECTION, e.kind());
            assertEquals(2, e.attempts());
            assertTrue(e.getMessage().contains(url), e.getMessage());
        }
    }
}
